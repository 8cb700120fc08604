// Founding a community and editing its settings share one form.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useTitle } from '../hooks';
import { currentLocale, t } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Community, JoinPolicy, Visibility } from '../types';
import { SelectField, TextArea, TextField } from '../ui/Field';
import { timeZones } from './Settings';
import { fieldError, FormError } from '../ui/States';

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export function CommunityForm({ existing, onSaved }: { existing?: Community; onSaved?: (c: Community) => void }) {
  const { instance } = useSession();
  const [name, setName] = useState(existing?.name || '');
  const [slug, setSlug] = useState(existing?.slug || '');
  const [slugTouched, setSlugTouched] = useState(!!existing);
  const [description, setDescription] = useState(existing?.description || '');
  const [rules, setRules] = useState((existing?.rules || []).join('\n'));
  const [topics, setTopics] = useState((existing?.topics || []).join(', '));
  const [place, setPlace] = useState(existing?.place || '');
  const [language, setLanguage] = useState(existing?.language || currentLocale());
  const [visibility, setVisibility] = useState<Visibility>(existing?.visibility || 'public');
  const [policy, setPolicy] = useState<JoinPolicy>(existing?.join_policy || 'open');
  // Newer servers keep a time zone per community (its insights' days and hours); owners change it.
  const hasZone = !!existing && 'time_zone' in existing;
  const [zone, setZone] = useState(existing?.time_zone || '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  useTitle(existing ? t('community_settings') : t('found_title'), instance?.name);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const body = {
      name: name.trim(),
      description: description.trim(),
      rules: rules.split('\n').map((r) => r.trim()).filter(Boolean),
      topics: topics.split(/[,\n]/).map((r) => r.trim().replace(/^#/, '')).filter(Boolean),
      place: place.trim(),
      language,
      visibility,
      join_policy: policy,
      ...(hasZone && zone && zone !== existing?.time_zone ? { time_zone: zone } : {}),
    };
    try {
      if (existing) {
        const c = await api.patch<Community>(`/communities/${existing.slug}`, body);
        setSaved(true);
        onSaved?.(c);
      } else {
        const c = await api.post<Community>('/communities', { ...body, slug });
        navigate(`/c/${c.slug}?founded=1`);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fields = ['name', 'slug', 'description', 'rules', 'topics', 'place', 'language', 'visibility', 'join_policy', 'time_zone'];
  const general = error && !fields.some((f) => fieldError(error, f)) ? error : null;
  return (
    <form onSubmit={submit} noValidate class="stack">
      <TextField
        label={t('community_name')}
        value={name}
        error={fieldError(error, 'name')}
        maxLength={80}
        required
        onValue={(v) => {
          setName(v);
          if (!slugTouched) setSlug(slugify(v));
        }}
      />
      {!existing && (
        <TextField
          label={t('community_slug')}
          hint={t('community_slug_hint', { url: `${location.host}/c/${slug || '…'}` })}
          value={slug}
          error={fieldError(error, 'slug')}
          maxLength={40}
          autoCapitalize="none"
          spellcheck={false}
          required
          onValue={(v) => {
            setSlugTouched(true);
            setSlug(v.toLowerCase());
          }}
        />
      )}
      <TextArea label={t('community_description')} hint={t('community_description_hint')} value={description} onValue={setDescription} rows={4} maxLength={5000} error={fieldError(error, 'description')} />
      <TextArea label={t('community_rules')} hint={t('community_rules_hint')} value={rules} onValue={setRules} rows={4} error={fieldError(error, 'rules')} />
      <TextField label={t('community_topics')} hint={t('community_topics_hint')} value={topics} onValue={setTopics} error={fieldError(error, 'topics')} />
      <div class="two-col">
        <TextField label={t('community_place')} value={place} onValue={setPlace} maxLength={100} error={fieldError(error, 'place')} />
        <SelectField
          label={t('community_language')}
          value={language}
          onValue={setLanguage}
          options={[
            { value: 'nl', label: 'Nederlands' },
            { value: 'en', label: 'English' },
          ]}
        />
      </div>
      {hasZone && (
        <SelectField
          label={t('community_time_zone')}
          hint={t('community_time_zone_hint')}
          value={zone}
          onValue={setZone}
          error={fieldError(error, 'time_zone')}
          options={timeZones(zone).map((z) => ({ value: z, label: z }))}
        />
      )}
      <fieldset class="field choice-group">
        <legend>{t('community_visibility')}</legend>
        {(['public', 'members_only', 'unlisted'] as Visibility[]).map((v) => (
          <label key={v} class={visibility === v ? 'choice on' : 'choice'}>
            <input type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
            <span>
              <strong>{t(`visibility_${v}`)}</strong>
              <span class="muted small">{t(`visibility_${v}_hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset class="field choice-group">
        <legend>{t('community_join_policy')}</legend>
        {(['open', 'approval', 'invite'] as JoinPolicy[]).map((p) => (
          <label key={p} class={policy === p ? 'choice on' : 'choice'}>
            <input type="radio" name="join_policy" value={p} checked={policy === p} onChange={() => setPolicy(p)} />
            <span>
              <strong>{t(`policy_${p}`)}</strong>
              <span class="muted small">{t(`policy_${p}_hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FormError error={general} />
      {saved && (
        <p class="notice success" role="status">
          {t('saved')}
        </p>
      )}
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy || !name.trim() || (!existing && !slug)}>
          {busy ? t('saving') : existing ? t('save') : t('found_submit')}
        </button>
      </div>
    </form>
  );
}

export function NewCommunity() {
  return (
    <div class="page narrow">
      <h1>{t('found_title')}</h1>
      <p class="muted">{t('found_intro')}</p>
      <div class="card">
        <CommunityForm />
      </div>
    </div>
  );
}
