// Moderation: the queues a moderator works through (often at night, on a phone, with one thumb).
// Reports are grouped per reported thing and shown with the content in context; one tap picks a
// decision, a short form asks for the rule (the community's rules offered as templates) and the
// facts, which become the statement of reasons the member reads. Appeals are decided by another
// moderator. The log tab shows what was decided, never who reported it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, enc } from '../api';
import { usePaged, useResource, useTitle } from '../hooks';
import { formatDateTime, t, tn, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Community, Decision, ModAction, ModLogEntry, QueuedAppeal, QueuedReport, TargetSnapshot, TargetType } from '../types';
import { Avatar, CommunityBadge } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { displayName, TimeAgo } from '../ui/Post';
import { Empty, ErrorState, errorText, FormError, Loading } from '../ui/States';

const ACTIONS: Record<TargetType, ModAction[]> = {
  post: ['remove', 'lock', 'warn', 'ban', 'suspend', 'dismiss'],
  comment: ['remove', 'warn', 'ban', 'suspend', 'dismiss'],
  account: ['warn', 'suspend', 'dismiss'],
  community: ['warn', 'dismiss'],
};

const BAN_DAYS = [1, 7, 30, 365, 0];

export const actionLabel = (a: string) => t(`mod_action_${a}` as MessageKey);
export const targetLabel = (tt: string) => t(`mod_target_${tt}` as MessageKey);

function isStaff(role?: string) {
  return role === 'admin' || role === 'moderator';
}

/** /moderation: every queue this person can work on. With just one, go straight there. */
export function ModerationHub() {
  const { me, instance } = useSession();
  useTitle(t('mod_title'), instance?.name);
  const mine = useResource<Community[]>('/me/communities');
  const staff = isStaff(me?.role);
  const scopes = (mine.data || []).filter((c) => c.can_moderate);
  const only = !mine.loading && mine.data && (staff ? scopes.length === 0 : scopes.length === 1);
  useEffect(() => {
    if (only) navigate(`/moderation/${staff ? 'instance' : scopes[0].slug}`, { replace: true });
  }, [only]);
  if (mine.loading || only) return <div class="page narrow"><Loading rows={2} /></div>;
  if (mine.error) return <div class="page narrow"><ErrorState error={mine.error} onRetry={mine.reload} /></div>;
  return (
    <div class="page narrow moderation">
      <h1>{t('mod_title')}</h1>
      <p class="muted">{t('mod_hub_intro')}</p>
      {!staff && scopes.length === 0 ? (
        <Empty icon="shield" title={t('mod_none_title')}>
          {t('mod_none_text')}
        </Empty>
      ) : (
        <ul class="scope-list">
          {staff && <ScopeItem scope="instance" name={t('mod_scope_instance', { name: instance?.name || 'Kring' })} />}
          {scopes.map((c) => (
            <ScopeItem key={c.id} scope={c.slug} name={c.name} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ScopeItem({ scope, name }: { scope: string; name: string }) {
  const reports = useResource<QueuedReport[]>(`/moderation/${enc(scope)}/reports`);
  const appeals = useResource<QueuedAppeal[]>(`/moderation/${enc(scope)}/appeals`);
  const r = reports.data ? groupReports(reports.data).length : null;
  const a = appeals.data?.length ?? null;
  return (
    <li>
      <a class="card scope-item" href={`/moderation/${scope}`}>
        {scope === 'instance' ? (
          <span class="avatar avatar-md avatar-square scope-instance" aria-hidden="true">
            <Icon name="shield" size={20} />
          </span>
        ) : (
          <CommunityBadge name={name} slug={scope} />
        )}
        <span class="scope-text">
          <strong>{name}</strong>
          <span class="muted small">
            {r === null ? t('loading') : tn('mod_open_reports', r)}
            {a ? ` · ${tn('mod_open_appeals', a)}` : ''}
          </span>
        </span>
        <Icon name="chevron" size={18} />
      </a>
    </li>
  );
}

interface Group {
  key: string;
  target: TargetSnapshot;
  targetType: TargetType;
  reports: QueuedReport[];
}

function groupReports(list: QueuedReport[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of list) {
    const key = `${r.target_type}:${r.target_id}`;
    const g = groups.get(key);
    if (g) g.reports.push(r);
    else groups.set(key, { key, target: r.target, targetType: r.target_type, reports: [r] });
  }
  return [...groups.values()];
}

type QueueTab = 'reports' | 'appeals' | 'log';

export function ModerationQueue({ scope, tab }: { scope: string; tab?: string }) {
  const { me, instance } = useSession();
  const current: QueueTab = tab === 'appeals' || tab === 'log' ? tab : 'reports';
  const isInstance = scope === 'instance';
  const community = useResource<Community>(isInstance ? null : `/communities/${enc(scope)}`);
  const reports = useResource<QueuedReport[]>(`/moderation/${enc(scope)}/reports`);
  const appeals = useResource<QueuedAppeal[]>(`/moderation/${enc(scope)}/appeals`);
  const name = isInstance ? t('mod_scope_instance', { name: instance?.name || 'Kring' }) : community.data?.name || scope;
  useTitle(`${t('mod_title')}: ${name}`, instance?.name);
  const rules = useMemo(() => [...(community.data?.rules || []), ...(instance?.rules || [])].filter((r, i, all) => r && all.indexOf(r) === i), [community.data, instance]);
  const groups = useMemo(() => groupReports(reports.data || []), [reports.data]);
  const staff = isStaff(me?.role);
  // Decided in this visit: the cards stay (with their outcome), the counts go down.
  const [decided, setDecided] = useState<Set<string>>(() => new Set());
  const markDecided = (key: string) => setDecided((old) => new Set(old).add(key));

  const error = reports.error || (community.error && !isInstance ? community.error : null);
  if (error) {
    return (
      <div class="page narrow">
        <ErrorState error={error} onRetry={reports.reload} />
      </div>
    );
  }
  const base = `/moderation/${scope}`;
  const openReports = groups.filter((g) => !decided.has(g.key)).length;
  const openAppeals = (appeals.data || []).filter((a) => !decided.has(`appeal:${a.id}`)).length;
  return (
    <div class="page narrow moderation">
      <p class="crumb">
        <a href="/moderation">
          <Icon name="chevron" size={14} class="flip" /> {t('mod_title')}
        </a>
      </p>
      <h1 class="mod-h1">{name}</h1>
      <nav class="tabs mod-tabs" aria-label={t('mod_sections')}>
        <a class="tab-link" href={base} aria-current={current === 'reports' ? 'page' : undefined}>
          {t('mod_tab_reports')}
          {openReports > 0 && <span class="tab-count">{openReports}</span>}
        </a>
        <a class="tab-link" href={`${base}/appeals`} aria-current={current === 'appeals' ? 'page' : undefined}>
          {t('mod_tab_appeals')}
          {openAppeals > 0 && <span class="tab-count">{openAppeals}</span>}
        </a>
        <a class="tab-link" href={`${base}/log`} aria-current={current === 'log' ? 'page' : undefined}>
          {t('mod_tab_log')}
        </a>
      </nav>
      {current === 'reports' &&
        (reports.loading && !reports.data ? (
          <Loading rows={2} />
        ) : groups.length === 0 ? (
          <Empty icon="check" title={t('mod_queue_empty')}>
            {t('mod_queue_empty_text')}
          </Empty>
        ) : (
          <div class="report-list">
            {groups.map((g) => (
              <ReportCard key={g.key} group={g} rules={rules} staff={staff} inInstance={isInstance} onDecided={() => markDecided(g.key)} />
            ))}
          </div>
        ))}
      {current === 'appeals' &&
        (appeals.loading && !appeals.data ? (
          <Loading rows={2} />
        ) : appeals.error ? (
          <ErrorState error={appeals.error} onRetry={appeals.reload} />
        ) : (appeals.data || []).length === 0 ? (
          <Empty icon="check" title={t('mod_appeals_empty')}>
            {t('mod_appeals_empty_text')}
          </Empty>
        ) : (
          <div class="report-list">
            {(appeals.data || []).map((a) => (
              <AppealCard key={a.id} appeal={a} onDecided={() => markDecided(`appeal:${a.id}`)} />
            ))}
          </div>
        ))}
      {current === 'log' && <ModLog path={isInstance ? '/admin/modlog' : `/communities/${enc(scope)}/modlog`} detailed={isInstance} />}
    </div>
  );
}

/** The reported thing as the moderator needs to see it: where, whose, and what it says. */
function ContentBox({ target, type }: { target: TargetSnapshot; type: TargetType | '' }) {
  const where = target.community?.name;
  const link = type === 'post' ? `/p/${target.id}` : type === 'community' && target.community ? `/c/${target.community.slug}` : type === 'account' && target.owner ? `/@${target.owner.username}` : null;
  return (
    <div class={target.removed ? 'reported removed' : 'reported'}>
      <p class="reported-meta small">
        {target.owner ? (
          <>
            <Avatar account={target.owner} size="sm" />
            <span>
              <strong>{displayName(target.owner)}</strong> <span class="muted">@{target.owner.username}</span>
            </span>
          </>
        ) : (
          <span class="muted">{t('deleted_account')}</span>
        )}
      </p>
      <p class="muted small reported-where">
        {targetLabel(type)}
        {where ? ` · ${t('mod_in', { where })}` : ''}
        {type === 'comment' && target.title ? ` · ${t('mod_reply_in', { title: target.title })}` : ''}
      </p>
      {target.removed && (
        <p class="badge removed-badge">
          <Icon name="eyeOff" size={14} /> {t('removed_label')}
        </p>
      )}
      {type !== 'comment' && target.title && <p class="reported-title">{target.title}</p>}
      {target.text && <p class="reported-text">{target.text}</p>}
      {link && (
        <a class="small" href={link}>
          {t('mod_open_context')}
        </a>
      )}
    </div>
  );
}

function ReportCard({ group, rules, staff, inInstance, onDecided }: { group: Group; rules: string[]; staff: boolean; inInstance: boolean; onDecided: () => void }) {
  const [action, setAction] = useState<ModAction | null>(null);
  const [done, setDone] = useState<Decision | null>(null);
  const { target, targetType, reports } = group;
  const headingId = `report-${group.key.replace(':', '-')}`;
  const actions = ACTIONS[targetType].filter((a) => (a !== 'suspend' || staff) && (a !== 'ban' || !!target.community));
  const categories = [...new Set(reports.map((r) => r.category))];
  const notes = reports.filter((r) => r.text);
  // Template rules: the thing's own community first when the queue is the server's.
  const community = useResource<Community>(inInstance && target.community ? `/communities/${enc(target.community.slug)}` : null);
  const templates = community.data ? [...community.data.rules, ...rules] : rules;

  if (done) {
    return (
      <article class="card report-card done" aria-labelledby={headingId}>
        <div role="status">
          <h2 id={headingId} class="h3">
            <Icon name="check" size={18} /> {t(`mod_done_${done.action}` as MessageKey)}
          </h2>
          <p class="muted small">{done.action === 'dismiss' ? t('mod_done_dismiss_text') : t('mod_done_text')}</p>
        </div>
        <a href={`/decisions/${done.id}`}>{t('mod_view_statement')}</a>
      </article>
    );
  }
  return (
    <article class="card report-card" aria-labelledby={headingId}>
      <header class="report-head">
        <h2 id={headingId} class="h3">
          {tn('mod_reports_about', reports.length, { target: targetLabel(targetType) })}
        </h2>
        <span class="muted small">
          <TimeAgo iso={reports[0].created_at} />
        </span>
      </header>
      <div class="chips">
        {categories.map((c) => (
          <span key={c} class={c === 'illegal' ? 'badge cat illegal' : 'badge cat'}>
            <Icon name="flag" size={13} /> {t(`report_cat_${c}` as MessageKey)}
          </span>
        ))}
      </div>
      {notes.length > 0 && (
        <ul class="report-notes">
          {notes.map((r) => (
            <li key={r.id}>
              <span class="sr-only">{t('mod_reporter_note')}: </span>“{r.text}”
            </li>
          ))}
        </ul>
      )}
      <ContentBox target={target} type={targetType} />
      <div class="action-grid" role="group" aria-label={t('mod_decide')}>
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            class={`btn action-${a}${action === a ? ' on' : ''}`}
            aria-pressed={action === a}
            aria-expanded={action === a}
            onClick={() => setAction(action === a ? null : a)}
          >
            {actionLabel(a)}
          </button>
        ))}
      </div>
      {action && (
        <DecisionForm
          key={action}
          action={action}
          targetType={targetType}
          targetId={target.id}
          reportId={reports[0].id}
          templates={templates}
          onCancel={() => setAction(null)}
          onDone={(d) => {
            setDone(d);
            onDecided();
          }}
        />
      )}
    </article>
  );
}

function DecisionForm({ action, targetType, targetId, reportId, templates, onCancel, onDone }: {
  action: ModAction;
  targetType: TargetType;
  targetId: string;
  reportId?: string;
  templates: string[];
  onCancel: () => void;
  onDone: (d: Decision) => void;
}) {
  const [rule, setRule] = useState('');
  const [facts, setFacts] = useState('');
  const [days, setDays] = useState('7');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const optional = action === 'dismiss';
  const id = `decide-${targetType}-${targetId}`;
  const ready = optional || (rule.trim() !== '' && facts.trim() !== '');

  async function submit(e: Event) {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      const d = await api.post<Decision>('/moderation/decisions', {
        ...(reportId ? { report_id: reportId } : {}),
        target_type: targetType,
        target_id: targetId,
        action,
        rule: rule.trim(),
        facts: facts.trim(),
        ...(action === 'ban' ? { ban_days: Number(days) } : {}),
      });
      onDone(d);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form class="decision-form stack" onSubmit={submit} ref={(el) => el?.scrollIntoView?.({ block: 'nearest' })}>
      <p class="decision-effect">
        <Icon name="shield" size={16} /> {t(`mod_effect_${action}` as MessageKey)}
      </p>
      {templates.length > 0 && !optional && (
        <div class="field">
          <span class="label-like" id={`${id}-tpl`}>
            {t('mod_rule_templates')}
          </span>
          <div class="chips" role="group" aria-labelledby={`${id}-tpl`}>
            {templates.map((r) => (
              <button key={r} type="button" class={rule === r ? 'chip on' : 'chip'} aria-pressed={rule === r} onClick={() => setRule(r)}>
                {r}
              </button>
            ))}
          </div>
        </div>
      )}
      {!optional && (
      <div class="field">
        <label for={`${id}-rule`}>{t('mod_rule')}</label>
        <input id={`${id}-rule`} value={rule} maxLength={500} required={!optional} aria-describedby={`${id}-rule-hint`} onInput={(e) => setRule(e.currentTarget.value)} />
        <p class="hint" id={`${id}-rule-hint`}>
          {t('mod_rule_hint')}
        </p>
      </div>
      )}
      <div class="field">
        <label for={`${id}-facts`}>{optional ? t('mod_facts_optional') : t('mod_facts')}</label>
        <textarea id={`${id}-facts`} rows={3} maxLength={5000} required={!optional} value={facts} aria-describedby={`${id}-facts-hint`} placeholder={t('mod_facts_placeholder')} onInput={(e) => setFacts(e.currentTarget.value)} />
        <p class="hint" id={`${id}-facts-hint`}>
          {optional ? t('mod_note_hint') : t('mod_facts_hint')}
        </p>
      </div>
      {action === 'ban' && (
        <div class="field">
          <label for={`${id}-days`}>{t('mod_ban_length')}</label>
          <select id={`${id}-days`} value={days} onChange={(e) => setDays(e.currentTarget.value)}>
            {BAN_DAYS.map((d) => (
              <option key={d} value={String(d)}>
                {d === 0 ? t('mod_ban_forever') : tn('days', d)}
              </option>
            ))}
          </select>
        </div>
      )}
      <FormError error={error} />
      <div class="form-actions">
        <button type="button" class="btn btn-ghost" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="submit" class={action === 'dismiss' ? 'btn btn-primary' : 'btn btn-danger'} disabled={!ready || busy}>
          {busy ? t('sending') : t(`mod_confirm_${action}` as MessageKey)}
        </button>
      </div>
    </form>
  );
}

function AppealCard({ appeal, onDecided }: { appeal: QueuedAppeal; onDecided: () => void }) {
  const d = appeal.decision;
  const [outcome, setOutcome] = useState<'upheld' | 'reversed' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const headingId = `appeal-${appeal.id}`;

  async function submit(e: Event) {
    e.preventDefault();
    if (!outcome || !reason.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.post<Decision>(`/appeals/${appeal.id}/decide`, { outcome, reason: reason.trim() });
      setDone(outcome);
      onDecided();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (done) {
    return (
      <article class="card report-card done" aria-labelledby={headingId}>
        <div role="status">
          <h2 id={headingId} class="h3">
            <Icon name="check" size={18} /> {done === 'reversed' ? t('appeal_done_reversed') : t('appeal_done_upheld')}
          </h2>
          <p class="muted small">{t('appeal_done_text')}</p>
        </div>
        <a href={`/decisions/${d.id}`}>{t('mod_view_statement')}</a>
      </article>
    );
  }
  return (
    <article class="card report-card" aria-labelledby={headingId}>
      <header class="report-head">
        <h2 id={headingId} class="h3">
          {t('appeal_against', { action: actionLabel(d.action), target: targetLabel(d.target_type) })}
        </h2>
        <span class="muted small">
          <TimeAgo iso={appeal.created_at} />
        </span>
      </header>
      <div class="appeal-text">
        <p class="small muted">{t('appeal_their_words')}</p>
        <blockquote>{appeal.text}</blockquote>
      </div>
      <dl class="facts decision-facts">
        <div>
          <dt>{t('decision_rule')}</dt>
          <dd>{d.rule || '—'}</dd>
        </div>
        <div>
          <dt>{t('decision_decided')}</dt>
          <dd>{formatDateTime(d.created_at)}</dd>
        </div>
        <div class="wide">
          <dt>{t('decision_facts')}</dt>
          <dd class="pre">{d.facts || '—'}</dd>
        </div>
      </dl>
      {appeal.target.type && <ContentBox target={appeal.target} type={appeal.target.type} />}
      <form class="decision-form stack" onSubmit={submit}>
        <fieldset class="field">
          <legend>{t('appeal_outcome')}</legend>
          <div class="action-grid two">
            <button type="button" class={outcome === 'upheld' ? 'btn on' : 'btn'} aria-pressed={outcome === 'upheld'} onClick={() => setOutcome('upheld')}>
              {t('appeal_uphold')}
            </button>
            <button type="button" class={outcome === 'reversed' ? 'btn on' : 'btn'} aria-pressed={outcome === 'reversed'} onClick={() => setOutcome('reversed')}>
              <Icon name="undo" size={16} /> {t('appeal_reverse')}
            </button>
          </div>
        </fieldset>
        <div class="field">
          <label for={`${headingId}-reason`}>{t('appeal_reason')}</label>
          <textarea id={`${headingId}-reason`} rows={3} maxLength={5000} required value={reason} aria-describedby={`${headingId}-reason-hint`} onInput={(e) => setReason(e.currentTarget.value)} />
          <p class="hint" id={`${headingId}-reason-hint`}>
            {t('appeal_reason_hint')}
          </p>
        </div>
        {error ? (
          <p class="form-error" role="alert">
            {errorText(error)}
          </p>
        ) : null}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={!outcome || !reason.trim() || busy}>
            {busy ? t('sending') : t('appeal_decide')}
          </button>
        </div>
      </form>
    </article>
  );
}

/** A moderation log: the public one of a community, or the server's (staff, with the facts). */
export function ModLog({ path, detailed = false }: { path: string; detailed?: boolean }) {
  const list = usePaged<ModLogEntry>(`${path}?limit=30`);
  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.loading && list.items.length === 0) return <Loading rows={2} />;
  return (
    <section class="card modlog" aria-labelledby="modlog-h">
      <h2 id="modlog-h" class="h3">
        {t('modlog_title')}
      </h2>
      <p class="muted small">{detailed ? t('modlog_instance_intro') : t('modlog_intro')}</p>
      {list.items.length === 0 ? (
        <p class="muted">{t('modlog_empty')}</p>
      ) : (
        <ol class="modlog-list">
          {list.items.map((e) => (
            <li key={e.id} class={e.reversed ? 'modlog-entry reversed' : 'modlog-entry'}>
              <p class="modlog-what">
                <strong>{t(`log_action_${e.action}` as MessageKey)}</strong>
                <span class="muted"> · {targetLabel(e.target_type)}</span>
                {e.automated && <span class="badge">{t('decision_automated_short')}</span>}
                {e.reversed && (
                  <span class="badge reversed-badge">
                    <Icon name="undo" size={13} /> {t('modlog_reversed')}
                  </span>
                )}
              </p>
              {e.rule && <p class="small modlog-rule">{t('modlog_rule', { rule: e.rule })}</p>}
              {detailed && e.facts && <p class="small muted pre">{e.facts}</p>}
              <p class="muted small">
                <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {list.next && (
        <div class="load-more">
          <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
            {t('load_more')}
          </button>
        </div>
      )}
    </section>
  );
}
