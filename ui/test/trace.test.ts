import { describe, expect, it } from 'vitest';
import { buildTree, criticalPath, serviceColor, visibleRows, type JaegerSpan, type JaegerTrace } from '../src/lib/trace';

function span(id: string, parent: string | null, start: number, duration: number, pid = 'p1', error = false): JaegerSpan {
  return {
    traceID: 't',
    spanID: id,
    operationName: `op-${id}`,
    references: parent ? [{ refType: 'CHILD_OF', traceID: 't', spanID: parent }] : [],
    startTime: start,
    duration,
    tags: error ? [{ key: 'error', value: true }] : [],
    logs: [],
    processID: pid,
  };
}

// root 0..100; a 10..40; b 30..90 (child c 35..80); d 92..95
const trace: JaegerTrace = {
  traceID: 't',
  spans: [span('root', null, 0, 100), span('b', 'root', 30, 60, 'p2'), span('a', 'root', 10, 30), span('c', 'b', 35, 45, 'p2', true), span('d', 'root', 92, 3)],
  processes: { p1: { serviceName: 'gateway', tags: [] }, p2: { serviceName: 'payment', tags: [] } },
};

describe('buildTree', () => {
  it('links children, sorts by start, counts errors and services', () => {
    const t = buildTree(trace);
    expect(t.roots.map((r) => r.span.spanID)).toEqual(['root']);
    expect(t.roots[0].children.map((c) => c.span.spanID)).toEqual(['a', 'b', 'd']);
    expect(t.byId.get('c')!.depth).toBe(2);
    expect(t.errorCount).toBe(1);
    expect(t.services).toEqual(['gateway', 'payment']);
    expect([t.start, t.end]).toEqual([0, 100]);
  });
  it('makes orphans roots', () => {
    const t = buildTree({ ...trace, spans: [span('x', 'missing', 0, 5)] });
    expect(t.roots.map((r) => r.span.spanID)).toEqual(['x']);
  });
});

describe('visibleRows', () => {
  it('lists depth-first and hides collapsed subtrees', () => {
    const t = buildTree(trace);
    expect(visibleRows(t, new Set()).map((n) => n.span.spanID)).toEqual(['root', 'a', 'b', 'c', 'd']);
    expect(visibleRows(t, new Set(['b'])).map((n) => n.span.spanID)).toEqual(['root', 'a', 'b', 'd']);
  });
});

describe('criticalPath', () => {
  it('follows the last-finishing child backwards', () => {
    const segs = criticalPath(buildTree(trace)).map((s) => [s.spanID, s.start, s.end]);
    expect(segs).toEqual([
      ['root', 0, 10],
      ['a', 10, 30],
      ['b', 30, 35],
      ['c', 35, 80],
      ['b', 80, 90],
      ['root', 90, 92],
      ['d', 92, 95],
      ['root', 95, 100],
    ]);
  });
  it('covers the whole trace without overlaps', () => {
    const segs = criticalPath(buildTree(trace));
    let t = 0;
    for (const s of segs) {
      expect(s.start).toBe(t);
      t = s.end;
    }
    expect(t).toBe(100);
  });
});

it('gives a service the same colour every time', () => {
  expect(serviceColor('payment')).toBe(serviceColor('payment'));
});
