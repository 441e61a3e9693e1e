// What the PromQL input should suggest at the cursor: metric names, label names inside braces,
// or the values of one label after `label="`. Pure, so it is unit-tested; the input fetches the
// candidates from /api/v1/label/__name__/values, /api/v1/labels and /api/v1/label/<n>/values.

export type CompletionContext =
  | { kind: 'metric'; prefix: string; from: number }
  | { kind: 'label'; prefix: string; from: number; metric: string | null }
  | { kind: 'value'; label: string; prefix: string; from: number; metric: string | null }
  | { kind: 'none' };

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless']);

export function completionContext(text: string, cursor: number): CompletionContext {
  const before = text.slice(0, cursor);
  // Inside a string: a label value if it follows `label=` / `label=~` inside braces.
  const quotes = (before.match(/(?<!\\)"/g) ?? []).length;
  const openBrace = before.lastIndexOf('{');
  const closeBrace = before.lastIndexOf('}');
  const inBraces = openBrace > closeBrace;
  const metric = inBraces ? metricBefore(before.slice(0, openBrace)) : null;
  if (quotes % 2 === 1) {
    const m = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)$/.exec(before);
    if (m && inBraces) return { kind: 'value', label: m[1], prefix: m[3], from: cursor - m[3].length, metric };
    return { kind: 'none' };
  }
  const word = /[a-zA-Z_:][a-zA-Z0-9_:]*$/.exec(before);
  const prefix = word ? word[0] : '';
  const from = cursor - prefix.length;
  if (inBraces) {
    // After `{` or `,`: a label name is due.
    const lead = before.slice(openBrace + 1, from);
    if (/(^|,)\s*$/.test(lead)) return { kind: 'label', prefix, from, metric };
    return { kind: 'none' };
  }
  // Inside `by (` / `without (` / `on (`: label names.
  if (/\b(by|without|on|ignoring|group_left|group_right)\s*\(([a-zA-Z0-9_,\s]*)$/.test(before.slice(0, from) + '')) {
    return { kind: 'label', prefix, from, metric: null };
  }
  if (prefix === '' || KEYWORDS.has(prefix)) return { kind: 'none' };
  if (/\[[^\]]*$/.test(before)) return { kind: 'none' }; // inside a range like [5m
  return { kind: 'metric', prefix, from };
}

function metricBefore(s: string): string | null {
  const m = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(s);
  return m ? m[1] : null;
}

/** Candidates that start with the prefix first, then those containing it; at most `limit`. */
export function rankCandidates(candidates: string[], prefix: string, limit = 12): string[] {
  const p = prefix.toLowerCase();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    if (l.startsWith(p)) starts.push(c);
    else if (p.length > 0 && l.includes(p)) contains.push(c);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** Inserts a chosen completion; a label value gets its closing quote. Returns text and cursor. */
export function applyCompletion(text: string, ctx: CompletionContext, choice: string, cursor: number): { text: string; cursor: number } {
  if (ctx.kind === 'none') return { text, cursor };
  const insert = ctx.kind === 'value' ? choice.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"' : ctx.kind === 'label' && ctx.from > 0 && text[ctx.from - 1] === '{' ? choice : choice;
  const after = text.slice(cursor);
  const rest = ctx.kind === 'value' && after.startsWith('"') ? after.slice(1) : after;
  const out = text.slice(0, ctx.from) + insert + rest;
  return { text: out, cursor: ctx.from + insert.length };
}
