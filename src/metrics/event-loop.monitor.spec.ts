import { createHistogram } from 'node:perf_hooks';
import { EventLoopMonitor } from './event-loop.monitor';

const MS = 1e6; // perf_hooks histograms hold nanoseconds

describe('EventLoopMonitor', () => {
  it('reports p50, p99 and max in seconds, less the sampling period, and starts a new interval on each take()', () => {
    const histogram = createHistogram();
    const monitor = new EventLoopMonitor(histogram, 10);
    // Samples are whole gaps between 10 ms timer runs: 11 ms is 1 ms of delay.
    for (let i = 0; i < 98; i += 1) histogram.record(11 * MS);
    histogram.record(70 * MS);
    histogram.record(90 * MS);

    const first = monitor.take();
    expect(first.samples).toBe(100);
    expect(first.p50Seconds).toBeCloseTo(0.001, 4);
    expect(first.p99Seconds).toBeCloseTo(0.06, 3);
    expect(first.maxSeconds).toBeCloseTo(0.08, 3);

    histogram.record(12 * MS);
    const second = monitor.take();
    expect(second.samples).toBe(1);
    expect(second.maxSeconds).toBeCloseTo(0.002, 4);
  });

  it('never reports a negative delay for a timer that ran early', () => {
    const histogram = createHistogram();
    histogram.record(9 * MS);
    expect(new EventLoopMonitor(histogram, 10).take()).toMatchObject({ p50Seconds: 0, p99Seconds: 0, maxSeconds: 0 });
  });

  it('reports zeros, never NaN, for an interval without samples', () => {
    const monitor = new EventLoopMonitor(createHistogram());
    expect(monitor.take()).toEqual({ p50Seconds: 0, p99Seconds: 0, maxSeconds: 0, samples: 0 });
  });
});
