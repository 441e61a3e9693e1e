import { getData } from '../lib/api';
import type { CompletionContext } from '../lib/complete';
import { alignMatrix, exemplarPoints, formatNumber, seriesName, vectorTable, type ExemplarPoint, type QueryData } from '../lib/prom';
import { queryExemplars, queryInstant, queryRange } from '../lib/queries';
import { link, rangeOf, setParams, useAsync } from '../lib/state';
import { formatTimestamp } from '../lib/time';
import { absoluteRange, chooseStep, resolveRange } from '../lib/time';
import type { Route } from '../lib/url';
import { Chart, type ChartMarker } from '../components/Chart';
import { QueryInput } from '../components/QueryInput';
import { Empty, ErrorBox, Loading } from '../components/States';

// Label names and values change slowly: one fetch per page load and key is plenty.
const cache = new Map<string, Promise<string[]>>();
function cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
  let p = cache.get(key);
  if (!p) {
    p = load().catch((e) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, p);
  }
  return p;
}

export function suggestPromql(ctx: CompletionContext): Promise<string[]> {
  switch (ctx.kind) {
    case 'metric':
      return cached('__name__', () => getData<string[]>('/api/v1/label/__name__/values'));
    case 'label':
      return cached(`labels:${ctx.metric ?? ''}`, () => getData<string[]>('/api/v1/labels', ctx.metric ? { 'match[]': ctx.metric } : {})).then((l) => l.filter((x) => x !== '__name__'));
    case 'value':
      return cached(`values:${ctx.label}:${ctx.metric ?? ''}`, () =>
        getData<string[]>(`/api/v1/label/${encodeURIComponent(ctx.label)}/values`, ctx.metric ? { 'match[]': ctx.metric } : {}),
      );
    default:
      return Promise.resolve([]);
  }
}

/**
 * Example queries, narrowed to the service filter when one is set. The user's own query is never
 * rewritten: a dashboard that silently changed PromQL would show numbers nobody asked for.
 */
export function examples(service?: string): string[] {
  const svc = service?.replace(/[\\"]/g, '');
  const job = svc ? `{job=~".*/${svc}"}` : '';
  const jobAnd = svc ? `,job=~".*/${svc}"` : '';
  const svcAnd = svc ? `,service_name="${svc}"` : '';
  return [
    `sum by (job) (rate(http_server_request_duration_seconds_count${job}[5m]))`,
    `histogram_quantile(0.95, sum by (job, le) (rate(http_server_request_duration_seconds_bucket${job}[5m])))`,
    `sum by (service_name) (rate(traces_spanmetrics_calls_total{status_code="STATUS_CODE_ERROR"${svcAnd}}[5m]))`,
    ...(svc ? [`sum by (http_route) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."${jobAnd}}[5m]))`] : []),
  ];
}

export function MetricsPage({ route }: { route: Route }) {
  const q = route.params.q ?? '';
  const tab = route.params.tab === 'table' ? 'table' : 'graph';
  const range = rangeOf(route);
  // An explicit resolution (seconds per point), as Grafana's "min interval"; else ~600 points.
  const stepParam = Number(route.params.step);
  const fixedStep = Number.isFinite(stepParam) && stepParam > 0 ? stepParam : undefined;
  const key = `${q}|${range.from}|${range.to}|${tab}|${fixedStep ?? ''}`;
  const result = useAsync<{ kind: 'graph'; data: ReturnType<typeof alignMatrix>; points: number; xRange: [number, number]; exemplars: ExemplarPoint[]; markers: ChartMarker[] } | { kind: 'table'; data: QueryData } | null>(async () => {
    if (!q.trim()) return null;
    const r = resolveRange(range, Date.now());
    if (tab === 'table') return { kind: 'table', data: await queryInstant(q, r.end) };
    // Exemplars are a bonus: a store or query without them must not fail the chart.
    const [m, ex] = await Promise.all([queryRange(q, r, fixedStep ?? chooseStep(r, 600)), queryExemplars(q, r).catch(() => [])]);
    const a = alignMatrix(m);
    const exemplars = exemplarPoints(ex);
    const markers = exemplars.map((e) => ({
      t: e.t,
      value: e.value,
      title: `${formatNumber(e.value)} at ${formatTimestamp(e.t * 1000)}${e.traceId ? ` — trace ${e.traceId}` : ''}\n${e.series}`,
      href: e.traceId ? link('trace', [e.traceId], e.spanId ? { span: e.spanId } : {}) : undefined,
    }));
    return { kind: 'graph', data: a, points: m.reduce((n, s) => n + s.values.length, 0), xRange: [r.start / 1000, r.end / 1000] as [number, number], exemplars, markers };
  }, [key]);
  return (
    <section aria-labelledby="h-metrics">
      <div class="page-head">
        <h1 id="h-metrics">Metrics explorer</h1>
      </div>
      <QueryInput label="PromQL query" value={q} onRun={(x) => setParams({ q: x.trim() })} suggest={suggestPromql} placeholder="PromQL, e.g. rate(http_server_request_duration_seconds_count[5m]) — metric names complete as you type" />
      <div class="tabs" role="tablist">
        {(['graph', 'table'] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} class={tab === t ? 'active' : ''} onClick={() => setParams({ tab: t === 'graph' ? undefined : t })}>
            {t === 'graph' ? 'Graph' : 'Table (instant)'}
          </button>
        ))}
      </div>
      {!q && (
        <Empty>
          Type a PromQL query and press Enter. Try:
          <ul>
            {examples(route.params.service).map((e) => (
              <li key={e}>
                <button type="button" class="link mono" onClick={() => setParams({ q: e })}>
                  {e}
                </button>
              </li>
            ))}
          </ul>
        </Empty>
      )}
      {result.error && <ErrorBox error={result.error} what="the query" />}
      {result.loading && <Loading what="the query" />}
      {result.data?.kind === 'graph' &&
        (result.data.data.names.length === 0 ? (
          <Empty>The query returned no series in this time range.</Empty>
        ) : (
          <>
            <div class="muted small" data-testid="result-stats">
              {result.data.data.names.length} series, {result.data.points} points
              {result.data.exemplars.length > 0 && `, ${result.data.exemplars.length} exemplars (◆, click one for its trace)`}
            </div>
            <Chart label={`Result of ${q}`} data={result.data.data.data} names={result.data.data.names} xRange={result.data.xRange} markers={result.data.markers} onZoom={(a, b) => setParams(absoluteRange(a, b) as unknown as Record<string, string>)} height={340} />
            <Exemplars points={result.data.exemplars} />
          </>
        ))}
      {result.data?.kind === 'table' && <ResultTable data={result.data.data} />}
    </section>
  );
}

/** The slowest exemplars as a list: the same links as the chart's markers, for keyboards too. */
function Exemplars({ points }: { points: ExemplarPoint[] }) {
  const withTraces = points.filter((p) => p.traceId);
  if (withTraces.length === 0) return null;
  const top = [...withTraces].sort((a, b) => b.value - a.value).slice(0, 10);
  return (
    <details class="exemplars" data-testid="exemplars">
      <summary>
        Slowest exemplars ({top.length} of {withTraces.length} with a trace)
      </summary>
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Time</th>
            <th scope="col">Series</th>
            <th scope="col">Trace</th>
          </tr>
        </thead>
        <tbody>
          {top.map((p) => (
            <tr key={`${p.traceId}-${p.spanId}-${p.t}-${p.series}`}>
              <td class="num">{formatNumber(p.value)}</td>
              <td>{formatTimestamp(p.t * 1000)}</td>
              <td class="mono">{p.series}</td>
              <td>
                <a class="mono" href={link('trace', [p.traceId!], p.spanId ? { span: p.spanId } : {})}>
                  {p.traceId}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ResultTable({ data }: { data: QueryData }) {
  const t = vectorTable(data);
  if (t.rows.length === 0) return <Empty>The query returned no series at the end of the range.</Empty>;
  return (
    <table class="grid" data-testid="result-table">
      <thead>
        <tr>
          <th scope="col">Series</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {t.rows.map((r) => (
          <tr key={r.name}>
            <td class="mono">{seriesName(r.labels) || r.name}</td>
            <td class="num">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
