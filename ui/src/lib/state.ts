// Routing and data-loading hooks shared by the pages.
import { useEffect, useState } from 'preact/hooks';
import { formatHash, parseHash, sharedParams, type Route } from './url';
import { DEFAULT_RANGE, type TimeRange } from './time';

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** A link to a page that keeps the shared params (time range, service) of the current route. */
export function link(page: string, rest: string[] = [], params: Record<string, string | undefined> = {}, keep = true): string {
  const current = keep ? sharedParams(parseHash(location.hash).params) : {};
  return formatHash(page, rest, { ...current, ...params });
}

/** Changes the route: a new history entry (so Back undoes it), or a replacement for typing. */
export function navigate(hash: string, replace = false) {
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/** Updates some params of the current route. */
export function setParams(update: Record<string, string | undefined>, replace = false) {
  const r = parseHash(location.hash);
  navigate(formatHash(r.page, r.rest, { ...r.params, ...update }), replace);
}

export function rangeOf(route: Route): TimeRange {
  return { from: route.params.from ?? DEFAULT_RANGE.from, to: route.params.to ?? DEFAULT_RANGE.to };
}

export interface Async<T> {
  loading: boolean;
  data: T | undefined;
  error: Error | undefined;
}

/**
 * Runs `load` when `deps` change and keeps the last data while reloading (no flicker on refresh);
 * an answer to an outdated request is dropped so a slow query never overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[], refreshMs = 0): Async<T> & { reload: () => void } {
  const [state, setState] = useState<Async<T>>({ loading: true, data: undefined, error: undefined });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ loading: false, data, error: undefined }),
      (error: Error) => live && setState((s) => ({ loading: false, data: s.data, error })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  useEffect(() => {
    if (refreshMs <= 0) return;
    const t = setInterval(() => setTick((x) => x + 1), refreshMs);
    return () => clearInterval(t);
  }, [refreshMs]);
  return { ...state, reload: () => setTick((x) => x + 1) };
}
