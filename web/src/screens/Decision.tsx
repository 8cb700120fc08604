// The statement of reasons (DSA Art. 17) for a moderation decision, in plain words: what was
// decided and what it means, which rule, the facts, whether a person or a machine decided, and
// how to appeal, with the appeal form itself (one appeal, decided by another moderator).
import { useState } from 'preact/hooks';
import { api, enc } from '../api';
import { useResource, useTitle } from '../hooks';
import { formatDate, formatDateTime, t, type MessageKey } from '../i18n';
import { useSession } from '../session';
import type { Decision as DecisionT } from '../types';
import { Icon } from '../ui/Icon';
import { ErrorState, fieldError, FormError, Loading } from '../ui/States';

export function Decision({ id }: { id: string }) {
  const { instance } = useSession();
  const res = useResource<DecisionT>(`/decisions/${enc(id)}`);
  const d = res.data;
  useTitle(d ? t(`decision_title_${d.action}` as MessageKey) : t('decision_kicker'), instance?.name);
  if (res.loading && !d) return <div class="page narrow"><Loading rows={2} /></div>;
  if (res.error || !d) return <div class="page narrow"><ErrorState error={res.error} onRetry={res.reload} /></div>;

  const where = d.community?.name || instance?.name || 'Kring';
  const target = t(`decision_target_${d.target_type}` as MessageKey);
  const what =
    d.action === 'ban'
      ? d.ban_until
        ? t('decision_what_ban_until', { where, target, until: formatDate(d.ban_until) })
        : t('decision_what_ban_forever', { where, target })
      : t(`decision_what_${d.action}` as MessageKey, { where, target });
  const contentLink = d.target_type === 'post' ? `/p/${d.target_id}` : d.target_type === 'community' && d.community ? `/c/${d.community.slug}` : null;

  return (
    <div class="page narrow decision">
      <p class="kicker muted small">
        <Icon name="shield" size={14} /> {t('decision_kicker')}
      </p>
      <h1>{t(`decision_title_${d.action}` as MessageKey)}</h1>
      {d.reversed_at && (
        <p class="notice success" role="status">
          <Icon name="undo" size={16} /> {t('decision_reversed', { date: formatDate(d.reversed_at) })}
        </p>
      )}
      <section class="card stack" aria-labelledby="what-h">
        <h2 id="what-h">{t('decision_what')}</h2>
        <p>{what}</p>
        <dl class="facts decision-facts">
          <div>
            <dt>{t('decision_decided')}</dt>
            <dd>{formatDateTime(d.created_at)}</dd>
          </div>
          <div>
            <dt>{t('decision_by')}</dt>
            <dd>{d.automated ? t('decision_automated') : t('decision_person')}</dd>
          </div>
          {d.action === 'ban' && (
            <div>
              <dt>{t('decision_ban_until')}</dt>
              <dd>{d.ban_until ? formatDateTime(d.ban_until) : t('mod_ban_forever')}</dd>
            </div>
          )}
          <div>
            <dt>{t('decision_where')}</dt>
            <dd>{d.community ? <a href={`/c/${d.community.slug}`}>{d.community.name}</a> : where}</dd>
          </div>
        </dl>
        {contentLink && (
          <p>
            <a href={contentLink}>{d.target_type === 'community' ? t('decision_open_community') : t('decision_open_post')}</a>
          </p>
        )}
      </section>

      <section class="card stack" aria-labelledby="rule-h">
        <h2 id="rule-h">{t('decision_rule_title')}</h2>
        {d.rule ? <blockquote class="rule-quote">{d.rule}</blockquote> : <p class="muted">{t('decision_no_rule')}</p>}
        <h2 id="facts-h" class="h2-gap">
          {t('decision_facts_title')}
        </h2>
        {d.facts ? <p class="pre">{d.facts}</p> : <p class="muted">{t('decision_no_facts')}</p>}
      </section>

      <AppealSection d={d} onChange={res.reload} />

      {!d.reversed_at && d.action !== 'dismiss' && (
        <section class="card stack other-ways" aria-labelledby="other-h">
          <h2 id="other-h" class="h3">
            {t('decision_other_title')}
          </h2>
          <p class="small">{t('decision_other_text')}</p>
        </section>
      )}
    </div>
  );
}

function AppealSection({ d, onChange }: { d: DecisionT; onChange: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(e: Event) {
    e.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/decisions/${d.id}/appeal`, { text: text.trim() });
      onChange();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (d.appeal) {
    const a = d.appeal;
    return (
      <section class="card stack appeal-state" aria-labelledby="appeal-h">
        <h2 id="appeal-h">{t('decision_appeal_title')}</h2>
        <p class={a.state === 'reversed' ? 'notice success' : 'notice'}>
          {a.state === 'open' ? t('decision_appeal_open', { date: formatDate(a.created_at) }) : a.state === 'reversed' ? t('decision_appeal_reversed') : t('decision_appeal_upheld')}
        </p>
        <div>
          <p class="small muted">{t('decision_appeal_yours')}</p>
          <blockquote class="pre">{a.text}</blockquote>
        </div>
        {a.state !== 'open' && a.outcome && (
          <div>
            <p class="small muted">{t('decision_appeal_reason', { date: a.decided_at ? formatDate(a.decided_at) : '' })}</p>
            <blockquote class="pre">{a.outcome}</blockquote>
          </div>
        )}
      </section>
    );
  }

  if (!d.can_appeal) {
    if (d.action === 'dismiss' || d.reversed_at) return null;
    return (
      <section class="card stack" aria-labelledby="appeal-h">
        <h2 id="appeal-h">{t('decision_appeal_title')}</h2>
        <p>{new Date(d.appeal_until).getTime() > Date.now() ? t('decision_appeal_info', { date: formatDate(d.appeal_until) }) : t('decision_appeal_closed')}</p>
      </section>
    );
  }

  const err = fieldError(error, 'text');
  return (
    <section class="card stack appeal-form" aria-labelledby="appeal-h">
      <h2 id="appeal-h">{t('decision_appeal_cta')}</h2>
      <p>{t('decision_appeal_how', { date: formatDate(d.appeal_until) })}</p>
      <form class="stack" onSubmit={send} noValidate>
        <div class={err ? 'field has-error' : 'field'}>
          <label for="appeal-text">{t('decision_appeal_label')}</label>
          <textarea
            id="appeal-text"
            rows={5}
            maxLength={5000}
            required
            value={text}
            aria-describedby={err ? 'appeal-hint appeal-err' : 'appeal-hint'}
            aria-invalid={err ? 'true' : undefined}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <p class="hint" id="appeal-hint">
            {t('decision_appeal_hint')}
          </p>
          {err && (
            <p class="field-error" id="appeal-err">
              {err}
            </p>
          )}
        </div>
        <FormError error={error && !err ? error : null} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy || !text.trim()}>
            {busy ? t('sending') : t('decision_appeal_send')}
          </button>
        </div>
      </form>
    </section>
  );
}
