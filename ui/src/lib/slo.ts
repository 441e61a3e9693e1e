// The SLO API's shape and how the overview orders it: the worst first.

export interface SloWindow {
  errorRatio: number | null;
  burnRate: number | null;
}
export interface Slo {
  id: string;
  service: string;
  name: string;
  description?: string;
  objective: number; // percent
  period: string; // ISO-8601 duration, "PT672H"
  windows: Record<string, SloWindow>;
  sli: number | null;
  errorBudgetRemaining: number | null;
  currentBurnRate: number | null;
  timeToExhaustionSeconds?: number;
  state: 'ok' | 'ticket' | 'page';
}

/** Sloth's default multiwindow pairs: burn-rate threshold per long window. */
export const ALERT_WINDOWS: { long: string; short: string; threshold: number; severity: 'page' | 'ticket' }[] = [
  { long: '1h', short: '5m', threshold: 14.4, severity: 'page' },
  { long: '6h', short: '30m', threshold: 6, severity: 'page' },
  { long: '1d', short: '2h', threshold: 3, severity: 'ticket' },
  { long: '3d', short: '6h', threshold: 1, severity: 'ticket' },
];

const STATE_RANK = { page: 0, ticket: 1, ok: 2 } as const;

/** Paging first, then ticket, then ok; within a state the least budget left, then the fastest burn. */
export function sortSlos(slos: Slo[]): Slo[] {
  const budget = (s: Slo) => s.errorBudgetRemaining ?? Infinity;
  return [...slos].sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      budget(a) - budget(b) ||
      (b.currentBurnRate ?? 0) - (a.currentBurnRate ?? 0) ||
      a.id.localeCompare(b.id),
  );
}

/** The period as a PromQL/Sloth duration: "PT672H" → "28d". */
export function periodText(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const secs = (+(m[1] ?? 0)) * 86400 + (+(m[2] ?? 0)) * 3600 + (+(m[3] ?? 0)) * 60 + +(m[4] ?? 0);
  if (secs % 86400 === 0) return `${secs / 86400}d`;
  if (secs % 3600 === 0) return `${secs / 3600}h`;
  return `${secs}s`;
}

export function periodSeconds(iso: string): number {
  const t = periodText(iso);
  const m = /^(\d+)([dhs])$/.exec(t);
  if (!m) return 0;
  return +m[1] * (m[2] === 'd' ? 86400 : m[2] === 'h' ? 3600 : 1);
}

/** How bad a burn rate is against a window's threshold. */
export function burnClass(rate: number | null, threshold: number): 'bad' | 'warn' | 'ok' | 'none' {
  if (rate === null || !Number.isFinite(rate)) return 'none';
  if (rate >= threshold) return 'bad';
  if (rate >= threshold / 2) return 'warn';
  return 'ok';
}
