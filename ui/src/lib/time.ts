// Time ranges as Grafana writes them: relative ("now-1h", "now-30m/m" is not supported) or
// absolute (RFC 3339 or Unix milliseconds). Kept as strings in the URL so a shared link means the
// same thing for the reader ("the last hour") rather than a frozen instant, unless made absolute.

export interface TimeRange {
  from: string;
  to: string;
}

export interface Resolved {
  start: number; // Unix ms
  end: number; // Unix ms
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** "1h30m", "5m", "250ms", "2d" in milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(s)) !== null) {
    total += parseFloat(m[1]) * UNITS[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === s.length && consumed > 0 ? total : null;
}

/** A time expression at `now` (ms): "now", "now-15m", "now+1h", RFC 3339, or Unix ms/s. */
export function parseTime(text: string, now: number): number | null {
  const s = text.trim();
  if (s === 'now') return now;
  const rel = /^now([+-])(.+)$/.exec(s);
  if (rel) {
    const d = parseDuration(rel[2]);
    return d === null ? null : rel[1] === '-' ? now - d : now + d;
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = parseFloat(s);
    // Ten digits or fewer is Unix seconds (until 2286); more is milliseconds.
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

export class RangeError extends Error {}

/** Resolves a range at `now`; throws RangeError with a message a user can act on. */
export function resolveRange(range: TimeRange, now: number): Resolved {
  const start = parseTime(range.from, now);
  const end = parseTime(range.to, now);
  if (start === null) throw new RangeError(`cannot read "${range.from}" as a time (try now-1h or 2026-01-02T15:04:05Z)`);
  if (end === null) throw new RangeError(`cannot read "${range.to}" as a time (try now or 2026-01-02T15:04:05Z)`);
  if (start >= end) throw new RangeError('the start of the range must be before its end');
  return { start, end };
}

export const QUICK_RANGES: { label: string; from: string }[] = [
  { label: 'Last 5 minutes', from: 'now-5m' },
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 3 hours', from: 'now-3h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
];

export const DEFAULT_RANGE: TimeRange = { from: 'now-1h', to: 'now' };

/** A short label for the picker button. */
export function describeRange(range: TimeRange): string {
  if (range.to === 'now') {
    const q = QUICK_RANGES.find((r) => r.from === range.from);
    if (q) return q.label;
    if (range.from.startsWith('now-')) return `Last ${range.from.slice(4)}`;
  }
  const now = Date.now();
  const s = parseTime(range.from, now);
  const e = parseTime(range.to, now);
  if (s === null || e === null) return `${range.from} to ${range.to}`;
  return `${formatTimestamp(s)} to ${formatTimestamp(e)}`;
}

/** A fixed (absolute) range, for zooming into a chart selection. */
export function absoluteRange(start: number, end: number): TimeRange {
  return { from: new Date(Math.round(start)).toISOString(), to: new Date(Math.round(end)).toISOString() };
}

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A query step (seconds) giving about `points` points over the range, rounded to a nice value. */
export function chooseStep(r: Resolved, points = 300): number {
  const raw = (r.end - r.start) / 1000 / points;
  for (const s of NICE_STEPS_S) if (s >= raw) return s;
  return Math.ceil(raw / 86400) * 86400;
}

/** "2026-01-02 15:04:05" in local time: what an on-call engineer compares with their clock. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A duration for people: "850 ms", "1.25 s", "3m 20s", "2h 5m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  if (a < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (a < 1000) return `${ms.toFixed(a < 10 ? 2 : 0)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(a / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const sign = ms < 0 ? '-' : '';
  if (d > 0) return `${sign}${d}d ${h}h`;
  if (h > 0) return `${sign}${h}h ${m}m`;
  return `${sign}${m}m ${sec}s`;
}

/** "5 minutes ago" style age, for "since when". */
export function formatAge(thenMs: number, now: number): string {
  return `${formatDuration(Math.max(0, now - thenMs))} ago`;
}
