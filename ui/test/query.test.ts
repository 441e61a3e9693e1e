import { describe, expect, it } from 'vitest';
import { applyCompletion, completionContext, rankCandidates } from '../src/lib/complete';
import { layout } from '../src/lib/graph';
import { errorLogsQuery, failingTracesQuery, formToTraceQl, jaegerSearchParams, parseTags, sloQueries, sloTarget } from '../src/lib/query';
import { formatMatcher, matchersForAlert, parseMatchers, silenceMatches } from '../src/lib/silence';
import { periodText, sortSlos, type Slo } from '../src/lib/slo';

describe('trace search', () => {
  it('turns the form into TraceQL', () => {
    expect(formToTraceQl({})).toBe('{ }');
    expect(formToTraceQl({ service: 'payment', operation: 'POST /pay', tags: 'http.response.status_code=500 peer="a b"', minDuration: '100ms', status: 'error' })).toBe(
      '{ resource.service.name = "payment" && name = "POST /pay" && .http.response.status_code = 500 && .peer = "a b" && duration >= 100ms && status = error }',
    );
  });
  it('turns the form into Jaeger parameters', () => {
    const p = jaegerSearchParams({ service: 's', tags: 'a=1', status: 'error' }, 1000, 2000, 20);
    expect(p).toEqual({ start: '1000000', end: '2000000', limit: '20', service: 's', tags: '{"a":"1","error":"true"}' });
  });
  it('parses tags', () => {
    expect(parseTags('a=1 b="x \\"y\\"" junk')).toEqual([
      ['a', '1'],
      ['b', 'x "y"'],
    ]);
  });
});

describe('SLO links', () => {
  it('finds the service and route in the SLI queries', () => {
    const t = sloTarget(['sum(rate(x{job="shop/api-gateway",http_route="/api/checkout"}[5m]))'], 'checkout');
    expect(t).toEqual({ service: 'api-gateway', route: '/api/checkout' });
    expect(sloTarget([], 'checkout')).toEqual({ service: 'checkout', route: undefined });
    expect(failingTracesQuery(t)).toBe('{ resource.service.name = "api-gateway" && status = error }');
    expect(errorLogsQuery('api-gateway')).toBe('{service_name="api-gateway", detected_level=~"error|fatal"}');
  });
  it('builds the burn-rate query from the objective', () => {
    expect(sloQueries('a-b', 99.5).burnRate('1h')).toBe('slo:sli_error:ratio_rate1h{sloth_id="a-b"} / 0.005');
  });
  it('sorts SLOs worst first', () => {
    const base = { service: 's', name: 'n', objective: 99, period: 'P30D', windows: {}, sli: null, currentBurnRate: null } as const;
    const slos: Slo[] = [
      { ...base, id: 'ok-full', state: 'ok', errorBudgetRemaining: 0.9 },
      { ...base, id: 'ticket', state: 'ticket', errorBudgetRemaining: 0.95 },
      { ...base, id: 'ok-low', state: 'ok', errorBudgetRemaining: 0.1 },
      { ...base, id: 'page', state: 'page', errorBudgetRemaining: 0.5 },
      { ...base, id: 'ok-nodata', state: 'ok', errorBudgetRemaining: null },
    ];
    expect(sortSlos(slos).map((s) => s.id)).toEqual(['page', 'ticket', 'ok-low', 'ok-full', 'ok-nodata']);
  });
  it('prints periods as Sloth does', () => {
    expect(periodText('PT672H')).toBe('28d');
    expect(periodText('P30D')).toBe('30d');
    expect(periodText('PT1H30M')).toBe('5400s');
  });
});

describe('silences', () => {
  it('parses and prints matchers', () => {
    const ms = parseMatchers('{alertname="X", severity=~"page|ticket", job!="a\\"b", env!~dev.*}');
    expect(ms).toEqual([
      { name: 'alertname', value: 'X', isRegex: false, isEqual: true },
      { name: 'severity', value: 'page|ticket', isRegex: true, isEqual: true },
      { name: 'job', value: 'a"b', isRegex: false, isEqual: false },
      { name: 'env', value: 'dev.*', isRegex: true, isEqual: false },
    ]);
    expect(ms.map(formatMatcher).join(', ')).toBe('alertname="X", severity=~"page|ticket", job!="a\\"b", env!~"dev.*"');
  });
  it('says what it cannot read', () => {
    expect(() => parseMatchers('alertname')).toThrow(/cannot read the matcher/);
    expect(() => parseMatchers('')).toThrow(/at least one/);
  });
  it('matches alerts', () => {
    const s = { id: '1', matchers: parseMatchers('alertname="X", severity=~"p.*"'), startsAt: '', endsAt: '', createdBy: '', comment: '', status: { state: 'active' } };
    expect(silenceMatches(s, { alertname: 'X', severity: 'page' })).toBe(true);
    expect(silenceMatches(s, { alertname: 'X', severity: 'ticket' })).toBe(false);
    expect(matchersForAlert({ alertname: 'X', severity: 'page', instance: 'i' })).toBe('alertname="X", severity="page"');
  });
});

describe('PromQL completion', () => {
  it('suggests metric names at a word', () => {
    expect(completionContext('sum(rate(http_se', 16)).toEqual({ kind: 'metric', prefix: 'http_se', from: 9 });
  });
  it('suggests label names after { and ,', () => {
    expect(completionContext('up{jo', 5)).toEqual({ kind: 'label', prefix: 'jo', from: 3, metric: 'up' });
    expect(completionContext('up{job="a", ', 12)).toMatchObject({ kind: 'label', prefix: '' });
    expect(completionContext('sum by (jo', 10)).toMatchObject({ kind: 'label', prefix: 'jo' });
  });
  it('suggests label values inside quotes', () => {
    expect(completionContext('up{job="api', 11)).toEqual({ kind: 'value', label: 'job', prefix: 'api', from: 8, metric: 'up' });
  });
  it('stays quiet in ranges and after keywords', () => {
    expect(completionContext('rate(up[5', 9)).toEqual({ kind: 'none' });
    expect(completionContext('a and', 5)).toEqual({ kind: 'none' });
  });
  it('ranks prefix matches first', () => {
    expect(rankCandidates(['b_http', 'http_a', 'up'], 'http')).toEqual(['http_a', 'b_http']);
  });
  it('applies a value with its closing quote', () => {
    const ctx = completionContext('up{job="ap', 10);
    expect(applyCompletion('up{job="ap', ctx, 'api', 10)).toEqual({ text: 'up{job="api"', cursor: 12 });
  });
});

describe('service map layout', () => {
  it('puts callers left of callees and survives cycles', () => {
    const p = layout([
      { parent: 'gw', child: 'order', callCount: 1, errorCount: 0 },
      { parent: 'order', child: 'payment', callCount: 1, errorCount: 0 },
      { parent: 'gw', child: 'auth', callCount: 1, errorCount: 0 },
      { parent: 'payment', child: 'order', callCount: 1, errorCount: 0 },
    ]);
    const col = Object.fromEntries(p.map((x) => [x.name, x.column]));
    expect(col.gw).toBe(0);
    expect(col.auth).toBe(1);
    expect(col.order).toBe(1);
    expect(col.payment).toBe(2);
  });
});

import { examples } from '../src/pages/Metrics';

describe('metrics examples', () => {
  it('are plain without a service filter', () => {
    expect(examples()[0]).toBe('sum by (job) (rate(http_server_request_duration_seconds_count[5m]))');
  });
  it('narrow to the filtered service, quoting safely', () => {
    const e = examples('pay"ment');
    expect(e[0]).toContain('{job=~".*/payment"}');
    expect(e[2]).toContain(',service_name="payment"}');
    expect(e).toHaveLength(4);
  });
});
