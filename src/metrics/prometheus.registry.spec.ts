import { escapeHelp, escapeLabelValue, formatValue } from './prometheus.format';
import { MetricsRegistry } from './prometheus.registry';

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('Prometheus text format 0.0.4', () => {
  it.each([
    ['plain', 'plain'],
    ['back\\slash', 'back\\\\slash'],
    ['say "hi"', 'say \\"hi\\"'],
    ['two\nlines', 'two\\nlines'],
    ['\\"\n', '\\\\\\"\\n'],
  ])('escapes the label value %j', (raw, escaped) => {
    expect(escapeLabelValue(raw)).toBe(escaped);
  });

  it('escapes backslash and line feed in HELP but leaves quotes alone', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it.each([
    [1, '1'],
    [0.25, '0.25'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('formats %p as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it('renders HELP, TYPE and one line per label combination, escaping values', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('demo_total', 'Demo\ncounter.', ['code', 'route']);
    counter.inc(['A', '/x/:id']);
    counter.inc(['A', '/x/:id'], 2);
    counter.inc(['B"\\', 'line\nfeed']);
    const text = registry.render();
    expect(text.endsWith('\n')).toBe(true);
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        '# HELP demo_total Demo\\ncounter.',
        '# TYPE demo_total counter',
        'demo_total{code="A",route="/x/:id"} 3',
        'demo_total{code="B\\"\\\\",route="line\\nfeed"} 1',
      ]),
    );
  });

  it('shows an unlabelled counter as 0 before its first increment, without braces', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('things_total', 'Things.');
    expect(lines(registry.render())).toContain('things_total 0');
    counter.inc();
    expect(lines(registry.render())).toContain('things_total 1');
  });

  it('ignores negative, NaN and infinite counter increments', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('c_total', 'C.');
    for (const by of [-1, NaN, Infinity]) counter.inc([], by);
    counter.inc([], 0.5);
    expect(lines(registry.render())).toContain('c_total 0.5');
  });

  it('renders histogram buckets cumulatively with le labels, +Inf equal to _count, and _sum', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('latency_seconds', 'Latency.', ['route'], [0.125, 0.5, 1]);
    // Binary fractions, so the expected _sum is exact.
    for (const value of [0.0625, 0.125, 0.25, 0.75, 2, 5]) histogram.observe(['/a'], value);
    expect(lines(registry.render())).toEqual(
      expect.arrayContaining([
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{route="/a",le="0.125"} 2',
        'latency_seconds_bucket{route="/a",le="0.5"} 3',
        'latency_seconds_bucket{route="/a",le="1"} 4',
        'latency_seconds_bucket{route="/a",le="+Inf"} 6',
        'latency_seconds_sum{route="/a"} 8.1875',
        'latency_seconds_count{route="/a"} 6',
      ]),
    );
  });

  it('renders an unlabelled histogram with only the le label', () => {
    const registry = new MetricsRegistry();
    registry.histogram('run_seconds', 'Runs.', [], [1]).observe([], 3);
    expect(lines(registry.render())).toEqual(
      expect.arrayContaining([
        'run_seconds_bucket{le="1"} 0',
        'run_seconds_bucket{le="+Inf"} 1',
        'run_seconds_sum 3',
        'run_seconds_count 1',
      ]),
    );
  });

  it('keeps a number and a string label value as given, once per combination', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('req_seconds', 'Requests.', ['method', 'status'], [1]);
    histogram.observe(['GET', 200], 0.5);
    histogram.observe(['GET', 200], 0.5);
    histogram.observe(['GET', 404], 0.5);
    const counts = lines(registry.render()).filter((line) => line.startsWith('req_seconds_count'));
    expect(counts).toEqual([
      'req_seconds_count{method="GET",status="200"} 2',
      'req_seconds_count{method="GET",status="404"} 1',
    ]);
  });

  it('stops adding series at the limit and counts what it dropped', () => {
    const registry = new MetricsRegistry(2);
    const counter = registry.counter('limited_total', 'Limited.', ['id']);
    for (const id of ['a', 'b', 'c', 'd']) counter.inc([id]);
    const text = lines(registry.render());
    expect(text.filter((line) => line.startsWith('limited_total{'))).toHaveLength(2);
    expect(text).toContain('metrics_series_dropped_total{metric="limited_total"} 2');
  });

  it.each([
    ['a metric name with a dash', (r: MetricsRegistry) => r.counter('bad-name', 'x')],
    ['a label name starting with __', (r: MetricsRegistry) => r.counter('ok_total', 'x', ['__reserved'])],
    ['a histogram label named le', (r: MetricsRegistry) => r.histogram('h', 'x', ['le'], [1])],
    ['duplicate label names', (r: MetricsRegistry) => r.counter('d_total', 'x', ['a', 'a'])],
    ['unordered buckets', (r: MetricsRegistry) => r.histogram('h2', 'x', [], [1, 0.5])],
    ['no buckets', (r: MetricsRegistry) => r.histogram('h3', 'x', [], [])],
    ['the same name twice', (r: MetricsRegistry) => [r.counter('twice', 'x'), r.counter('twice', 'x')]],
  ])('rejects %s at registration', (_name, register) => {
    expect(() => register(new MetricsRegistry())).toThrow();
  });

  it('rejects a wrong number of label values', () => {
    const counter = new MetricsRegistry().counter('n_total', 'x', ['a', 'b']);
    expect(() => counter.inc(['only-one'])).toThrow(/takes labels/);
  });

  it('runs collectors before rendering, so gauges are fresh', () => {
    const registry = new MetricsRegistry();
    const gauge = registry.gauge('temperature', 'Now.');
    let reading = 1;
    registry.onCollect(() => gauge.set([], reading));
    expect(lines(registry.render())).toContain('temperature 1');
    reading = -2.5;
    expect(lines(registry.render())).toContain('temperature -2.5');
  });
});
