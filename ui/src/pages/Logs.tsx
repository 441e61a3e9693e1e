import { useEffect, useState } from 'preact/hooks';
import { getData } from '../lib/api';
import type { CompletionContext } from '../lib/complete';
import { flattenStreams, lineFields, volumeQuery, volumeSeries, withMatcher, type LogLine, type Stream } from '../lib/loki';
import type { MatrixSeries } from '../lib/prom';
import { link, rangeOf, setParams, useAsync } from '../lib/state';
import { absoluteRange, chooseStep, formatTimestamp, resolveRange } from '../lib/time';
import type { Route } from '../lib/url';
import { Chart } from '../components/Chart';
import { QueryInput } from '../components/QueryInput';
import { Empty, ErrorBox, Loading } from '../components/States';
import { serviceLogsQuery } from '../lib/query';
import { TraceLogs } from './Trace';

const LEVEL_COLORS: Record<string, string> = {
  fatal: '#b62324',
  error: '#e5534b',
  warn: '#d29922',
  info: '#4e9cf5',
  debug: '#8b949e',
  trace: '#6e7681',
  unknown: '#a371f7',
};

function suggestLogql(ctx: CompletionContext): Promise<string[]> {
  if (ctx.kind === 'label') return getData<string[]>('/loki/api/v1/labels');
  if (ctx.kind === 'value') return getData<string[]>(`/loki/api/v1/label/${encodeURIComponent(ctx.label)}/values`);
  return Promise.resolve([]);
}

export function LogsPage({ route }: { route: Route }) {
  const service = route.params.service;
  const q = route.params.q ?? (service ? serviceLogsQuery(service) : '{service_name=~".+"}');
  const range = rangeOf(route);
  const limit = Number(route.params.limit ?? 500);
  const key = `${q}|${range.from}|${range.to}|${limit}`;
  const lines = useAsync(async () => {
    const r = resolveRange(range, Date.now());
    const d = await getData<{ resultType: string; result: Stream[] }>('/loki/api/v1/query_range', {
      query: q,
      start: `${r.start}000000`,
      end: `${r.end}000000`,
      limit,
      direction: 'backward',
    });
    if (d.resultType !== 'streams') throw new Error('this is a metric query: run it on the Metrics page, or use a log query such as {service_name="api-gateway"} |= "error"');
    return flattenStreams(d.result);
  }, [key]);
  const volume = useAsync(async () => {
    const r = resolveRange(range, Date.now());
    const step = chooseStep(r, 120);
    const d = await getData<{ resultType: string; result: MatrixSeries[] }>('/loki/api/v1/query_range', {
      query: volumeQuery(q, step),
      start: `${r.start}000000`,
      end: `${r.end}000000`,
      step: `${step}s`,
    });
    return { series: volumeSeries(d.result), r, step };
  }, [key]);
  const tail = route.params.tail === '1';
  const setTail = (on: boolean) => setParams({ tail: on ? '1' : undefined });
  if (route.params.trace) {
    return (
      <section aria-labelledby="h-logs">
        <div class="page-head">
          <h1 id="h-logs">
            Logs of trace <span class="mono">{route.params.trace}</span>
          </h1>
          <div class="actions">
            <a href={link('trace', [route.params.trace])}>Open the trace</a>
            <button type="button" class="link" onClick={() => setParams({ trace: undefined })}>
              Back to the query
            </button>
          </div>
        </div>
        <TraceLogs traceId={route.params.trace} />
      </section>
    );
  }
  return (
    <section aria-labelledby="h-logs">
      <div class="page-head">
        <h1 id="h-logs">Logs</h1>
        <label class="inline">
          <input type="checkbox" checked={tail} onChange={(e) => setTail(e.currentTarget.checked)} data-testid="live-tail" /> Live tail
        </label>
      </div>
      <QueryInput label="LogQL query" value={q} onRun={(x) => setParams({ q: x.trim() })} suggest={suggestLogql} placeholder='LogQL, e.g. {service_name="payment"} |= "timeout"' />
      {volume.error && <ErrorBox error={volume.error} what="the log volume" />}
      {volume.data && <VolumeChart {...volume.data} />}
      {tail ? (
        <LiveTail query={q} />
      ) : (
        <>
          {lines.error && <ErrorBox error={lines.error} what="the logs" />}
          {lines.loading && <Loading what="logs" />}
          {lines.data && lines.data.length === 0 && <Empty>No log lines match in this time range. Widen the range or loosen the query.</Empty>}
          {lines.data && lines.data.length > 0 && (
            <>
              <div class="muted small">
                {lines.data.length} lines, newest first{lines.data.length >= limit && <> (the first {limit}: <button type="button" class="link" onClick={() => setParams({ limit: String(limit * 4) })}>show more</button>)</>}
              </div>
              <LogList lines={lines.data} query={q} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function VolumeChart({ series, r, step }: { series: ReturnType<typeof volumeSeries>; r: { start: number; end: number }; step: number }) {
  if (series.length === 0) return null;
  // Stack: the cumulative sum per level; drawn biggest first so each level shows as its own band.
  const times = new Set<number>();
  for (const s of series) for (const [t] of s.values) times.add(t);
  const xs = [...times].sort((a, b) => a - b);
  const idx = new Map(xs.map((t, i) => [t, i]));
  const raw = series.map((s) => {
    const ys: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of s.values) ys[idx.get(t)!] = parseFloat(v);
    return ys;
  });
  const cumulative: number[][] = [];
  raw.forEach((ys, i) => cumulative.push(ys.map((y, j) => (y ?? 0) + (i > 0 ? cumulative[i - 1][j] : 0))));
  const order = series.map((_, i) => i).reverse();
  return (
    <Chart
      label="Log volume by level"
      data={[xs, ...order.map((i) => cumulative[i])]}
      raw={[xs, ...order.map((i) => raw[i])]}
      names={order.map((i) => series[i].level)}
      colors={order.map((i) => LEVEL_COLORS[series[i].level])}
      bars
      height={140}
      xRange={[r.start / 1000, r.end / 1000 + step]}
      onZoom={(a, b) => setParams(absoluteRange(a, b) as unknown as Record<string, string>)}
    />
  );
}

export function LogList({ lines, query }: { lines: LogLine[]; query: string }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [shown, setShown] = useState(200);
  const toggle = (k: string) => {
    const n = new Set(open);
    n.has(k) ? n.delete(k) : n.add(k);
    setOpen(n);
  };
  return (
    <ol class="loglines" data-testid="log-lines">
      {lines.slice(0, shown).map((l) => (
        <li key={l.key} class={`level-${l.level}`}>
          <div class="logline">
            <button type="button" class="expander" aria-expanded={open.has(l.key)} aria-label="Show all fields" onClick={() => toggle(l.key)}>
              {open.has(l.key) ? '▾' : '▸'}
            </button>
            <time class="muted">{formatTimestamp(l.ms)}</time>
            <span class={`level level-${l.level}`} style={{ color: LEVEL_COLORS[l.level] }}>
              {l.level}
            </span>
            <span class="svc">{l.labels.service_name ?? ''}</span>
            <span class="text mono">{l.line}</span>
            {l.traceId && (
              <a class="traceid" href={link('trace', [l.traceId])} data-testid="trace-link" title="Open the trace of this line">
                trace {l.traceId.slice(0, 8)}…
              </a>
            )}
          </div>
          {open.has(l.key) && (
            <table class="fields">
              <tbody>
                {lineFields(l).map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td class="mono">
                      {v}{' '}
                      {l.labels[k] !== undefined && (
                        <button type="button" class="link small" onClick={() => setParams({ q: withMatcher(query, k, v) })} title="Filter on this label">
                          filter
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
      {lines.length > shown && (
        <li>
          <button type="button" class="link" onClick={() => setShown(shown + 500)}>
            Show {Math.min(500, lines.length - shown)} more of {lines.length - shown}
          </button>
        </li>
      )}
    </ol>
  );
}

/** Loki's tail over WebSocket; lines are kept newest first, at most 1,000. */
function LiveTail({ query }: { query: string }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [status, setStatus] = useState<'connecting' | 'live' | 'closed' | 'unavailable'>('connecting');
  const [why, setWhy] = useState('');
  useEffect(() => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${proto}//${location.host}/loki/api/v1/tail?query=${encodeURIComponent(query)}&start=${(Date.now() - 10_000) * 1e6}`;
    let opened = false;
    const s = new WebSocket(url);
    s.onopen = () => ((opened = true), setStatus('live'));
    s.onmessage = (e) => {
      try {
        const msg = JSON.parse(e.data as string) as { streams?: Stream[] };
        const add = flattenStreams(msg.streams ?? []);
        if (add.length > 0) setLines((old) => [...add, ...old].slice(0, 1000));
      } catch {
        setWhy('the server sent a message that is not Loki tail JSON');
      }
    };
    s.onclose = (e) => {
      setStatus(opened ? 'closed' : 'unavailable');
      if (e.reason) setWhy(e.reason);
    };
    return () => s.close();
  }, [query]);
  return (
    <div>
      <div class={status === 'unavailable' ? 'notice' : 'muted small'} role="status" data-testid="tail-status">
        {status === 'connecting' && 'Connecting to the live tail…'}
        {status === 'live' && `Live: ${lines.length} lines (newest first)`}
        {status === 'closed' && `The live tail closed${why ? `: ${why}` : ''}.`}
        {status === 'unavailable' && `Live tail is not available on this server yet (/loki/api/v1/tail did not accept a WebSocket)${why ? `: ${why}` : ''}.`}
      </div>
      {lines.length > 0 && <LogList lines={lines} query={query} />}
    </div>
  );
}
