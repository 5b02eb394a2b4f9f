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

/**
 * Event-loop delay sampled by libuv every 10 ms (perf_hooks). take() returns p50/p99/max of the
 * samples since the previous take() and starts a new interval, the way prom-client does: each
 * scrape reports the interval since the previous scrape of this instance. A bench scrapes before
 * and after its load to get exactly the load period.
 */
export class EventLoopMonitor {
  private readonly histogram: DelayHistogram & { enable?(): boolean; disable?(): boolean };

  constructor(histogram?: DelayHistogram) {
    this.histogram = histogram ?? monitorEventLoopDelay({ resolution: 10 });
  }

  start(): void {
    this.histogram.enable?.();
  }

  stop(): void {
    this.histogram.disable?.();
  }

  take(): EventLoopDelaySnapshot {
    const h = this.histogram;
    // An empty perf_hooks histogram reports 0 for percentiles and max; keep that, never NaN.
    const snapshot = {
      p50Seconds: h.count === 0 ? 0 : h.percentile(50) / NS_PER_SECOND,
      p99Seconds: h.count === 0 ? 0 : h.percentile(99) / NS_PER_SECOND,
      maxSeconds: h.count === 0 ? 0 : h.max / NS_PER_SECOND,
      samples: h.count,
    };
    h.reset();
    return snapshot;
  }
}
