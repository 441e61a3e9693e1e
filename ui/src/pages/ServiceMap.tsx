import { getData } from '../lib/api';
import { layout, type Edge } from '../lib/graph';
import { formatNumber, formatPercent } from '../lib/prom';
import { link, rangeOf, setParams, useAsync } from '../lib/state';
import { formatDuration, resolveRange } from '../lib/time';
import { serviceColor } from '../lib/trace';
import type { Route } from '../lib/url';
import { Empty, ErrorBox, Loading } from '../components/States';
import { errorLogsQuery } from '../lib/query';

const W = 190;

function formatRate(perSecond: number): string {
  return perSecond >= 1 ? `${formatNumber(perSecond)} req/s` : `${formatNumber(perSecond * 60)} req/min`;
}

const H = 46;
const GX = 250;
const GY = 36;

export function ServiceMapPage({ route }: { route: Route }) {
  const range = rangeOf(route);
  const deps = useAsync(async () => {
    const r = resolveRange(range, Date.now());
    const edges = await getData<Edge[]>('/api/dependencies', { endTs: Math.round(r.end), lookback: Math.round(r.end - r.start) });
    return { edges, seconds: (r.end - r.start) / 1000 };
  }, [range.from, range.to], 30_000);
  const selected = route.params.service;
  if (deps.error) return <ErrorBox error={deps.error} what="the service map" />;
  if (!deps.data) return <Loading what="the service map" />;
  const { edges, seconds } = deps.data;
  if (edges.length === 0) return <Empty>No calls between services in this time range: the map is drawn from traces whose spans cross services.</Empty>;
  const placed = layout(edges);
  const pos = new Map(placed.map((p) => [p.name, { x: 20 + p.column * (W + GX), y: 20 + p.row * (H + GY) }]));
  const width = Math.max(...placed.map((p) => pos.get(p.name)!.x)) + W + 20;
  const height = Math.max(...placed.map((p) => pos.get(p.name)!.y)) + H + 20;
  return (
    <section aria-labelledby="h-map">
      <div class="page-head">
        <h1 id="h-map">Service map</h1>
        <span class="muted small">Edges: requests per second · error rate · p95. Click a service to filter every page to it.</span>
      </div>
      <div class="map-wrap">
        <svg width={width} height={height} role="img" aria-label="Service dependency graph" data-testid="service-map">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" class="arrow" />
            </marker>
          </defs>
          {edges.map((e) => {
            const a = pos.get(e.parent)!;
            const b = pos.get(e.child)!;
            const x1 = a.x + W;
            const y1 = a.y + H / 2;
            const x2 = b.x;
            const y2 = b.y + H / 2;
            const err = e.callCount > 0 ? e.errorCount / e.callCount : 0;
            const mx = (x1 + x2) / 2;
            const cls = err >= 0.05 ? 'edge bad' : err > 0 ? 'edge warn' : 'edge';
            return (
              <g key={`${e.parent}>${e.child}`} class={cls}>
                <path d={`M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`} fill="none" marker-end="url(#arrow)" />
                <text x={mx} y={(y1 + y2) / 2 - 5} text-anchor="middle" paint-order="stroke">
                  {formatRate(e.callCount / seconds)} · {formatPercent(err, 1)}
                  {e.p95Micros !== undefined ? ` · ${formatDuration(e.p95Micros / 1000)}` : ''}
                </text>
              </g>
            );
          })}
          {placed.map((p) => {
            const { x, y } = pos.get(p.name)!;
            return (
              <g
                key={p.name}
                class={`node ${selected === p.name ? 'selected' : ''}`}
                tabIndex={0}
                role="button"
                aria-label={`Filter to ${p.name}`}
                onClick={() => setParams({ service: selected === p.name ? undefined : p.name })}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setParams({ service: selected === p.name ? undefined : p.name })}
              >
                <rect x={x} y={y} width={W} height={H} rx={8} />
                <rect x={x} y={y} width={6} height={H} rx={3} fill={serviceColor(p.name)} />
                <text x={x + 16} y={y + H / 2 + 5}>
                  {p.name}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      {selected && (
        <div class="card" data-testid="service-links">
          <strong>{selected}</strong>:{' '}
          <a href={link('traces', [], { service: selected })}>traces</a> · <a href={link('traces', [], { service: selected, status: 'error' })}>error traces</a> ·{' '}
          <a href={link('logs', [], { q: errorLogsQuery(selected) })}>error logs</a> · <a href={link('slos', [], { service: selected })}>SLOs</a> · <a href={link('alerts', [], { service: selected })}>alerts</a> ·{' '}
          <a href={link('metrics', [], { q: `sum by (http_route) (rate(http_server_request_duration_seconds_count{job=~".*/${selected}"}[5m]))` })}>request rate</a>
        </div>
      )}
    </section>
  );
}
