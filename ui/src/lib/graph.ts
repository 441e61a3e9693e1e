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
  // Longest-path depth over the graph without its back edges (found by DFS), so a cycle such as
  // order → payment → order does not push nodes right forever.
  const depth = new Map<string, number>();
  const onStack = new Set<string>();
  const done = new Set<string>();
  const forward = new Map<string, string[]>();
  const dfs = (n: string) => {
    onStack.add(n);
    for (const c of children.get(n) ?? []) {
      if (onStack.has(c)) continue; // back edge
      (forward.get(n) ?? forward.set(n, []).get(n)!).push(c);
      if (!done.has(c)) dfs(c);
    }
    onStack.delete(n);
    done.add(n);
  };
  const roots = [...nodes].filter((n) => !indegree.get(n)).sort();
  for (const r of roots) if (!done.has(r)) dfs(r);
  for (const n of [...nodes].sort()) if (!done.has(n)) dfs(n);
  const incoming = new Map<string, string[]>();
  for (const [p, cs] of forward) for (const c of cs) (incoming.get(c) ?? incoming.set(c, []).get(c)!).push(p);
  const depthOf = (n: string): number => {
    const known = depth.get(n);
    if (known !== undefined) return known;
    const d = Math.max(0, ...(incoming.get(n) ?? []).map((p) => depthOf(p) + 1));
    depth.set(n, d);
    return d;
  };
  for (const n of nodes) depthOf(n);
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
