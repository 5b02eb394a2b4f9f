/** Prometheus text exposition format 0.0.4: escaping and number rendering. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type LabelValue = string | number;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** HELP text: backslash and line feed are escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: LabelValue): string {
  return String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Go's ParseFloat spellings for the special values; plain JS formatting otherwise. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `a="x",b="y"` (no braces), so a histogram can append its `le` label. */
export function labelPairs(names: readonly string[], values: readonly LabelValue[]): string {
  let out = '';
  for (let i = 0; i < names.length; i += 1) {
    out += `${i === 0 ? '' : ','}${names[i]}="${escapeLabelValue(values[i])}"`;
  }
  return out;
}

export function withBraces(pairs: string): string {
  return pairs === '' ? '' : `{${pairs}}`;
}

export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name "${name}"`);
}

export function assertLabelNames(names: readonly string[], reserved: readonly string[] = []): void {
  for (const name of names) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || reserved.includes(name)) {
      throw new Error(`invalid label name "${name}"`);
    }
  }
  if (new Set(names).size !== names.length) throw new Error(`duplicate label names in [${names.join(', ')}]`);
}
