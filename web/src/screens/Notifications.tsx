// Notifications: replies, mentions, grouped reactions and follows, join requests and their
// outcome, scheduled posts going live, and moderation decisions and appeal outcomes (which lead
// to the statement of reasons). New ones arrive live over the streaming socket (live.tsx).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { usePaged, useTitle } from '../hooks';
import { t, tn, type MessageKey } from '../i18n';
import { useLive } from '../live';
import { navigate, useQuery } from '../router';
import { useSession } from '../session';
import type { Notification } from '../types';
import { Avatar } from '../ui/Avatar';
import { Icon, type IconName } from '../ui/Icon';
import { displayName, TimeAgo } from '../ui/Post';
import { ReactionIcon } from '../ui/Reactions';
import { Empty, ErrorState, FormError, Loading } from '../ui/States';

/** "Anna", "Anna and Bram", "Anna and 4 others". */
export function whoText(n: Notification): string {
  const [first, second] = n.actors;
  const count = Math.max(n.actors_count, n.actors.length);
  if (!first) return t('notif_someone');
  if (count <= 1) return displayName(first);
  if (count === 2 && second) return t('notif_two', { a: displayName(first), b: displayName(second) });
  return tn('notif_and_others', count - 1, { name: displayName(first) });
}

function titled(key: MessageKey, untitledKey: MessageKey, n: Notification, params: Record<string, string>): string {
  const title = n.post && !n.post.deleted ? n.post.title : '';
  return title ? t(key, { ...params, title }) : t(untitledKey, params);
}

/** One plain sentence for a notification, in the reader's language. */
export function notificationText(n: Notification, instanceName: string): string {
  const who = whoText(n);
  const community = n.community?.name || '';
  const where = community || instanceName;
  switch (n.type) {
    case 'reply':
      return titled('notif_reply', 'notif_reply_untitled', n, { who });
    case 'mention':
      return titled('notif_mention', 'notif_mention_untitled', n, { who });
    case 'reaction':
      return n.comment ? titled('notif_reaction_comment', 'notif_reaction_comment_untitled', n, { who }) : titled('notif_reaction_post', 'notif_reaction_post_untitled', n, { who });
    case 'follow':
      return t('notif_follow', { who });
    case 'join_request':
      return t('notif_join_request', { who, community });
    case 'join_decided':
      return n.text === 'approved' ? t('notif_join_approved', { community }) : t('notif_join_rejected', { community });
    case 'scheduled_published':
      return titled('notif_scheduled', 'notif_scheduled_untitled', n, {});
    case 'moderation': {
      const key = (['remove', 'lock', 'warn', 'ban', 'suspend'].includes(n.text) ? `notif_mod_${n.text}` : 'notif_mod_other') as MessageKey;
      return t(key, { where });
    }
    case 'appeal':
      return n.text === 'reversed' ? t('notif_appeal_reversed') : t('notif_appeal_upheld');
    default:
      return t('notif_generic');
  }
}

export function notificationHref(n: Notification): string {
  const post = n.post && !n.post.deleted ? `/p/${n.post.id}` : null;
  const anchor = n.comment && !n.comment.deleted ? `#comment-${n.comment.id}` : '';
  switch (n.type) {
    case 'reply':
    case 'mention':
    case 'reaction':
    case 'scheduled_published':
      return post ? post + anchor : '/notifications';
    case 'follow':
      return n.actors[0] ? `/@${n.actors[0].username}` : '/notifications';
    case 'join_request':
      return n.community ? `/c/${n.community.slug}/requests` : '/notifications';
    case 'join_decided':
      return n.community ? `/c/${n.community.slug}` : '/notifications';
    case 'moderation':
    case 'appeal':
      return n.subject_id ? `/decisions/${n.subject_id}` : '/notifications';
    default:
      return '/notifications';
  }
}

const KIND_ICON: Record<string, IconName> = {
  reply: 'chat',
  mention: 'at',
  reaction: 'heart',
  follow: 'user',
  join_request: 'people',
  join_decided: 'check',
  scheduled_published: 'clock',
  moderation: 'shield',
  appeal: 'shield',
};

/** Grouped kinds (reactions per target, follows, join requests per community) absorb the unread row. */
function sameGroup(a: Notification, b: Notification): boolean {
  if (a.type !== b.type || a.read || b.read) return false;
  switch (a.type) {
    case 'reaction':
      return a.post?.id === b.post?.id && (a.comment?.id || null) === (b.comment?.id || null);
    case 'follow':
      return true;
    case 'join_request':
      return a.community?.id === b.community?.id;
    default:
      return false;
  }
}

export function Notifications() {
  const { instance } = useSession();
  const live = useLive();
  const query = useQuery();
  const unreadOnly = query.get('filter') === 'unread';
  const list = usePaged<Notification>(`/notifications?limit=30${unreadOnly ? '&unread=true' : ''}`);
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<unknown>(null);
  const instanceName = instance?.name || 'Kring';
  useTitle(live.unread > 0 ? `(${live.unread}) ${t('notifications_title')}` : t('notifications_title'), instance?.name);

  useEffect(
    () =>
      live.subscribe((n) => {
        if (!n) return list.reload();
        list.update((items) => [n, ...items.filter((x) => x.id !== n.id && !sameGroup(x, n))]);
        setAnnounce(t('notif_new', { text: notificationText(n, instanceName) }));
      }),
    [unreadOnly, instanceName],
  );

  async function open(n: Notification, e: MouseEvent) {
    if (n.read) return;
    e.preventDefault();
    list.update((items) => items.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
    live.setUnread((u) => Math.max(0, u - 1));
    try {
      await api.post(`/notifications/${n.id}/read`);
    } catch {
      /* it stays unread on the server; the count will say so */
    }
    live.refresh();
    navigate(notificationHref(n));
  }

  async function readAll() {
    setError(null);
    try {
      await api.post('/notifications/read');
      list.update((items) => (unreadOnly ? [] : items.map((x) => ({ ...x, read: true }))));
      live.setUnread(0);
    } catch (e) {
      setError(e);
    }
  }

  const anyUnread = live.unread > 0 || list.items.some((n) => !n.read);
  return (
    <div class="page narrow notifications">
      <h1>{t('notifications_title')}</h1>
      <div class="notif-tools">
        <div class="segmented small" role="group" aria-label={t('notif_show')}>
          <button type="button" class={!unreadOnly ? 'seg on' : 'seg'} aria-pressed={!unreadOnly} onClick={() => navigate('/notifications', { replace: true })}>
            {t('notif_all')}
          </button>
          <button type="button" class={unreadOnly ? 'seg on' : 'seg'} aria-pressed={unreadOnly} onClick={() => navigate('/notifications?filter=unread', { replace: true })}>
            {live.unread > 0 ? t('notif_unread_n', { n: live.unread }) : t('notif_unread')}
          </button>
        </div>
        <button type="button" class="btn btn-ghost btn-sm" onClick={readAll} disabled={!anyUnread}>
          <Icon name="check" size={16} /> {t('notif_read_all')}
        </button>
      </div>
      <p class="muted small live-state">
        <span class={live.state === 'live' ? 'live-dot on' : 'live-dot'} aria-hidden="true" />
        {live.state === 'live' ? t('notif_live') : live.state === 'polling' ? t('notif_polling') : t('notif_connecting')}
      </p>
      <p class="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <FormError error={error} />
      {list.error && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.loading && list.items.length === 0 ? (
        <Loading rows={3} />
      ) : list.items.length === 0 ? (
        <Empty icon="bell" title={unreadOnly ? t('notif_none_unread') : t('notif_none')}>
          {t('notif_none_text')}
        </Empty>
      ) : (
        <>
          <ul class="notif-list card">
            {list.items.map((n) => (
              <NotificationItem key={n.id} n={n} instanceName={instanceName} onOpen={open} />
            ))}
          </ul>
          {list.next && (
            <div class="load-more">
              <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
                {list.loading ? t('loading') : t('load_more')}
              </button>
            </div>
          )}
        </>
      )}
      <p class="notif-settings small">
        <a href="/settings#notifications">{t('notif_settings')}</a>
      </p>
    </div>
  );
}

function NotificationItem({ n, instanceName, onOpen }: { n: Notification; instanceName: string; onOpen: (n: Notification, e: MouseEvent) => void }) {
  const text = notificationText(n, instanceName);
  const excerpt =
    (n.type === 'reply' || n.type === 'mention') && n.comment && !n.comment.deleted
      ? n.comment.excerpt
      : n.type === 'moderation'
        ? t('notif_mod_read')
        : n.type === 'appeal'
          ? t('notif_appeal_read')
          : '';
  const about = n.type === 'moderation' || n.type === 'appeal';
  return (
    <li class={n.read ? 'notif' : 'notif unread'}>
      <a class="notif-link" href={notificationHref(n)} onClick={(e) => onOpen(n, e)}>
        <span class={`notif-icon kind-${n.type}`}>
          {n.type === 'reaction' && n.text ? <ReactionIcon kind={n.text} size={18} /> : <Icon name={KIND_ICON[n.type] || 'bell'} size={18} />}
        </span>
        <span class="notif-main">
          {n.actors.length > 0 && !about && (
            <span class="notif-avatars" aria-hidden="true">
              {n.actors.slice(0, 3).map((a) => (
                <Avatar key={a.id} account={a} size="sm" />
              ))}
            </span>
          )}
          <span class="notif-text">{text}</span>
          {excerpt && <span class={about ? 'notif-excerpt about' : 'notif-excerpt'}>{excerpt}</span>}
          <span class="muted small">
            <TimeAgo iso={n.created_at} />
          </span>
        </span>
        {!n.read && (
          <span class="unread-dot">
            <span class="sr-only">{t('notif_unread_item')}</span>
          </span>
        )}
      </a>
    </li>
  );
}
