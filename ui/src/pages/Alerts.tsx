import { useState } from 'preact/hooks';
import { ApiError, getData, request } from '../lib/api';
import { formatNumber, parseValue } from '../lib/prom';
import { formatMatcher, matchersForAlert, parseMatchers, silenceMatches, type Silence } from '../lib/silence';
import { link, useAsync } from '../lib/state';
import { formatAge, formatTimestamp, parseDuration } from '../lib/time';
import type { Route } from '../lib/url';
import { LabelChips, StateBadge } from '../components/Bits';
import { Empty, ErrorBox, Loading } from '../components/States';

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'firing' | 'pending' | string;
  activeAt: string;
  firedAt?: string;
  value: string;
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, page: 0, error: 1, warning: 2, ticket: 2, info: 3 };

/** Firing before pending, paging before ticket, the oldest (longest broken) first. */
function compareAlerts(a: Alert, b: Alert): number {
  const sev = (x: Alert) => SEVERITY_RANK[x.labels.severity ?? x.labels.sloth_severity ?? ''] ?? 4;
  return (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) || sev(a) - sev(b) || a.activeAt.localeCompare(b.activeAt);
}

export function AlertsPage({ route }: { route: Route }) {
  const alerts = useAsync(() => getData<{ alerts: Alert[] }>('/api/v1/alerts').then((d) => d.alerts), [], 10_000);
  const silences = useAsync(() => request<Silence[]>('/api/v2/silences'), [], 10_000);
  const [draft, setDraft] = useState<string | null>(route.params.silence ?? null);
  const service = route.params.service;
  const now = Date.now();
  const list = (alerts.data ?? [])
    .filter((a) => !service || Object.values(a.labels).some((v) => v === service || v.endsWith('/' + service)))
    .sort(compareAlerts);
  const active = (silences.data ?? []).filter((s) => s.status.state !== 'expired');
  return (
    <section aria-labelledby="h-alerts">
      <div class="page-head">
        <h1 id="h-alerts">Alerts</h1>
      </div>
      {alerts.error && <ErrorBox error={alerts.error} what="the alerts" />}
      {alerts.loading && !alerts.data && <Loading what="alerts" />}
      {alerts.data && list.length === 0 && <Empty>Nothing is firing or pending{service ? ` for ${service}` : ''}.</Empty>}
      {list.length > 0 && (
        <table class="grid" data-testid="alerts-table">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Alert</th>
              <th scope="col">Since</th>
              <th scope="col">Labels</th>
              <th scope="col">Value</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => {
              const since = a.firedAt ?? a.activeAt;
              const silenced = active.some((s) => silenceMatches(s, a.labels));
              return (
                <tr key={JSON.stringify(a.labels)} class={`alert-${a.state}`} data-alert={a.labels.alertname}>
                  <td>
                    <StateBadge state={a.state} />
                    {silenced && <span class="badge badge-silenced">silenced</span>}
                  </td>
                  <td>
                    <strong>{a.labels.alertname}</strong>
                    <div class="muted small">{a.annotations.summary ?? a.annotations.title ?? a.annotations.description}</div>
                  </td>
                  <td title={formatTimestamp(Date.parse(since))}>
                    {formatAge(Date.parse(since), now)}
                    <div class="muted small">{formatTimestamp(Date.parse(since))}</div>
                  </td>
                  <td>
                    <LabelChips labels={a.labels} skip={['alertname']} />
                  </td>
                  <td class="num">{formatNumber(parseValue(a.value))}</td>
                  <td class="row-actions">
                    {a.labels.sloth_id && (
                      <a href={link('slo', [a.labels.sloth_id], { from: new Date(Date.parse(a.activeAt) - 30 * 60_000).toISOString(), to: 'now' })}>SLO</a>
                    )}
                    {a.annotations.runbook_url && (
                      <a href={a.annotations.runbook_url} target="_blank" rel="noopener noreferrer">
                        Runbook
                      </a>
                    )}
                    <button type="button" class="link" onClick={() => setDraft(matchersForAlert(a.labels))}>
                      Silence
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>Silences</h2>
      {silences.error && <ErrorBox error={silences.error} what="Silencing" />}
      {!(silences.error instanceof ApiError && silences.error.notAvailable) && (
        <>
          {draft === null ? (
            <button type="button" onClick={() => setDraft('')} data-testid="new-silence">
              New silence
            </button>
          ) : (
            <SilenceForm initial={draft} onDone={() => (setDraft(null), silences.reload())} />
          )}
          {silences.data && silences.data.length === 0 && <Empty>No silences.</Empty>}
          {silences.data && silences.data.length > 0 && (
            <table class="grid" data-testid="silences-table">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Matchers</th>
                  <th scope="col">Ends</th>
                  <th scope="col">By</th>
                  <th scope="col">Comment</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {[...silences.data]
                  .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
                  .map((s) => (
                    <tr key={s.id} data-silence={s.id}>
                      <td>
                        <StateBadge state={s.status.state} />
                      </td>
                      <td class="mono">{s.matchers.map(formatMatcher).join(', ')}</td>
                      <td>{formatTimestamp(Date.parse(s.endsAt))}</td>
                      <td>{s.createdBy}</td>
                      <td>{s.comment}</td>
                      <td>
                        {s.status.state !== 'expired' && (
                          <button
                            type="button"
                            class="link"
                            onClick={() =>
                              request(`/api/v2/silence/${encodeURIComponent(s.id)}`, { method: 'DELETE' }).then(
                                () => silences.reload(),
                                (e: Error) => alert(`Could not expire the silence: ${e.message}`),
                              )
                            }
                          >
                            Expire
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function SilenceForm({ initial, onDone }: { initial: string; onDone: () => void }) {
  const [matchers, setMatchers] = useState(initial);
  const [duration, setDuration] = useState('2h');
  const [createdBy, setCreatedBy] = useState(localStorage.getItem('vigil.user') ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const ms = parseMatchers(matchers);
      const d = parseDuration(duration);
      if (d === null || d <= 0) throw new Error('the duration must look like 30m, 2h or 1d');
      if (!createdBy.trim()) throw new Error('say who creates the silence');
      if (!comment.trim()) throw new Error('say why (a comment is required)');
      setBusy(true);
      localStorage.setItem('vigil.user', createdBy.trim());
      const now = Date.now();
      await request('/api/v2/silences', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ matchers: ms, startsAt: new Date(now).toISOString(), endsAt: new Date(now + d).toISOString(), createdBy: createdBy.trim(), comment: comment.trim() }),
      });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={submit} aria-label="New silence" data-testid="silence-form">
      <label>
        Matchers <input name="matchers" class="mono" value={matchers} onInput={(e) => setMatchers(e.currentTarget.value)} placeholder='alertname="HighErrorRate", severity="page"' required />
      </label>
      <label>
        Duration <input name="duration" value={duration} onInput={(e) => setDuration(e.currentTarget.value)} size={6} />
      </label>
      <label>
        Created by <input name="createdBy" value={createdBy} onInput={(e) => setCreatedBy(e.currentTarget.value)} />
      </label>
      <label>
        Comment <input name="comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      {error && (
        <div class="error small" role="alert">
          {error}
        </div>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          Create silence
        </button>
        <button type="button" class="link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
