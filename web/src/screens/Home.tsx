// The home feed: newest first from the communities you joined and the people you follow.
import { usePaged, useResource, useTitle } from '../hooks';
import { t } from '../i18n';
import { useSession } from '../session';
import type { Community, Post } from '../types';
import { CommunityBadge } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { Empty } from '../ui/States';
import { FeedBody } from './Community';

export function Home() {
  const { me, instance } = useSession();
  const feed = usePaged<Post>('/feeds/home?limit=20');
  const mine = useResource<Community[]>('/me/communities');
  useTitle(t('home_title'), instance?.name);
  return (
    <div class="page with-aside">
      <div class="main-col">
        <div class="page-head">
          <h1>{t('home_title')}</h1>
          <button type="button" class="btn btn-ghost btn-sm" onClick={feed.reload} disabled={feed.loading}>
            {t('refresh')}
          </button>
        </div>
        <p class="muted small why">
          <Icon name="clock" size={14} /> {t('home_why')}
        </p>
        <FeedBody
          list={feed}
          empty={
            <Empty icon="home" title={t('home_empty_title', { name: me?.display_name || me?.username || '' })} action={<a class="btn btn-primary" href="/communities">{t('landing_browse')}</a>}>
              {t('home_empty_text')}
            </Empty>
          }
        />
      </div>
      <aside class="aside" aria-labelledby="aside-communities">
        <div class="card">
          <h2 id="aside-communities" class="h3">
            {t('home_your_communities')}
          </h2>
          {mine.data && mine.data.length > 0 ? (
            <ul class="mini-list">
              {mine.data.map((c) => (
                <li key={c.id}>
                  <a href={`/c/${c.slug}`}>
                    <CommunityBadge name={c.name} slug={c.slug} size="sm" />
                    <span>{c.name}</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted small">{mine.loading ? t('loading') : t('home_no_communities')}</p>
          )}
          <a class="btn btn-block" href="/communities/new">
            <Icon name="plus" size={16} /> {t('nav_found_community')}
          </a>
        </div>
      </aside>
    </div>
  );
}
