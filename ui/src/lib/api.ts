// Thin fetch wrappers. Every failure becomes an ApiError whose message says what failed and why,
// in the server's own words where it gave some (Prometheus, Loki and Jaeger envelopes differ).

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly path: string,
  ) {
    super(message);
  }
  /** The endpoint is not there: an API another part of Vigil has not shipped yet. */
  get notAvailable(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

/** The error text inside any of the envelopes Vigil's APIs answer with. */
export function errorMessage(body: unknown): string | null {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.error === 'string') return b.error;
    if (Array.isArray(b.errors) && b.errors.length > 0) {
      const e = b.errors[0] as Record<string, unknown>;
      if (typeof e.msg === 'string') return e.msg;
    }
    if (typeof b.message === 'string') return b.message;
  }
  return null;
}

// API tokens: when the server has tokens configured, every API call needs one. The browser
// cannot send a bearer token on navigation, so the dashboard's shell is served without one and
// asks for it here; it lives in sessionStorage (gone with the tab) and never in the URL.
const TOKEN_KEY = 'vigil.token';
export const UNAUTHORIZED_EVENT = 'vigil:unauthorized';

export function apiToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setApiToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The headers of an API call: JSON, plus the token when one was given. */
export function apiHeaders(token: string | null, extra?: HeadersInit): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (extra) new Headers(extra).forEach((v, k) => (h[k] = v));
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: apiHeaders(apiToken(), init?.headers) });
  } catch (e) {
    throw new ApiError(`cannot reach the Vigil server (${(e as Error).message})`, 0, path);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (res.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
  if (!res.ok) {
    const msg = errorMessage(body) ?? (text.trim().slice(0, 300) || res.statusText);
    throw new ApiError(`${res.status}: ${msg}`, res.status, path);
  }
  if (body === null && text !== '') throw new ApiError(`the answer from ${path} is not JSON`, res.status, path);
  const err = errorMessage(body);
  if (err && (body as Record<string, unknown>).status === 'error') throw new ApiError(err, res.status, path);
  return body as T;
}

export function qs(params: Record<string, string | number | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') sp.set(k, String(v));
  return sp.toString();
}

/** GET with query parameters, unwrapping the `data` field Prometheus, Loki and Jaeger all use. */
export async function getData<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = qs(params);
  const body = await request<{ data: T }>(q ? `${path}?${q}` : path);
  return body.data;
}
