import { useEffect, useRef, useState } from 'preact/hooks';
import { applyCompletion, completionContext, rankCandidates, type CompletionContext } from '../lib/complete';

export type Suggest = (ctx: CompletionContext) => Promise<string[]>;

/**
 * A query textarea with autocompletion: Ctrl+Enter (or Enter without Shift) runs, arrows pick a
 * suggestion, Tab or Enter takes it, Escape closes the list.
 */
export function QueryInput({ value, onRun, suggest, label, placeholder }: { value: string; onRun: (q: string) => void; suggest?: Suggest; label: string; placeholder?: string }) {
  const [text, setText] = useState(value);
  const [items, setItems] = useState<string[]>([]);
  const [sel, setSel] = useState(0);
  const [ctx, setCtx] = useState<CompletionContext>({ kind: 'none' });
  const ref = useRef<HTMLTextAreaElement>(null);
  const seq = useRef(0);
  useEffect(() => setText(value), [value]);
  const refresh = (t: string, cursor: number) => {
    if (!suggest) return;
    const c = completionContext(t, cursor);
    setCtx(c);
    if (c.kind === 'none') return setItems([]);
    const mine = ++seq.current;
    suggest(c).then(
      (cands) => {
        if (mine !== seq.current) return;
        const prefix = c.prefix;
        const ranked = rankCandidates(cands, prefix);
        setItems(ranked.length === 1 && ranked[0] === prefix ? [] : ranked);
        setSel(0);
      },
      () => setItems([]),
    );
  };
  const take = (choice: string) => {
    const el = ref.current!;
    const r = applyCompletion(text, ctx, choice, el.selectionStart);
    setText(r.text);
    setItems([]);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(r.cursor, r.cursor);
    });
  };
  return (
    <div class="query-input">
      <div class="combo">
        <textarea
          ref={ref}
          aria-label={label}
          data-testid="query"
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          value={text}
          placeholder={placeholder}
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={items.length > 0}
          aria-controls="suggestions"
          onInput={(e) => {
            setText(e.currentTarget.value);
            refresh(e.currentTarget.value, e.currentTarget.selectionStart);
          }}
          onBlur={() => setTimeout(() => setItems([]), 150)}
          onKeyDown={(e) => {
            if (items.length > 0) {
              if (e.key === 'ArrowDown') return e.preventDefault(), setSel((sel + 1) % items.length);
              if (e.key === 'ArrowUp') return e.preventDefault(), setSel((sel - 1 + items.length) % items.length);
              if (e.key === 'Tab' || (e.key === 'Enter' && !e.ctrlKey)) return e.preventDefault(), take(items[sel]);
              if (e.key === 'Escape') return e.preventDefault(), setItems([]);
            }
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              onRun(text);
            }
          }}
        />
        {items.length > 0 && (
          <ul class="suggestions" id="suggestions" role="listbox" data-testid="suggestions">
            {items.map((it, i) => (
              <li key={it} role="option" aria-selected={i === sel} class={i === sel ? 'selected' : ''} onMouseDown={(e) => (e.preventDefault(), take(it))}>
                {it}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" onClick={() => onRun(text)} data-testid="run">
        Run
      </button>
    </div>
  );
}
