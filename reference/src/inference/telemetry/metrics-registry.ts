// The metrics a runtime keeps (SPEC-049 §4.1): counters, gauges and histograms with label sets and bucket bounds
// fixed when the metric is registered. A snapshot lists metrics sorted by name and each metric's series sorted by
// their label values, so two scrapes of the same state are byte-identical (REQ-049-001).

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Prometheus metric names (text format 0.0.4). */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Prometheus label names; names starting with `__` are reserved. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface SeriesSnapshot {
  /** Label values in the order of the metric's label names. */
  labels: readonly string[];
  /** Counter or gauge value; for a histogram, the sum of observations. */
  value: number;
  /** Histogram only: cumulative counts per bucket bound, +Inf last (equal to the observation count). */
  buckets?: readonly number[];
  /** Histogram only: number of observations. */
  count?: number;
}

export interface MetricSnapshot {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  /** Histogram only: the finite bucket upper bounds, ascending (+Inf is implied). */
  bounds?: readonly number[];
  series: readonly SeriesSnapshot[];
}

interface Series {
  labels: readonly string[];
  value: number;
  /** Histogram only: observations per bucket (not cumulative), one slot per bound plus +Inf. */
  perBucket?: number[];
  count?: number;
}

function compareLabels(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    // Code-point order, independent of locale.
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function hasOwnKey(record: object): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

abstract class Metric {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, Series>();
  private unlabelled: Series | null = null;

  constructor(name: string, help: string, labelNames: readonly string[]) {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
    for (const label of labelNames) {
      if (!LABEL_NAME.test(label) || label.startsWith('__') || label === 'le') throw new Error(`invalid label name ${JSON.stringify(label)} on ${name}`);
    }
    if (new Set(labelNames).size !== labelNames.length) throw new Error(`repeated label name on ${name}`);
    this.name = name;
    this.help = help;
    this.labelNames = [...labelNames];
  }

  abstract readonly type: MetricType;

  protected seriesOf(labels: Readonly<Record<string, string>>): Series {
    // The one series of an unlabelled metric, once it exists, is found without building its key (the per-token path).
    if (this.labelNames.length === 0 && this.unlabelled !== null) {
      if (hasOwnKey(labels)) throw new Error(`${this.name} takes no labels, got {${Object.keys(labels).join(',')}}`);
      return this.unlabelled;
    }
    const names = Object.keys(labels);
    if (names.length !== this.labelNames.length || names.some((n) => !this.labelNames.includes(n))) {
      throw new Error(`${this.name} takes labels {${this.labelNames.join(',')}}, got {${names.join(',')}}`);
    }
    const values = this.labelNames.map((n) => labels[n] ?? '');
    const key = JSON.stringify(values);
    let series = this.series.get(key);
    if (series === undefined) {
      series = this.newSeries(values);
      this.series.set(key, series);
      if (this.labelNames.length === 0) this.unlabelled = series;
    }
    return series;
  }

  protected newSeries(labels: readonly string[]): Series {
    return { labels, value: 0 };
  }

  /** Makes a series exist (at zero) before anything is recorded, so a scrape shows the whole label set. */
  declare(labels: Readonly<Record<string, string>> = {}): void {
    this.seriesOf(labels);
  }

  snapshot(): MetricSnapshot {
    const series = [...this.series.values()].sort((a, b) => compareLabels(a.labels, b.labels));
    return { name: this.name, help: this.help, type: this.type, labelNames: this.labelNames, series: series.map((s) => this.seriesSnapshot(s)) };
  }

  protected seriesSnapshot(series: Series): SeriesSnapshot {
    return { labels: series.labels, value: series.value };
  }
}

export class Counter extends Metric {
  readonly type = 'counter';

  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, labelNames);
    if (!name.endsWith('_total')) throw new Error(`counter ${name} must end in _total`);
  }

  inc(labels: Readonly<Record<string, string>> = {}, amount = 1): void {
    if (!(amount >= 0) || !Number.isFinite(amount)) throw new Error(`counter ${this.name} cannot move by ${amount}`);
    this.seriesOf(labels).value += amount;
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge';

  set(labels: Readonly<Record<string, string>>, value: number): void {
    this.seriesOf(labels).value = value;
  }
}

export class Histogram extends Metric {
  readonly type = 'histogram';
  readonly bounds: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]) {
    super(name, help, labelNames);
    if (bounds.length === 0 || bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] ?? b)))) {
      throw new Error(`histogram ${name} needs finite, strictly ascending bucket bounds`);
    }
    this.bounds = [...bounds];
  }

  protected override newSeries(labels: readonly string[]): Series {
    return { labels, value: 0, perBucket: new Array<number>(this.bounds.length + 1).fill(0), count: 0 };
  }

  observe(labels: Readonly<Record<string, string>>, value: number): void {
    if (Number.isNaN(value)) throw new Error(`histogram ${this.name} cannot observe NaN`);
    const series = this.seriesOf(labels);
    // An observation belongs to the first bucket whose upper bound it does not exceed (le is inclusive).
    let slot = 0;
    while (slot < this.bounds.length && !(value <= this.bounds[slot]!)) slot++;
    const perBucket = series.perBucket ?? [];
    perBucket[slot] = (perBucket[slot] ?? 0) + 1;
    series.count = (series.count ?? 0) + 1;
    series.value += value;
  }

  override snapshot(): MetricSnapshot {
    return { ...super.snapshot(), bounds: this.bounds };
  }

  protected override seriesSnapshot(series: Series): SeriesSnapshot {
    let running = 0;
    const buckets = (series.perBucket ?? []).map((n) => (running += n));
    return { labels: series.labels, value: series.value, buckets, count: series.count ?? 0 };
  }
}

/** Every metric of one runtime, by name. */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, bounds));
  }

  private add<M extends Metric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  /** Every metric, sorted by name (code-point order), each with its series sorted by label values. */
  snapshot(): MetricSnapshot[] {
    return [...this.metrics.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((m) => m.snapshot());
  }
}
