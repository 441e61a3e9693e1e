import { getData } from '../lib/api';
import { formatNumber, formatPercent } from '../lib/prom';
import { ALERT_WINDOWS, burnClass, periodText, sortSlos, type Slo } from '../lib/slo';
import { link, setParams, useAsync } from '../lib/state';
import { formatDuration } from '../lib/time';
import type { Route } from '../lib/url';
import { Empty, ErrorBox, Loading } from '../components/States';
import { BudgetBar, StateBadge } from '../components/Bits';

export function OverviewPage({ route }: { route: Route }) {
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
