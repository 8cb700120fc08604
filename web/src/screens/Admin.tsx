// Instance administration: name, about text, registration mode and rules; accounts waiting for
// approval; invite codes for invite-only sign-up.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useResource, useTitle } from '../hooks';
import { formatDateTime, t } from '../i18n';
import { useSession } from '../session';
import type { Instance, RegistrationMode, Self } from '../types';
import { Avatar } from '../ui/Avatar';
import { TextArea, TextField } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { TimeAgo } from '../ui/Post';
import { Empty, ErrorState, fieldError, FormError, Loading } from '../ui/States';

const MODES: RegistrationMode[] = ['open', 'approval', 'invite', 'closed'];

export function Admin() {
  const { me, instance } = useSession();
  useTitle(t('admin_title'), instance?.name);
  if (!me || me.role !== 'admin' || !instance) {
    return (
      <div class="page narrow">
        <Empty icon="lock" title={t('err_forbidden_title')}>
          {t('admin_only')}
        </Empty>
      </div>
    );
  }
  return (
    <div class="page narrow admin">
      <h1>{t('admin_title')}</h1>
      <InstanceForm instance={instance} />
      <Pending />
      <Invites />
    </div>
  );
}

function InstanceForm({ instance }: { instance: Instance }) {
  const session = useSession();
  const [name, setName] = useState(instance.name);
  const [description, setDescription] = useState(instance.description);
  const [mode, setMode] = useState<RegistrationMode>(instance.registration_mode);
  const [rules, setRules] = useState(instance.rules.join('\n'));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const next = await api.patch<Instance>('/admin/instance', {
        name: name.trim(),
        description: description.trim(),
        registration_mode: mode,
        rules: rules.split('\n').map((r) => r.trim()).filter(Boolean),
      });
      session.setInstance(next);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card stack" aria-labelledby="instance-h">
      <h2 id="instance-h">{t('admin_instance')}</h2>
      <form class="stack" onSubmit={save} noValidate>
        <TextField label={t('admin_name')} value={name} onValue={setName} error={fieldError(error, 'name')} required />
        <TextArea label={t('admin_about')} hint={t('admin_about_hint')} value={description} onValue={setDescription} rows={4} error={fieldError(error, 'description')} />
        <fieldset class="field choice-group">
          <legend>{t('admin_registration')}</legend>
          {MODES.map((m) => (
            <label key={m} class={mode === m ? 'choice on' : 'choice'}>
              <input type="radio" name="registration_mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span>
                <strong>{t(`admin_mode_${m}`)}</strong>
                <span class="muted small">{t(`landing_mode_${m}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <TextArea label={t('admin_rules')} hint={t('community_rules_hint')} value={rules} onValue={setRules} rows={5} error={fieldError(error, 'rules')} />
        <FormError error={error && !['name', 'description', 'rules', 'registration_mode'].some((f) => fieldError(error, f)) ? error : null} />
        {saved && (
          <p class="notice success" role="status">
            <Icon name="check" size={16} /> {t('saved')}
          </p>
        )}
        <div class="form-actions">
          <button class="btn btn-primary" type="submit" disabled={busy || !name.trim()}>
            {busy ? t('saving') : t('save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Pending() {
  const res = useResource<Self[]>('/admin/accounts?status=pending');
  const [error, setError] = useState<unknown>(null);
  async function decide(a: Self, approve: boolean) {
    setError(null);
    try {
      await api.post(`/admin/accounts/${a.id}/${approve ? 'approve' : 'reject'}`);
      res.setData((list) => (list || []).filter((x) => x.id !== a.id));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section class="card stack" aria-labelledby="pending-h">
      <h2 id="pending-h">{t('admin_pending')}</h2>
      {res.loading ? (
        <Loading rows={1} />
      ) : res.error ? (
        <ErrorState error={res.error} onRetry={res.reload} />
      ) : (res.data || []).length === 0 ? (
        <p class="muted">{t('admin_pending_empty')}</p>
      ) : (
        <ul class="people">
          {(res.data || []).map((a) => (
            <li key={a.id} class="person request">
              <Avatar account={a} />
              <div class="person-text">
                <strong>{a.display_name || a.username}</strong>
                <span class="muted small">
                  @{a.username} {a.email && `· ${a.email}`} · <TimeAgo iso={a.created_at} />
                </span>
              </div>
              <div class="request-actions">
                <button type="button" class="btn btn-primary btn-sm" onClick={() => decide(a, true)}>
                  {t('approve')}
                </button>
                <button type="button" class="btn btn-ghost btn-sm" onClick={() => decide(a, false)}>
                  {t('reject')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} />
    </section>
  );
}

function Invites() {
  const [uses, setUses] = useState('1');
  const [made, setMade] = useState<{ code: string; max_uses: number; expires_at: string | null }[]>([]);
  const [error, setError] = useState<unknown>(null);
  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const inv = await api.post<{ code: string; max_uses: number; expires_at: string | null }>('/admin/invites', { max_uses: Number(uses) || 1 });
      setMade([inv, ...made]);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card stack" aria-labelledby="invites-h">
      <h2 id="invites-h">{t('admin_invites')}</h2>
      <p class="muted">{t('admin_invites_text')}</p>
      <form class="inline-form" onSubmit={create}>
        <div class="field">
          <label for="inv-uses">{t('admin_invite_uses')}</label>
          <input id="inv-uses" type="number" min={1} max={1000} inputMode="numeric" value={uses} onInput={(e) => setUses(e.currentTarget.value)} />
        </div>
        <button class="btn" type="submit">
          {t('admin_invite_create')}
        </button>
      </form>
      <FormError error={error} />
      {made.length > 0 && (
        <ul class="invite-list">
          {made.map((i) => (
            <li key={i.code}>
              <code>{i.code}</code>
              <span class="muted small">
                {' '}
                {t('admin_invite_link')}: <a href={`/signup?invite=${encodeURIComponent(i.code)}`}>{`${location.origin}/signup?invite=${i.code}`}</a>
                {i.expires_at && ` · ${formatDateTime(i.expires_at)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
