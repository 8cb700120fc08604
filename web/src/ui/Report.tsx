// Reporting a post, reply, person or community (DSA Art. 16 notice). A modal <dialog> with the
// reasons as a radio list and an optional note. Without an account only illegal content can be
// reported, with an email address so the moderators can answer.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { REPORT_CATEGORIES, type ReportCategory, type TargetType } from '../types';
import { Icon } from './Icon';
import { fieldError, FormError } from './States';

interface Props {
  targetType: TargetType;
  targetId: string;
  /** What the button says; defaults to "Report". */
  label?: string;
  /** Button style: a quiet text button (threads) or a regular small button. */
  variant?: 'link' | 'button';
}

export function ReportButton({ targetType, targetId, label, variant = 'button' }: Props) {
  const { has } = useSession();
  const [open, setOpen] = useState(false);
  if (!has('reports')) return null;
  return (
    <>
      <button
        type="button"
        class={variant === 'link' ? 'link-btn report-btn' : 'btn btn-ghost btn-sm report-btn'}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {variant === 'button' && <Icon name="flag" size={16} />} {label || t('report')}
      </button>
      {open && <ReportDialog targetType={targetType} targetId={targetId} onClose={() => setOpen(false)} />}
    </>
  );
}

function ReportDialog({ targetType, targetId, onClose }: { targetType: TargetType; targetId: string; onClose: () => void }) {
  const { me } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const [category, setCategory] = useState<ReportCategory | ''>(me ? '' : 'illegal');
  const [text, setText] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const categories = me ? REPORT_CATEGORIES : (['illegal'] as ReportCategory[]);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  async function send(e: Event) {
    e.preventDefault();
    if (!category || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/reports', {
        target_type: targetType,
        target_id: targetId,
        category,
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(!me ? { email: email.trim() } : {}),
      });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const titleId = `report-title-${targetType}-${targetId}`;
  return (
    <dialog ref={ref} class="sheet" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      {done ? (
        <div class="sheet-body stack" role="status">
          <h2 id={titleId}>{t('report_thanks_title')}</h2>
          <p>{t('report_thanks_text')}</p>
          <div class="form-actions">
            <button type="button" class="btn btn-primary" onClick={() => ref.current?.close()} autoFocus>
              {t('close')}
            </button>
          </div>
        </div>
      ) : (
        <form class="sheet-body stack" onSubmit={send} noValidate>
          <h2 id={titleId}>{t(`report_title_${targetType}` as MessageKey)}</h2>
          {!me && (
            <p class="notice small">
              {t('report_guest_text')} <a href={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('nav_login')}</a>
            </p>
          )}
          <fieldset class="field choice-group">
            <legend>{t('report_why')}</legend>
            {categories.map((c) => (
              <label key={c} class={category === c ? 'choice on' : 'choice'}>
                <input type="radio" name={`report-cat-${targetId}`} value={c} checked={category === c} onChange={() => setCategory(c)} />
                <span>
                  <strong>{t(`report_cat_${c}` as MessageKey)}</strong>
                  <span class="muted small">{t(`report_cat_${c}_hint` as MessageKey)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for={`report-text-${targetId}`}>{t('report_text')}</label>
            <textarea id={`report-text-${targetId}`} rows={3} maxLength={5000} value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={t('report_text_placeholder')} />
          </div>
          {!me && (
            <div class={fieldError(error, 'email') ? 'field has-error' : 'field'}>
              <label for={`report-email-${targetId}`}>{t('report_email')}</label>
              <input id={`report-email-${targetId}`} type="email" autoComplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} aria-describedby={`report-email-hint-${targetId}`} />
              <p class="hint" id={`report-email-hint-${targetId}`}>
                {t('report_email_hint')}
              </p>
            </div>
          )}
          <p class="muted small">{t('report_private')}</p>
          <FormError error={error} />
          <div class="form-actions">
            <button type="button" class="btn btn-ghost" onClick={() => ref.current?.close()}>
              {t('cancel')}
            </button>
            <button type="submit" class="btn btn-primary" disabled={busy || !category || (!me && !email.trim())}>
              {busy ? t('sending') : t('report_send')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
