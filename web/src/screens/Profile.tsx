// A person's profile: who they are, follow / unfollow, and their posts.
import { useEffect, useState } from 'preact/hooks';
import { api, enc } from '../api';
import { usePaged, useResource, useTitle } from '../hooks';
import { formatDate, t, tn } from '../i18n';
import { useSession } from '../session';
import type { AccountView, BlockEntry, Post } from '../types';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { ReportButton } from '../ui/Report';
import { Empty, ErrorState, FormError, Loading } from '../ui/States';
import { FeedBody } from './Community';

export function Profile({ handle }: { handle: string }) {
  const { me, instance, has } = useSession();
  const res = useResource<AccountView>(`/accounts/lookup?acct=${enc(handle)}`);
  const posts = usePaged<Post>(res.data ? `/accounts/${res.data.id}/posts?limit=20` : null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const a = res.data;
  // Count the visit for the person's insights (servers without it answer 404; nothing to do then).
  useEffect(() => {
    if (a && me?.id !== a.id) api.post(`/accounts/${a.id}/visit`).catch(() => undefined);
  }, [a?.id]);
  useTitle(a ? `${a.display_name || a.username} (@${a.username})` : null, instance?.name);
  if (res.loading && !a) return <div class="page"><Loading rows={2} /></div>;
  if (res.error || !a) return <div class="page"><ErrorState error={res.error} onRetry={res.reload} /></div>;
  const self = me?.id === a.id;

  async function follow(on: boolean) {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/accounts/${a!.id}/${on ? 'follow' : 'unfollow'}`);
      res.setData({ ...a!, following: on, followers_count: a!.followers_count + (on ? 1 : -1) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="page profile">
      <header class="card profile-head">
        <Avatar account={a} size="xl" />
        <div class="profile-text">
          <h1>{a.display_name || a.username}</h1>
          <p class="muted">
            @{a.username}
            {a.role !== 'user' && <span class="badge">{a.role === 'admin' ? t('role_admin') : t('role_moderator')}</span>}
          </p>
          {a.note && <p class="bio">{a.note}</p>}
          <p class="muted small profile-facts">
            <span>
              <strong>{tn('followers', a.followers_count)}</strong>
            </span>
            <span>{tn('following', a.following_count)}</span>
            <span>
              <Icon name="clock" size={13} /> {t('joined_on', { date: formatDate(a.created_at) })}
            </span>
          </p>
        </div>
        <div class="profile-actions">
          {self ? (
            <a class="btn" href="/settings">
              {t('profile_edit')}
            </a>
          ) : me ? (
            <button type="button" class={a.following ? 'btn' : 'btn btn-primary'} disabled={busy} onClick={() => follow(!a.following)}>
              {a.following ? t('unfollow') : t('follow')}
            </button>
          ) : (
            <a class="btn btn-primary" href={`/login?next=${enc(`/@${a.username}`)}`}>
              {t('follow')}
            </a>
          )}
          {me && !self && has('blocks') && <BlockControls account={a} />}
          {!self && <ReportButton targetType="account" targetId={a.id} />}
          <FormError error={error} />
        </div>
      </header>
      <section aria-labelledby="profile-posts">
        <h2 id="profile-posts" class="section-title">
          {t('profile_posts')}
        </h2>
        <FeedBody
          list={posts}
          empty={
            <Empty icon="chat" title={self ? t('profile_empty_self') : t('profile_empty', { name: a.display_name || a.username })} action={self && <a class="btn btn-primary" href="/compose">{t('nav_new_post')}</a>} />
          }
        />
      </section>
    </div>
  );
}

/** Mute (their replies and notifications are hidden from you) or block (also no interaction either way). */
function BlockControls({ account }: { account: AccountView }) {
  const blocks = useResource<BlockEntry[]>('/me/blocks');
  const [confirm, setConfirm] = useState<'block' | 'mute' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const entry = blocks.data?.find((b) => b.id === account.id);
  const name = account.display_name || account.username;
  if (!blocks.data) return null;

  async function act(path: 'block' | 'mute' | 'unblock' | 'unmute') {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/accounts/${account.id}/${path}`);
      setConfirm(null);
      blocks.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (entry) {
    return (
      <>
        <span class="badge big">
          <Icon name={entry.kind === 'block' ? 'block' : 'mute'} size={15} /> {entry.kind === 'block' ? t('blocked_state') : t('muted_state')}
        </span>
        <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => act(entry.kind === 'block' ? 'unblock' : 'unmute')}>
          {entry.kind === 'block' ? t('unblock') : t('unmute')}
        </button>
        <FormError error={error} />
      </>
    );
  }
  if (confirm) {
    return (
      <div class="confirm-box" role="group" aria-label={t(confirm === 'block' ? 'block_confirm_title' : 'mute_confirm_title', { name })}>
        <p class="small">{t(confirm === 'block' ? 'block_explain' : 'mute_explain', { name })}</p>
        <div class="form-actions">
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => setConfirm(null)}>
            {t('cancel')}
          </button>
          <button type="button" class="btn btn-danger btn-sm" disabled={busy} onClick={() => act(confirm)}>
            {t(confirm === 'block' ? 'block_confirm' : 'mute_confirm', { name })}
          </button>
        </div>
        <FormError error={error} />
      </div>
    );
  }
  return (
    <>
      <button type="button" class="btn btn-ghost btn-sm" onClick={() => setConfirm('mute')}>
        <Icon name="mute" size={16} /> {t('mute')}
      </button>
      <button type="button" class="btn btn-ghost btn-sm" onClick={() => setConfirm('block')}>
        <Icon name="block" size={16} /> {t('block')}
      </button>
    </>
  );
}
