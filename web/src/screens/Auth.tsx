// Log in and sign up. Browsers get an HttpOnly session cookie; nothing is kept in localStorage.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useTitle } from '../hooks';
import { browserTimeZone, currentLocale, t } from '../i18n';
import { navigate, useQuery } from '../router';
import { useSession } from '../session';
import type { Self } from '../types';
import { TextField } from '../ui/Field';
import { Icon } from '../ui/Icon';
import { fieldError, FormError } from '../ui/States';

/** Only same-site paths are followed after login. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login') || next.startsWith('/signup')) return '/';
  return next;
}

export function Login() {
  const session = useSession();
  const query = useQuery();
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('login_title'), session.instance?.name);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ account: Self }>('/auth/login', { handle: handle.trim().replace(/^@/, ''), password, type: 'cookie' });
      session.setMe(r.account);
      navigate(safeNext(query.get('next')), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <div class="page narrow auth">
      <div class="card auth-card">
        <h1>{t('login_title')}</h1>
        <p class="muted">{t('login_intro', { name: session.instance?.name || 'Kring' })}</p>
        <form onSubmit={submit} noValidate>
          <TextField label={t('field_handle_or_email')} value={handle} onValue={setHandle} autoComplete="username" autoCapitalize="none" spellcheck={false} required />
          <TextField label={t('field_password')} type="password" value={password} onValue={setPassword} autoComplete="current-password" required />
          <FormError error={error} />
          <button class="btn btn-primary btn-block" type="submit" disabled={busy || !handle || !password}>
            {busy ? t('login_busy') : t('login_submit')}
          </button>
        </form>
        {session.instance?.registration_mode !== 'closed' && (
          <p class="auth-switch">
            {t('login_no_account')} <a href="/signup">{t('nav_signup')}</a>
          </p>
        )}
      </div>
    </div>
  );
}

export function Signup() {
  const session = useSession();
  const query = useQuery();
  const mode = session.instance?.registration_mode || 'open';
  const [handle, setHandle] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [invite, setInvite] = useState(query.get('invite') || '');
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  useTitle(t('signup_title'), session.instance?.name);
  const rules = session.instance?.rules || [];

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const cleanHandle = handle.trim().replace(/^@/, '');
    try {
      const body: Record<string, string> = {
        handle: cleanHandle,
        password,
        display_name: displayName.trim() || cleanHandle,
        locale: currentLocale(),
        time_zone: browserTimeZone(),
      };
      if (email.trim()) body.email = email.trim();
      if (invite.trim()) body.invite_code = invite.trim();
      const acc = await api.post<Self & { approval_required: boolean }>('/auth/register', body);
      if (acc.approval_required) {
        setPending(true);
        setBusy(false);
        return;
      }
      const r = await api.post<{ account: Self }>('/auth/login', { handle: cleanHandle, password, type: 'cookie' });
      session.setMe(r.account);
      navigate(query.get('next') ? safeNext(query.get('next')) : '/communities?welcome=1', { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (mode === 'closed') {
    return (
      <div class="page narrow auth">
        <div class="card auth-card">
          <h1>{t('signup_title')}</h1>
          <p>{t('landing_mode_closed')}</p>
          <a class="btn" href="/login">{t('nav_login')}</a>
        </div>
      </div>
    );
  }

  if (pending) {
    return (
      <div class="page narrow auth">
        <div class="card auth-card" role="status">
          <div class="empty-icon"><Icon name="clock" size={28} /></div>
          <h1>{t('signup_pending_title')}</h1>
          <p>{t('signup_pending_text', { name: session.instance?.name || 'Kring' })}</p>
          <a class="btn" href="/communities">{t('landing_browse')}</a>
        </div>
      </div>
    );
  }

  const handleErr = fieldError(error, 'handle');
  const pwErr = fieldError(error, 'password');
  const emailErr = fieldError(error, 'email');
  const nameErr = fieldError(error, 'display_name');
  const inviteErr = fieldError(error, 'invite_code');
  const general = error && !handleErr && !pwErr && !emailErr && !nameErr && !inviteErr ? error : null;
  return (
    <div class="page narrow auth">
      <div class="card auth-card">
        <h1>{t('signup_title')}</h1>
        <p class="muted">{t('signup_intro', { name: session.instance?.name || 'Kring' })}</p>
        <form onSubmit={submit} noValidate>
          <TextField label={t('field_handle')} hint={t('field_handle_hint')} error={handleErr} value={handle} onValue={setHandle} autoComplete="username" autoCapitalize="none" spellcheck={false} required maxLength={30} />
          <TextField label={t('field_display_name')} hint={t('field_display_name_hint')} error={nameErr} value={displayName} onValue={setDisplayName} autoComplete="name" maxLength={60} />
          <TextField label={t('field_email_optional')} hint={t('field_email_hint')} error={emailErr} type="email" value={email} onValue={setEmail} autoComplete="email" />
          <TextField label={t('field_password')} hint={t('field_password_hint')} error={pwErr} type="password" value={password} onValue={setPassword} autoComplete="new-password" required minLength={10} />
          {(mode === 'invite' || invite) && (
            <TextField label={t('field_invite_code')} error={inviteErr} value={invite} onValue={setInvite} autoCapitalize="none" required={mode === 'invite'} />
          )}
          {mode === 'approval' && <p class="notice">{t('landing_mode_approval')}</p>}
          {rules.length > 0 && (
            <div class="rules-box">
              <h2 class="h3">{t('landing_rules')}</h2>
              <ol class="rules">
                {rules.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ol>
              <label class="check">
                <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
                <span>{t('signup_agree')}</span>
              </label>
            </div>
          )}
          <FormError error={general} />
          <button class="btn btn-primary btn-block" type="submit" disabled={busy || !handle || password.length < 1 || (rules.length > 0 && !agreed)}>
            {busy ? t('signup_busy') : t('signup_submit')}
          </button>
        </form>
        <p class="auth-switch">
          {t('signup_have_account')} <a href="/login">{t('nav_login')}</a>
        </p>
      </div>
    </div>
  );
}
