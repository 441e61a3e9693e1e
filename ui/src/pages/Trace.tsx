import { useMemo, useState } from 'preact/hooks';
import { getData } from '../lib/api';
import { flattenStreams, type Stream } from '../lib/loki';
import { link, setParams, useAsync } from '../lib/state';
import { formatDuration, formatTimestamp } from '../lib/time';
import { buildTree, criticalPath, serviceColor, tagValue, visibleRows, type JaegerTrace, type SpanNode, type TraceTree } from '../lib/trace';
import type { Route } from '../lib/url';
import { Empty, ErrorBox, Loading } from '../components/States';
import { LogList } from './Logs';

export function TracePage({ route }: { route: Route }) {
  const id = route.rest[0] ?? '';
  const trace = useAsync(() => getData<JaegerTrace[]>(`/api/traces/${encodeURIComponent(id)}`).then((d) => d[0]), [id]);
  if (trace.error) return <ErrorBox error={trace.error} what={`trace ${id}`} />;
  if (!trace.data) return <Loading what="the trace" />;
  return <TraceView trace={trace.data} selected={route.params.span} />;
}

function TraceView({ trace, selected }: { trace: JaegerTrace; selected?: string }) {
  const tree = useMemo(() => buildTree(trace), [trace]);
  const path = useMemo(() => criticalPath(tree), [tree]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  // The selected span is in the URL (replacing, not pushing: Back leaves the trace, not a click).
  const sel = selected;
  const setSel = (id: string | undefined) => setParams({ span: id }, true);
  const [showPath, setShowPath] = useState(true);
  const rows = visibleRows(tree, collapsed);
  const total = Math.max(1, tree.end - tree.start);
  const root = tree.roots[0];
  const pathBySpan = new Map<string, { start: number; end: number }[]>();
  for (const s of path) (pathBySpan.get(s.spanID) ?? pathBySpan.set(s.spanID, []).get(s.spanID)!).push(s);
  const toggle = (n: SpanNode) => {
    const c = new Set(collapsed);
    c.has(n.span.spanID) ? c.delete(n.span.spanID) : c.add(n.span.spanID);
    setCollapsed(c);
  };
  const selectedNode = sel ? tree.byId.get(sel) : undefined;
  const startMs = tree.start / 1000;
  const logsRange = { from: new Date(startMs - 60_000).toISOString(), to: new Date(tree.end / 1000 + 60_000).toISOString() };
  return (
    <section aria-labelledby="h-trace">
      <div class="page-head">
        <h1 id="h-trace">
          {root ? `${root.service}: ${root.span.operationName}` : 'Trace'} <span class="muted small mono">{trace.traceID}</span>
        </h1>
        <div class="actions">
          <a class="button" href={link('logs', [], { ...logsRange, trace: trace.traceID })} data-testid="trace-logs">
            Logs of this trace
          </a>
          <a href={link('traces')}>Search</a>
        </div>
      </div>
      <div class="cards">
        <div class="card">
          <div class="muted small">Started</div>
          {formatTimestamp(startMs)}
        </div>
        <div class="card">
          <div class="muted small">Duration</div>
          <span class="big">{formatDuration(total / 1000)}</span>
        </div>
        <div class="card">
          <div class="muted small">Spans</div>
          <span class="big">{tree.spanCount}</span>
        </div>
        <div class="card">
          <div class="muted small">Errors</div>
          <span class={`big ${tree.errorCount > 0 ? 'bad' : ''}`}>{tree.errorCount}</span>
        </div>
        <div class="card wide">
          <div class="muted small">Services</div>
          {tree.services.map((s) => (
            <span class="svc-chip" key={s}>
              <span class="swatch" style={{ background: serviceColor(s) }} />
              {s}
            </span>
          ))}
        </div>
      </div>
      <label class="inline">
        <input type="checkbox" checked={showPath} onChange={(e) => setShowPath(e.currentTarget.checked)} /> Highlight the critical path
      </label>
      <div class="waterfall" role="tree" aria-label="Spans" data-testid="waterfall">
        <div class="wf-head">
          <div class="wf-name">Service: operation</div>
          <div class="wf-time">
            {[0, 0.25, 0.5, 0.75, 1].map((f) => (
              <span key={f} style={{ left: `${f * 100}%` }}>
                {formatDuration((total * f) / 1000)}
              </span>
            ))}
          </div>
        </div>
        {rows.map((n) => {
          const left = ((n.start - tree.start) / total) * 100;
          const width = Math.max(0.2, ((n.end - n.start) / total) * 100);
          const id = n.span.spanID;
          return (
            <div
              key={id}
              role="treeitem"
              aria-level={n.depth + 1}
              aria-expanded={n.children.length > 0 ? !collapsed.has(id) : undefined}
              aria-selected={sel === id}
              tabIndex={0}
              class={`wf-row ${sel === id ? 'selected' : ''} ${n.error ? 'has-error' : ''}`}
              onClick={() => setSel(sel === id ? undefined : id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') (e.preventDefault(), setSel(sel === id ? undefined : id));
                if ((e.key === 'ArrowLeft' && !collapsed.has(id)) || (e.key === 'ArrowRight' && collapsed.has(id))) toggle(n);
              }}
            >
              <div class="wf-name" style={{ paddingLeft: `${n.depth * 14 + 4}px` }}>
                {n.children.length > 0 ? (
                  <button type="button" class="expander" tabIndex={-1} aria-label={collapsed.has(id) ? 'Expand' : 'Collapse'} onClick={(e) => (e.stopPropagation(), toggle(n))}>
                    {collapsed.has(id) ? '▸' : '▾'}
                  </button>
                ) : (
                  <span class="expander" />
                )}
                <span class="swatch" style={{ background: serviceColor(n.service) }} />
                <span class="svc">{n.service}</span> {n.span.operationName}
                {n.error && <span class="badge badge-page small">error</span>}
              </div>
              <div class="wf-time">
                <div class="wf-bar" style={{ left: `${left}%`, width: `${width}%`, background: serviceColor(n.service) }} />
                {showPath &&
                  (pathBySpan.get(id) ?? []).map((s, i) => (
                    <div key={i} class="wf-crit" style={{ left: `${((s.start - tree.start) / total) * 100}%`, width: `${Math.max(0.1, ((s.end - s.start) / total) * 100)}%` }} />
                  ))}
                <span class="wf-dur" style={{ left: `${Math.min(left + width, 92)}%` }}>
                  {formatDuration((n.end - n.start) / 1000)}
                </span>
              </div>
            </div>
          );
        })}
      </div>
      {selectedNode && <SpanDetails n={selectedNode} tree={tree} />}
      <h2>Logs of this trace</h2>
      <TraceLogs traceId={trace.traceID} />
    </section>
  );
}

function SpanDetails({ n, tree }: { n: SpanNode; tree: TraceTree }) {
  const s = n.span;
  const status = tagValue(s.tags, 'otel.status_code') ?? 'UNSET';
  const message = tagValue(s.tags, 'otel.status_description');
  const links = s.references.filter((r) => r.refType === 'FOLLOWS_FROM');
  return (
    <div class="card details" data-testid="span-details" aria-label="Span details">
      <h3>
        <span class="swatch" style={{ background: serviceColor(n.service) }} /> {n.service}: {s.operationName}
      </h3>
      <div class="muted small mono">span {s.spanID} · starts at +{formatDuration((n.start - tree.start) / 1000)} · lasts {formatDuration(s.duration / 1000)}</div>
      <p>
        Status: <b class={status === 'ERROR' ? 'bad' : ''}>{status}</b>
        {message && <> — {message}</>}
      </p>
      <h4>Attributes</h4>
      <table class="fields">
        <tbody>
          {s.tags.map((t, i) => (
            <tr key={i}>
              <th scope="row">{t.key}</th>
              <td class="mono">{String(t.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.logs.length > 0 && (
        <>
          <h4>Events</h4>
          <ul>
            {s.logs.map((l, i) => (
              <li key={i}>
                <span class="muted">+{formatDuration((l.timestamp - n.start) / 1000)}</span> {l.fields.map((f) => `${f.key}=${String(f.value)}`).join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {links.length > 0 && (
        <>
          <h4>Links</h4>
          <ul>
            {links.map((l) => (
              <li key={l.spanID}>
                <a href={link('trace', [l.traceID], { span: l.spanID })} class="mono">
                  {l.traceID} / {l.spanID}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function TraceLogs({ traceId }: { traceId: string }) {
  const logs = useAsync(
    () => getData<{ result: Stream[] }>(`/loki/api/v1/trace/${encodeURIComponent(traceId)}`).then((d) => flattenStreams(d.result)),
    [traceId],
  );
  if (logs.error) return <ErrorBox error={logs.error} what="the logs of this trace" />;
  if (!logs.data) return <Loading what="logs" />;
  if (logs.data.length === 0) return <Empty>No log lines carry this trace id.</Empty>;
  return <LogList lines={logs.data} query={`{service_name=~".+"}`} />;
}
