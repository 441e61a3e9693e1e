import { useState } from 'preact/hooks';
import { getData } from '../lib/api';
import { formToTraceQl, type TraceForm } from '../lib/query';
import { link, navigate, rangeOf, setParams, useAsync } from '../lib/state';
import { formatDuration, formatTimestamp, resolveRange } from '../lib/time';
import { formatHash, type Route } from '../lib/url';
import { serviceColor } from '../lib/trace';
import { Empty, ErrorBox, Loading } from '../components/States';

interface Summary {
  traceID: string;
  rootServiceName: string;
  rootTraceName: string;
  startTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
}

export function TracesPage({ route }: { route: Route }) {
  const p = route.params;
  const mode = p.mode === 'traceql' ? 'traceql' : 'form';
  const form: TraceForm = { service: p.service, operation: p.operation, tags: p.tags, minDuration: p.minDuration, maxDuration: p.maxDuration, status: (p.status as TraceForm['status']) ?? '' };
  const query = mode === 'traceql' ? (p.q ?? '{ status = error }') : formToTraceQl(form);
  const range = rangeOf(route);
  const limit = p.limit ?? '50';
  const results = useAsync(async () => {
    const r = resolveRange(range, Date.now());
    return getData<Summary[]>('/api/v1/traces/search', { q: query, start: Math.floor(r.start / 1000), end: Math.ceil(r.end / 1000), limit });
  }, [query, range.from, range.to, limit]);
  const sort = p.sort ?? 'recent';
  const list = [...(results.data ?? [])].sort((a, b) =>
    sort === 'longest' ? b.durationMs - a.durationMs : sort === 'errors' ? b.errorCount - a.errorCount : Number(BigInt(b.startTimeUnixNano) - BigInt(a.startTimeUnixNano) > 0n) * 2 - 1,
  );
  const maxMs = Math.max(1, ...list.map((t) => t.durationMs));
  return (
    <section aria-labelledby="h-traces">
      <div class="page-head">
        <h1 id="h-traces">Traces</h1>
        <div class="tabs" role="tablist">
          <button role="tab" aria-selected={mode === 'form'} class={mode === 'form' ? 'active' : ''} onClick={() => setParams({ mode: undefined, q: undefined })}>
            Search
          </button>
          <button role="tab" aria-selected={mode === 'traceql'} class={mode === 'traceql' ? 'active' : ''} onClick={() => setParams({ mode: 'traceql', q: query })}>
            TraceQL
          </button>
        </div>
      </div>
      {mode === 'form' ? <SearchForm form={form} /> : <TraceQlForm q={query} />}
      <div class="muted small mono" title="The query this search runs">
        {query}
      </div>
      {results.error && <ErrorBox error={results.error} what="the traces" />}
      {results.loading && <Loading what="traces" />}
      {results.data && list.length === 0 && <Empty>No traces match in this time range.</Empty>}
      {list.length > 0 && (
        <>
          <div class="toolbar">
            <span class="muted small">{list.length} traces</span>
            <label>
              Sort{' '}
              <select value={sort} onChange={(e) => setParams({ sort: e.currentTarget.value === 'recent' ? undefined : e.currentTarget.value }, true)}>
                <option value="recent">most recent</option>
                <option value="longest">longest first</option>
                <option value="errors">most errors</option>
              </select>
            </label>
          </div>
          <table class="grid traces" data-testid="trace-results">
            <thead>
              <tr>
                <th scope="col">Trace</th>
                <th scope="col">Start</th>
                <th scope="col">Duration</th>
                <th scope="col">Spans</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.traceID} class={t.errorCount > 0 ? 'has-errors' : ''}>
                  <td>
                    <a href={link('trace', [t.traceID])}>
                      <span class="swatch" style={{ background: serviceColor(t.rootServiceName) }} />
                      {t.rootServiceName}: {t.rootTraceName}
                    </a>
                    <div class="muted small mono">{t.traceID}</div>
                  </td>
                  <td>{formatTimestamp(Number(BigInt(t.startTimeUnixNano) / 1000000n))}</td>
                  <td>
                    <div class="durbar">
                      <div style={{ width: `${(t.durationMs / maxMs) * 100}%` }} />
                    </div>
                    {formatDuration(t.durationMs)}
                  </td>
                  <td class="num">{t.spanCount}</td>
                  <td class={`num ${t.errorCount > 0 ? 'bad' : ''}`}>{t.errorCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function SearchForm({ form }: { form: TraceForm }) {
  const [f, setF] = useState<TraceForm>(form);
  const services = useAsync(() => getData<string[]>('/api/services'), []);
  const ops = useAsync(() => (f.service ? getData<string[]>(`/api/services/${encodeURIComponent(f.service)}/operations`) : Promise.resolve([])), [f.service]);
  const submit = (e: Event) => {
    e.preventDefault();
    const r = { ...f };
    setParams({ service: r.service || undefined, operation: r.operation || undefined, tags: r.tags || undefined, minDuration: r.minDuration || undefined, maxDuration: r.maxDuration || undefined, status: r.status || undefined });
  };
  return (
    <form class="form row" onSubmit={submit} aria-label="Trace search" data-testid="trace-form">
      <label>
        Service
        <select value={f.service ?? ''} onChange={(e) => setF({ ...f, service: e.currentTarget.value, operation: '' })}>
          <option value="">any</option>
          {(services.data ?? []).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Operation
        <select value={f.operation ?? ''} onChange={(e) => setF({ ...f, operation: e.currentTarget.value })} disabled={!f.service}>
          <option value="">any</option>
          {(ops.data ?? []).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Tags <input value={f.tags ?? ''} placeholder="http.response.status_code=500" onInput={(e) => setF({ ...f, tags: e.currentTarget.value })} />
      </label>
      <label>
        Min duration <input size={7} value={f.minDuration ?? ''} placeholder="100ms" onInput={(e) => setF({ ...f, minDuration: e.currentTarget.value })} />
      </label>
      <label>
        Max duration <input size={7} value={f.maxDuration ?? ''} placeholder="5s" onInput={(e) => setF({ ...f, maxDuration: e.currentTarget.value })} />
      </label>
      <label>
        Status
        <select value={f.status ?? ''} onChange={(e) => setF({ ...f, status: e.currentTarget.value as TraceForm['status'] })}>
          <option value="">any</option>
          <option value="error">error</option>
          <option value="ok">not error</option>
        </select>
      </label>
      <button type="submit" data-testid="trace-search">
        Find traces
      </button>
      {services.error && <ErrorBox error={services.error} what="the services" />}
    </form>
  );
}

function TraceQlForm({ q }: { q: string }) {
  const [text, setText] = useState(q);
  return (
    <form
      class="form row"
      onSubmit={(e) => {
        e.preventDefault();
        const t = text.trim();
        // A bare 32-hex id jumps straight to the trace.
        if (/^[0-9a-fA-F]{16,32}$/.test(t)) return navigate(formatHash('trace', [t.toLowerCase()]));
        setParams({ q: t });
      }}
    >
      <label class="grow">
        TraceQL (or a trace id) <input class="mono" data-testid="traceql" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit">Run</button>
    </form>
  );
}
