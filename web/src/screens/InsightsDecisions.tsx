// Decision support: "do posts with #tag / photos / questions do better here?" For every group the
// sample size, the 95% interval and the method in one sentence; "not enough data yet" where the
// server says so, and "no clear effect" whenever the interval crosses zero — never the bare point
// estimate. Shapes: notes/insights-contract.md. Servers without these routes answer 404: the panel
// then says the comparison is not available yet.
import { useState } from 'preact/hooks';
import { ApiError, enc } from '../api';
import { useResource } from '../hooks';
import { formatNumber, t, tn, type MessageKey } from '../i18n';
import { ErrorState, Loading } from '../ui/States';
import { CsvLink } from './InsightsCsv';

type Figure = number | string;

export interface DecisionItem {
  tag?: string;
  type?: string;
  posts: number;
  authors: Figure;
  engagement: number | null;
  engagement_ci95: [number, number] | null;
  baseline_posts: number;
  baseline_engagement: number | null;
  uplift: number | null;
  uplift_ci95: [number, number] | null;
  enough_data: boolean;
  reason: string | null;
  verdict: 'higher' | 'lower' | 'no_clear_effect' | 'not_enough_data' | string;
}

export interface DecisionData {
  scope: string;
  days: number;
  minimums: { posts_per_group: number; viewers_per_post: number; people: number };
  posts_considered: number;
  average_engagement: number | null;
  items: DecisionItem[];
}

const pct = (v: number) => `${Math.round(Math.abs(v) * 100)}%`;

/** The verdict we show: an interval crossing zero is "no clear effect", whatever the label says. */
export function verdictOf(i: DecisionItem): 'higher' | 'lower' | 'no_clear_effect' | 'not_enough_data' {
  if (!i.enough_data || !i.uplift_ci95 || i.uplift === null) return 'not_enough_data';
  const [lo, hi] = i.uplift_ci95;
  if (lo <= 0 && hi >= 0) return 'no_clear_effect';
  return lo > 0 ? 'higher' : 'lower';
}

function intervalText(ci: [number, number]): string {
  const side = (v: number) => (v >= 0 ? t('dec_more', { p: pct(v) }) : t('dec_less', { p: pct(v) }));
  return t('dec_interval', { lo: side(ci[0]), hi: side(ci[1]) });
}

/** The interval as a bar around a zero line, on a scale of −100% … +100% (clipped). */
function IntervalBar({ ci, est }: { ci: [number, number]; est: number }) {
  const x = (v: number) => 10 + ((Math.max(-1, Math.min(1, v)) + 1) / 2) * 180;
  return (
    <svg class="ci-bar" viewBox="0 0 200 24" width="200" height="24" aria-hidden="true" focusable="false">
      <line class="ci-axis" x1="10" x2="190" y1="12" y2="12" />
      <line class="ci-zero" x1="100" x2="100" y1="3" y2="21" />
      <line class="ci-range" x1={x(ci[0])} x2={x(ci[1])} y1="12" y2="12" />
      <circle class="ci-est" cx={x(est)} cy="12" r="4" />
    </svg>
  );
}

function itemName(i: DecisionItem): string {
  if (i.tag) return '#' + i.tag.replace(/^#/, '');
  return t(`dec_type_${i.type}` as MessageKey) || i.type || '';
}

function DecisionRow({ i }: { i: DecisionItem }) {
  const v = verdictOf(i);
  return (
    <li class={`decision ${v}`}>
      <div class="decision-head">
        <strong>{itemName(i)}</strong>
        <span class={`badge verdict-${v}`}>{t(`dec_verdict_${v}` as MessageKey)}</span>
      </div>
      {v === 'not_enough_data' ? (
        <p class="small">{t(`dec_reason_${i.reason || 'too_few_posts'}` as MessageKey)}</p>
      ) : (
        <>
          <p class="small">
            {v === 'no_clear_effect' ? t('dec_no_clear_text') : t(v === 'higher' ? 'dec_higher_text' : 'dec_lower_text', { p: pct(i.uplift!) })}
          </p>
          <p class="small muted">{intervalText(i.uplift_ci95!)}</p>
          <IntervalBar ci={i.uplift_ci95!} est={i.uplift!} />
        </>
      )}
      <p class="small muted">{t('dec_sample', { posts: formatNumber(i.posts), base: formatNumber(i.baseline_posts), authors: typeof i.authors === 'number' ? formatNumber(i.authors) : i.authors })}</p>
    </li>
  );
}

function Panel({ path, title, intro, file }: { path: string; title: string; intro: string; file: string }) {
  const [days, setDays] = useState(90);
  const res = useResource<DecisionData>(`${path}?days=${days}`);
  const id = 'dec-' + path.replace(/\W+/g, '-');
  const missing = res.error instanceof ApiError && res.error.status === 404;
  return (
    <section class="card stack" aria-labelledby={id}>
      <div class="insights-head">
        <h2 id={id}>{title}</h2>
        {!missing && (
          <div class="segmented small" role="group" aria-label={t('insights_period')}>
            {[30, 90, 365].map((d) => (
              <button key={d} type="button" class={days === d ? 'seg on' : 'seg'} aria-pressed={days === d} onClick={() => setDays(d)}>
                {tn('insights_days', d)}
              </button>
            ))}
          </div>
        )}
      </div>
      <p class="muted">{intro}</p>
      {missing ? (
        <p class="notice">{t('dec_unavailable')}</p>
      ) : res.loading && !res.data ? (
        <Loading rows={1} />
      ) : res.error ? (
        <ErrorState error={res.error} onRetry={res.reload} />
      ) : res.data ? (
        <>
          {res.data.items.length === 0 ? (
            <p class="notice">{t('dec_nothing_yet')}</p>
          ) : (
            <ul class="decisions">
              {res.data.items.map((i) => (
                <DecisionRow key={i.tag || i.type} i={i} />
              ))}
            </ul>
          )}
          <p class="small muted">
            {t('dec_considered', { n: formatNumber(res.data.posts_considered), min: formatNumber(res.data.minimums.posts_per_group) })} {t('dec_method')}
          </p>
          {res.data.items.length > 0 && (
            <div class="form-actions start">
              <CsvLink path={`${path}?days=${days}`} table={title} file={file} />
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}

export function DecisionPanels({ slug }: { slug: string }) {
  return (
    <>
      <Panel path={`/insights/communities/${enc(slug)}/hashtags`} title={t('dec_hashtags_title')} intro={t('dec_hashtags_intro')} file={`${slug}-hashtags.csv`} />
      <Panel path={`/insights/communities/${enc(slug)}/content_types`} title={t('dec_types_title')} intro={t('dec_types_intro')} file={`${slug}-content-types.csv`} />
    </>
  );
}

/** The same comparisons over the caller's own posts (baseline: their other posts). */
export function MyDecisionPanels() {
  return (
    <>
      <Panel path="/insights/me/hashtags" title={t('dec_hashtags_title')} intro={t('dec_me_hashtags_intro')} file="my-hashtags.csv" />
      <Panel path="/insights/me/content_types" title={t('dec_types_title')} intro={t('dec_me_types_intro')} file="my-content-types.csv" />
    </>
  );
}
