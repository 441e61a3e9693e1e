import { useMemo } from 'preact/hooks';
import { getData } from '../lib/api';
import { alignMatrix, formatNumber, formatPercent, intervals } from '../lib/prom';
import { queryRange, rules } from '../lib/queries';
import { errorLogsQuery, failingTracesQuery, sloQueries, sloTarget } from '../lib/query';
import { ALERT_WINDOWS, periodSeconds, periodText, type Slo } from '../lib/slo';
import { link, rangeOf, setParams, useAsync } from '../lib/state';
import { absoluteRange, chooseStep, formatDuration, formatTimestamp, resolveRange } from '../lib/time';
import type { Route } from '../lib/url';
import { Chart } from '../components/Chart';
import { BudgetBar, LabelChips, StateBadge } from '../components/Bits';
import { Empty, ErrorBox, Loading } from '../components/States';

export function SloPage({ route }: { route: Route }) {
  const id = route.rest[0] ?? '';
  const range = rangeOf(route);
  const slos = useAsync(() => getData<{ slos: Slo[] }>('/api/v1/slos').then((d) => d.slos), [], 15_000);
  const slo = slos.data?.find((s) => s.id === id);
  if (slos.error && !slos.data) return <ErrorBox error={slos.error} what="the SLOs" />;
  if (!slos.data) return <Loading what="the SLO" />;
  if (!slo)
    return (
      <div class="error" role="alert">
        No SLO with id “{id}”. <a href={link('slos')}>All SLOs</a>
      </div>
    );
  let resolved;
  try {
    resolved = resolveRange(range, Date.now());
  } catch (e) {
    return <ErrorBox error={e as Error} />;
  }
  return <SloDetail slo={slo} r={resolved} rangeKey={`${range.from}|${range.to}`} />;
}

function SloDetail({ slo, r, rangeKey }: { slo: Slo; r: { start: number; end: number }; rangeKey: string }) {
  const q = sloQueries(slo.id, slo.objective);
  const step = chooseStep(r, 200);
  const xRange: [number, number] = [r.start / 1000, r.end / 1000];
  const zoom = (a: number, b: number) => setParams(absoluteRange(a, b) as unknown as Record<string, string>);
  // Refreshed every 30 s: on call, the chart of "the last hour" should stay the last hour.
  const sli = useAsync(() => queryRange(q.sli, r, step), [slo.id, rangeKey], 30_000);
  const burn = useAsync(
    () => Promise.all(['5m', '1h', '6h'].map((w) => queryRange(q.burnRate(w), r, step).then((m) => ({ w, m })))),
    [slo.id, rangeKey],
    30_000,
  );
  const periodS = periodSeconds(slo.period) || 30 * 86400;
  const now = Date.now();
  const periodRange = { start: now - periodS * 1000, end: now };
  const budget = useAsync(() => queryRange(q.budgetRemaining, periodRange, chooseStep(periodRange, 200)), [slo.id]);
  const alerts = useAsync(() => queryRange(q.alerts, r, step), [slo.id, rangeKey], 30_000);
  const target = useAsync(
    () =>
      rules().then((d) => {
        const qs = d.groups.flatMap((g) => g.rules.filter((x) => x.labels?.sloth_id === slo.id).map((x) => x.query));
        return sloTarget(qs, slo.service);
      }),
    [slo.id],
  );
  const t = target.data ?? { service: slo.service };
  const timeParams = { from: new Date(r.start).toISOString(), to: new Date(r.end).toISOString() };
  // Memoized so a refresh of the SLO list does not redraw the charts from scratch.
  const burnData = useMemo(
    () => (burn.data ? alignMatrix(burn.data.flatMap(({ w, m }) => m.map((s) => ({ ...s, metric: { window: w } })))) : null),
    [burn.data],
  );
  const sliData = useMemo(() => (sli.data ? alignMatrix(sli.data) : null), [sli.data]);
  const budgetData = useMemo(() => (budget.data ? alignMatrix(budget.data) : null), [budget.data]);
  return (
    <section aria-labelledby="h-slo">
      <div class="page-head">
        <h1 id="h-slo">
          <StateBadge state={slo.state} /> {slo.name} <span class="muted">· {slo.service}</span>
        </h1>
        <a href={link('slos')}>All SLOs</a>
      </div>
      <p class="muted">{slo.description}</p>
      <div class="cards">
        <div class="card">
          <div class="muted small">Objective</div>
          <div class="big">{slo.objective}%</div>
          <div class="muted small">over {periodText(slo.period)}</div>
        </div>
        <div class="card">
          <div class="muted small">SLI over the period</div>
          <div class="big">{formatPercent(slo.sli, 3)}</div>
        </div>
        <div class="card wide">
          <div class="muted small">Error budget remaining</div>
          <BudgetBar remaining={slo.errorBudgetRemaining} />
          <div class="muted small">
            burning at {formatNumber(slo.currentBurnRate)}×
            {slo.timeToExhaustionSeconds !== undefined && (slo.timeToExhaustionSeconds <= 0 ? <> · <b class="bad">budget exhausted</b></> : <> · exhausted in {formatDuration(slo.timeToExhaustionSeconds * 1000)}</>)}
          </div>
        </div>
        <div class="card wide">
          <div class="muted small">Why? The failing requests in this time range</div>
          <div class="actions">
            <a class="button" data-testid="slo-traces" href={link('traces', [], { ...timeParams, q: failingTracesQuery(t), mode: 'traceql' })}>
              Failing traces
            </a>
            <a class="button" data-testid="slo-logs" href={link('logs', [], { ...timeParams, q: errorLogsQuery(t.service) })}>
              Error logs of {t.service}
            </a>
            <a class="button" href={link('metrics', [], { ...timeParams, q: q.burnRate('5m') })}>
              Explore the burn rate
            </a>
          </div>
        </div>
      </div>
      <h2>SLI over time</h2>
      {sli.error && <ErrorBox error={sli.error} what="the SLI" />}
      {sli.data && (sli.data.length === 0 ? <Empty>No SLI data in this range yet.</Empty> : <Chart label={`SLI of ${slo.name}`} data={sliData!.data} names={['SLI (5m)']} yFormat={(v) => formatPercent(v, 2)} thresholds={[{ value: slo.objective / 100, label: `objective ${slo.objective}%` }]} onZoom={zoom} height={200} xRange={xRange} />)}
      <h2>Burn rate</h2>
      {burn.error && <ErrorBox error={burn.error} what="the burn rate" />}
      {burnData &&
        (burnData.names.length === 0 ? (
          <Empty>No burn-rate data in this range yet.</Empty>
        ) : (
          <Chart
            label={`Burn rate of ${slo.name}`}
            data={burnData.data}
            names={burnData.labels.map((l) => `burn rate ${l.window}`)}
            yFormat={(v) => `${formatNumber(v)}×`}
            thresholds={ALERT_WINDOWS.slice(0, 2).map((w) => ({ value: w.threshold, label: `page at ${w.threshold}× (${w.long})` }))}
            onZoom={zoom}
            xRange={xRange}
            height={220}
          />
        ))}
      <h2>Error budget over the period ({periodText(slo.period)})</h2>
      {budget.error && <ErrorBox error={budget.error} what="the error budget" />}
      {budget.data &&
        (budget.data.length === 0 ? (
          <Empty>No error budget data yet.</Empty>
        ) : (
          <Chart label={`Error budget remaining of ${slo.name}`} data={budgetData!.data} names={['budget remaining']} yFormat={(v) => formatPercent(v, 0)} height={200} xRange={[periodRange.start / 1000, periodRange.end / 1000]} />
        ))}
      <h2>Alert history</h2>
      {alerts.error && <ErrorBox error={alerts.error} what="the alert history" />}
      {alerts.loading && !alerts.data && <Loading />}
      {alerts.data &&
        (alerts.data.length === 0 ? (
          <Empty>No alerts for this SLO in this time range.</Empty>
        ) : (
          <table class="grid" data-testid="alert-history">
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">State</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">For</th>
                <th scope="col">Labels</th>
              </tr>
            </thead>
            <tbody>
              {intervals(alerts.data, step).map((i) => (
                <tr key={`${JSON.stringify(i.labels)}${i.start}`}>
                  <td>{i.labels.alertname}</td>
                  <td>
                    <StateBadge state={i.labels.alertstate ?? ''} />
                  </td>
                  <td>{formatTimestamp(i.start * 1000)}</td>
                  <td>{formatTimestamp(i.end * 1000)}</td>
                  <td>{formatDuration((i.end - i.start) * 1000 + step * 1000)}</td>
                  <td>
                    <LabelChips labels={i.labels} skip={['__name__', 'alertname', 'alertstate', 'sloth_id', 'sloth_service', 'sloth_slo']} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
