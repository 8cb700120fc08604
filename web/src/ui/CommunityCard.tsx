import { t, tn } from '../i18n';
import type { Community } from '../types';
import { CommunityBadge } from './Avatar';
import { Icon } from './Icon';

export function CommunityCard({ c, headingLevel = 3 }: { c: Community; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card community-card">
      <div class="community-card-head">
        <CommunityBadge name={c.name} slug={c.slug} />
        <div class="community-card-title">
          <H class="card-title">
            <a href={`/c/${c.slug}`}>{c.name}</a>
          </H>
          <p class="muted small">
            <span>{tn('members', c.member_count)}</span>
            {c.place && (
              <span>
                {' · '}
                <Icon name="place" size={13} /> {c.place}
              </span>
            )}
            <span>
              {' · '}
              {c.language.toUpperCase()}
            </span>
          </p>
        </div>
        {c.membership && <span class="badge joined">{t('joined')}</span>}
      </div>
      {c.description && <p class="clamp-3">{c.description}</p>}
      <div class="chips">
        {c.visibility === 'members_only' && (
          <span class="badge">
            <Icon name="lock" size={13} /> {t('visibility_members_only_short')}
          </span>
        )}
        {c.join_policy !== 'open' && <span class="badge">{t(c.join_policy === 'approval' ? 'policy_approval_short' : 'policy_invite_short')}</span>}
        {c.topics.slice(0, 4).map((topic) => (
          <a key={topic} class="chip topic" href={`/communities?topic=${encodeURIComponent(topic)}`}>
            {topic}
          </a>
        ))}
      </div>
    </article>
  );
}
