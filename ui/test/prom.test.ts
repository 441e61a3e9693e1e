import { describe, expect, it } from 'vitest';
import { alignMatrix, exemplarPoints, formatNumber, formatPercent, intervals, seriesName, vectorTable, type ExemplarSeries } from '../src/lib/prom';

describe('seriesName', () => {
  it('prints series as Prometheus does, labels sorted', () => {
    expect(seriesName({ __name__: 'up', job: 'b', instance: 'a' })).toBe('up{instance="a", job="b"}');
    expect(seriesName({ job: 'x' })).toBe('{job="x"}');
    expect(seriesName({})).toBe('{}');
  });
});

describe('alignMatrix', () => {
  it('puts series on one time axis with null for gaps', () => {
    const a = alignMatrix([
      { metric: { job: 'a' }, values: [[10, '1'], [20, '2']] },
      { metric: { job: 'b' }, values: [[20, '5'], [30, 'NaN']] },
    ]);
    expect(a.data).toEqual([
      [10, 20, 30],
      [1, 2, null],
      [null, 5, null],
    ]);
    expect(a.names).toEqual(['{job="a"}', '{job="b"}']);
  });
  it('handles 50,000 points quickly', () => {
    const values: [number, string][] = Array.from({ length: 5000 }, (_, i) => [i, String(Math.sin(i))]);
    const series = Array.from({ length: 10 }, (_, j) => ({ metric: { j: String(j) }, values }));
    const t0 = performance.now();
    const a = alignMatrix(series);
    expect(a.data.length).toBe(11);
    expect(a.data[0].length).toBe(5000);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('vectorTable', () => {
  it('tabulates an instant vector', () => {
    const t = vectorTable({ resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'x' }, value: [1, '1'] }] });
    expect(t.columns).toEqual(['__name__', 'job']);
    expect(t.rows[0].value).toBe('1');
  });
  it('tabulates a scalar', () => {
    expect(vectorTable({ resultType: 'scalar', result: [1, '42'] }).rows[0].value).toBe('42');
  });
});

describe('intervals', () => {
  it('splits runs at gaps longer than a step and a half', () => {
    const iv = intervals([{ metric: { alertstate: 'firing' }, values: [[0, '1'], [15, '1'], [30, '1'], [90, '1'], [105, '1']] }], 15);
    expect(iv.map((i) => [i.start, i.end])).toEqual([
      [90, 105],
      [0, 30],
    ]);
  });
});

describe('numbers', () => {
  it.each([
    [0, '0'],
    [1234567, '1.23M'],
    [0.000123, '123µ'],
    [42, '42'],
    [-1500, '-1.5k'],
    [Infinity, '+Inf'],
    [null, '–'],
  ])('%s → %s', (v, s) => expect(formatNumber(v as number)).toBe(s));
  it('formats ratios as percentages', () => {
    expect(formatPercent(0.995, 1)).toBe('99.5%');
    expect(formatPercent(null)).toBe('–');
  });
});

describe('exemplarPoints', () => {
  const data: ExemplarSeries[] = [
    {
      seriesLabels: { __name__: 'latency_bucket', le: '0.5' },
      exemplars: [
        { labels: { trace_id: 'aa', span_id: '01' }, value: '0.3', timestamp: 20 },
        { labels: { trace_id: 'bb' }, value: 'NaN', timestamp: 21 },
      ],
    },
    {
      seriesLabels: { __name__: 'latency_bucket', le: '+Inf' },
      exemplars: [
        { labels: { trace_id: 'cc', span_id: '02' }, value: '7', timestamp: 10 },
        { labels: { user: 'u' }, value: '9', timestamp: 30 },
      ],
    },
  ];
  it('flattens series in time order, drops values that cannot be drawn, keeps trace ids', () => {
    const p = exemplarPoints(data);
    expect(p.map((x) => [x.t, x.value, x.traceId])).toEqual([
      [10, 7, 'cc'],
      [20, 0.3, 'aa'],
      [30, 9, null],
    ]);
    expect(p[1].series).toBe('latency_bucket{le="0.5"}');
    expect(p[1].spanId).toBe('01');
  });
  it('keeps the highest values when capped', () => {
    expect(exemplarPoints(data, 2).map((x) => x.value)).toEqual([7, 9]);
  });
});
