import { getData } from '../lib/api';
import { formatNumber, formatPercent } from '../lib/prom';
import { ALERT_WINDOWS, burnClass, periodText, sortSlos, type Slo } from '../lib/slo';
import { link, setParams, useAsync } from '../lib/state';
import { formatDuration } from '../lib/time';
import type { Route } from '../lib/url';
import { Empty, ErrorBox, Loading } from '../components/States';
import { BudgetBar, StateBadge } from '../components/Bits';

export function OverviewPage({ route }: { route: Route }) {
  const alerts = useAsync(() => getData<{ alerts: FiringAlert[] }>('/api/v1/alerts').then((d) => d.alerts.filter((a) => a.state === 'firing')), [], 15_000);
  const slos = useAsync(() => getData<{ slos: Slo[] }>('/api/v1/slos').then((d) => d.slos), [], 15_000);
  const service = route.params.service ?? '';
  const all = slos.data ?? [];
  const services = [...new Set(all.map((s) => s.service))].sort();
  const shown = sortSlos(all.filter((s) => !service || s.service === service));
  return (
    <section aria-labelledby="h-slos">
      <div class="page-head">
        <h1 id="h-slos">Service level objectives</h1>
        <label>
          Service{' '}
          <select value={service} onChange={(e) => setParams({ service: e.currentTarget.value || undefined })} data-testid="service-select">
            <option value="">all</option>
            {services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      {alerts.data && <FiringSummary alerts={alerts.data} service={service} />}
      {alerts.error && <ErrorBox error={alerts.error} what="the alerts" />}
      {slos.error && <ErrorBox error={slos.error} what="the SLOs" />}
      {slos.loading && !slos.data && <Loading what="SLOs" />}
      {slos.data && all.length === 0 && (
        <Empty>
          No SLOs are loaded. Put Sloth, OpenSLO or Prometheus rule files in the rules directory (<code>--rules-dir</code>); see the{' '}
          <a href={link('rules')}>Rules</a> page for what was read.
        </Empty>
      )}
      {shown.length > 0 && (
        <table class="grid slos" data-testid="slo-table">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">SLO</th>
              <th scope="col">Service</th>
              <th scope="col">Objective</th>
              <th scope="col">SLI ({'period'})</th>
              <th scope="col">Error budget left</th>
              {ALERT_WINDOWS.map((w) => (
                <th scope="col" key={w.long} title={`Burn rate over ${w.long} (alerts at ${w.threshold}× with ${w.short})`}>
                  Burn {w.long}
                </th>
              ))}
              <th scope="col">Exhausted in</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.id} class={`state-${s.state}`} data-slo={s.id}>
                <td>
                  <StateBadge state={s.state} />
                </td>
                <td>
                  <a href={link('slo', [s.id])}>{s.name}</a>
                  <div class="muted small">{s.description}</div>
                </td>
                <td>
                  <button type="button" class="link" onClick={() => setParams({ service: s.service })} title="Filter every page to this service">
                    {s.service}
                  </button>
                </td>
                <td>
                  {s.objective}% <span class="muted">/ {periodText(s.period)}</span>
                </td>
                <td class="num">{formatPercent(s.sli, 3)}</td>
                <td>
                  <BudgetBar remaining={s.errorBudgetRemaining} />
                </td>
                {ALERT_WINDOWS.map((w) => {
                  const r = s.windows[w.long]?.burnRate ?? null;
                  return (
                    <td key={w.long} class={`num burn-${burnClass(r, w.threshold)}`}>
                      {r === null ? '–' : `${formatNumber(r)}×`}
                    </td>
                  );
                })}
                <td class="num">{s.timeToExhaustionSeconds === undefined ? '–' : s.timeToExhaustionSeconds <= 0 ? <b class="bad">exhausted</b> : formatDuration(s.timeToExhaustionSeconds * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface FiringAlert {
  labels: Record<string, string>;
  state: string;
  activeAt: string;
  firedAt?: string;
}

/** What is broken right now, above the SLOs: the firing alerts grouped by name and severity. */
function FiringSummary({ alerts, service }: { alerts: FiringAlert[]; service: string }) {
  const shown = alerts.filter((a) => !service || Object.values(a.labels).some((v) => v === service || v.endsWith('/' + service)));
  if (shown.length === 0) return <div class="card ok-card" data-testid="firing-summary">No alerts firing{service ? ` for ${service}` : ''}.</div>;
  const groups = new Map<string, { name: string; severity: string; count: number; since: string; slo?: string }>();
  for (const a of shown) {
    const severity = a.labels.severity ?? a.labels.sloth_severity ?? '';
    const key = `${a.labels.alertname}|${severity}`;
    const since = a.firedAt ?? a.activeAt;
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (since < g.since) g.since = since;
    } else groups.set(key, { name: a.labels.alertname, severity, count: 1, since, slo: a.labels.sloth_id });
  }
  const now = Date.now();
  return (
    <div class="card firing" data-testid="firing-summary" role="status">
      <strong class="bad">{shown.length} firing</strong>{' '}
      {[...groups.values()]
        .sort((a, b) => (a.severity === 'page' ? -1 : 0) - (b.severity === 'page' ? -1 : 0) || a.since.localeCompare(b.since))
        .map((g) => (
          <a key={g.name + g.severity} class="firing-item" href={g.slo ? link('slo', [g.slo]) : link('alerts')}>
            <StateBadge state={g.severity || 'firing'} /> {g.name}
            {g.count > 1 ? ` ×${g.count}` : ''} <span class="muted small">for {formatDuration(now - Date.parse(g.since))}</span>
          </a>
        ))}
      <a href={link('alerts')}>all alerts</a>
    </div>
  );
}
