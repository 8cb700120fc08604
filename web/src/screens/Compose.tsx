// The composer: where to post, what kind, Markdown with a preview, #tag and @mention suggestions,
// photos and videos (ui/MediaPicker), and scheduling for later (in the account's time zone, with the
// community's best times to post as one-tap chips). Also lists posts waiting to go out.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, enc } from '../api';
import { useResource, useTitle } from '../hooks';
import { currentTimeZone, formatDateTime, instantToLocalInput, localInputToInstant, t } from '../i18n';
import { navigate, useQuery } from '../router';
import { useSession } from '../session';
import { POST_KINDS, type Community, type Post, type PostKind, type ScheduledPost } from '../types';
import { AutoText } from '../ui/AutoText';
import { Field, TextField } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { Markdown } from '../ui/Markdown';
import { MediaPicker, missingAlt, useAttachments } from '../ui/MediaPicker';
import { KindBadge } from '../ui/Post';
import { setAlt } from '../media';
import { hourLabel, nextSlotInput, weekdayName, type WhenToPost } from '../slots';
import { StarInput } from '../ui/Stars';
import { Empty, ErrorState, fieldError, FormError, Loading } from '../ui/States';
import { mentionSource, tagSource } from '../ui/suggest';

export function Compose() {
  const { me, instance } = useSession();
  const query = useQuery();
  const joined = useResource<Community[]>('/me/communities');
  const [target, setTarget] = useState(query.get('community') || '');
  const [kind, setKind] = useState<PostKind>('discussion');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [url, setUrl] = useState('');
  const [place, setPlace] = useState('');
  const [rating, setRating] = useState(0);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [later, setLater] = useState(false);
  const [when, setWhen] = useState(() => instantToLocalInput(new Date(Date.now() + 24 * 3600 * 1000)).slice(0, 11) + '07:00');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [scheduledNote, setScheduledNote] = useState<string | null>(null);
  const scheduled = useResource<ScheduledPost[]>('/me/scheduled_posts');
  const att = useAttachments();
  const [nudged, setNudged] = useState(false);
  // Owners and moderators get their community's best times; others get a 403 and no chips.
  const best = useResource<WhenToPost>(later && target ? `/insights/communities/${enc(target)}/when_to_post?time_zone=${enc(currentTimeZone())}` : null);
  useTitle(t('compose_title'), instance?.name);
  // Most posts go to a community: start with the first one joined unless the link said where.
  useEffect(() => {
    if (!query.get('community') && joined.data && joined.data.length > 0 && target === '') setTarget(joined.data[0].slug);
  }, [joined.data]);

  const slug = target || null;
  const mentions = useMemo(() => mentionSource(slug, [], me?.id), [slug, me?.id]);
  const tags = useMemo(() => tagSource(slug), [slug]);
  const limits = instance?.limits;

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setScheduledNote(null);
    const payload: Record<string, unknown> = { kind, title: title.trim(), body };
    if (target) payload.community = target;
    if (kind === 'link') payload.url = url.trim();
    if (kind === 'review') {
      payload.place_name = place.trim();
      payload.rating = rating;
    }
    if (att.busy) {
      setError(new Error('uploading'));
      return;
    }
    const missing = missingAlt(att);
    if (missing.length > 0 && !nudged) {
      // Ask once; posting again goes ahead without the descriptions.
      setNudged(true);
      document.getElementById(`alt-${missing[0].key}`)?.focus();
      return;
    }
    if (att.ready.length > 0) payload.media_ids = att.ready.map((a) => a.media!.id);
    if (later) {
      const at = localInputToInstant(when);
      if (!at || at.getTime() <= Date.now()) {
        setError(new Error('schedule'));
        return;
      }
      payload.scheduled_at = at.toISOString();
    }
    setBusy(true);
    try {
      await Promise.all(att.ready.filter((a) => a.alt.trim() !== (a.media!.alt || '')).map((a) => setAlt(a.media!.id, a.alt.trim())));
      const r = await api.postWithStatus<Post | { scheduled: ScheduledPost }>('/posts', payload);
      if (r.status === 202 && 'scheduled' in r.body) {
        setScheduledNote(formatDateTime(r.body.scheduled.scheduled_at, { dateStyle: 'full', timeStyle: 'short' }));
        setTitle('');
        setBody('');
        setUrl('');
        setPlace('');
        setRating(0);
        att.clear();
        setNudged(false);
        scheduled.reload();
      } else {
        navigate(`/p/${(r.body as Post).id}`);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (joined.loading) return <div class="page narrow"><Loading rows={1} /></div>;
  if (joined.error) return <div class="page narrow"><ErrorState error={joined.error} onRetry={joined.reload} /></div>;
  const communities = joined.data || [];
  const scheduleError = error instanceof Error && error.message === 'schedule' ? t('compose_schedule_past') : fieldError(error, 'scheduled_at');
  const known = ['title', 'body', 'url', 'place_name', 'rating', 'scheduled_at', 'community'];
  const uploading = error instanceof Error && error.message === 'uploading';
  const general = error && !uploading && !(error instanceof Error && error.message === 'schedule') && !known.some((f) => fieldError(error, f)) ? error : null;
  const titleRequired = kind === 'question';

  return (
    <div class="page narrow compose">
      <h1>{t('compose_title')}</h1>
      {scheduledNote && (
        <p class="notice success" role="status">
          <Icon name="clock" size={16} /> {t('compose_scheduled', { when: scheduledNote })}
        </p>
      )}
      <form class="card stack" onSubmit={submit} noValidate>
        <Field label={t('compose_where')} error={fieldError(error, 'community')}>
          {(p) => (
            <select {...p} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              <option value="">{t('compose_my_profile', { handle: me?.username || '' })}</option>
              {communities.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {communities.length === 0 && (
          <p class="hint">
            {t('compose_no_communities')} <a href="/communities">{t('landing_browse')}</a>
          </p>
        )}

        <fieldset class="field">
          <legend>{t('compose_kind')}</legend>
          <div class="kind-picker">
            {POST_KINDS.map((k) => (
              <label key={k} class={kind === k ? 'kind-option on' : 'kind-option'}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} class="sr-only" />
                <span>{t(`kind_${k}`)}</span>
              </label>
            ))}
          </div>
          <p class="hint">{t(`kind_${kind}_hint`)}</p>
        </fieldset>

        <TextField
          label={titleRequired ? t('compose_title_field') : t('compose_title_optional')}
          value={title}
          onValue={setTitle}
          maxLength={limits?.post_title || 300}
          error={fieldError(error, 'title')}
          required={titleRequired}
        />
        {kind === 'link' && <TextField label={t('compose_url')} type="url" inputMode="url" placeholder="https://" value={url} onValue={setUrl} error={fieldError(error, 'url')} required />}
        {kind === 'review' && (
          <>
            <TextField label={t('compose_place')} value={place} onValue={setPlace} maxLength={200} error={fieldError(error, 'place_name')} required />
            <StarInput value={rating} onValue={setRating} error={fieldError(error, 'rating')} />
          </>
        )}

        <div class={fieldError(error, 'body') ? 'field has-error' : 'field'}>
          <div class="editor-head">
            <label for="compose-body">{t('compose_body')}</label>
            <div class="segmented small" role="group" aria-label={t('compose_mode')}>
              <button type="button" class={tab === 'write' ? 'seg on' : 'seg'} aria-pressed={tab === 'write'} onClick={() => setTab('write')}>
                {t('compose_write')}
              </button>
              <button type="button" class={tab === 'preview' ? 'seg on' : 'seg'} aria-pressed={tab === 'preview'} onClick={() => setTab('preview')}>
                {t('compose_preview')}
              </button>
            </div>
          </div>
          {tab === 'write' ? (
            <AutoText
              id="compose-body"
              rows={8}
              value={body}
              onValue={setBody}
              placeholder={t('compose_body_placeholder')}
              maxLength={limits?.post_body || 40000}
              mentions={mentions}
              tags={tags}
              aria-describedby="compose-body-hint"
            />
          ) : (
            <div class="preview prose" id="compose-body" tabIndex={0} aria-label={t('compose_preview')}>
              {body.trim() ? <Markdown source={body} /> : <p class="muted">{t('compose_preview_empty')}</p>}
            </div>
          )}
          <p class="hint" id="compose-body-hint">
            {t('compose_body_hint')}
          </p>
          {fieldError(error, 'body') && <p class="field-error">{fieldError(error, 'body')}</p>}
        </div>

        <MediaPicker att={att} nudge={nudged} />
        {nudged && missingAlt(att).length > 0 && (
          <p class="notice" role="status">
            {t('media_alt_nudge')}
          </p>
        )}

        <div class="schedule">
          <label class="check">
            <input type="checkbox" checked={later} onChange={(e) => setLater(e.currentTarget.checked)} />
            <span>
              <Icon name="clock" size={16} /> {t('compose_schedule')}
            </span>
          </label>
          {later && (
            <Field label={t('compose_schedule_when')} hint={t('compose_schedule_tz', { tz: currentTimeZone() })} error={scheduleError}>
              {(p) => <input {...p} type="datetime-local" value={when} min={instantToLocalInput(new Date())} onInput={(e) => setWhen(e.currentTarget.value)} />}
            </Field>
          )}
          {later && best.data && best.data.best_slots.length > 0 && (
            <div class="slot-chips" role="group" aria-label={t('compose_best_times')}>
              <span class="small muted">{t('compose_best_times')}</span>
              {best.data.best_slots.map((s) => {
                const v = nextSlotInput(s);
                return (
                  <button key={s.label} type="button" class="chip" aria-pressed={when === v} onClick={() => setWhen(v)}>
                    <Icon name="clock" size={14} /> {weekdayName(s.weekday_index)} {hourLabel(s.hour)}
                  </button>
                );
              })}
            </div>
          )}
        </div>

        {uploading && (
          <p class="form-error" role="alert">
            {t('media_wait_uploads')}
          </p>
        )}
        <FormError error={general} />
        <div class="form-actions">
          <button class="btn btn-primary" type="submit" disabled={busy || (titleRequired && !title.trim())}>
            {busy ? t('sending') : nudged && missingAlt(att).length > 0 ? t('media_post_anyway') : later ? t('compose_schedule_submit') : t('compose_submit')}
          </button>
        </div>
      </form>

      <section class="section" aria-labelledby="scheduled-h">
        <h2 id="scheduled-h" class="h3">
          {t('scheduled_title')}
        </h2>
        {scheduled.loading ? (
          <Loading rows={1} />
        ) : scheduled.error ? (
          <ErrorState error={scheduled.error} onRetry={scheduled.reload} />
        ) : (scheduled.data || []).filter((s) => s.state === 'scheduled').length === 0 ? (
          <Empty icon="clock" title={t('scheduled_empty')}>
            {t('scheduled_empty_text')}
          </Empty>
        ) : (
          <ul class="scheduled-list">
            {(scheduled.data || [])
              .filter((s) => s.state === 'scheduled')
              .map((s) => (
                <li key={s.id} class="card scheduled-item">
                  <div>
                    <p class="small muted">
                      <Icon name="clock" size={14} /> {formatDateTime(s.scheduled_at, { dateStyle: 'medium', timeStyle: 'short' })}
                      {s.community_id && communities.find((c) => c.id === s.community_id) && ` · ${communities.find((c) => c.id === s.community_id)!.name}`}
                    </p>
                    <p class="scheduled-title">
                      <KindBadge kind={s.kind} /> {s.title || s.body.slice(0, 80)}
                    </p>
                  </div>
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm"
                    onClick={async () => {
                      await api.del(`/scheduled_posts/${s.id}`).catch(() => undefined);
                      scheduled.reload();
                    }}
                  >
                    {t('cancel')}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </section>
    </div>
  );
}
