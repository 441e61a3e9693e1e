import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, sharedParams } from '../src/lib/url';

describe('hash routes', () => {
  it('defaults to the SLO overview', () => {
    expect(parseHash('')).toEqual({ page: 'slos', rest: [], params: {} });
    expect(parseHash('#/')).toEqual({ page: 'slos', rest: [], params: {} });
  });
  it('round-trips a page, path and params with awkward characters', () => {
    const q = '{service_name="api-gateway"} |= "a&b=c #1"';
    const h = formatHash('logs', [], { q, from: 'now-1h', to: 'now' });
    const r = parseHash(h);
    expect(r.page).toBe('logs');
    expect(r.params).toEqual({ q, from: 'now-1h', to: 'now' });
  });
  it('keeps path segments such as ids', () => {
    const r = parseHash(formatHash('slo', ['checkout/availability'], { span: 'x' }));
    expect(r.rest).toEqual(['checkout/availability']);
  });
  it('leaves out empty params and orders keys stably', () => {
    expect(formatHash('metrics', [], { to: 'now', q: '', from: 'now-1h', tab: undefined })).toBe('#/metrics?from=now-1h&to=now');
  });
  it('shares only the time range and service across pages', () => {
    expect(sharedParams({ from: 'now-6h', to: 'now', q: 'up', service: 'payment' })).toEqual({ from: 'now-6h', to: 'now', service: 'payment' });
  });
});
