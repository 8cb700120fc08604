// Search across posts, replies, communities and people, with filters kept in the URL.
// Snippets come from the server as escaped text with the matched words in <mark>.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { asApiError, useResource, useTitle } from '../hooks';
import { t, tn, type MessageKey } from '../i18n';
import { navigate, useQuery } from '../router';
import { useSession } from '../session';
import { POST_KINDS, type Account, type Comment, type Community, type Post } from '../types';
import { Avatar } from '../ui/Avatar';
import { CommunityCard } from '../ui/CommunityCard';
import { Icon } from '../ui/Icon';
import { displayName, KindBadge, TimeAgo } from '../ui/Post';
import { Empty, ErrorState, FormError, Loading } from '../ui/States';

type Hit<T> = T & { snippet_html: string };
type CommentHit = Hit<Comment> & { post: { id: string; title: string; community: Post['community'] } };
interface Results {
  terms: string[];
  posts: Hit<Post>[];
  comments: CommentHit[];
  communities: Hit<Community>[];
  accounts: Hit<Account>[];
}
type SearchType = 'all' | 'posts' | 'comments' | 'communities' | 'accounts';
const TYPES: SearchType[] = ['all', 'posts', 'comments', 'communities', 'accounts'];
const FILTERS = ['community', 'author', 'kind', 'hashtag', 'since', 'until'] as const;
const PAGE = 20;

export function Search() {
  const { me, instance } = useSession();
  const query = useQuery();
  const q = query.get('q') || '';
  const type = (TYPES.includes(query.get('type') as SearchType) ? query.get('type') : 'all') as SearchType;
  const [text, setText] = useState(q);
  const [filters, setFilters] = useState<Record<string, string>>(() => Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || ''])));
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState(false);
  const joined = useResource<Community[]>(me ? '/me/communities' : null);
  useTitle(q ? t('search_title_for', { q }) : t('search_title'), instance?.name);

  const key = query.toString();
  useEffect(() => {
    setText(q);
    setFilters(Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || ''])));
    if (!q.trim()) {
      setResults(null);
      setError(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    api
      .get<Results>(`/search?${searchParams(query, 0)}`)
      .then((r) => {
        if (!live) return;
        setResults(r);
        setMore(type !== 'all' && count(r) >= PAGE);
        setLoading(false);
      })
      .catch((e) => {
        if (!live) return;
        setError(asApiError(e));
        setResults(null);
        setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [key]);

  function go(overrides: Record<string, string> = {}) {
    const p = new URLSearchParams();
    const values: Record<string, string> = { q: text.trim(), type, ...filters, ...overrides };
    for (const k of ['q', 'type', ...FILTERS]) if (values[k] && !(k === 'type' && values[k] === 'all')) p.set(k, values[k]);
    navigate(`/search?${p}`, { replace: !!q });
  }

  async function loadMore() {
    if (!results) return;
    const offset = count(results);
    try {
      const r = await api.get<Results>(`/search?${searchParams(query, offset)}`);
      setResults({ ...results, [type]: [...(results[type as keyof Results] as unknown[]), ...(r[type as keyof Results] as unknown[])] } as Results);
      setMore(count(r) >= PAGE);
    } catch (e) {
      setError(asApiError(e));
    }
  }

  const filterCount = FILTERS.filter((f) => query.get(f)).length;
  const postFilters = !!(query.get('community') || query.get('author') || query.get('kind') || query.get('hashtag') || query.get('since') || query.get('until'));

  return (
    <div class="page search-page">
      <h1>{t('search_title')}</h1>
      <form
        class="card filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        <div class="filter-row">
          <label class="sr-only" for="search-q">
            {t('search_label')}
          </label>
          <div class="input-icon">
            <Icon name="search" size={18} />
            <input id="search-q" type="search" value={text} maxLength={256} placeholder={t('search_placeholder')} onInput={(e) => setText(e.currentTarget.value)} autoComplete="off" enterKeyHint="search" />
          </div>
          <button class="btn btn-primary" type="submit" disabled={!text.trim()}>
            {t('search_submit')}
          </button>
        </div>
        <details class="more-filters" open={filterCount > 0}>
          <summary>
            {t('search_filters')}
            {filterCount > 0 && ` (${filterCount})`}
          </summary>
          <div class="filter-grid">
            <div class="field">
              <label for="sf-community">{t('search_in_community')}</label>
              <select id="sf-community" value={filters.community} onChange={(e) => setFilters({ ...filters, community: e.currentTarget.value })}>
                <option value="">{t('search_any_community')}</option>
                {filters.community && !(joined.data || []).some((c) => c.slug === filters.community) && <option value={filters.community}>{filters.community}</option>}
                {(joined.data || []).map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="sf-author">{t('search_author')}</label>
              <input id="sf-author" value={filters.author} placeholder="@handle" autoCapitalize="none" spellcheck={false} onInput={(e) => setFilters({ ...filters, author: e.currentTarget.value.replace(/^@/, '') })} />
            </div>
            <div class="field">
              <label for="sf-kind">{t('search_kind')}</label>
              <select id="sf-kind" value={filters.kind} onChange={(e) => setFilters({ ...filters, kind: e.currentTarget.value })}>
                <option value="">{t('search_any_kind')}</option>
                {POST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind_${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="sf-tag">{t('search_hashtag')}</label>
              <input id="sf-tag" value={filters.hashtag} placeholder="#" autoCapitalize="none" onInput={(e) => setFilters({ ...filters, hashtag: e.currentTarget.value.replace(/^#/, '') })} />
            </div>
            <div class="field">
              <label for="sf-since">{t('search_since')}</label>
              <input id="sf-since" type="date" value={filters.since} onInput={(e) => setFilters({ ...filters, since: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="sf-until">{t('search_until')}</label>
              <input id="sf-until" type="date" value={filters.until} onInput={(e) => setFilters({ ...filters, until: e.currentTarget.value })} />
            </div>
          </div>
          <div class="form-actions">
            {filterCount > 0 && (
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => go(Object.fromEntries(FILTERS.map((f) => [f, ''])))}>
                {t('directory_clear')}
              </button>
            )}
            <button type="submit" class="btn btn-sm" disabled={!text.trim()}>
              {t('search_apply_filters')}
            </button>
          </div>
        </details>
      </form>

      {q && (
        <nav class="tabs" aria-label={t('search_types')}>
          {TYPES.map((ty) => {
            const p = new URLSearchParams(query);
            if (ty === 'all') p.delete('type');
            else p.set('type', ty);
            return (
              <a key={ty} class="tab-link" href={`/search?${p}`} aria-current={type === ty ? 'page' : undefined}>
                {t(`search_type_${ty}`)}
              </a>
            );
          })}
        </nav>
      )}

      {!q ? (
        <Empty icon="search" title={t('search_start_title')}>
          {t('search_start_text')}
        </Empty>
      ) : loading && !results ? (
        <Loading rows={2} />
      ) : error instanceof ApiError && error.field === 'q' ? (
        <FormError error={error} />
      ) : error ? (
        <ErrorState error={error} />
      ) : results && count(results) === 0 ? (
        <Empty icon="search" title={t('search_none', { q })}>
          {postFilters ? t('search_none_filtered') : t('search_none_text')}
        </Empty>
      ) : results ? (
        <div class="search-results" aria-live="polite">
          <ResultSection type="posts" show={type} results={results} query={query}>
            {results.posts.map((p) => (
              <PostHit key={p.id} p={p} />
            ))}
          </ResultSection>
          <ResultSection type="comments" show={type} results={results} query={query}>
            {results.comments.map((c) => (
              <CommentHitView key={c.id} c={c} />
            ))}
          </ResultSection>
          <ResultSection type="communities" show={type} results={results} query={query} grid>
            {results.communities.map((c) => (
              <div key={c.id} class="hit-community">
                <CommunityCard c={c} />
                <p class="snippet small" dangerouslySetInnerHTML={{ __html: c.snippet_html }} />
              </div>
            ))}
          </ResultSection>
          <ResultSection type="accounts" show={type} results={results} query={query}>
            <ul class="people card">
              {results.accounts.map((a) => (
                <li key={a.id} class="person">
                  <Avatar account={a} />
                  <div class="person-text">
                    <a href={`/@${a.username}`}>{displayName(a)}</a>
                    <span class="muted small">@{a.username}</span>
                    <span class="snippet small" dangerouslySetInnerHTML={{ __html: a.snippet_html }} />
                  </div>
                </li>
              ))}
            </ul>
          </ResultSection>
          {more && (
            <div class="load-more">
              <button type="button" class="btn" onClick={loadMore}>
                {t('load_more')}
              </button>
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}

function searchParams(query: URLSearchParams, offset: number): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'type', ...FILTERS]) {
    const v = query.get(k);
    if (v) p.set(k, v);
  }
  if ((query.get('type') || 'all') !== 'all') p.set('limit', String(PAGE));
  if (offset) p.set('offset', String(offset));
  return p.toString();
}

function count(r: Results): number {
  return r.posts.length + r.comments.length + r.communities.length + r.accounts.length;
}

function ResultSection({ type, show, results, query, grid, children }: {
  type: Exclude<SearchType, 'all'>;
  show: SearchType;
  results: Results;
  query: URLSearchParams;
  grid?: boolean;
  children: ComponentChildren;
}) {
  const n = results[type].length;
  if (n === 0 || (show !== 'all' && show !== type)) return null;
  const p = new URLSearchParams(query);
  p.set('type', type);
  return (
    <section class="hit-section" aria-labelledby={`hits-${type}`}>
      {show === 'all' && (
        <div class="section-head">
          <h2 id={`hits-${type}`} class="h3">
            {t(`search_type_${type}` as MessageKey)}
          </h2>
          {n >= 5 && (
            <a class="more-link" href={`/search?${p}`}>
              {t('see_all')} <Icon name="chevron" size={16} />
            </a>
          )}
        </div>
      )}
      {show !== 'all' && <h2 id={`hits-${type}`} class="sr-only">{t(`search_type_${type}` as MessageKey)}</h2>}
      <div class={grid ? 'grid' : 'hit-list'}>{children}</div>
    </section>
  );
}

function PostHit({ p }: { p: Hit<Post> }) {
  return (
    <article class="card hit">
      <p class="hit-meta muted small">
        <KindBadge kind={p.kind} />
        {p.community && (
          <a class="community-link" href={`/c/${p.community.slug}`}>
            {p.community.name}
          </a>
        )}
        <span>{displayName(p.author)}</span>
        <a class="time-link" href={`/p/${p.id}`}>
          <TimeAgo iso={p.created_at} />
        </a>
      </p>
      <h3 class="hit-title">
        <a href={`/p/${p.id}`}>{p.title || t('post_untitled', { name: displayName(p.author) })}</a>
      </h3>
      <p class="snippet" dangerouslySetInnerHTML={{ __html: p.snippet_html }} />
      <p class="muted small">{tn('replies', p.comment_count)}</p>
    </article>
  );
}

function CommentHitView({ c }: { c: CommentHit }) {
  return (
    <article class="card hit">
      <p class="hit-meta muted small">
        <span>{t('search_reply_by', { name: displayName(c.author) })}</span>
        <a class="time-link" href={`/p/${c.post.id}#comment-${c.id}`}>
          <TimeAgo iso={c.created_at} />
        </a>
      </p>
      <p class="snippet" dangerouslySetInnerHTML={{ __html: c.snippet_html }} />
      <p class="small">
        {t('search_in_post')} <a href={`/p/${c.post.id}#comment-${c.id}`}>{c.post.title || t('post_untitled', { name: '' })}</a>
        {c.post.community && ` · ${c.post.community.name}`}
      </p>
    </article>
  );
}
