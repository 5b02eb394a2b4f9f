import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopDelaySnapshot {
  p50Seconds: number;
  p99Seconds: number;
  maxSeconds: number;
  samples: number;
}

/** The part of a perf_hooks histogram we read; a RecordableHistogram stands in for it in tests. */
export type DelayHistogram = Pick<IntervalHistogram, 'percentile' | 'max' | 'count' | 'reset'>;

const NS_PER_SECOND = 1e9;
const NS_PER_MS = 1e6;
export const SAMPLE_INTERVAL_MS = 10;

/**
 * Event-loop delay sampled by a libuv timer every 10 ms (perf_hooks). take() returns p50/p99/max of
 * the samples since the previous take() and starts a new interval, the way prom-client does: each
 * scrape reports the interval since the previous scrape of this instance. A bench scrapes before
 * and after its load to get exactly the load period.
 */
export class EventLoopMonitor {
  private readonly histogram: DelayHistogram & { enable?(): boolean; disable?(): boolean };
  private readonly intervalNs: number;

  /** `intervalMs`: the timer period included in every sample (perf_hooks records the whole gap). */
  constructor(histogram?: DelayHistogram, intervalMs = SAMPLE_INTERVAL_MS) {
    this.histogram = histogram ?? monitorEventLoopDelay({ resolution: SAMPLE_INTERVAL_MS });
    this.intervalNs = intervalMs * NS_PER_MS;
  }

  start(): void {
    this.histogram.enable?.();
  }

  stop(): void {
    this.histogram.disable?.();
  }

  take(): EventLoopDelaySnapshot {
    const h = this.histogram;
    // A sample is the whole gap between two timer runs; the delay is what exceeds the period.
    const delay = (ns: number): number => (h.count === 0 ? 0 : Math.max(0, ns - this.intervalNs) / NS_PER_SECOND);
    const snapshot = {
      p50Seconds: delay(h.percentile(50)),
      p99Seconds: delay(h.percentile(99)),
      maxSeconds: delay(h.max),
      samples: h.count,
    };
    h.reset();
    return snapshot;
  }
}
