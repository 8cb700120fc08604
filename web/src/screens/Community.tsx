// A community: header with join / request / leave, and tabs for the feed, about (rules),
// members, join requests (moderators) and settings (owners).
import { useState } from 'preact/hooks';
import { api, enc } from '../api';
import type { ComponentChildren } from 'preact';
import { usePaged, useResource, useTitle, type Paged } from '../hooks';
import { formatDate, t, tn } from '../i18n';
import { navigate, useQuery } from '../router';
import { useSession } from '../session';
import type { Community as CommunityT, JoinRequest, Member, Post } from '../types';
import { Avatar, CommunityBadge } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { ImageSetting } from '../ui/ImageSetting';
import { Lazy } from '../ui/Lazy';
import { PostList, TimeAgo } from '../ui/Post';
import { ReportButton } from '../ui/Report';
import { Empty, ErrorState, errorText, FormError, Loading } from '../ui/States';
import { CommunityForm } from './CommunityForm';
import { ModLog } from './Moderation';

type Tab = 'feed' | 'about' | 'members' | 'requests' | 'settings' | 'log' | 'insights';

export function CommunityPage({ slug, tab = 'feed' }: { slug: string; tab?: string }) {
  const { instance, has } = useSession();
  const res = useResource<CommunityT>(`/communities/${enc(slug)}`);
  const query = useQuery();
  useTitle(res.data?.name, instance?.name);
  if (res.loading && !res.data) return <div class="page"><Loading rows={2} /></div>;
  if (res.error || !res.data) return <div class="page"><ErrorState error={res.error} onRetry={res.reload} /></div>;
  const c = res.data;
  const isOwner = c.membership?.role === 'owner';
  const tabs: [Tab, string][] = [
    ['feed', t('tab_posts')],
    ['about', t('tab_about')],
    ['members', t('tab_members')],
  ];
  if (c.can_moderate && c.join_policy === 'approval') tabs.push(['requests', t('tab_requests')]);
  if (isOwner) tabs.push(['settings', t('tab_settings')]);
  if (has('moderation') && c.can_read) tabs.push(['log', t('tab_log')]);
  if (c.can_moderate) tabs.push(['insights', t('tab_insights')]);
  const current = (tabs.some(([k]) => k === tab) ? tab : 'feed') as Tab;

  return (
    <div class="page community-page">
      {query.get('founded') && (
        <div class="welcome card" role="status">
          <h2 class="h3">{t('founded_title', { name: c.name })}</h2>
          <p>{t('founded_text')}</p>
        </div>
      )}
      <header class={c.banner_url ? 'community-head card has-banner' : 'community-head card'}>
        {c.banner_url && <img class="community-banner" src={c.banner_url} alt="" width={1200} height={300} />}
        <div class="community-head-main">
          <CommunityBadge name={c.name} slug={c.slug} size="xl" />
          <div class="community-head-text">
            <h1>{c.name}</h1>
            <p class="muted small community-facts">
              <span>{tn('members', c.member_count)}</span>
              <span>{tn('posts', c.post_count)}</span>
              {c.place && (
                <span>
                  <Icon name="place" size={13} /> {c.place}
                </span>
              )}
              <span>
                {c.visibility === 'members_only' ? <Icon name="lock" size={13} /> : <Icon name="globe" size={13} />}{' '}
                {t(`visibility_${c.visibility}`)}
              </span>
            </p>
          </div>
        </div>
        {c.description && <p class="community-desc">{c.description}</p>}
        <JoinControls c={c} onChange={(next) => res.setData(next)} />
      </header>

      <nav class="tabs" aria-label={t('community_sections')}>
        {tabs.map(([k, label]) => (
          <a key={k} class="tab-link" href={k === 'feed' ? `/c/${c.slug}` : `/c/${c.slug}/${k}`} aria-current={current === k ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>

      {current === 'feed' && <CommunityFeed c={c} />}
      {current === 'about' && <About c={c} canReport={!isOwner} />}
      {current === 'members' && <Members c={c} />}
      {current === 'requests' && <Requests c={c} onDecided={res.reload} />}
      {current === 'insights' && <Lazy load={() => import('./Insights').then((m) => m.CommunityInsights)} props={{ c }} />}
      {current === 'log' && (
        <>
          {c.can_moderate && (
            <p class="notice mod-link">
              <Icon name="shield" size={16} /> <a href={`/moderation/${c.slug}`}>{t('community_mod_queue')}</a>
            </p>
          )}
          <ModLog path={`/communities/${enc(c.slug)}/modlog`} />
        </>
      )}
      {current === 'settings' && (
        <section class="card" aria-labelledby="settings-h">
          <h2 id="settings-h">{t('community_settings')}</h2>
          {/* Servers without banners send no banner_url: no banner controls then. */}
          {'banner_url' in c && (
            <ImageSetting<CommunityT> label={t('banner_label')} hint={t('banner_hint')} path={`/api/v1/communities/${enc(c.slug)}/banner`} current={c.banner_url} shape="wide" onChange={(n) => res.setData(n)} />
          )}
          <CommunityForm existing={c} onSaved={(n) => res.setData(n)} />
        </section>
      )}
    </div>
  );
}

function JoinControls({ c, onChange }: { c: CommunityT; onChange: (c: CommunityT) => void }) {
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState(() => c.join_policy === 'invite' && new URLSearchParams(location.search).has('invite'));
  const [message, setMessage] = useState('');
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('invite') || '');
  const [confirmLeave, setConfirmLeave] = useState(false);

  if (!me) {
    return (
      <div class="join-row">
        <a class="btn btn-primary" href={`/login?next=${enc(location.pathname + location.search)}`}>
          {t('join_login')}
        </a>
        <a class="btn btn-ghost" href={`/signup?next=${enc(location.pathname + location.search)}`}>
          {t('nav_signup')}
        </a>
      </div>
    );
  }

  async function join() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ state: string; community: CommunityT }>(`/communities/${c.slug}/join`, {
        ...(message.trim() ? { message: message.trim() } : {}),
        ...(code.trim() ? { invite_code: code.trim() } : {}),
      });
      setAsking(false);
      onChange(r.community);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/communities/${c.slug}/leave`);
      setConfirmLeave(false);
      onChange(await api.get<CommunityT>(`/communities/${c.slug}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (c.membership) {
    return (
      <div class="join-row">
        <span class="badge joined big">
          <Icon name="check" size={16} /> {c.membership.role === 'owner' ? t('role_owner') : c.membership.role === 'moderator' ? t('role_moderator') : t('joined')}
        </span>
        <a class="btn btn-primary" href={`/compose?community=${enc(c.slug)}`}>
          <Icon name="plus" size={18} /> {t('community_write')}
        </a>
        {confirmLeave ? (
          <span class="confirm" role="group" aria-label={t('leave_confirm')}>
            <span>{t('leave_confirm')}</span>
            <button type="button" class="btn btn-danger btn-sm" onClick={leave} disabled={busy}>
              {t('leave')}
            </button>
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setConfirmLeave(false)}>
              {t('cancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="btn btn-ghost" onClick={() => setConfirmLeave(true)}>
            {t('leave')}
          </button>
        )}
        <FormError error={error} />
      </div>
    );
  }

  if (c.join_request === 'pending') {
    return (
      <div class="join-row">
        <span class="badge big">
          <Icon name="clock" size={16} /> {t('join_requested')}
        </span>
        <p class="muted small">{t('join_requested_text')}</p>
      </div>
    );
  }

  if (c.join_policy === 'open') {
    return (
      <div class="join-row">
        <button type="button" class="btn btn-primary" onClick={join} disabled={busy}>
          {busy ? t('joining') : t('join')}
        </button>
        <FormError error={error} />
      </div>
    );
  }

  return (
    <div class="join-row">
      {!asking ? (
        <button type="button" class="btn btn-primary" onClick={() => setAsking(true)}>
          {c.join_policy === 'approval' ? t('join_request') : t('join_with_code')}
        </button>
      ) : (
        <form
          class="join-form"
          onSubmit={(e) => {
            e.preventDefault();
            join();
          }}
        >
          {c.join_policy === 'approval' ? (
            <div class="field">
              <label for="join-msg">{t('join_message')}</label>
              <textarea id="join-msg" rows={3} value={message} maxLength={2000} onInput={(e) => setMessage(e.currentTarget.value)} placeholder={t('join_message_placeholder')} />
            </div>
          ) : (
            <div class="field">
              <label for="join-code">{t('field_invite_code')}</label>
              <input id="join-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} autoCapitalize="none" />
            </div>
          )}
          <FormError error={error} />
          <div class="form-actions">
            <button class="btn btn-primary" type="submit" disabled={busy || (c.join_policy === 'invite' && !code.trim())}>
              {c.join_policy === 'approval' ? t('join_send_request') : t('join')}
            </button>
            <button class="btn btn-ghost" type="button" onClick={() => setAsking(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {!asking && <p class="muted small">{c.join_policy === 'approval' ? t('policy_approval_hint') : t('policy_invite_hint')}</p>}
    </div>
  );
}

function CommunityFeed({ c }: { c: CommunityT }) {
  const query = useQuery();
  const sort = query.get('sort') || 'new';
  const list = usePaged<Post>(c.can_read ? `/communities/${enc(c.slug)}/posts?sort=${sort}&limit=20` : null);
  if (!c.can_read) {
    return (
      <Empty icon="lock" title={t('members_only_title')}>
        {t('members_only_text')}
      </Empty>
    );
  }
  return (
    <section aria-label={t('tab_posts')}>
      <div class="feed-tools">
        <div class="segmented" role="group" aria-label={t('sort_by')}>
          {(['new', 'active', 'top'] as const).map((s) => (
            <button
              type="button"
              key={s}
              class={sort === s ? 'seg on' : 'seg'}
              aria-pressed={sort === s}
              onClick={() => navigate(`/c/${c.slug}${s === 'new' ? '' : `?sort=${s}`}`, { replace: true })}
            >
              {t(`feed_sort_${s}`)}
            </button>
          ))}
        </div>
      </div>
      <FeedBody list={list} showCommunity={false} empty={
        <Empty icon="chat" title={t('community_empty_title')} action={c.membership && <a class="btn btn-primary" href={`/compose?community=${enc(c.slug)}`}>{t('community_write_first')}</a>}>
          {c.membership ? t('community_empty_member') : t('community_empty_guest')}
        </Empty>
      } />
    </section>
  );
}

export function FeedBody({ list, showCommunity = true, empty }: { list: Paged<Post>; showCommunity?: boolean; empty: ComponentChildren }) {
  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.items.length === 0) return <>{empty}</>;
  return (
    <>
      <PostList posts={list.items} showCommunity={showCommunity} onChange={(p) => list.update((items) => items.map((x) => (x.id === p.id ? p : x)))} />
      {list.next && (
        <div class="load-more">
          <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
            {list.loading ? t('loading') : t('load_more')}
          </button>
        </div>
      )}
      {!list.next && list.items.length > 5 && <p class="end-of-feed muted">{t('feed_end')}</p>}
    </>
  );
}

function About({ c, canReport }: { c: CommunityT; canReport: boolean }) {
  return (
    <section class="card stack" aria-labelledby="about-h">
      <h2 id="about-h">{t('about_title', { name: c.name })}</h2>
      <p>{c.description || t('about_no_description')}</p>
      <dl class="facts">
        <div>
          <dt>{t('about_founded')}</dt>
          <dd>{formatDate(c.created_at)}</dd>
        </div>
        <div>
          <dt>{t('community_language')}</dt>
          <dd>{c.language === 'nl' ? 'Nederlands' : c.language === 'en' ? 'English' : c.language}</dd>
        </div>
        <div>
          <dt>{t('community_visibility')}</dt>
          <dd>{t(`visibility_${c.visibility}`)}</dd>
        </div>
        <div>
          <dt>{t('community_join_policy')}</dt>
          <dd>{t(`policy_${c.join_policy}`)}</dd>
        </div>
        {c.last_activity_at && (
          <div>
            <dt>{t('about_last_active')}</dt>
            <dd>
              <TimeAgo iso={c.last_activity_at} />
            </dd>
          </div>
        )}
      </dl>
      {c.topics.length > 0 && (
        <div class="chips">
          {c.topics.map((topic) => (
            <a key={topic} class="chip topic" href={`/communities?topic=${enc(topic)}`}>
              {topic}
            </a>
          ))}
        </div>
      )}
      <h3>{t('community_rules')}</h3>
      {c.rules.length > 0 ? (
        <ol class="rules">
          {c.rules.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ol>
      ) : (
        <p class="muted">{t('about_no_rules')}</p>
      )}
      {canReport && (
        <div class="about-report">
          <ReportButton targetType="community" targetId={c.id} label={t('report_community')} />
        </div>
      )}
    </section>
  );
}

function Members({ c }: { c: CommunityT }) {
  const { me } = useSession();
  const list = usePaged<Member>(`/communities/${enc(c.slug)}/members?limit=40`);
  const [error, setError] = useState<unknown>(null);
  const isOwner = c.membership?.role === 'owner';

  async function setRole(m: Member, role: Member['member_role']) {
    setError(null);
    try {
      await api.post(`/communities/${enc(c.slug)}/members/${m.id}/role`, { role });
      list.reload();
    } catch (e) {
      setError(e);
    }
  }
  async function remove(m: Member) {
    if (!window.confirm(t('member_remove_name', { name: m.display_name || m.username }) + '?')) return;
    setError(null);
    try {
      await api.del(`/communities/${enc(c.slug)}/members/${m.id}`);
      list.update((items) => items.filter((x) => x.id !== m.id));
    } catch (e) {
      setError(e);
    }
  }

  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.loading && list.items.length === 0) return <Loading rows={2} />;
  return (
    <>
      {c.can_moderate && <Invites c={c} />}
      {list.items.length === 0 ? (
        <Empty icon="people" title={t('members_empty')} />
      ) : (
        <section class="card" aria-labelledby="members-h">
          <h2 id="members-h">{tn('members', c.member_count)}</h2>
          <FormError error={error} />
          <ul class="people">
            {list.items.map((m) => (
              <li key={m.id} class="person">
                <Avatar account={m} />
                <div class="person-text">
                  <a href={`/@${m.username}`}>{m.display_name || m.username}</a>
                  <span class="muted small">
                    @{m.username} · {t('member_since', { date: formatDate(m.joined_at) })}
                  </span>
                </div>
                {isOwner && m.id !== me?.id ? (
                  <div class="member-tools">
                    <label class="sr-only" for={`role-${m.id}`}>
                      {t('member_role_for', { name: m.display_name || m.username })}
                    </label>
                    <select id={`role-${m.id}`} value={m.member_role} onChange={(e) => setRole(m, e.currentTarget.value as Member['member_role'])}>
                      <option value="member">{t('joined')}</option>
                      <option value="moderator">{t('role_moderator')}</option>
                      <option value="owner">{t('role_owner')}</option>
                    </select>
                    <button type="button" class="btn btn-ghost btn-sm" onClick={() => remove(m)} aria-label={t('member_remove_name', { name: m.display_name || m.username })}>
                      {t('member_remove')}
                    </button>
                  </div>
                ) : (
                  m.member_role !== 'member' && <span class="badge">{m.member_role === 'owner' ? t('role_owner') : t('role_moderator')}</span>
                )}
              </li>
            ))}
          </ul>
          {list.next && (
            <div class="load-more">
              <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
                {t('load_more')}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}

interface Invite {
  code: string;
  created_at: string;
  expires_at: string | null;
  max_uses: number | null;
  uses: number;
  revoked: boolean;
}

function Invites({ c }: { c: CommunityT }) {
  const res = useResource<Invite[]>(`/communities/${enc(c.slug)}/invites`);
  const [uses, setUses] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const n = Number(uses);
      await api.post(`/communities/${enc(c.slug)}/invites`, n > 0 ? { max_uses: n } : {});
      setUses('');
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function revoke(code: string) {
    setError(null);
    try {
      await api.del(`/communities/${enc(c.slug)}/invites/${enc(code)}`);
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  const active = (res.data || []).filter((i) => !i.revoked);
  return (
    <section class="card stack invites" aria-labelledby="invites-h">
      <h2 id="invites-h" class="h3">
        {t('invites_title')}
      </h2>
      <p class="muted small">{t('invites_text')}</p>
      <form class="inline-form" onSubmit={create}>
        <div class="field">
          <label for="invite-uses">{t('invites_uses')}</label>
          <input id="invite-uses" type="number" min={1} inputMode="numeric" value={uses} placeholder={t('invites_unlimited')} onInput={(e) => setUses(e.currentTarget.value)} />
        </div>
        <button class="btn" type="submit">
          {t('admin_invite_create')}
        </button>
      </form>
      <FormError error={error} />
      {active.length > 0 && (
        <ul class="invite-list">
          {active.map((i) => {
            const link = `${location.origin}/c/${c.slug}?invite=${encodeURIComponent(i.code)}`;
            return (
              <li key={i.code} class="invite-item">
                <code>{i.code}</code>
                <span class="muted small">
                  {i.max_uses ? t('invites_used_of', { n: i.uses, max: i.max_uses }) : t('invites_used', { n: i.uses })}
                </span>
                <a class="small" href={`/c/${c.slug}?invite=${encodeURIComponent(i.code)}`}>
                  {link}
                </a>
                <button type="button" class="link-btn danger" onClick={() => revoke(i.code)}>
                  {t('invites_revoke')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Requests({ c, onDecided }: { c: CommunityT; onDecided: () => void }) {
  const res = useResource<JoinRequest[]>(`/communities/${enc(c.slug)}/requests`);
  const [error, setError] = useState<unknown>(null);
  async function decide(r: JoinRequest, approve: boolean) {
    setError(null);
    try {
      await api.post(`/communities/${enc(c.slug)}/requests/${r.account.id}/${approve ? 'approve' : 'reject'}`);
      res.setData((list) => (list || []).filter((x) => x.account.id !== r.account.id));
      onDecided();
    } catch (e) {
      setError(e);
    }
  }
  if (res.loading) return <Loading rows={2} />;
  if (res.error) return <ErrorState error={res.error} onRetry={res.reload} />;
  const pending = (res.data || []).filter((r) => r.state === 'pending');
  if (pending.length === 0) return <Empty icon="check" title={t('requests_empty')} />;
  return (
    <section class="card" aria-labelledby="req-h">
      <h2 id="req-h">{t('tab_requests')}</h2>
      {error ? <p class="form-error" role="alert">{errorText(error)}</p> : null}
      <ul class="people">
        {pending.map((r) => (
          <li key={r.account.id} class="person request">
            <Avatar account={r.account} />
            <div class="person-text">
              <a href={`/@${r.account.username}`}>{r.account.display_name || r.account.username}</a>
              <span class="muted small">
                @{r.account.username} · <TimeAgo iso={r.created_at} />
              </span>
              {r.message && <blockquote class="request-msg">{r.message}</blockquote>}
            </div>
            <div class="request-actions">
              <button type="button" class="btn btn-primary btn-sm" onClick={() => decide(r, true)}>
                {t('approve')}
              </button>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => decide(r, false)}>
                {t('reject')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
