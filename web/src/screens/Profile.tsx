// A person's profile: who they are, follow / unfollow, and their posts.
import { useState } from 'preact/hooks';
import { api, enc } from '../api';
import { usePaged, useResource, useTitle } from '../hooks';
import { formatDate, t, tn } from '../i18n';
import { useSession } from '../session';
import type { AccountView, Post } from '../types';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { Empty, ErrorState, FormError, Loading } from '../ui/States';
import { FeedBody } from './Community';

export function Profile({ handle }: { handle: string }) {
  const { me, instance } = useSession();
  const res = useResource<AccountView>(`/accounts/lookup?acct=${enc(handle)}`);
  const posts = usePaged<Post>(res.data ? `/accounts/${res.data.id}/posts?limit=20` : null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const a = res.data;
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
