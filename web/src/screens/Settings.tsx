// Account settings: profile, language and time zone, password, data export and account deletion.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { useResource, useTitle } from '../hooks';
import { browserTimeZone, formatDate, t, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import { NOTIFICATION_KINDS, type BlockEntry, type Self } from '../types';
import { Avatar } from '../ui/Avatar';
import { SelectField, TextArea, TextField } from '../ui/Field';
import { ImageSetting } from '../ui/ImageSetting';
import { Icon } from '../ui/Icon';
import { fieldError, FormError, Loading } from '../ui/States';

/** Every IANA zone the browser knows, with the current and a few safe ones added. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  for (const z of [current, browserTimeZone(), 'UTC', 'Europe/Amsterdam']) if (z && !zones.includes(z)) zones.push(z);
  return zones.sort();
}

function Saved({ show }: { show: boolean }) {
  return show ? (
    <p class="notice success" role="status">
      <Icon name="check" size={16} /> {t('saved')}
    </p>
  ) : null;
}

export function Settings() {
  const { me, instance, has } = useSession();
  useTitle(t('settings_title'), instance?.name);
  // The sections load after the first render; land on the one the link asked for.
  useEffect(() => {
    if (!location.hash) return;
    const id = decodeURIComponent(location.hash.slice(1));
    const timer = window.setTimeout(() => document.getElementById(id)?.scrollIntoView(), 300);
    return () => window.clearTimeout(timer);
  }, []);
  if (!me) return null;
  return (
    <div class="page narrow settings">
      <h1>{t('settings_title')}</h1>
      <nav class="chips settings-nav" aria-label={t('settings_sections')}>
        <a class="chip" href="#profile">{t('settings_profile')}</a>
        <a class="chip" href="#language">{t('settings_language')}</a>
        {has('notifications') && <a class="chip" href="#notifications">{t('settings_notifications')}</a>}
        {has('blocks') && <a class="chip" href="#blocked">{t('settings_blocked')}</a>}
        <a class="chip" href="#password">{t('settings_password')}</a>
        <a class="chip" href="#data">{t('settings_data')}</a>
        <a class="chip" href="#delete">{t('settings_delete')}</a>
      </nav>
      <ProfileSection me={me} />
      <LanguageSection me={me} />
      {has('notifications') && <NotificationSection />}
      {has('blocks') && <BlockedSection />}
      <PasswordSection />
      <DataSection me={me} />
      <DeleteSection me={me} />
    </div>
  );
}

function ProfileSection({ me }: { me: Self }) {
  const session = useSession();
  const [name, setName] = useState(me.display_name);
  const [bio, setBio] = useState(me.note);
  const [email, setEmail] = useState(me.email);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      session.setMe(await api.patch<Self>('/me', { display_name: name.trim(), bio, email: email.trim() || null }));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card stack" id="profile" aria-labelledby="profile-h">
      <h2 id="profile-h">{t('settings_profile')}</h2>
      {/* Servers without avatars send no avatar_url: no picture controls then. */}
      {'avatar_url' in me && (
        <ImageSetting<Self> label={t('avatar_label')} hint={t('avatar_hint')} path="/api/v1/me/avatar" current={me.avatar_url} shape="round" onChange={session.setMe} />
      )}
      <form onSubmit={save} class="stack" noValidate>
        <TextField label={t('field_display_name')} value={name} onValue={setName} maxLength={session.instance?.limits.display_name || 60} error={fieldError(error, 'display_name')} autoComplete="name" />
        <TextArea label={t('field_bio')} hint={t('field_bio_hint')} value={bio} onValue={setBio} rows={4} maxLength={session.instance?.limits.bio || 1000} error={fieldError(error, 'bio')} />
        <TextField label={t('field_email_optional')} hint={t('field_email_hint')} type="email" value={email} onValue={setEmail} error={fieldError(error, 'email')} autoComplete="email" />
        <FormError error={error && !['display_name', 'bio', 'email'].some((f) => fieldError(error, f)) ? error : null} />
        <Saved show={saved} />
        <div class="form-actions">
          <button class="btn btn-primary" type="submit" disabled={busy}>
            {busy ? t('saving') : t('save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function LanguageSection({ me }: { me: Self }) {
  const session = useSession();
  const [locale, setLocale] = useState(me.locale === 'nl' ? 'nl' : 'en');
  const [tz, setTz] = useState(me.time_zone);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(me.time_zone), [me.time_zone]);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      session.setMe(await api.patch<Self>('/me', { locale, time_zone: tz }));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card stack" id="language" aria-labelledby="language-h">
      <h2 id="language-h">{t('settings_language')}</h2>
      <form onSubmit={save} class="stack">
        <SelectField
          label={t('language')}
          value={locale}
          onValue={setLocale}
          options={[
            { value: 'nl', label: 'Nederlands' },
            { value: 'en', label: 'English' },
          ]}
        />
        <SelectField label={t('field_time_zone')} hint={t('field_time_zone_hint')} value={tz} onValue={setTz} error={fieldError(error, 'time_zone')} options={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))} />
        {tz !== browserTimeZone() && (
          <p class="hint">
            {t('field_time_zone_device', { tz: browserTimeZone() })}{' '}
            <button type="button" class="link-btn" onClick={() => setTz(browserTimeZone())}>
              {t('use_this')}
            </button>
          </p>
        )}
        <FormError error={error && !fieldError(error, 'time_zone') ? error : null} />
        <Saved show={saved} />
        <div class="form-actions">
          <button class="btn btn-primary" type="submit">
            {t('save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function NotificationSection() {
  const prefs = useResource<Record<string, boolean>>('/notifications/preferences');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function toggle(kind: string, on: boolean) {
    setError(null);
    setSaved(false);
    prefs.setData((old) => ({ ...(old || {}), [kind]: on }));
    try {
      prefs.setData(await api.patch<Record<string, boolean>>('/notifications/preferences', { [kind]: on }));
      setSaved(true);
    } catch (err) {
      setError(err);
      prefs.reload();
    }
  }
  // Moderation decisions and appeal outcomes are how a person learns why and how to appeal
  // (DSA Art. 17): not offered as something to switch off.
  const kinds = NOTIFICATION_KINDS.filter((k) => k !== 'moderation' && k !== 'appeal' && (!prefs.data || k in prefs.data));
  return (
    <section class="card stack" id="notifications" aria-labelledby="notifications-h">
      <h2 id="notifications-h">{t('settings_notifications')}</h2>
      <p class="muted small">{t('prefs_intro')}</p>
      {prefs.loading && !prefs.data ? (
        <Loading rows={1} />
      ) : (
        <fieldset class="field pref-list">
          <legend class="sr-only">{t('prefs_legend')}</legend>
          {kinds.map((k) => (
            <label key={k} class="check pref">
              <input type="checkbox" checked={prefs.data?.[k] !== false} onChange={(e) => toggle(k, e.currentTarget.checked)} />
              <span>{t(`pref_${k}` as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <FormError error={error || prefs.error} />
      <Saved show={saved} />
    </section>
  );
}

function BlockedSection() {
  const list = useResource<BlockEntry[]>('/me/blocks');
  const [error, setError] = useState<unknown>(null);
  async function undo(b: BlockEntry) {
    setError(null);
    try {
      await api.post(`/accounts/${b.id}/${b.kind === 'block' ? 'unblock' : 'unmute'}`);
      list.setData((old) => (old || []).filter((x) => x.id !== b.id));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card stack" id="blocked" aria-labelledby="blocked-h">
      <h2 id="blocked-h">{t('settings_blocked')}</h2>
      <p class="muted small">{t('blocked_intro')}</p>
      {list.loading && !list.data ? (
        <Loading rows={1} />
      ) : (list.data || []).length === 0 ? (
        <p class="muted">{t('blocked_none')}</p>
      ) : (
        <ul class="people">
          {(list.data || []).map((b) => (
            <li key={b.id} class="person">
              <Avatar account={b} size="sm" />
              <div class="person-text">
                <a href={`/@${b.username}`}>{b.display_name || b.username}</a>
                <span class="muted small">
                  {b.kind === 'block' ? t('blocked_state') : t('muted_state')} · {t('blocked_since', { date: formatDate(b.since) })}
                </span>
              </div>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => undo(b)} aria-label={t(b.kind === 'block' ? 'unblock_name' : 'unmute_name', { name: b.display_name || b.username })}>
                {b.kind === 'block' ? t('unblock') : t('unmute')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error || list.error} />
    </section>
  );
}

function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const mismatch = again.length > 0 && next !== again;
  async function save(e: Event) {
    e.preventDefault();
    if (mismatch) return;
    setError(null);
    setSaved(false);
    try {
      await api.post('/me/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setAgain('');
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card stack" id="password" aria-labelledby="password-h">
      <h2 id="password-h">{t('settings_password')}</h2>
      <form onSubmit={save} class="stack" noValidate>
        <TextField label={t('field_current_password')} type="password" value={current} onValue={setCurrent} autoComplete="current-password" error={fieldError(error, 'current_password')} />
        <TextField label={t('field_new_password')} hint={t('field_password_hint')} type="password" value={next} onValue={setNext} autoComplete="new-password" error={fieldError(error, 'new_password') || fieldError(error, 'password')} />
        <TextField label={t('field_new_password_again')} type="password" value={again} onValue={setAgain} autoComplete="new-password" error={mismatch ? t('password_mismatch') : undefined} />
        <FormError error={error && !['current_password', 'new_password', 'password'].some((f) => fieldError(error, f)) ? error : null} />
        <Saved show={saved} />
        <div class="form-actions">
          <button class="btn btn-primary" type="submit" disabled={!current || !next || mismatch}>
            {t('password_change')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DataSection({ me }: { me: Self }) {
  return (
    <section class="card stack" id="data" aria-labelledby="data-h">
      <h2 id="data-h">{t('settings_data')}</h2>
      <p>{t('export_text')}</p>
      <div>
        <a class="btn" href="/api/v1/me/export" download={`kring-export-${me.username}.json`}>
          <Icon name="download" size={18} /> {t('export_download')}
        </a>
      </div>
      <ShowInInsights me={me} />
      <p>
        <a href="/privacy">{t('privacy_link')}</a>
      </p>
    </section>
  );
}

/** Opt in to being named among a community's most active members (newer servers only). */
function ShowInInsights({ me }: { me: Self }) {
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  if (!('show_in_insights' in me)) return null;
  return (
    <div>
      <label class="check">
        <input
          type="checkbox"
          checked={!!me.show_in_insights}
          onChange={async (e) => {
            setError(null);
            try {
              session.setMe(await api.patch<Self>('/me', { show_in_insights: e.currentTarget.checked }));
            } catch (err) {
              setError(err);
            }
          }}
        />
        <span>{t('settings_show_in_insights')}</span>
      </label>
      <FormError error={error} />
    </div>
  );
}

function DeleteSection({ me }: { me: Self }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function remove(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.del('/me', { password });
      session.setMe(null);
      navigate('/?goodbye=1', { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <section class="card stack danger-zone" id="delete" aria-labelledby="delete-h">
      <h2 id="delete-h">{t('settings_delete')}</h2>
      <p>{t('delete_text')}</p>
      {!open ? (
        <div>
          <button type="button" class="btn btn-danger" onClick={() => setOpen(true)}>
            <Icon name="trash" size={18} /> {t('delete_start')}
          </button>
        </div>
      ) : (
        <form onSubmit={remove} class="stack" noValidate>
          <TextField label={t('delete_type_handle', { handle: me.username })} value={typed} onValue={setTyped} autoCapitalize="none" spellcheck={false} autoComplete="off" />
          <TextField label={t('field_password')} type="password" value={password} onValue={setPassword} autoComplete="current-password" error={fieldError(error, 'password')} />
          <FormError error={error && !fieldError(error, 'password') ? error : null} />
          <div class="form-actions">
            <button type="button" class="btn btn-ghost" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
            <button type="submit" class="btn btn-danger" disabled={busy || typed.trim().replace(/^@/, '').toLowerCase() !== me.username.toLowerCase() || !password}>
              {t('delete_final')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
