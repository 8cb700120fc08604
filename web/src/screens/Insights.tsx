// Insights screens (loaded lazily with the chart library): one post's figures for its author and
// moderators, and a community's dashboard for owners and moderators (daily chart and table, CSV,
// when-to-post heatmap, and the decision-support panels). Figures the server masks because they
// rest on fewer than 5 people arrive as the string "< 5" and are shown as such.
import { useState } from 'preact/hooks';
import { ApiError, enc } from '../api';
import { useResource, useTitle } from '../hooks';
import { currentTimeZone, formatDate, formatNumber, t, tn, type MessageKey } from '../i18n';
import { useSession } from '../session';
import type { Community, Post } from '../types';
import { Icon } from '../ui/Icon';
import { ErrorState, Loading } from '../ui/States';
import { hourLabel, weekdayName, type Figure, type WhenToPost } from '../slots';
import { DecisionPanels, MyDecisionPanels } from './InsightsDecisions';
import { LineChart } from './InsightsChart';
import { CsvLink } from './InsightsCsv';

export const MASKED = '< 5';

/** A figure as people read it: numbers in the locale's style, "< 5" as it is. */
export function fig(v: Figure | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

export function pct(v: number, digits = 0): string {
  return new Intl.NumberFormat(document.documentElement.lang || 'en', { style: 'percent', maximumFractionDigits: digits }).format(v);
}

const num = (v: Figure | null | undefined): number | null => (typeof v === 'number' ? v : null);

// ---------------------------------------------------------------------------------------------
// Post insights

interface PostInsightsData {
  post_id: string;
  views: Figure;
  unique_viewers: Figure;
  reactions: Record<string, Figure>;
  comments: Figure;
  interactions: Figure;
  engagement_rate: number | string | null;
  engagement_formula: string;
  approximate: boolean;
  /** Newer servers (notes/insights-contract.md). */
  shares?: Figure;
  link_clicks?: Figure;
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div class="stat card">
      <p class="stat-label">{label}</p>
      <p class="stat-value">{value}</p>
      {hint && <p class="stat-hint small muted">{hint}</p>}
    </div>
  );
}

export function PostInsights({ id }: { id: string }) {
  const { instance } = useSession();
  const res = useResource<PostInsightsData>(`/insights/posts/${enc(id)}`);
  const post = useResource<Post>(`/posts/${enc(id)}`);
  useTitle(t('insights_post_title'), instance?.name);
  if (res.loading) return <div class="page narrow"><Loading rows={2} /></div>;
  if (res.error || !res.data) return <div class="page narrow"><ErrorState error={res.error} onRetry={res.reload} /></div>;
  const d = res.data;
  const rate = d.engagement_rate;
  const reactionKinds = Object.keys(d.reactions);
  return (
    <div class="page narrow insights">
      <p class="crumb">
        <a href={`/p/${id}`}>
          <Icon name="chevron" size={14} class="flip" /> {post.data?.title || t('insights_back_to_post')}
        </a>
      </p>
      <h1>{t('insights_post_title')}</h1>
      <p class="muted">{t('insights_post_intro')}</p>
      <div class="stats">
        <Stat label={t('insights_views')} value={fig(d.views)} hint={t('insights_views_hint')} />
        <Stat label={t('insights_unique_viewers')} value={fig(d.unique_viewers)} hint={t('insights_unique_hint')} />
        <Stat label={t('insights_comments')} value={fig(d.comments)} />
        <Stat label={t('insights_interactions')} value={fig(d.interactions)} hint={t('insights_interactions_hint')} />
        {d.shares !== undefined && <Stat label={t('insights_shares')} value={fig(d.shares)} />}
        {d.link_clicks !== undefined && <Stat label={t('insights_link_clicks')} value={fig(d.link_clicks)} />}
      </div>
      <section class="card stack" aria-labelledby="rate-h">
        <h2 id="rate-h" class="h3">{t('insights_engagement')}</h2>
        <p class="stat-value">{rate === null ? '—' : typeof rate === 'number' ? pct(rate, 1) : rate}</p>
        <p>
          {rate === null
            ? t('insights_engagement_none')
            : typeof rate === 'number'
              ? t('insights_engagement_explain', { n: Math.round(rate * 100) })
              : t('insights_masked_explain')}
        </p>
        <p class="formula small">
          <span class="muted">{t('insights_formula')}</span> <code>{t('insights_engagement_formula')}</code>
        </p>
      </section>
      <section class="card stack" aria-labelledby="reactions-h">
        <h2 id="reactions-h" class="h3">{t('insights_reactions_by_kind')}</h2>
        {reactionKinds.length === 0 ? (
          <p class="muted">{t('insights_no_reactions')}</p>
        ) : (
          <ul class="kv">
            {reactionKinds.map((k) => (
              <li key={k}>
                <span>{t(`reaction_${k}` as MessageKey) || k}</span>
                <strong>{fig(d.reactions[k])}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
      <PrivacyNote approximate={d.approximate} />
    </div>
  );
}

function PrivacyNote({ approximate }: { approximate?: boolean }) {
  return (
    <aside class="notice small insights-note">
      <p>{t('insights_note_counting')}</p>
      <p>{t('insights_note_masked')}</p>
      {approximate && <p>{t('insights_note_approximate')}</p>}
      <p>
        <a href="/privacy">{t('privacy_link')}</a>
      </p>
    </aside>
  );
}

// ---------------------------------------------------------------------------------------------
// Community insights

interface DayRow {
  date: string;
  members_joined: Figure;
  members_left: Figure;
  member_growth: Figure;
  active_members: Figure;
  weekly_active_members: Figure;
  posts: Figure;
  comments: Figure;
  reactions: Figure;
  views: Figure;
  /** Newer servers (notes/insights-contract.md §3). */
  shares?: Figure;
  link_clicks?: Figure;
}

interface RetentionRow {
  week_of: string;
  joined: Figure;
  weeks: { week: number; active: Figure; share: number | null }[];
}

interface CommunityInsightsData {
  community: string;
  members: number;
  days: DayRow[];
  top_hashtags: { tag: string; posts: number; authors: number }[];
  /** Newer servers (notes/insights-contract.md); absent on older ones. */
  monthly_active_members?: Figure;
  retention?: RetentionRow[];
  contributors?: { handle: string; display_name: string; posts: number; comments: number }[];
}

type Metric = 'members' | 'active_members' | 'posts' | 'comments' | 'views';
const METRICS: Metric[] = ['members', 'active_members', 'posts', 'comments', 'views'];
const PERIODS = [7, 28, 90];

/** Members at the end of each day, counted back from today's total; unknown before a masked day. */
export function membersSeries(d: CommunityInsightsData): (number | null)[] {
  const out: (number | null)[] = new Array(d.days.length).fill(null);
  let n: number | null = d.members;
  for (let i = d.days.length - 1; i >= 0; i--) {
    out[i] = n;
    const g = num(d.days[i].member_growth);
    n = n === null || g === null ? null : n - g;
  }
  return out;
}

function sum(rows: DayRow[], key: keyof DayRow): { total: number; masked: boolean } {
  let total = 0;
  let masked = false;
  for (const r of rows) {
    const v = r[key];
    if (typeof v === 'number') total += v;
    else masked = true;
  }
  return { total, masked };
}

export function CommunityInsights({ c }: { c: Community }) {
  const [days, setDays] = useState(28);
  const [metric, setMetric] = useState<Metric>('active_members');
  const res = useResource<CommunityInsightsData>(`/insights/communities/${enc(c.slug)}?days=${days}`);
  const d = res.data;
  return (
    <div class="insights stack-lg">
      <section class="card stack" aria-labelledby="ins-h">
        <div class="insights-head">
          <h2 id="ins-h">{t('insights_community_title')}</h2>
          <div class="segmented small" role="group" aria-label={t('insights_period')}>
            {PERIODS.map((p) => (
              <button key={p} type="button" class={days === p ? 'seg on' : 'seg'} aria-pressed={days === p} onClick={() => setDays(p)}>
                {tn('insights_days', p)}
              </button>
            ))}
          </div>
        </div>
        <p class="muted">{t('insights_community_intro')}</p>
        {res.loading && !d ? (
          <Loading rows={1} />
        ) : res.error ? (
          <ErrorState error={res.error} onRetry={res.reload} />
        ) : d ? (
          <CommunityBody d={d} days={days} metric={metric} setMetric={setMetric} slug={c.slug} />
        ) : null}
      </section>
      {/* Servers that send retention also answer CSV for the heatmap (insights contract §3). */}
      <WhenToPostPanel slug={c.slug} csv={d?.retention !== undefined} />
      <DecisionPanels slug={c.slug} />
      <PrivacyNote />
    </div>
  );
}

function CommunityBody({ d, days, metric, setMetric, slug }: { d: CommunityInsightsData; days: number; metric: Metric; setMetric: (m: Metric) => void; slug: string }) {
  const posts = sum(d.days, 'posts');
  const comments = sum(d.days, 'comments');
  const views = sum(d.days, 'views');
  const sharing = d.days.length > 0 && d.days[0].shares !== undefined;
  const joined = sum(d.days, 'members_joined');
  const last = d.days[d.days.length - 1];
  const members = membersSeries(d);
  const values = metric === 'members' ? members : d.days.map((r) => num(r[metric]));
  const maskedDays = values.filter((v) => v === null).length;
  const totalText = (s: { total: number; masked: boolean }) =>
    !s.masked ? formatNumber(s.total) : s.total === 0 ? t('insights_a_few') : t('insights_at_least', { n: formatNumber(s.total) });
  const label = t(`insights_metric_${metric}` as MessageKey);
  return (
    <>
      <div class="stats">
        <Stat label={t('insights_members_now')} value={formatNumber(d.members)} hint={t('insights_joined_in', { n: totalText(joined) })} />
        <Stat label={t('insights_weekly_active')} value={fig(last?.weekly_active_members)} hint={t('insights_weekly_active_hint')} />
        {d.monthly_active_members !== undefined && <Stat label={t('insights_monthly_active')} value={fig(d.monthly_active_members)} hint={t('insights_monthly_active_hint')} />}
        <Stat label={t('insights_metric_posts')} value={totalText(posts)} hint={tn('insights_in_days', days)} />
        <Stat label={t('insights_metric_comments')} value={totalText(comments)} hint={tn('insights_in_days', days)} />
        <Stat label={t('insights_metric_views')} value={totalText(views)} hint={tn('insights_in_days', days)} />
        {sharing && <Stat label={t('insights_shares')} value={totalText(sum(d.days, 'shares'))} hint={tn('insights_in_days', days)} />}
        {sharing && <Stat label={t('insights_link_clicks')} value={totalText(sum(d.days, 'link_clicks'))} hint={tn('insights_in_days', days)} />}
      </div>
      <div class="chips metric-picker" role="group" aria-label={t('insights_chart_shows')}>
        {METRICS.map((m) => (
          <button key={m} type="button" class="chip" aria-pressed={metric === m} onClick={() => setMetric(m)}>
            {t(`insights_metric_${m}` as MessageKey)}
          </button>
        ))}
      </div>
      <LineChart
        dates={d.days.map((r) => r.date)}
        values={values}
        label={label}
        summary={t('insights_chart_summary', { metric: label, days: formatNumber(d.days.length) })}
      />
      <p class="small muted">
        {t('insights_today_partial')} {maskedDays > 0 && tn('insights_masked_days', maskedDays)}
      </p>
      <div class="form-actions start">
        <a class="btn btn-sm" href={`/api/v1/insights/communities/${enc(slug)}?days=${days}&format=csv`} download={`${slug}-insights.csv`}>
          <Icon name="download" size={16} /> {t('insights_csv')}
        </a>
      </div>
      <details class="insights-table">
        <summary>{t('insights_show_table')}</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t('insights_table_caption')}>
          <table>
            <caption class="sr-only">{t('insights_table_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('insights_col_date')}</th>
                <th scope="col">{t('insights_col_joined')}</th>
                <th scope="col">{t('insights_col_left')}</th>
                <th scope="col">{t('insights_metric_active_members')}</th>
                <th scope="col">{t('insights_metric_posts')}</th>
                <th scope="col">{t('insights_metric_comments')}</th>
                <th scope="col">{t('insights_col_reactions')}</th>
                <th scope="col">{t('insights_metric_views')}</th>
                {sharing && <th scope="col">{t('insights_shares')}</th>}
                {sharing && <th scope="col">{t('insights_link_clicks')}</th>}
              </tr>
            </thead>
            <tbody>
              {d.days
                .map((r) => (
                  <tr key={r.date}>
                    <th scope="row">{formatDate(r.date + 'T12:00:00Z')}</th>
                    <td>{fig(r.members_joined)}</td>
                    <td>{fig(r.members_left)}</td>
                    <td>{fig(r.active_members)}</td>
                    <td>{fig(r.posts)}</td>
                    <td>{fig(r.comments)}</td>
                    <td>{fig(r.reactions)}</td>
                    <td>{fig(r.views)}</td>
                    {sharing && <td>{fig(r.shares)}</td>}
                    {sharing && <td>{fig(r.link_clicks)}</td>}
                  </tr>
                ))
                .reverse()}
            </tbody>
          </table>
        </div>
      </details>
      {d.retention && d.retention.length > 0 && <Retention rows={d.retention} csv={`/insights/communities/${enc(slug)}?days=${days}&table=retention`} file={`${slug}-retention.csv`} />}
      {d.contributors && d.contributors.length > 0 && (
        <div>
          <div class="insights-head">
            <h3 class="h3">{t('insights_contributors')}</h3>
            <CsvLink path={`/insights/communities/${enc(slug)}?days=${days}&table=contributors`} table={t('insights_contributors')} file={`${slug}-contributors.csv`} />
          </div>
          <p class="small muted">{t('insights_contributors_hint')}</p>
          <ul class="kv">
            {d.contributors.map((c) => (
              <li key={c.handle}>
                <a href={`/@${c.handle}`}>{c.display_name || c.handle}</a>
                <span class="muted small">
                  {tn('posts', c.posts)} · {tn('replies', c.comments)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {d.top_hashtags.length > 0 && (
        <div>
          <div class="insights-head">
            <h3 class="h3">{t('insights_top_hashtags')}</h3>
            {d.retention !== undefined && (
              <CsvLink path={`/insights/communities/${enc(slug)}?days=${days}&table=top_hashtags`} table={t('insights_top_hashtags')} file={`${slug}-top-hashtags.csv`} />
            )}
          </div>
          <ul class="kv">
            {d.top_hashtags.map((h) => (
              <li key={h.tag}>
                <a href={`/tags/${enc(h.tag.replace(/^#/, ''))}`}>#{h.tag.replace(/^#/, '')}</a>
                <span class="muted small">{tn('insights_tag_posts', h.posts, { people: formatNumber(h.authors) })}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** Cohorts: of the people who joined in a week, how many were still active N weeks later. */
function Retention({ rows, csv, file }: { rows: RetentionRow[]; csv: string; file: string }) {
  const n = Math.max(...rows.map((r) => r.weeks.length));
  return (
    <div>
      <div class="insights-head">
        <h3 class="h3">{t('insights_retention')}</h3>
        <CsvLink path={csv} table={t('insights_retention')} file={file} />
      </div>
      <p class="small muted">{t('insights_retention_hint')}</p>
      <div class="table-scroll insights-table" tabIndex={0} role="region" aria-label={t('insights_retention')}>
        <table>
          <caption class="sr-only">{t('insights_retention')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('insights_retention_week_of')}</th>
              <th scope="col">{t('insights_col_joined')}</th>
              {Array.from({ length: n }, (_, w) => (
                <th key={w} scope="col">
                  {t('insights_retention_week', { n: w })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.week_of}>
                <th scope="row">{formatDate(r.week_of + 'T12:00:00Z')}</th>
                <td>{fig(r.joined)}</td>
                {Array.from({ length: n }, (_, w) => {
                  const c = r.weeks.find((x) => x.week === w);
                  return <td key={w}>{!c ? '' : c.share !== null ? `${pct(c.share)} (${fig(c.active)})` : fig(c.active)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Creator insights: your own posts and audience (GET /insights/me; newer servers only)

interface TopPost {
  post_id: string;
  title: string;
  views: Figure;
  unique_viewers: Figure;
  comments: Figure;
  interactions: Figure;
  engagement_rate: number | string | null;
  shares?: Figure;
  link_clicks?: Figure;
}

interface MeInsights {
  time_zone: string;
  days: number;
  followers: number;
  daily: { date: string; new_followers: Figure; lost_followers: Figure; profile_visits: Figure }[];
  top_posts: TopPost[];
  audience: WhenToPost;
}

export function MyInsights() {
  const { instance } = useSession();
  useTitle(t('insights_me_title'), instance?.name);
  const res = useResource<MeInsights>('/insights/me?days=28');
  const d = res.data;
  return (
    <div class="page insights">
      <h1>{t('insights_me_title')}</h1>
      <p class="muted">{t('insights_me_intro')}</p>
      {res.loading && !d ? (
        <Loading rows={2} />
      ) : notAvailable(res.error) ? (
        <p class="notice">{t('dec_unavailable')}</p>
      ) : res.error ? (
        <ErrorState error={res.error} onRetry={res.reload} />
      ) : d ? (
        <>
          <section class="card stack" aria-labelledby="me-h">
            <div class="insights-head">
              <h2 id="me-h">{t('insights_me_followers')}</h2>
              <CsvLink path={`/insights/me?days=${d.days}&table=days`} table={t('insights_me_followers')} file="my-days.csv" />
            </div>
            <div class="stats">
              <Stat label={t('insights_me_followers')} value={formatNumber(d.followers)} />
              <Stat label={t('insights_me_new_followers')} value={fig(sumFigures(d.daily.map((x) => x.new_followers)))} hint={tn('insights_in_days', d.days)} />
              <Stat label={t('insights_me_lost_followers')} value={fig(sumFigures(d.daily.map((x) => x.lost_followers)))} hint={tn('insights_in_days', d.days)} />
              <Stat label={t('insights_me_visits')} value={fig(sumFigures(d.daily.map((x) => x.profile_visits)))} hint={tn('insights_in_days', d.days)} />
            </div>
            <LineChart
              dates={d.daily.map((x) => x.date)}
              values={d.daily.map((x) => num(x.profile_visits))}
              label={t('insights_me_visits')}
              summary={t('insights_chart_summary', { metric: t('insights_me_visits'), days: formatNumber(d.daily.length) })}
            />
          </section>
          <section class="card stack" aria-labelledby="top-h">
            <div class="insights-head">
              <h2 id="top-h">{t('insights_me_top_posts')}</h2>
              {d.top_posts.length > 0 && <CsvLink path={`/insights/me?days=${d.days}&table=top_posts`} table={t('insights_me_top_posts')} file="my-top-posts.csv" />}
            </div>
            {d.top_posts.length === 0 ? (
              <p class="muted">{t('dec_nothing_yet')}</p>
            ) : (
              <div class="table-scroll insights-table" tabIndex={0} role="region" aria-label={t('insights_me_top_posts')}>
                <table>
                  <caption class="sr-only">{t('insights_me_top_posts')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('insights_me_post')}</th>
                      <th scope="col">{t('insights_unique_viewers')}</th>
                      <th scope="col">{t('insights_interactions')}</th>
                      <th scope="col">{t('insights_engagement')}</th>
                      {d.top_posts[0].shares !== undefined && <th scope="col">{t('insights_shares')}</th>}
                      {d.top_posts[0].link_clicks !== undefined && <th scope="col">{t('insights_link_clicks')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {d.top_posts.map((p) => (
                      <tr key={p.post_id}>
                        <th scope="row">
                          <a href={`/p/${p.post_id}/insights`}>{p.title || t('insights_back_to_post')}</a>
                        </th>
                        <td>{fig(p.unique_viewers)}</td>
                        <td>{fig(p.interactions)}</td>
                        <td>{typeof p.engagement_rate === 'number' ? pct(p.engagement_rate, 1) : fig(p.engagement_rate)}</td>
                        {p.shares !== undefined && <td>{fig(p.shares)}</td>}
                        {p.link_clicks !== undefined && <td>{fig(p.link_clicks)}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p class="formula small">
              <span class="muted">{t('insights_formula')}</span> <code>{t('insights_engagement_formula')}</code>
            </p>
          </section>
          <section class="card stack" aria-labelledby="aud-h">
            <div class="insights-head">
              <h2 id="aud-h">{t('insights_me_audience')}</h2>
              <CsvLink path={`/insights/me?days=${d.days}&table=audience`} table={t('insights_me_audience')} file="my-audience.csv" />
            </div>
            <p class="muted">{t('wtp_intro', { tz: d.audience.time_zone || d.time_zone })}</p>
            <WhenToPostBody d={d.audience} />
          </section>
          <MyDecisionPanels />
          <PrivacyNote />
        </>
      ) : null}
    </div>
  );
}

/** Total of daily figures; "< 5" when every day was masked and no number is known. */
function sumFigures(values: Figure[]): Figure {
  let total = 0;
  let known = false;
  for (const v of values) if (typeof v === 'number') (total += v), (known = true);
  return known || values.length === 0 ? total : MASKED;
}

// ---------------------------------------------------------------------------------------------
// When to post: weekday × hour heatmap

function level(v: Figure, max: number): string {
  if (typeof v !== 'number') return 'masked';
  if (v === 0 || max === 0) return 'l0';
  return `l${Math.min(4, Math.ceil((v / max) * 4))}`;
}

export function WhenToPostPanel({ slug, csv }: { slug: string; csv?: boolean }) {
  // Raw events are kept 30 days, so the server allows at most 4 weeks.
  const [weeks, setWeeks] = useState(4);
  const res = useResource<WhenToPost>(`/insights/communities/${enc(slug)}/when_to_post?weeks=${weeks}&time_zone=${enc(currentTimeZone())}`);
  const d = res.data;
  return (
    <section class="card stack" aria-labelledby="wtp-h">
      <div class="insights-head">
        <h2 id="wtp-h">{t('wtp_title')}</h2>
        <div class="segmented small" role="group" aria-label={t('insights_period')}>
          {[1, 2, 4].map((w) => (
            <button key={w} type="button" class={weeks === w ? 'seg on' : 'seg'} aria-pressed={weeks === w} onClick={() => setWeeks(w)}>
              {tn('wtp_weeks', w)}
            </button>
          ))}
        </div>
      </div>
      <p class="muted">{t('wtp_intro', { tz: d?.time_zone || currentTimeZone() })}</p>
      {res.loading && !d ? <Loading rows={1} /> : res.error ? <ErrorState error={res.error} onRetry={res.reload} /> : d ? <WhenToPostBody d={d} /> : null}
      {d && csv && (
        <div class="form-actions start">
          <CsvLink path={`/insights/communities/${enc(slug)}/when_to_post?weeks=${weeks}&time_zone=${enc(currentTimeZone())}`} table={t('wtp_title')} file={`${slug}-when-to-post.csv`} />
        </div>
      )}
    </section>
  );
}

function WhenToPostBody({ d }: { d: WhenToPost }) {
  let max = 0;
  for (const row of d.heatmap) for (const c of row) if (typeof c.events === 'number') max = Math.max(max, c.events);
  const best = new Set(d.best_slots.map((s) => `${s.weekday_index}-${s.hour}`));
  return (
    <>
      {d.advice === 'best_slots' ? (
        <ol class="best-slots">
          {d.best_slots.map((s, i) => (
            <li key={s.label} class="best-slot">
              <span class="best-rank" aria-hidden="true">
                {i + 1}
              </span>
              <div>
                <p class="best-when">
                  {weekdayName(s.weekday_index)} {hourLabel(s.hour)}–{hourLabel((s.hour + 1) % 24)}
                </p>
                <p class="small muted">
                  {t('wtp_lift', { x: formatNumber(Math.round(s.lift * 10) / 10) })} · {t('wtp_sample', { events: formatNumber(s.sample_size.events), people: formatNumber(s.sample_size.people), weeks: formatNumber(s.sample_size.weeks) })}
                </p>
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p class="notice">{d.advice === 'no_clear_peak' ? t('wtp_no_peak') : t('wtp_not_enough', { events: formatNumber(d.minimums.events), people: formatNumber(d.minimums.people) })}</p>
      )}
      <p class="small muted">
        {t('wtp_sample_total', { events: fig(d.sample.events), people: fig(d.sample.people), weeks: formatNumber(d.weeks) })} {t('wtp_method')}
      </p>
      <div class="table-scroll heatmap-scroll" tabIndex={0} role="region" aria-label={t('wtp_grid_label')}>
        <table class="heatmap">
          <caption class="sr-only">{t('wtp_grid_label')}</caption>
          <thead>
            <tr>
              <td />
              {Array.from({ length: 24 }, (_, h) => (
                <th key={h} scope="col">
                  <span aria-hidden="true">{h % 3 === 0 ? String(h).padStart(2, '0') : ''}</span>
                  <span class="sr-only">{hourLabel(h)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.heatmap.map((row, wd) => (
              <tr key={wd}>
                <th scope="row">
                  <span aria-hidden="true">{weekdayName(wd, 'short')}</span>
                  <span class="sr-only">{weekdayName(wd)}</span>
                </th>
                {row.map((c, h) => {
                  const isBest = best.has(`${wd}-${h}`);
                  const text = t('wtp_cell', { day: weekdayName(wd), hour: hourLabel(h), events: fig(c.events), people: fig(c.people) }) + (isBest ? ` (${t('wtp_best')})` : '');
                  return (
                    <td key={h} class={`hm ${level(c.events, max)}${isBest ? ' best' : ''}`} title={text}>
                      <span class="sr-only">{text}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="heatmap-legend small muted" aria-hidden="true">
        <span>{t('wtp_quiet')}</span>
        <span class="hm l0" />
        <span class="hm l1" />
        <span class="hm l2" />
        <span class="hm l3" />
        <span class="hm l4" />
        <span>{t('wtp_busy')}</span>
        <span class="hm masked" />
        <span>{t('wtp_masked')}</span>
      </p>
    </>
  );
}

/** Whether an insights endpoint exists on this server: 404 with an unknown route reads as "not yet". */
export function notAvailable(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

