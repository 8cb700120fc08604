// A textarea that suggests #hashtags and @mentions as you type. Suggestions come from real data
// the caller provides (community members, tags of recent posts); keyboard: ↑ ↓ to move, Enter or
// Tab to take one, Escape to close.
import type { TextareaHTMLAttributes } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t, tn } from '../i18n';

export interface Suggestion {
  insert: string; // without the sigil
  label: string;
  detail?: string;
}

interface Props extends Omit<TextareaHTMLAttributes, 'value' | 'onInput' | 'onKeyDown'> {
  value: string;
  onValue: (v: string) => void;
  mentions: () => Promise<Suggestion[]>;
  tags: () => Promise<Suggestion[]>;
  onSubmitShortcut?: () => void;
}

const TOKEN = /(^|[\s(])([#@])([\p{L}\p{N}_]*)$/u;

export function AutoText({ value, onValue, mentions, tags, onSubmitShortcut, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const [token, setToken] = useState<{ sigil: string; query: string; start: number } | null>(null);
  const cache = useRef<{ '#'?: Suggestion[]; '@'?: Suggestion[] }>({});

  async function inspect() {
    const el = ref.current;
    if (!el) return;
    const before = el.value.slice(0, el.selectionStart ?? 0);
    const m = before.match(TOKEN);
    if (!m || el.selectionStart !== el.selectionEnd) {
      setToken(null);
      setItems([]);
      return;
    }
    const sigil = m[2] as '#' | '@';
    const query = m[3];
    const start = before.length - query.length - 1;
    setToken({ sigil, query, start });
    if (!cache.current[sigil]) {
      try {
        cache.current[sigil] = await (sigil === '#' ? tags() : mentions());
      } catch {
        cache.current[sigil] = [];
      }
    }
    const q = query.toLowerCase();
    const all = cache.current[sigil] || [];
    const starts = all.filter((s) => s.insert.toLowerCase().startsWith(q) || s.label.toLowerCase().startsWith(q));
    const contains = all.filter((s) => !starts.includes(s) && (s.insert.toLowerCase().includes(q) || s.label.toLowerCase().includes(q)));
    const found = [...starts, ...contains].filter((s) => s.insert.toLowerCase() !== q).slice(0, 6);
    setItems(found);
    setActive(0);
  }

  function accept(s: Suggestion) {
    const el = ref.current;
    if (!el || !token) return;
    const end = el.selectionStart ?? value.length;
    const text = `${token.sigil}${s.insert} `;
    const next = value.slice(0, token.start) + text + value.slice(end);
    onValue(next);
    setItems([]);
    setToken(null);
    const caret = token.start + text.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret, caret);
    });
  }

  useEffect(() => {
    cache.current = {};
  }, [mentions, tags]);

  const open = items.length > 0 && token !== null;
  return (
    <div class="autotext">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onInput={(e) => {
          onValue(e.currentTarget.value);
          inspect();
        }}
        onClick={inspect}
        onBlur={() => setTimeout(() => setItems([]), 150)}
        onKeyDown={(e) => {
          if (open) {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((active + 1) % items.length);
              return;
            }
            if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((active - 1 + items.length) % items.length);
              return;
            }
            if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault();
              accept(items[active]);
              return;
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              setItems([]);
              return;
            }
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onSubmitShortcut) {
            e.preventDefault();
            onSubmitShortcut();
          }
        }}
      />
      {open && (
        <ul class="suggestions" role="listbox" id={listId} aria-label={token?.sigil === '#' ? t('suggest_tags') : t('suggest_people')}>
          {items.map((s, i) => (
            <li
              key={s.insert}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              <span class="sugg-main">
                {token?.sigil}
                {s.insert}
              </span>
              {s.detail && <span class="muted sugg-detail">{s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <span class="sr-only" aria-live="polite">
        {open ? tn('suggestions', items.length) : ''}
      </span>
    </div>
  );
}
