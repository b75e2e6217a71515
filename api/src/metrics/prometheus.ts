// A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
// exposition format (version 0.0.4). Hand-written because we need a dozen series, not a library.

type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const keyOf = (labelNames: readonly string[], labels: Labels) => labelNames.map((n) => labels[n] ?? '').join('\u0000');

abstract class Metric<L extends string> {
  protected readonly series = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[] = [],
  ) {}

  protected entry(labels: Partial<Record<L, string>>) {
    const normal: Labels = {};
    for (const n of this.labelNames) normal[n] = labels[n] ?? '';
    const key = keyOf(this.labelNames, normal);
    let e = this.series.get(key);
    if (!e) {
      e = { labels: normal, value: 0 };
      this.series.set(key, e);
    }
    return e;
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${labelText(labels)} ${formatValue(value)}`);
    return lines.join('\n');
  }
}

export class Counter<L extends string = never> extends Metric<L> {
  readonly type = 'counter';
  inc(labels: Partial<Record<L, string>> = {}, by = 1): void {
    if (!(by >= 0)) return;
    this.entry(labels).value += by;
  }
  /** For counters kept elsewhere (the Kalshi client's): copies the current total. */
  set(labels: Partial<Record<L, string>>, total: number): void {
    this.entry(labels).value = total;
  }
}

export class Gauge<L extends string = never> extends Metric<L> {
  readonly type = 'gauge';
  set(labels: Partial<Record<L, string>>, value: number): void {
    this.entry(labels).value = value;
  }
}

export class Histogram<L extends string = never> {
  readonly type = 'histogram';
  readonly #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Partial<Record<L, string>>, value: number): void {
    const normal: Labels = {};
    for (const n of this.labelNames) normal[n] = labels[n] ?? '';
    const key = keyOf(this.labelNames, normal);
    let e = this.#series.get(key);
    if (!e) {
      e = { labels: normal, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, e);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) e.counts[i]! += 1;
    e.sum += value;
    e.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.#series.values()) {
      this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${labelText(labels, ['le', formatValue(le)])} ${counts[i]}`));
      lines.push(`${this.name}_bucket${labelText(labels, ['le', '+Inf'])} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${formatValue(sum)}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines.join('\n');
  }
}

export type AnyMetric = { render(): string };

/** The exposition text of `metrics`, in order, ending with a newline as the format requires. */
export function renderMetrics(metrics: readonly AnyMetric[]): string {
  return `${metrics.map((m) => m.render()).join('\n')}\n`;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
