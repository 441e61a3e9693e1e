// A Jaeger-format trace as a span tree: the waterfall's rows, service colours and critical path.

export interface KeyValue {
  key: string;
  type?: string;
  value: unknown;
}
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number; // µs
  duration: number; // µs
  tags: KeyValue[];
  logs: { timestamp: number; fields: KeyValue[] }[];
  processID: string;
}
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: KeyValue[] }>;
}

export interface SpanNode {
  span: JaegerSpan;
  service: string;
  start: number; // µs
  end: number; // µs
  depth: number;
  children: SpanNode[];
  parent: SpanNode | null;
  error: boolean;
}

export interface TraceTree {
  roots: SpanNode[];
  byId: Map<string, SpanNode>;
  start: number;
  end: number;
  services: string[];
  spanCount: number;
  errorCount: number;
}

function isError(s: JaegerSpan): boolean {
  return s.tags.some(
    (t) => (t.key === 'error' && (t.value === true || t.value === 'true')) || (t.key === 'otel.status_code' && t.value === 'ERROR'),
  );
}

/** Builds the tree; spans whose parent is missing (not yet arrived, or sampled away) become roots. */
export function buildTree(trace: JaegerTrace): TraceTree {
  const byId = new Map<string, SpanNode>();
  for (const s of trace.spans) {
    byId.set(s.spanID, {
      span: s,
      service: trace.processes[s.processID]?.serviceName ?? 'unknown',
      start: s.startTime,
      end: s.startTime + s.duration,
      depth: 0,
      children: [],
      parent: null,
      error: isError(s),
    });
  }
  const roots: SpanNode[] = [];
  for (const n of byId.values()) {
    const ref = n.span.references.find((r) => r.refType === 'CHILD_OF' && r.traceID === n.span.traceID);
    const parent = ref ? byId.get(ref.spanID) : undefined;
    if (parent && parent !== n) {
      n.parent = parent;
      parent.children.push(n);
    } else {
      roots.push(n);
    }
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.start - b.start || a.span.spanID.localeCompare(b.span.spanID);
  roots.sort(byStart);
  const services: string[] = [];
  let start = Infinity;
  let end = -Infinity;
  let errorCount = 0;
  const stack: SpanNode[] = [...roots];
  for (const r of roots) r.depth = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.children.sort(byStart);
    for (const c of n.children) {
      c.depth = n.depth + 1;
      stack.push(c);
    }
    if (!services.includes(n.service)) services.push(n.service);
    start = Math.min(start, n.start);
    end = Math.max(end, n.end);
    if (n.error) errorCount++;
  }
  return { roots, byId, start, end, services: services.sort(), spanCount: byId.size, errorCount };
}

/** Rows of the waterfall in depth-first order, skipping the descendants of collapsed spans. */
export function visibleRows(tree: TraceTree, collapsed: Set<string>): SpanNode[] {
  const out: SpanNode[] = [];
  const walk = (n: SpanNode) => {
    out.push(n);
    if (!collapsed.has(n.span.spanID)) for (const c of n.children) walk(c);
  };
  for (const r of tree.roots) walk(r);
  return out;
}

export interface Segment {
  spanID: string;
  start: number;
  end: number;
}

/**
 * The critical path (as Jaeger computes it): from the end of a span backwards, the child that
 * finished last before the cursor is on the path; time not covered by such a child is the span's
 * own. The result is the segments that, chained, explain the trace's total duration.
 */
export function criticalPath(tree: TraceTree): Segment[] {
  const out: Segment[] = [];
  const visit = (n: SpanNode, limit: number) => {
    let cursor = Math.min(n.end, limit);
    const kids = [...n.children].sort((a, b) => b.end - a.end);
    for (const c of kids) {
      if (c.start >= cursor || c.end <= n.start) continue;
      const childEnd = Math.min(c.end, cursor);
      if (cursor > childEnd) out.push({ spanID: n.span.spanID, start: childEnd, end: cursor });
      visit(c, childEnd);
      cursor = Math.max(c.start, n.start);
      if (cursor <= n.start) break;
    }
    if (cursor > n.start) out.push({ spanID: n.span.spanID, start: n.start, end: cursor });
  };
  // The root that ends last bounds the trace; other roots are detached fragments.
  const root = [...tree.roots].sort((a, b) => b.end - a.end)[0];
  if (root) visit(root, root.end);
  return out.sort((a, b) => a.start - b.start);
}

const PALETTE = ['#4e9cf5', '#f2a93b', '#53c27a', '#c77dff', '#e5534b', '#2fb8c4', '#f07cb5', '#a3a948', '#8d8cf2', '#d97f4a'];

/** A stable colour per service name (hash, not position: the same service keeps its colour). */
export function serviceColor(service: string): string {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length];
}

export function tagValue(tags: KeyValue[], key: string): string | undefined {
  const t = tags.find((x) => x.key === key);
  return t === undefined ? undefined : String(t.value);
}
