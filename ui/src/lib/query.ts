// Query building: the trace search form as TraceQL and as Jaeger parameters, the PromQL behind an
// SLO's charts, and the LogQL/TraceQL behind "show me the failing requests" links.

export interface TraceForm {
  service?: string;
  operation?: string;
  tags?: string; // "http.status_code=500 error=true", logfmt-style
  minDuration?: string; // "100ms"
  maxDuration?: string;
  status?: '' | 'error' | 'ok';
}

function quote(v: string): string {
  return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** `key=value key2="a b"` pairs; a bare word is ignored. */
export function parseTags(text: string | undefined): [string, string][] {
  const out: [string, string][] = [];
  if (!text) return out;
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const v = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2];
    out.push([m[1], v]);
  }
  return out;
}

/** The form as TraceQL, so the user can switch to the query language and refine it. */
export function formToTraceQl(f: TraceForm): string {
  const parts: string[] = [];
  if (f.service) parts.push(`resource.service.name = ${quote(f.service)}`);
  if (f.operation) parts.push(`name = ${quote(f.operation)}`);
  for (const [k, v] of parseTags(f.tags)) {
    // A bare key looks at span and resource attributes alike, as Jaeger's tags do.
    const key = /^(span|resource|event)\./.test(k) || k.startsWith('.') ? k : `.${k}`;
    parts.push(/^-?\d+(\.\d+)?$/.test(v) || v === 'true' || v === 'false' ? `${key} = ${v}` : `${key} = ${quote(v)}`);
  }
  if (f.minDuration) parts.push(`duration >= ${f.minDuration}`);
  if (f.maxDuration) parts.push(`duration <= ${f.maxDuration}`);
  if (f.status === 'error') parts.push('status = error');
  if (f.status === 'ok') parts.push('status != error');
  return parts.length === 0 ? '{ }' : `{ ${parts.join(' && ')} }`;
}

/** Jaeger's /api/traces parameters for the form (start/end in µs). */
export function jaegerSearchParams(f: TraceForm, startMs: number, endMs: number, limit = 50): Record<string, string> {
  const p: Record<string, string> = {
    start: String(Math.round(startMs * 1000)),
    end: String(Math.round(endMs * 1000)),
    limit: String(limit),
  };
  if (f.service) p.service = f.service;
  if (f.operation) p.operation = f.operation;
  const tags: Record<string, string> = Object.fromEntries(parseTags(f.tags));
  if (f.status === 'error') tags.error = 'true';
  if (Object.keys(tags).length > 0) p.tags = JSON.stringify(tags);
  if (f.minDuration) p.minDuration = f.minDuration;
  if (f.maxDuration) p.maxDuration = f.maxDuration;
  return p;
}

/** The recording-rule series Vigil's SLO rules write, for one SLO's charts (objective in %). */
export function sloQueries(id: string, objectivePercent: number) {
  const sel = `{sloth_id=${quote(id)}}`;
  const budget = (100 - objectivePercent) / 100;
  return {
    sli: `1 - slo:sli_error:ratio_rate5m${sel}`,
    burnRate: (w: string) => `slo:sli_error:ratio_rate${w}${sel} / ${budget}`,
    budgetRemaining: `slo:period_error_budget_remaining:ratio${sel}`,
    alerts: `ALERTS${sel}`,
  };
}

/** Where an SLO's failing requests can be found: from the selectors in its SLI queries. */
export interface SloTarget {
  service: string;
  route?: string;
}

/**
 * Reads the service (and HTTP route) from an SLO's SLI query: `job="shop/api-gateway"` names the
 * OpenTelemetry service `api-gateway` in namespace `shop` (Prometheus' OTLP mapping), and
 * `service_name` or `http_route` matchers are taken as they are. Falls back to the SLO's service.
 */
export function sloTarget(queries: string[], fallbackService: string): SloTarget {
  let service: string | undefined;
  let route: string | undefined;
  for (const q of queries) {
    const job = /\bjob\s*=\s*"([^"]+)"/.exec(q);
    if (job && !service) service = job[1].includes('/') ? job[1].slice(job[1].lastIndexOf('/') + 1) : job[1];
    const sn = /\bservice_name\s*=\s*"([^"]+)"/.exec(q);
    if (sn && !service) service = sn[1];
    const r = /\bhttp_route\s*=\s*"([^"]+)"/.exec(q);
    if (r && !route) route = r[1];
  }
  return { service: service ?? fallbackService, route };
}

/** TraceQL for the failing requests of an SLO target. */
export function failingTracesQuery(t: SloTarget): string {
  // The route is left out on purpose: an error span deeper in the trace may not carry it.
  return `{ resource.service.name = ${quote(t.service)} && status = error }`;
}

/** LogQL for the error lines of a service. */
export function errorLogsQuery(service: string): string {
  return `{service_name=${quote(service)}, detected_level=~"error|fatal"}`;
}

export function serviceLogsQuery(service: string): string {
  return `{service_name=${quote(service)}}`;
}

/** LogQL for the lines of one trace (the index keeps trace ids as keywords). */
export function traceLogsQuery(traceId: string): string {
  return `{service_name=~".+"} |= ${quote(traceId)}`;
}
