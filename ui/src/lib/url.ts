// The whole UI state lives in the location hash ("#/logs?q=...&from=now-1h"), so every view is a
// shareable link, the back button works, and the server needs no fallback route for client paths
// (nothing the UI does can shadow an API path).

export interface Route {
  page: string; // first path segment: "slos", "slo", "alerts", "metrics", ...
  rest: string[]; // further path segments, decoded (e.g. a trace id)
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const query = q < 0 ? '' : h.slice(q + 1);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { page: segments[0] ?? 'slos', rest: segments.slice(1), params };
}

/** The hash for a route; empty params are left out so links stay short. Keys keep a stable order. */
export function formatHash(page: string, rest: string[] = [], params: Record<string, string | undefined> = {}): string {
  const path = ['', page, ...rest.map((s) => encodeURIComponent(s))].join('/');
  const sp = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== undefined && v !== '') sp.set(k, v);
  }
  const qs = sp.toString();
  return '#' + path + (qs ? '?' + qs : '');
}

/** Params that follow the user from page to page: the time range and the service filter. */
export const SHARED_PARAMS = ['from', 'to', 'service'] as const;

export function sharedParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SHARED_PARAMS) if (params[k]) out[k] = params[k];
  return out;
}
