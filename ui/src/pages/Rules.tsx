import { useState } from 'preact/hooks';
import { ApiError, getData } from '../lib/api';
import { rules } from '../lib/queries';
import { useAsync } from '../lib/state';
import { formatTimestamp } from '../lib/time';
import { StateBadge } from '../components/Bits';
import { Empty, ErrorBox, Loading } from '../components/States';

interface FileStatus {
  file: string;
  format: string;
  valid: boolean;
  errors: string[];
  loadedAt: string;
}

export function RulesPage() {
  // /api/v1/rules/files is the rule-file status API; older servers only have the files inside
  // /api/v1/rules, which is used when the dedicated endpoint is missing.
  const files = useAsync(async () => {
    try {
      return (await getData<{ files: FileStatus[] }>('/api/v1/rules/files')).files;
    } catch (e) {
      if (!(e instanceof ApiError && e.notAvailable)) throw e;
      const d = await rules();
      return (d.files ?? []).map((f) => ({ file: f.file, format: '', valid: f.status === 'ok', errors: f.problems, loadedAt: '' }));
    }
  }, [], 15_000);
  const groups = useAsync(() => rules(), [], 15_000);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="h-rules">
      <div class="page-head">
        <h1 id="h-rules">Rules</h1>
      </div>
      <h2>Rule files</h2>
      {files.error && <ErrorBox error={files.error} what="the rule files" />}
      {files.loading && !files.data && <Loading />}
      {files.data && files.data.length === 0 && <Empty>No rule files are loaded (the rules directory is empty or missing).</Empty>}
      {files.data && files.data.length > 0 && (
        <table class="grid" data-testid="rule-files">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Format</th>
              <th scope="col">Status</th>
              <th scope="col">Loaded</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {files.data.map((f) => (
              <tr key={f.file} class={f.valid ? '' : 'invalid'}>
                <td class="mono">{f.file}</td>
                <td>{f.format || '–'}</td>
                <td>
                  <StateBadge state={f.valid ? 'valid' : 'invalid'} />
                </td>
                <td>{f.loadedAt ? formatTimestamp(Date.parse(f.loadedAt)) : '–'}</td>
                <td>
                  {f.errors.length === 0 ? (
                    <span class="muted">none</span>
                  ) : (
                    <ul class="errors mono">
                      {f.errors.map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Rule groups</h2>
      {groups.error && <ErrorBox error={groups.error} what="the rules" />}
      {groups.data?.loadError && <div class="error">{groups.data.loadError}</div>}
      {groups.data?.groups.map((g) => (
        <div class="card" key={g.name + g.file}>
          <button type="button" class="link" aria-expanded={open === g.name} onClick={() => setOpen(open === g.name ? null : g.name)}>
            {open === g.name ? '▾' : '▸'} <strong>{g.name}</strong> <span class="muted small">{g.file} · {g.rules.length} rules · {g.rules.filter((r) => r.health === 'err').length} failing</span>
          </button>
          {open === g.name && (
            <table class="grid">
              <tbody>
                {g.rules.map((r) => (
                  <tr key={r.name + r.query}>
                    <td>{r.type === 'alerting' ? <StateBadge state={r.state ?? 'inactive'} /> : <span class="muted small">record</span>}</td>
                    <td>{r.name}</td>
                    <td class="mono small">{r.query}</td>
                    <td>{r.health === 'err' ? <span class="bad">{r.lastError}</span> : r.health}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
