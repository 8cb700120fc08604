// The community directory with filters (topic, language, place, size) and sort, kept in the URL.
import { useEffect, useState } from 'preact/hooks';
import { usePaged, useTitle } from '../hooks';
import { t } from '../i18n';
import { navigate, useQuery } from '../router';
import { useSession } from '../session';
import type { Community } from '../types';
import { CommunityCard } from '../ui/CommunityCard';
import { Icon } from '../ui/Icon';
import { Empty, ErrorState, Loading } from '../ui/States';

const FILTERS = ['topic', 'language', 'place', 'min_members', 'sort'] as const;

export function Directory() {
  const { me, instance } = useSession();
  const query = useQuery();
  const [topic, setTopic] = useState(query.get('topic') || '');
  const [language, setLanguage] = useState(query.get('language') || '');
  const [place, setPlace] = useState(query.get('place') || '');
  const [minMembers, setMinMembers] = useState(query.get('min_members') || '');
  const sort = query.get('sort') || 'active';
  useTitle(t('directory_title'), instance?.name);

  const api = new URLSearchParams();
  for (const k of FILTERS) {
    const v = query.get(k);
    if (v) api.set(k, v);
  }
  api.set('limit', '20');
  const list = usePaged<Community>(`/communities?${api}`);

  useEffect(() => {
    setTopic(query.get('topic') || '');
    setLanguage(query.get('language') || '');
    setPlace(query.get('place') || '');
    setMinMembers(query.get('min_members') || '');
  }, [query.toString()]);

  function apply(overrides: Record<string, string> = {}) {
    const q = new URLSearchParams();
    const values: Record<string, string> = { topic: topic.trim(), language, place: place.trim(), min_members: minMembers, sort, ...overrides };
    for (const k of FILTERS) if (values[k] && !(k === 'sort' && values[k] === 'active')) q.set(k, values[k]);
    const s = q.toString();
    navigate(`/communities${s ? `?${s}` : ''}`, { replace: true });
  }

  const filtered = FILTERS.some((k) => k !== 'sort' && query.get(k));
  const advancedOpen = !!(query.get('language') || query.get('place') || query.get('min_members'));

  return (
    <div class="page">
      {query.get('welcome') && me && (
        <div class="welcome card" role="status">
          <h2 class="h3">{t('welcome_title', { name: me.display_name || me.username })}</h2>
          <p>{t('welcome_text')}</p>
        </div>
      )}
      <div class="page-head">
        <h1>{t('directory_title')}</h1>
        {me && (
          <a class="btn" href="/communities/new">
            <Icon name="plus" size={18} /> {t('nav_found_community')}
          </a>
        )}
      </div>

      <form
        class="filters card"
        role="search"
        aria-label={t('directory_filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <div class="filter-row">
          <label class="sr-only" for="f-topic">
            {t('directory_topic')}
          </label>
          <div class="input-icon">
            <Icon name="hash" size={18} />
            <input id="f-topic" type="search" placeholder={t('directory_topic_placeholder')} value={topic} onInput={(e) => setTopic(e.currentTarget.value)} />
          </div>
          <button class="btn btn-primary" type="submit">
            {t('directory_apply')}
          </button>
        </div>
        <details class="more-filters" open={advancedOpen}>
          <summary>{t('directory_more_filters')}</summary>
          <div class="filter-grid">
            <div class="field">
              <label for="f-lang">{t('directory_language')}</label>
              <select id="f-lang" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
                <option value="">{t('directory_any_language')}</option>
                <option value="nl">Nederlands</option>
                <option value="en">English</option>
              </select>
            </div>
            <div class="field">
              <label for="f-place">{t('directory_place')}</label>
              <input id="f-place" value={place} onInput={(e) => setPlace(e.currentTarget.value)} placeholder={t('directory_place_placeholder')} />
            </div>
            <div class="field">
              <label for="f-min">{t('directory_min_members')}</label>
              <input id="f-min" type="number" inputMode="numeric" min={0} value={minMembers} onInput={(e) => setMinMembers(e.currentTarget.value)} />
            </div>
          </div>
        </details>
        <div class="sort-row">
          <span class="muted small" id="sort-label">
            {t('sort_by')}
          </span>
          <div class="segmented" role="group" aria-labelledby="sort-label">
            {(['active', 'new', 'size'] as const).map((s) => (
              <button type="button" key={s} class={sort === s ? 'seg on' : 'seg'} aria-pressed={sort === s} onClick={() => apply({ sort: s })}>
                {t(`sort_${s}`)}
              </button>
            ))}
          </div>
          {filtered && (
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => navigate('/communities', { replace: true })}>
              {t('directory_clear')}
            </button>
          )}
        </div>
      </form>

      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.items.length === 0 && list.loading ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Empty
          icon="compass"
          title={filtered ? t('directory_none_filtered') : t('landing_no_communities')}
          action={me && <a class="btn btn-primary" href="/communities/new">{t('nav_found_community')}</a>}
        >
          {filtered ? t('directory_none_filtered_text') : t('landing_no_communities_text')}
        </Empty>
      ) : (
        <>
          <div class="grid">
            {list.items.map((c) => (
              <CommunityCard key={c.id} c={c} headingLevel={2} />
            ))}
          </div>
          {list.next && (
            <div class="load-more">
              <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
                {list.loading ? t('loading') : t('load_more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
