// Prometheus API results turned into what the chart and table draw.

export type Labels = Record<string, string>;
export interface MatrixSeries {
  metric: Labels;
  values: [number, string][];
}
export interface VectorSample {
  metric: Labels;
  value: [number, string];
}
export type QueryData =
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'string'; result: [number, string] };

/** `name{a="1", b="2"}` as Prometheus prints a series. */
export function seriesName(metric: Labels): string {
  const name = metric.__name__ ?? '';
  const rest = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${metric[k]}"`);
  if (rest.length === 0) return name || '{}';
  return `${name}{${rest.join(', ')}}`;
}

export function parseValue(v: string): number {
  // Prometheus writes the special floats as text.
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return parseFloat(v);
}

export interface Aligned {
  /** uPlot's layout: xs (seconds), then one y array per series with null for missing points. */
  data: (number | null)[][];
  names: string[];
  labels: Labels[];
}

/**
 * Puts every series on one shared, sorted time axis, as uPlot wants. Series with gaps get null
 * (drawn as a gap, never interpolated: a missing sample is information during an incident).
 */
export function alignMatrix(series: MatrixSeries[]): Aligned {
  const times = new Set<number>();
  for (const s of series) for (const [t] of s.values) times.add(t);
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((t, i) => index.set(t, i));
  const data: (number | null)[][] = [xs];
  for (const s of series) {
    const ys: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of s.values) {
      const n = parseValue(v);
      ys[index.get(t)!] = Number.isFinite(n) ? n : null;
    }
    data.push(ys);
  }
  return { data, names: series.map((s) => seriesName(s.metric)), labels: series.map((s) => s.metric) };
}

export interface TableData {
  columns: string[];
  rows: { labels: Labels; value: string; name: string }[];
}

/** An instant result as a table: one column per label seen, then the value. */
export function vectorTable(data: QueryData): TableData {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    return { columns: [], rows: [{ labels: {}, value: data.result[1], name: data.resultType }] };
  }
  const samples: VectorSample[] =
    data.resultType === 'vector'
      ? data.result
      : data.result.map((s) => ({ metric: s.metric, value: s.values[s.values.length - 1] ?? [0, 'NaN'] }));
  const cols = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.metric)) cols.add(k);
  const columns = [...cols].sort((a, b) => (a === '__name__' ? -1 : b === '__name__' ? 1 : a.localeCompare(b)));
  return { columns, rows: samples.map((s) => ({ labels: s.metric, value: s.value[1], name: seriesName(s.metric) })) };
}

/** Human number: 0.000123 → "123µ", 1234567 → "1.23M"; keeps charts' axes narrow. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const a = Math.abs(v);
  if (a === 0) return '0';
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
    [1, ''],
    [1e-3, 'm'],
    [1e-6, 'µ'],
    [1e-9, 'n'],
  ];
  for (const [f, u] of units) {
    if (a >= f) {
      const x = v / f;
      return `${parseFloat(x.toPrecision(3))}${u}`;
    }
  }
  return v.toExponential(2);
}

export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export interface Interval {
  labels: Labels;
  start: number; // seconds
  end: number; // seconds
}

/**
 * Contiguous runs of samples in each series (a gap longer than 1.5 steps ends a run): the history of
 * an `ALERTS` series as "pending from 10:02 to 10:04, firing from 10:04 to 10:31".
 */
export function intervals(series: MatrixSeries[], stepSeconds: number): Interval[] {
  const out: Interval[] = [];
  for (const s of series) {
    let start: number | null = null;
    let last = 0;
    for (const [t] of s.values) {
      if (start === null) start = t;
      else if (t - last > stepSeconds * 1.5) {
        out.push({ labels: s.metric, start, end: last });
        start = t;
      }
      last = t;
    }
    if (start !== null) out.push({ labels: s.metric, start, end: last });
  }
  return out.sort((a, b) => b.start - a.start);
}

/** One series' exemplars as `/api/v1/query_exemplars` returns them. */
export interface ExemplarSeries {
  seriesLabels: Labels;
  exemplars: { labels: Labels; value: string; timestamp: number }[];
}

/** An exemplar flattened for display: where it sits on a chart and the trace it leads to. */
export interface ExemplarPoint {
  t: number; // seconds
  value: number;
  traceId: string | null;
  spanId: string | null;
  series: string;
  labels: Labels;
}

/**
 * Exemplars in time order, capped at `max` by keeping the slowest (highest values): a chart with
 * thousands of markers hides the line, and the outliers are the ones worth a click. Exemplars
 * without a trace id are kept: they still mark a value.
 */
export function exemplarPoints(data: ExemplarSeries[], max = 500): ExemplarPoint[] {
  const out: ExemplarPoint[] = [];
  for (const s of data) {
    const series = seriesName(s.seriesLabels);
    for (const e of s.exemplars) {
      const value = parseValue(e.value);
      if (!Number.isFinite(value)) continue;
      out.push({ t: e.timestamp, value, traceId: e.labels.trace_id ?? null, spanId: e.labels.span_id ?? null, series, labels: e.labels });
    }
  }
  if (out.length > max) {
    out.sort((a, b) => b.value - a.value);
    out.length = max;
  }
  return out.sort((a, b) => a.t - b.t || a.value - b.value);
}
