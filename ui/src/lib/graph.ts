// The service map's layout: services in columns by call depth (callers left of callees), so a
// request's path reads left to right as in a trace waterfall. Cycles are broken by visiting order.

export interface Edge {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
  p50Micros?: number;
  p95Micros?: number;
}

export interface Placed {
  name: string;
  column: number;
  row: number;
}

export function layout(edges: Edge[]): Placed[] {
  const nodes = new Set<string>();
  const children = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const e of edges) {
    nodes.add(e.parent);
    nodes.add(e.child);
    if (e.parent === e.child) continue;
    (children.get(e.parent) ?? children.set(e.parent, []).get(e.parent)!).push(e.child);
    indegree.set(e.child, (indegree.get(e.child) ?? 0) + 1);
  }
  const depth = new Map<string, number>();
  const roots = [...nodes].filter((n) => !indegree.get(n)).sort();
  // Longest-path depth by BFS relaxation, bounded by the node count so cycles terminate.
  const queue = (roots.length > 0 ? roots : [[...nodes].sort()[0]]).filter(Boolean).map((n) => [n, 0] as [string, number]);
  const limit = nodes.size;
  while (queue.length > 0) {
    const [n, d] = queue.shift()!;
    if ((depth.get(n) ?? -1) >= d || d > limit) continue;
    depth.set(n, d);
    for (const c of children.get(n) ?? []) queue.push([c, d + 1]);
  }
  for (const n of nodes) if (!depth.has(n)) depth.set(n, 0);
  const columns = new Map<number, string[]>();
  for (const n of [...nodes].sort()) {
    const d = depth.get(n)!;
    (columns.get(d) ?? columns.set(d, []).get(d)!).push(n);
  }
  const out: Placed[] = [];
  for (const [column, names] of columns) names.forEach((name, row) => out.push({ name, column, row }));
  return out.sort((a, b) => a.column - b.column || a.row - b.row);
}
