import { useState } from 'preact/hooks';
import { describeRange, parseTime, QUICK_RANGES, type TimeRange } from '../lib/time';

/** Relative quick ranges and free from/to inputs (relative or absolute); the range lives in the URL. */
export function TimePicker({ range, onChange }: { range: TimeRange; onChange: (r: TimeRange) => void }) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [err, setErr] = useState('');
  const apply = (e: Event) => {
    e.preventDefault();
    const now = Date.now();
    const s = parseTime(from, now);
    const t = parseTime(to, now);
    if (s === null || t === null) return setErr('Use now, now-15m, now-2h, or 2026-01-02T15:04:05Z');
    if (s >= t) return setErr('The start must be before the end');
    setErr('');
    setOpen(false);
    onChange({ from: from.trim(), to: to.trim() });
  };
  return (
    <div class="timepicker">
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="timepicker"
        onClick={() => {
          setFrom(range.from);
          setTo(range.to);
          setOpen(!open);
        }}
      >
        {describeRange(range)}
      </button>
      {open && (
        <div class="popover" role="dialog" aria-label="Time range" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <form onSubmit={apply} class="stack">
            <label>
              From <input value={from} onInput={(e) => setFrom(e.currentTarget.value)} autoFocus />
            </label>
            <label>
              To <input value={to} onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
            {err && <div class="error small">{err}</div>}
            <button type="submit">Apply</button>
          </form>
          <ul class="quick">
            {QUICK_RANGES.map((q) => (
              <li key={q.from}>
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    setOpen(false);
                    onChange({ from: q.from, to: 'now' });
                  }}
                >
                  {q.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
