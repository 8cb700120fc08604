// What this instance is, its rules and its most active communities; the front door for guests.
import { useTitle, useResource } from '../hooks';
import { t } from '../i18n';
import { useSession } from '../session';
import type { Community } from '../types';
import { CommunityCard } from '../ui/CommunityCard';
import { Icon } from '../ui/Icon';
import { Empty, ErrorState, Loading } from '../ui/States';

export function Landing() {
  const { instance, me } = useSession();
  const list = useResource<Community[]>('/communities?sort=active&limit=6');
  useTitle(instance?.name || 'Kring');
  const mode = instance?.registration_mode || 'open';
  return (
    <div class="page landing">
      <section class="hero">
        <div class="hero-mark" aria-hidden="true" />
        <h1>{instance?.name || 'Kring'}</h1>
        <p class="lead">{instance?.description || t('landing_default_description')}</p>
        <div class="hero-actions">
          {me ? (
            <a class="btn btn-primary btn-lg" href="/">
              {t('landing_to_feed')}
            </a>
          ) : mode !== 'closed' ? (
            <a class="btn btn-primary btn-lg" href="/signup">
              {t('landing_join')}
            </a>
          ) : null}
          <a class="btn btn-lg" href="/communities">
            {t('landing_browse')}
          </a>
        </div>
        {!me && <p class="muted small">{t(`landing_mode_${mode}`)}</p>}
      </section>

      <section class="section" aria-labelledby="landing-communities">
        <div class="section-head">
          <h2 id="landing-communities">{t('landing_communities')}</h2>
          <a href="/communities" class="more-link">
            {t('see_all')} <Icon name="chevron" size={16} />
          </a>
        </div>
        {list.loading ? (
          <Loading rows={2} />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : list.data && list.data.length > 0 ? (
          <div class="grid">
            {list.data.map((c) => (
              <CommunityCard key={c.id} c={c} />
            ))}
          </div>
        ) : (
          <Empty icon="people" title={t('landing_no_communities')} action={me && <a class="btn btn-primary" href="/communities/new">{t('nav_found_community')}</a>}>
            {t('landing_no_communities_text')}
          </Empty>
        )}
      </section>

      {instance && instance.rules.length > 0 && (
        <section class="section card rules-card" aria-labelledby="landing-rules">
          <h2 id="landing-rules">{t('landing_rules')}</h2>
          <ol class="rules">
            {instance.rules.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ol>
        </section>
      )}

      <section class="section values" aria-labelledby="landing-values">
        <h2 id="landing-values" class="sr-only">
          {t('landing_values')}
        </h2>
        <div class="value">
          <Icon name="people" size={22} />
          <div>
            <h3>{t('landing_value_small_title')}</h3>
            <p class="muted">{t('landing_value_small_text')}</p>
          </div>
        </div>
        <div class="value">
          <Icon name="shield" size={22} />
          <div>
            <h3>{t('landing_value_private_title')}</h3>
            <p class="muted">{t('landing_value_private_text')}</p>
          </div>
        </div>
        <div class="value">
          <Icon name="clock" size={22} />
          <div>
            <h3>{t('landing_value_chrono_title')}</h3>
            <p class="muted">{t('landing_value_chrono_text')}</p>
          </div>
        </div>
      </section>
    </div>
  );
}
