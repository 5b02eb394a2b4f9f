import {
  assertLabelNames,
  assertMetricName,
  escapeHelp,
  formatValue,
  type LabelValue,
  labelPairs,
  withBraces,
} from './prometheus.format';

type MetricType = 'counter' | 'gauge' | 'histogram';
type SeriesIndex = Map<LabelValue, unknown>;

/** Label combinations beyond this are not recorded (and are counted), so a bug cannot exhaust memory. */
export const DEFAULT_MAX_SERIES = 2000;

/**
 * One metric family. Series are found through nested maps keyed by the label values, so recording
 * an existing combination allocates nothing but the caller's small values array. Pass a label
 * value consistently as a number or as a string: 200 and '200' are different keys.
 */
abstract class MetricFamily<S extends { readonly pairs: string }> {
  private readonly index: SeriesIndex = new Map();
  protected readonly series: S[] = [];

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: MetricType,
    protected readonly labelNames: readonly string[],
    private readonly maxSeries: number,
    private readonly onDrop: (metric: string) => void,
  ) {
    assertMetricName(name);
    assertLabelNames(labelNames, type === 'histogram' ? ['le'] : []);
  }

  protected abstract create(pairs: string): S;
  protected abstract renderSeries(series: S, out: string[]): void;

  protected lookup(values: readonly LabelValue[]): S | undefined {
    const last = this.labelNames.length - 1;
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.name} takes labels [${this.labelNames.join(', ')}], got ${values.length} values`);
    }
    let node = this.index;
    for (let i = 0; i < last; i += 1) {
      let next = node.get(values[i]) as SeriesIndex | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i], next);
      }
      node = next;
    }
    const key = last < 0 ? '' : values[last];
    let found = node.get(key) as S | undefined;
    if (found === undefined) {
      if (this.series.length >= this.maxSeries) {
        this.onDrop(this.name);
        return undefined;
      }
      found = this.create(labelPairs(this.labelNames, values));
      node.set(key, found);
      this.series.push(found);
    }
    return found;
  }

  render(out: string[]): void {
    // An unlabelled metric is shown from the start (as 0), a labelled one once a series exists.
    if (this.labelNames.length === 0) this.lookup([]);
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    for (const series of this.series) this.renderSeries(series, out);
  }
}

class ValueSeries {
  value = 0;
  constructor(readonly pairs: string) {}
}

export class Counter extends MetricFamily<ValueSeries> {
  /** Negative, NaN or infinite increments are ignored: a counter only goes up. */
  inc(values: readonly LabelValue[] = [], by = 1): void {
    if (!(by >= 0 && by < Infinity)) return;
    const series = this.lookup(values);
    if (series) series.value += by;
  }

  protected create(pairs: string): ValueSeries {
    return new ValueSeries(pairs);
  }

  protected renderSeries(series: ValueSeries, out: string[]): void {
    out.push(`${this.name}${withBraces(series.pairs)} ${formatValue(series.value)}`);
  }
}

export class Gauge extends Counter {
  set(values: readonly LabelValue[], value: number): void {
    const series = this.lookup(values);
    if (series) series.value = value;
  }
}

class HistogramSeries {
  sum = 0;
  count = 0;
  /** Per-bucket (not cumulative) counts; the last slot is +Inf. */
  readonly counts: Float64Array;
  constructor(
    readonly pairs: string,
    buckets: number,
  ) {
    this.counts = new Float64Array(buckets + 1);
  }
}

export class Histogram extends MetricFamily<HistogramSeries> {
  private readonly bucketLabels: readonly string[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly buckets: readonly number[],
    maxSeries: number,
    onDrop: (metric: string) => void,
  ) {
    super(name, help, 'histogram', labelNames, maxSeries, onDrop);
    const ordered = buckets.every((b, i) => Number.isFinite(b) && (i === 0 || b > buckets[i - 1]));
    if (buckets.length === 0 || !ordered) throw new Error(`${name}: buckets must be finite and increasing`);
    this.bucketLabels = [...buckets.map(formatValue), '+Inf'];
  }

  observe(values: readonly LabelValue[], value: number): void {
    if (Number.isNaN(value)) return;
    const series = this.lookup(values);
    if (!series) return;
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]) i += 1;
    series.counts[i] += 1;
    series.sum += value;
    series.count += 1;
  }

  protected create(pairs: string): HistogramSeries {
    return new HistogramSeries(pairs, this.buckets.length);
  }

  protected renderSeries(series: HistogramSeries, out: string[]): void {
    const prefix = series.pairs === '' ? '' : `${series.pairs},`;
    let cumulative = 0;
    for (let i = 0; i < series.counts.length; i += 1) {
      cumulative += series.counts[i];
      out.push(`${this.name}_bucket{${prefix}le="${this.bucketLabels[i]}"} ${formatValue(cumulative)}`);
    }
    out.push(`${this.name}_sum${withBraces(series.pairs)} ${formatValue(series.sum)}`);
    out.push(`${this.name}_count${withBraces(series.pairs)} ${formatValue(series.count)}`);
  }
}

/** A tiny in-process Prometheus registry: counters, gauges, histograms, text format 0.0.4. */
export class MetricsRegistry {
  private readonly families: MetricFamily<{ pairs: string }>[] = [];
  private readonly collectors: (() => void)[] = [];
  private readonly dropped: Counter;
  private readonly onDrop = (metric: string): void => this.dropped.inc([metric]);

  constructor(private readonly maxSeries = DEFAULT_MAX_SERIES) {
    const help = 'Observations not recorded because their metric reached its label-combination limit.';
    // Its own drops are ignored: it has one series per family, far below the limit.
    this.dropped = this.add(
      new Counter('metrics_series_dropped_total', help, 'counter', ['metric'], maxSeries, () => {}),
    );
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, 'counter', labelNames, this.maxSeries, this.onDrop));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, 'gauge', labelNames, this.maxSeries, this.onDrop));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets, this.maxSeries, this.onDrop));
  }

  /** Runs before each render, to refresh gauges read from the process (memory, event loop). */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  render(): string {
    for (const collect of this.collectors) collect();
    const out: string[] = [];
    for (const family of this.families) family.render(out);
    return out.join('\n') + '\n';
  }

  private add<F extends MetricFamily<{ pairs: string }>>(family: F): F {
    if (this.families.some((f) => f.name === family.name)) throw new Error(`metric "${family.name}" registered twice`);
    this.families.push(family);
    return family;
  }
}
