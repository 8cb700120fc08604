// Reaction chips: the like toggle, a chip per reaction in use, and a palette for the rest.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { formatNumber, t, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Reactions as ReactionSummary } from '../types';
import { Icon, type IconName } from './Icon';

const REACTION_ICONS = ['like', 'heart', 'laugh', 'wow', 'sad', 'celebrate'] as const;

export function ReactionIcon({ kind, size = 18 }: { kind: string; size?: number }) {
  const name = (REACTION_ICONS as readonly string[]).includes(kind) ? (kind as IconName) : 'smile';
  return <Icon name={name} size={size} class={`r-${kind}`} />;
}

export function reactionName(kind: string): string {
  return t(`reaction_${kind}` as MessageKey);
}

interface Props {
  target: 'post' | 'comment';
  id: string;
  reactions: ReactionSummary;
  onChange?: (r: ReactionSummary) => void;
  compact?: boolean;
}

export function Reactions({ target, id, reactions, onChange, compact }: Props) {
  const { me, instance } = useSession();
  const [summary, setSummary] = useState(reactions);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const paletteRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  useEffect(() => setSummary(reactions), [reactions]);
  useEffect(() => {
    if (!open) return;
    paletteRef.current?.querySelector('button')?.focus();
    const close = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!paletteRef.current?.contains(target) && !toggleRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, [open]);

  const kinds = instance?.reaction_kinds?.length ? instance.reaction_kinds : [...REACTION_ICONS];

  async function toggle(kind: string) {
    if (!me) {
      navigate(`/login?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    if (busy) return;
    const had = summary.mine.includes(kind);
    const optimistic: ReactionSummary = {
      counts: { ...summary.counts, [kind]: Math.max(0, (summary.counts[kind] || 0) + (had ? -1 : 1)) },
      mine: had ? summary.mine.filter((k) => k !== kind) : [...summary.mine, kind],
    };
    setSummary(optimistic);
    setBusy(true);
    setFailed(false);
    try {
      const path = `/${target}s/${id}/reactions/${kind}`;
      const next = had ? await api.del<ReactionSummary>(path) : await api.put<ReactionSummary>(path);
      setSummary(next);
      onChange?.(next);
    } catch {
      setSummary(summary);
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  const shown = kinds.filter((k) => k === 'like' || (summary.counts[k] || 0) > 0);
  return (
    <div class={compact ? 'reactions compact' : 'reactions'}>
      {shown.map((k) => {
        const n = summary.counts[k] || 0;
        const mine = summary.mine.includes(k);
        return (
          <button
            type="button"
            key={k}
            class={mine ? 'chip reaction mine' : 'chip reaction'}
            aria-pressed={mine}
            aria-label={t('reaction_label', { name: reactionName(k), n: formatNumber(n) })}
            onClick={() => toggle(k)}
          >
            <ReactionIcon kind={k} />
            {n > 0 && <span class="count">{formatNumber(n)}</span>}
          </button>
        );
      })}
      <button
        type="button"
        ref={toggleRef}
        class="chip reaction add"
        aria-expanded={open}
        aria-label={t('reaction_add')}
        onClick={() => (me ? setOpen(!open) : toggle('like'))}
      >
        <Icon name="smile" size={18} />
        <span aria-hidden="true">+</span>
      </button>
      {open && (
        <div
          class="palette"
          role="group"
          aria-label={t('reaction_choose')}
          ref={paletteRef}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              toggleRef.current?.focus();
            }
          }}
        >
          {kinds.map((k) => (
            <button
              type="button"
              key={k}
              class={summary.mine.includes(k) ? 'palette-item mine' : 'palette-item'}
              aria-pressed={summary.mine.includes(k)}
              title={reactionName(k)}
              aria-label={reactionName(k)}
              onClick={() => {
                setOpen(false);
                toggle(k);
                toggleRef.current?.focus();
              }}
            >
              <ReactionIcon kind={k} size={24} />
            </button>
          ))}
        </div>
      )}
      {failed && (
        <span class="inline-error" role="alert">
          {t('reaction_failed')}
        </span>
      )}
    </div>
  );
}
