import { formatPercent } from '../lib/prom';

export function StateBadge({ state }: { state: string }) {
  return (
    <span class={`badge badge-${state}`} data-testid="state">
      {state}
    </span>
  );
}

/** Error budget remaining as a bar: full is untouched, empty (or negative) is spent. */
export function BudgetBar({ remaining }: { remaining: number | null }) {
  if (remaining === null || remaining === undefined) return <span class="muted">no data</span>;
  const pct = Math.max(0, Math.min(1, remaining));
  const cls = remaining <= 0 ? 'bad' : remaining < 0.25 ? 'warn' : 'ok';
  return (
    <div class="budget" data-testid="budget" title={`${formatPercent(remaining)} of the error budget left`}>
      <div
        class={`budget-bar ${cls}`}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(remaining * 100)}
        aria-label="Error budget remaining"
      >
        <div style={{ width: `${pct * 100}%` }} />
      </div>
      <span class="num">{formatPercent(remaining, 1)}</span>
    </div>
  );
}

export function LabelChips({ labels, skip = [] }: { labels: Record<string, string>; skip?: string[] }) {
  return (
    <span class="labels">
      {Object.entries(labels)
        .filter(([k]) => !skip.includes(k))
        .map(([k, v]) => (
          <span class="label" key={k}>
            {k}=<b>{v}</b>
          </span>
        ))}
    </span>
  );
}
