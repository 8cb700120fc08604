// A post as it appears in feeds (card) and at the top of its own page (full).
import { useMemo } from 'preact/hooks';
import { formatDateTime, formatRelative, t, tn, type MessageKey } from '../i18n';
import type { Post } from '../types';
import { Avatar } from './Avatar';
import { Gallery } from './Gallery';
import { Icon, type IconName } from './Icon';
import { Reactions } from './Reactions';
import { ShareButton } from './Share';
import { countLinksInHtml, countedHref, LINK_REL, useLinkClicks } from '../links';
import { Stars } from './Stars';

export function TimeAgo({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

const KIND_ICON: Record<string, IconName> = {
  question: 'question',
  link: 'link',
  review: 'star',
  announcement: 'megaphone',
};

export function KindBadge({ kind }: { kind: string }) {
  if (kind === 'discussion') return null;
  return (
    <span class={`badge kind-${kind}`}>
      <Icon name={KIND_ICON[kind] || 'chat'} size={14} />
      {t(`kind_${kind}` as MessageKey)}
    </span>
  );
}

export function displayName(a: { display_name: string; username: string } | null): string {
  if (!a) return t('deleted_account');
  return a.display_name || a.username;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface Props {
  post: Post;
  full?: boolean;
  showCommunity?: boolean;
  headingLevel?: 2 | 3;
  onChange?: (p: Post) => void;
}

export function PostView({ post, full, showCommunity = true, headingLevel = 2, onChange }: Props) {
  const H = full ? 'h1' : headingLevel === 2 ? 'h2' : 'h3';
  const href = `/p/${post.id}`;
  const titleId = `post-${post.id}-title`;
  // Removed by moderators: members get a tombstone; moderators still see the text, greyed.
  const tombstone = post.removed && !post.can_moderate;
  const cls = (full ? 'post post-full' : 'post card') + (post.removed ? ' is-removed' : '');
  // Outbound links go through the server's counting redirect when it has one.
  const counting = useLinkClicks(post);
  const bodyHtml = useMemo(
    () => (counting && post.body_html ? countLinksInHtml(post, post.body_html) : post.body_html),
    [counting, post.id, post.body_html, post.body, post.url],
  );
  const linkHref = post.url && counting ? countedHref(post, post.url) || post.url : post.url;
  return (
    <article class={cls} aria-labelledby={post.title ? titleId : undefined}>
      <header class="post-head">
        <Avatar account={post.author} />
        <div class="post-meta">
          <div class="post-byline">
            {post.author ? (
              <a class="author" href={`/@${post.author.username}`}>
                {displayName(post.author)}
              </a>
            ) : (
              <span class="author muted">{t('deleted_account')}</span>
            )}
            {showCommunity && post.community && (
              <>
                <span class="muted" aria-hidden="true">
                  {' '}
                  ·{' '}
                </span>
                <a class="community-link" href={`/c/${post.community.slug}`}>
                  {post.community.name}
                </a>
              </>
            )}
          </div>
          <div class="post-sub muted">
            <a class="time-link" href={href}>
              <TimeAgo iso={post.created_at} />
            </a>
            {post.edited_at && <span> · {t('edited')}</span>}
            {post.community?.visibility === 'members_only' && (
              <span class="vis">
                <span aria-hidden="true"> · </span>
                <Icon name="lock" size={13} /> {t('visibility_members_only_short')}
              </span>
            )}
          </div>
        </div>
        <div class="post-badges">
          {post.removed && (
            <span class="badge removed-badge">
              <Icon name="eyeOff" size={14} />
              {t('removed_label')}
            </span>
          )}
          {post.pinned && (
            <span class="badge pinned">
              <Icon name="pin" size={14} />
              {t('pinned')}
            </span>
          )}
          {post.locked && (
            <span class="badge locked">
              <Icon name="lock" size={14} />
              {t('locked')}
            </span>
          )}
          <KindBadge kind={post.kind} />
        </div>
      </header>

      {post.deleted ? (
        <p class="muted deleted">{t('post_deleted')}</p>
      ) : tombstone ? (
        <p class="muted deleted">{t('post_removed')}</p>
      ) : (
        <>
          {post.title && (
            <H class="post-title" id={titleId}>
              {full ? post.title : <a href={href}>{post.title}</a>}
            </H>
          )}
          {post.kind === 'review' && post.rating ? (
            <p class="review-line">
              <Stars rating={post.rating} />
              {post.place_name && (
                <span class="place">
                  <Icon name="place" size={15} /> {post.place_name}
                </span>
              )}
            </p>
          ) : null}
          {post.url && (
            <p class="link-line">
              <a class="ext-link" href={linkHref || undefined} rel={linkHref === post.url ? 'noopener noreferrer nofollow ugc' : LINK_REL} target="_blank">
                <Icon name="link" size={15} /> {hostOf(post.url)}
                <span class="sr-only"> ({t('opens_new_tab')})</span>
              </a>
            </p>
          )}
          {post.body_html && (
            // Sanitised on the server by construction (cmark-gfm, raw HTML never passed through).
            <div class={full ? 'prose' : 'prose clamp'} dangerouslySetInnerHTML={{ __html: bodyHtml }} />
          )}
          {post.media && post.media.length > 0 && <Gallery media={post.media} />}
        </>
      )}

      {!tombstone && (
      <footer class="post-foot">
        <Reactions
          target="post"
          id={post.id}
          reactions={post.reactions}
          onChange={(r) => onChange?.({ ...post, reactions: r })}
        />
        <div class="post-foot-end">
          {!full && (
            <a class="chip comments-link" href={`${href}#replies`}>
              <Icon name="chat" size={16} />
              <span>{tn('replies', post.comment_count)}</span>
            </a>
          )}
          {!post.deleted && <ShareButton postId={post.id} title={post.title} />}
        </div>
      </footer>
      )}
    </article>
  );
}

export function PostList({ posts, showCommunity = true, onChange }: { posts: Post[]; showCommunity?: boolean; onChange?: (p: Post) => void }) {
  return (
    <div class="post-list">
      {posts.map((p) => (
        <PostView key={p.id} post={p} showCommunity={showCommunity} onChange={onChange} />
      ))}
    </div>
  );
}
