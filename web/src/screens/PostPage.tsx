// A post with its thread: nested replies, reactions, the reply box, accepted answers for
// questions, and author / moderator actions.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, enc } from '../api';
import { useResource, useTitle } from '../hooks';
import { t, tn } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Comment, Community, Post, Thread } from '../types';
import { Avatar } from '../ui/Avatar';
import { AutoText } from '../ui/AutoText';
import { Icon } from '../ui/Icon';
import { Gallery } from '../ui/Gallery';
import { EMPTY_PHOTO, ReplyPhoto, type ReplyPhotoState } from '../ui/ReplyPhoto';
import { setAlt } from '../media';
import { displayName, PostView, TimeAgo } from '../ui/Post';
import { Reactions } from '../ui/Reactions';
import { ReportButton } from '../ui/Report';
import { ErrorState, FormError, Loading } from '../ui/States';
import { mentionSource, tagSource } from '../ui/suggest';

type Sort = 'old' | 'new' | 'top';

export function PostPage({ id }: { id: string }) {
  const { me, instance, has } = useSession();
  const [sort, setSort] = useState<Sort>('old');
  const res = useResource<Thread>(`/posts/${enc(id)}/comments?sort=${sort}&depth=6`);
  const slug = res.data?.post.community?.slug || null;
  const community = useResource<Community>(me && slug ? `/communities/${enc(slug)}` : null);
  const post = res.data?.post;
  useTitle(post ? post.title || t('post_untitled', { name: displayName(post.author) }) : null, instance?.name);

  const participants = useMemo(() => {
    const out = post?.author ? [post.author] : [];
    const walk = (cs: Comment[]) => cs.forEach((c) => (c.author && out.push(c.author), walk(c.replies)));
    walk(res.data?.comments || []);
    return out;
  }, [res.data]);
  const mentions = useMemo(() => mentionSource(slug, participants), [slug, participants]);
  const loaded = !!res.data;
  // Links like /p/1#replies or /p/1#comment-2 land on the spot once the thread is there.
  useEffect(() => {
    if (loaded && location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [loaded]);
  const tags = useMemo(() => tagSource(slug, post ? [post] : []), [slug, post?.id]);
  // Count the view for the insights (once per viewer per day, decided by the server).
  useEffect(() => {
    if (loaded) api.post(`/posts/${enc(id)}/view`).catch(() => undefined);
  }, [loaded, id]);

  if (res.loading && !res.data) return <div class="page"><Loading rows={2} /></div>;
  if (res.error || !res.data || !post) return <div class="page"><ErrorState error={res.error} onRetry={res.reload} /></div>;
  const thread = res.data;

  const setPost = (p: Post) => res.setData({ ...thread, post: p });
  const setComments = (fn: (cs: Comment[]) => Comment[], delta = 0) =>
    res.setData((old) => (old ? { ...old, comments: fn(old.comments), total_comments: old.total_comments + delta, post: { ...old.post, comment_count: old.post.comment_count + delta } } : old!));

  const canAccept = post.kind === 'question' && post.can_edit;
  const member = !post.community || !!community.data?.membership;

  async function accept(commentId: string | null) {
    try {
      const p = await api.post<Post>(`/posts/${post!.id}/accept`, commentId ? { comment_id: commentId } : {});
      res.setData((old) => (old ? { ...old, post: p, comments: markAccepted(old.comments, p.accepted_comment_id) } : old!));
    } catch {
      /* shown on next load */
    }
  }

  return (
    <div class="page post-page">
      {post.community && (
        <p class="crumb">
          <a href={`/c/${post.community.slug}`}>
            <Icon name="chevron" size={14} class="flip" /> {post.community.name}
          </a>
        </p>
      )}
      <div class="card">
        <PostView post={post} full onChange={setPost} />
        <PostActions post={post} onChange={setPost} />
        {post.kind === 'question' && (
          <p class={post.accepted_comment_id ? 'answer-state answered' : 'answer-state'}>
            <Icon name={post.accepted_comment_id ? 'check' : 'question'} size={16} />{' '}
            {post.accepted_comment_id ? t('question_answered') : t('question_open')}
          </p>
        )}
      </div>

      <section id="replies" class="thread" aria-labelledby="replies-h">
        <div class="section-head">
          <h2 id="replies-h">{tn('replies', thread.total_comments)}</h2>
          {thread.total_comments > 1 && (
            <label class="inline-select">
              <span class="muted small">{t('sort_by')}</span>
              <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
                <option value="old">{t('thread_sort_old')}</option>
                <option value="new">{t('thread_sort_new')}</option>
                <option value="top">{t('thread_sort_top')}</option>
              </select>
            </label>
          )}
        </div>

        {post.removed ? (
          <p class="notice">
            <Icon name="eyeOff" size={16} /> {t('thread_removed')}
          </p>
        ) : post.locked ? (
          <p class="notice">
            <Icon name="lock" size={16} /> {t('thread_locked')}
          </p>
        ) : !me ? (
          <p class="notice">
            <a href={`/login?next=${enc(`/p/${post.id}`)}`}>{t('thread_login')}</a>
          </p>
        ) : !member && community.data ? (
          <JoinToReply c={community.data} onJoined={(c) => community.setData(c)} />
        ) : (
          <ReplyBox
            postId={post.id}
            label={t('reply_label')}
            mentions={mentions}
            tags={tags}
            // Servers with photos on replies put `media` on every comment (or announce it). An
            // empty thread shows neither, so the media contract's other sign counts too: it brought
            // replies' photos together with avatars, and then every account carries `avatar_url`.
            photos={has('comment_media') || thread.comments.some((c) => 'media' in c) || (!!me && 'avatar_url' in me)}
            onPosted={(c) => setComments((cs) => (sort === 'new' ? [c, ...cs] : [...cs, c]), 1)}
          />
        )}

        {thread.comments.length === 0 ? (
          !post.removed && !post.locked && <p class="muted empty-thread">{t('thread_empty')}</p>
        ) : (
          <ol class="comments">
            {thread.comments.map((c) => (
              <CommentItem
                key={c.id}
                comment={c}
                post={post}
                depth={0}
                canReply={!!me && member && !post.locked}
                canAccept={canAccept}
                onAccept={accept}
                mentions={mentions}
                tags={tags}
                onChange={(next, delta) => setComments((cs) => cs.map((x) => (x.id === next.id ? next : x)), delta)}
              />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function markAccepted(cs: Comment[], id: string | null): Comment[] {
  return cs.map((c) => ({ ...c, accepted: c.id === id, replies: markAccepted(c.replies, id) }));
}

function JoinToReply({ c, onJoined }: { c: Community; onJoined: (c: Community) => void }) {
  const [error, setError] = useState<unknown>(null);
  if (c.join_policy !== 'open' || c.join_request === 'pending') {
    return (
      <p class="notice">
        {c.join_request === 'pending' ? t('join_requested_text') : t('thread_join_first', { name: c.name })}{' '}
        <a href={`/c/${c.slug}`}>{c.name}</a>
      </p>
    );
  }
  return (
    <div class="notice join-to-reply">
      <span>{t('thread_join_first', { name: c.name })}</span>
      <button
        type="button"
        class="btn btn-primary btn-sm"
        onClick={async () => {
          try {
            const r = await api.post<{ community: Community }>(`/communities/${c.slug}/join`, {});
            onJoined(r.community);
          } catch (e) {
            setError(e);
          }
        }}
      >
        {t('join')}
      </button>
      <FormError error={error} />
    </div>
  );
}

function ReplyBox({ postId, parentId, label, mentions, tags, onPosted, onCancel, autoFocus, photos = false }: {
  postId: string;
  /** The server takes a photo on replies (its comments carry `media`). */
  photos?: boolean;
  parentId?: string;
  label: string;
  mentions: ReturnType<typeof mentionSource>;
  tags: ReturnType<typeof tagSource>;
  onPosted: (c: Comment) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { instance } = useSession();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [photo, setPhoto] = useState<ReplyPhotoState>(EMPTY_PHOTO);
  const id = `reply-${parentId || 'post'}`;
  async function send() {
    if (!body.trim() || busy || photo.uploading) return;
    setBusy(true);
    setError(null);
    try {
      if (photo.media && photo.alt.trim() !== photo.media.alt) await setAlt(photo.media.id, photo.alt.trim());
      const c = await api.post<Comment>(`/posts/${postId}/comments`, {
        body,
        ...(parentId ? { parent_id: parentId } : {}),
        ...(photo.media ? { media_ids: [photo.media.id] } : {}),
      });
      setBody('');
      setPhoto(EMPTY_PHOTO);
      onPosted(c);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      class="reply-box"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label for={id} class="sr-only">
        {label}
      </label>
      <AutoText
        id={id}
        rows={parentId ? 2 : 3}
        value={body}
        onValue={setBody}
        placeholder={label}
        maxLength={instance?.limits.comment_body || 10000}
        mentions={mentions}
        tags={tags}
        onSubmitShortcut={send}
        autoFocus={autoFocus}
      />
      {photos && <ReplyPhoto id={id} value={photo} onChange={setPhoto} />}
      <FormError error={error} />
      <div class="form-actions">
        <span class="muted small hint-inline">{t('markdown_hint')}</span>
        {onCancel && (
          <button type="button" class="btn btn-ghost btn-sm" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
        <button type="submit" class="btn btn-primary btn-sm" disabled={busy || !body.trim()}>
          {busy ? t('sending') : t('reply_send')}
        </button>
      </div>
    </form>
  );
}

interface CommentProps {
  comment: Comment;
  post: Post;
  depth: number;
  canReply: boolean;
  canAccept: boolean;
  onAccept: (id: string | null) => void;
  mentions: ReturnType<typeof mentionSource>;
  tags: ReturnType<typeof tagSource>;
  onChange: (c: Comment, delta?: number) => void;
}

function CommentItem({ comment: c, post, depth, canReply, canAccept, onAccept, mentions, tags, onChange }: CommentProps) {
  const [replying, setReplying] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { me } = useSession();
  const name = c.hidden ? t('comment_hidden_name') : displayName(c.author);
  const removedText = c.removed && !c.body_html;
  const canReport = !c.deleted && !c.hidden && !c.removed && !!c.author && c.author.id !== me?.id;

  async function loadMore() {
    setLoadingMore(true);
    try {
      const full = await api.get<Comment>(`/comments/${c.id}?depth=6`);
      onChange({ ...full, accepted: c.accepted });
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  async function remove() {
    try {
      await api.del(`/comments/${c.id}`);
      onChange({ ...c, deleted: true, body: '', body_html: '', author: null });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <li class={(c.accepted ? 'comment accepted' : 'comment') + (c.removed ? ' is-removed' : '')} id={`comment-${c.id}`}>
      {c.hidden ? (
        <article aria-label={t('comment_hidden_name')}>
          <p class="muted hidden-comment">
            <Icon name="eyeOff" size={16} /> {t('comment_hidden')}
          </p>
        </article>
      ) : (
      <article aria-label={t('comment_by', { name })}>
        <header class="comment-head">
          <Avatar account={c.author} size="sm" />
          {c.author ? (
            <a class="author" href={`/@${c.author.username}`}>
              {name}
            </a>
          ) : (
            <span class="author muted">{t('deleted_account')}</span>
          )}
          {c.author && post.author && c.author.id === post.author.id && <span class="badge op">{t('op_badge')}</span>}
          <span class="muted small">
            <TimeAgo iso={c.created_at} />
            {c.edited_at && ` · ${t('edited')}`}
          </span>
          {c.accepted && (
            <span class="badge accepted-badge">
              <Icon name="check" size={14} /> {t('accepted_answer')}
            </span>
          )}
          {c.removed && !removedText && (
            <span class="badge removed-badge">
              <Icon name="eyeOff" size={14} /> {t('removed_label')}
            </span>
          )}
        </header>
        {c.deleted ? (
          <p class="muted deleted">{t('comment_deleted')}</p>
        ) : removedText ? (
          <p class="muted deleted">{t('comment_removed')}</p>
        ) : (
          <>
            <div class="prose comment-body" dangerouslySetInnerHTML={{ __html: c.body_html }} />
            {c.media && c.media.length > 0 && <Gallery media={c.media} />}
          </>
        )}
        {!c.deleted && !removedText && (
          <div class="comment-actions">
            <Reactions target="comment" id={c.id} reactions={c.reactions} compact onChange={(r) => onChange({ ...c, reactions: r })} />
            {canReply && (
              <button type="button" class="link-btn" aria-expanded={replying} onClick={() => setReplying(!replying)}>
                {t('reply')}
              </button>
            )}
            {canAccept && (
              <button type="button" class="link-btn" onClick={() => onAccept(c.accepted ? null : c.id)}>
                {c.accepted ? t('unaccept') : t('accept_answer')}
              </button>
            )}
            {c.can_edit &&
              (confirmDelete ? (
                <span class="confirm">
                  <button type="button" class="link-btn danger" onClick={remove}>
                    {t('delete_confirm')}
                  </button>
                  <button type="button" class="link-btn" onClick={() => setConfirmDelete(false)}>
                    {t('cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" class="link-btn" onClick={() => setConfirmDelete(true)}>
                  {t('delete')}
                </button>
              ))}
            {canReport && <ReportButton targetType="comment" targetId={c.id} variant="link" />}
          </div>
        )}
        <FormError error={error} />
      </article>
      )}
      {replying && (
        <ReplyBox
          postId={post.id}
          parentId={c.id}
          label={t('reply_to', { name })}
          mentions={mentions}
          tags={tags}
          autoFocus
          onCancel={() => setReplying(false)}
          onPosted={(r) => {
            setReplying(false);
            onChange({ ...c, replies: [...c.replies, r], reply_count: c.reply_count + 1 }, 1);
          }}
        />
      )}
      {c.replies.length > 0 && (
        <ol class={depth >= 3 ? 'comments nested flat' : 'comments nested'}>
          {c.replies.map((r) => (
            <CommentItem
              key={r.id}
              comment={r}
              post={post}
              depth={depth + 1}
              canReply={canReply}
              canAccept={canAccept}
              onAccept={onAccept}
              mentions={mentions}
              tags={tags}
              onChange={(next, delta) => onChange({ ...c, replies: c.replies.map((x) => (x.id === next.id ? next : x)) }, delta)}
            />
          ))}
        </ol>
      )}
      {c.more_replies && (
        <button type="button" class="link-btn more-replies" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? t('loading') : tn('more_replies', Math.max(1, c.reply_count - c.replies.length))}
        </button>
      )}
    </li>
  );
}

function PostActions({ post, onChange }: { post: Post; onChange: (p: Post) => void }) {
  const { me } = useSession();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canReport = !post.deleted && !post.removed && (!me || !post.author || post.author.id !== me.id);
  if (!post.can_edit && !post.can_moderate && !canReport) return null;
  async function toggle(action: 'pin' | 'unpin' | 'lock' | 'unlock') {
    setError(null);
    try {
      onChange(await api.post<Post>(`/posts/${post.id}/${action}`));
    } catch (e) {
      setError(e);
    }
  }
  async function remove() {
    try {
      await api.del(`/posts/${post.id}`);
      navigate(post.community ? `/c/${post.community.slug}` : '/', { replace: true });
    } catch (e) {
      setError(e);
    }
  }
  const mine = !!me && post.author?.id === me.id;
  return (
    <div class="post-actions">
      {(mine || post.can_moderate) && !post.deleted && (
        <a class="btn btn-ghost btn-sm" href={`/p/${post.id}/insights`}>
          <Icon name="chart" size={16} /> {t('insights_post_link')}
        </a>
      )}
      {post.can_moderate && (
        <>
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => toggle(post.pinned ? 'unpin' : 'pin')}>
            <Icon name="pin" size={16} /> {post.pinned ? t('unpin') : t('pin')}
          </button>
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => toggle(post.locked ? 'unlock' : 'lock')}>
            <Icon name="lock" size={16} /> {post.locked ? t('unlock') : t('lock')}
          </button>
        </>
      )}
      {(post.can_edit || post.can_moderate) && !post.deleted &&
        (confirmDelete ? (
          <span class="confirm" role="group" aria-label={t('delete_post_confirm')}>
            <span>{t('delete_post_confirm')}</span>
            <button type="button" class="btn btn-danger btn-sm" onClick={remove}>
              {t('delete_confirm')}
            </button>
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setConfirmDelete(false)}>
              {t('cancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => setConfirmDelete(true)}>
            <Icon name="trash" size={16} /> {t('delete')}
          </button>
        ))}
      {canReport && <ReportButton targetType="post" targetId={post.id} />}
      <FormError error={error} />
    </div>
  );
}
