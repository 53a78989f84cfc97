// Prometheus text exposition format 0.0.4 (SPEC-049 §4.2): per metric a `# HELP` and a `# TYPE` line, then its
// samples; histograms as cumulative `_bucket{le="…"}` samples ending with `+Inf`, then `_sum` and `_count`.
// Label values escape backslash, double quote and newline; HELP text escapes backslash and newline.

import type { MetricSnapshot, SeriesSnapshot } from './metrics-registry.ts';

/** The Content-Type of GET /metrics (REQ-049-001). */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface ExpositionOptions {
  /** Leave out the `# TYPE` line of histograms (a fault switch only). */
  untypedHistograms?: boolean;
  /** Write each bucket's own count instead of the cumulative count (a fault switch only). */
  bucketsNotCumulative?: boolean;
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus reads it: integers plainly, `+Inf`, `-Inf`, `NaN`, others in shortest round-trip form. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  // String() gives the shortest text that reads back as the same binary64, which Go's ParseFloat accepts.
  return String(value);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`);
  if (extra !== undefined) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function histogramLines(metric: MetricSnapshot, series: SeriesSnapshot, options: ExpositionOptions): string[] {
  const bounds = [...(metric.bounds ?? []), Infinity];
  const cumulative = series.buckets ?? [];
  const lines = bounds.map((bound, i) => {
    const count = cumulative[i] ?? 0;
    const own = options.bucketsNotCumulative === true ? count - (i > 0 ? (cumulative[i - 1] ?? 0) : 0) : count;
    return `${metric.name}_bucket${labelText(metric.labelNames, series.labels, ['le', formatValue(bound)])} ${formatValue(own)}`;
  });
  const labels = labelText(metric.labelNames, series.labels);
  lines.push(`${metric.name}_sum${labels} ${formatValue(series.value)}`);
  lines.push(`${metric.name}_count${labels} ${formatValue(series.count ?? 0)}`);
  return lines;
}

/** The whole exposition: metrics in the order given (the registry sorts them), every line ending in `\n`. */
export function renderExposition(metrics: readonly MetricSnapshot[], options: ExpositionOptions = {}): string {
  const lines: string[] = [];
  for (const metric of metrics) {
    lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`);
    if (!(metric.type === 'histogram' && options.untypedHistograms === true)) lines.push(`# TYPE ${metric.name} ${metric.type}`);
    for (const series of metric.series) {
      if (metric.type === 'histogram') lines.push(...histogramLines(metric, series, options));
      else lines.push(`${metric.name}${labelText(metric.labelNames, series.labels)} ${formatValue(series.value)}`);
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}
