// Loki API results as log lines and volume series.
import type { Labels, MatrixSeries } from './prom';

export interface Stream {
  stream: Labels;
  // Loki 3 adds structured metadata as a third element; Vigil puts the trace and span id there.
  values: ([string, string] | [string, string, Labels])[];
}

export interface LogLine {
  ns: string; // nanosecond timestamp as text: a double would lose the last digits
  ms: number;
  line: string;
  labels: Labels;
  metadata: Labels;
  level: Level;
  traceId: string | null;
  key: string;
}

export const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'unknown'] as const;
export type Level = (typeof LEVELS)[number];

const ALIASES: Record<string, Level> = {
  critical: 'fatal',
  crit: 'fatal',
  fatal: 'fatal',
  panic: 'fatal',
  emergency: 'fatal',
  alert: 'fatal',
  error: 'error',
  err: 'error',
  eror: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  information: 'info',
  notice: 'info',
  debug: 'debug',
  dbug: 'debug',
  trace: 'trace',
};

/** The level from labels (detected_level, level, severity_text), else the line's own "level". */
export function levelOf(labels: Labels, line: string): Level {
  for (const k of ['detected_level', 'level', 'severity_text', 'severity', 'lvl']) {
    const v = labels[k];
    if (v && ALIASES[v.toLowerCase()]) return ALIASES[v.toLowerCase()];
  }
  const m = /"?(?:level|severity|lvl)"?\s*[:=]\s*"?([A-Za-z]+)/.exec(line);
  if (m && ALIASES[m[1].toLowerCase()]) return ALIASES[m[1].toLowerCase()];
  return 'unknown';
}

const TRACE_IN_LINE = /(?:trace_?id|traceID)"?\s*[:=]\s*"?([0-9a-fA-F]{32})\b/i;

export function traceIdOf(metadata: Labels, labels: Labels, line: string): string | null {
  for (const src of [metadata, labels]) {
    for (const k of ['trace_id', 'traceID', 'traceId', 'trace_id_hex']) {
      const v = src[k];
      if (v && /^[0-9a-fA-F]{16,32}$/.test(v)) return v.toLowerCase().padStart(32, '0');
    }
  }
  const m = TRACE_IN_LINE.exec(line);
  return m ? m[1].toLowerCase() : null;
}

/** All lines of all streams, newest first (ties keep a stable order by stream). */
export function flattenStreams(streams: Stream[]): LogLine[] {
  const out: LogLine[] = [];
  streams.forEach((s, si) => {
    s.values.forEach((v, vi) => {
      const metadata = (v.length > 2 ? v[2] : {}) as Labels;
      out.push({
        ns: v[0],
        ms: nsToMs(v[0]),
        line: v[1],
        labels: s.stream,
        metadata,
        level: levelOf(s.stream, v[1]),
        traceId: traceIdOf(metadata, s.stream, v[1]),
        key: `${si}:${vi}:${v[0]}`,
      });
    });
  });
  out.sort((a, b) => compareNs(b.ns, a.ns));
  return out;
}

export function nsToMs(ns: string): number {
  return ns.length > 6 ? Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6 : Number(ns) / 1e6;
}

function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every field of a line: stream labels, metadata, and the line's JSON or logfmt fields. */
export function lineFields(l: LogLine): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(l.labels)) out.push([k, v]);
  for (const [k, v] of Object.entries(l.metadata)) out.push([k, v]);
  const t = l.line.trim();
  if (t.startsWith('{')) {
    try {
      flatten('', JSON.parse(t), out);
      return out;
    } catch {
      // not JSON after all: fall through to logfmt
    }
  }
  const re = /(\w[\w.]*)=("(?:[^"\\]|\\.)*"|\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) out.push([m[1], m[2].replace(/^"|"$/g, '')]);
  return out;
}

function flatten(prefix: string, v: unknown, out: [string, string][]) {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  } else {
    out.push([prefix, typeof v === 'string' ? v : JSON.stringify(v)]);
  }
}

/** The log-volume query behind the histogram: the user's query counted per level and step. */
export function volumeQuery(logql: string, stepSeconds: number): string {
  return `sum by (detected_level) (count_over_time(${logql.trim()} [${stepSeconds}s]))`;
}

/** A metric (log volume) matrix as stacked-bar input: one series per level, ordered by LEVELS. */
export function volumeSeries(result: MatrixSeries[]): { level: Level; values: [number, string][] }[] {
  const out = result.map((s) => ({ level: levelOf(s.metric, ''), values: s.values }));
  out.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
  return out;
}

/** The stream selector of a LogQL query (for the live tail and "add to query" links). */
export function streamSelector(logql: string): string | null {
  const m = /^\s*(\{[^}]*\})/.exec(logql);
  return m ? m[1] : null;
}

/** Adds `name="value"` to the query's stream selector, replacing an existing matcher for it. */
export function withMatcher(logql: string, name: string, value: string): string {
  const esc = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const sel = streamSelector(logql);
  if (!sel) return `{${name}="${esc}"}`;
  const inner = sel
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !new RegExp(`^${name}\\s*(=|!=|=~|!~)`).test(s));
  inner.push(`${name}="${esc}"`);
  return `{${inner.join(', ')}}` + logql.trim().slice(sel.length);
}
