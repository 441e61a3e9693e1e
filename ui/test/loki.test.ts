import { describe, expect, it } from 'vitest';
import { flattenStreams, levelOf, lineFields, nsToMs, streamSelector, traceIdOf, volumeQuery, volumeSeries, withMatcher } from '../src/lib/loki';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('flattenStreams', () => {
  it('merges streams newest first and reads level and trace id', () => {
    const lines = flattenStreams([
      { stream: { service_name: 'a', detected_level: 'error' }, values: [['1700000000000000002', 'boom', { trace_id: TRACE }]] },
      {
        stream: { service_name: 'b' },
        values: [
          ['1700000000000000003', '{"level":"warn","msg":"slow"}'],
          ['1700000000000000001', 'level=info msg=ok'],
        ],
      },
    ]);
    expect(lines.map((l) => l.line)).toEqual(['{"level":"warn","msg":"slow"}', 'boom', 'level=info msg=ok']);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error', 'info']);
    expect(lines[1].traceId).toBe(TRACE);
    expect(lines[0].traceId).toBeNull();
  });
  it('orders nanosecond timestamps exactly (beyond a double)', () => {
    const lines = flattenStreams([{ stream: {}, values: [['1700000000000000001', 'x'], ['1700000000000000009', 'y'], ['999', 'z']] }]);
    expect(lines.map((l) => l.line)).toEqual(['y', 'x', 'z']);
  });
});

describe('levels and trace ids', () => {
  it('maps level aliases', () => {
    expect(levelOf({ detected_level: 'WARNING' }, '')).toBe('warn');
    expect(levelOf({ severity_text: 'CRITICAL' }, '')).toBe('fatal');
    expect(levelOf({}, 'something')).toBe('unknown');
  });
  it('finds a trace id in metadata, labels or the line', () => {
    expect(traceIdOf({}, {}, `{"trace_id":"${TRACE}"}`)).toBe(TRACE);
    expect(traceIdOf({}, {}, `traceID=${TRACE.toUpperCase()}`)).toBe(TRACE);
    expect(traceIdOf({}, { trace_id: TRACE }, '')).toBe(TRACE);
    expect(traceIdOf({}, {}, 'no id here')).toBeNull();
  });
  it('converts nanoseconds to milliseconds', () => {
    expect(nsToMs('1700000000123456789')).toBeCloseTo(1700000000123.4568, 3);
  });
});

describe('fields', () => {
  it('reads JSON and logfmt lines', () => {
    const [l] = flattenStreams([{ stream: { service_name: 'a' }, values: [['1', '{"msg":"x","http":{"status":500}}']] }]);
    expect(lineFields(l)).toEqual([
      ['service_name', 'a'],
      ['msg', 'x'],
      ['http.status', '500'],
    ]);
    const [m] = flattenStreams([{ stream: {}, values: [['1', 'a=1 b="two words"']] }]);
    expect(lineFields(m)).toEqual([
      ['a', '1'],
      ['b', 'two words'],
    ]);
  });
});

describe('query building', () => {
  it('counts the user query per level for the histogram', () => {
    expect(volumeQuery('{service_name="a"} |= "x"', 60)).toBe('sum by (detected_level) (count_over_time({service_name="a"} |= "x" [60s]))');
  });
  it('orders volume series by severity', () => {
    const s = volumeSeries([
      { metric: { detected_level: 'info' }, values: [] },
      { metric: { detected_level: 'error' }, values: [] },
    ]);
    expect(s.map((x) => x.level)).toEqual(['error', 'info']);
  });
  it('adds or replaces a matcher in the selector', () => {
    expect(streamSelector('{a="1"} |= "x"')).toBe('{a="1"}');
    expect(withMatcher('{a="1", b="2"} |= "x"', 'b', '3')).toBe('{a="1", b="3"} |= "x"');
    expect(withMatcher('{a="1"}', 'c', 'q"x')).toBe('{a="1", c="q\\"x"}');
    expect(withMatcher('', 'c', 'v')).toBe('{c="v"}');
  });
});
