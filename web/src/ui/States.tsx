// Designed loading, empty and error states, and the shared bits of forms.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { t, tn, type MessageKey } from '../i18n';
import { Icon, type IconName } from './Icon';

export function Loading({ label, rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="sr-only">{label || t('loading')}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div class="skeleton-card" key={i} aria-hidden="true">
          <div class="skeleton-line short" />
          <div class="skeleton-line" />
          <div class="skeleton-line medium" />
        </div>
      ))}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span class="spinner" role="status">
      <span class="sr-only">{label || t('loading')}</span>
    </span>
  );
}

export function Empty({ icon = 'chat', title, children, action }: { icon?: IconName; title: string; children?: ComponentChildren; action?: ComponentChildren }) {
  return (
    <div class="empty">
      <div class="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <h2 class="empty-title">{title}</h2>
      {children && <p class="muted">{children}</p>}
      {action && <div class="empty-action">{action}</div>}
    </div>
  );
}

const CODE_KEYS: Record<string, MessageKey> = {
  invalid_credentials: 'err_invalid_credentials',
  handle_taken: 'err_handle_taken',
  email_taken: 'err_email_taken',
  handle_invalid: 'err_handle_invalid',
  handle_reserved: 'err_handle_reserved',
  password_too_short: 'err_password_too_short',
  slug_taken: 'err_slug_taken',
  slug_invalid: 'err_slug_invalid',
  slug_reserved: 'err_slug_reserved',
  members_only: 'err_members_only',
  not_a_member: 'err_not_a_member',
  registration_closed: 'err_registration_closed',
  invite_required: 'err_invite_required',
  invite_invalid: 'err_invite_invalid',
  post_locked: 'err_post_locked',
  account_pending: 'err_account_pending',
  account_suspended: 'err_account_suspended',
  owner_must_transfer: 'err_owner_must_transfer',
  moderators_only: 'err_moderators_only',
  csrf_failed: 'err_csrf_failed',
  invalid_url: 'err_invalid_url',
  invalid_rating: 'err_invalid_rating',
  unknown_time_zone: 'err_unknown_time_zone',
  schedule_too_far: 'err_schedule_too_far',
  already_member: 'err_already_member',
  wrong_password: 'err_wrong_password',
  search_syntax: 'err_search_syntax',
  search_empty: 'err_search_empty',
  removed: 'err_removed',
  blocked: 'err_blocked',
  banned: 'err_banned',
  already_appealed: 'err_already_appealed',
  not_appealable: 'err_not_appealable',
  appeal_window_closed: 'err_appeal_window_closed',
  same_moderator: 'err_same_moderator',
  already_decided: 'err_already_decided',
  invalid_email: 'err_invalid_email',
  staff_only: 'err_staff_only',
  unsupported_media: 'err_unsupported_media',
  media_too_large: 'err_media_too_large',
  media_corrupt: 'err_media_corrupt',
  quota_exceeded: 'err_quota_exceeded',
  too_many_media: 'err_too_many_media',
  invalid_media: 'err_invalid_media',
  media_not_schedulable: 'err_media_not_schedulable',
};

/** A sentence for a person: translated where we know the code, else the server's own message. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return t('err_generic');
  const key = CODE_KEYS[e.code];
  if (key) return t(key);
  if (e.status === 0) return t('err_network');
  if (e.status === 401) return t('err_login_needed');
  if (e.status === 404) return t('err_not_found');
  if (e.status === 429) return e.retryAfter ? tn('err_rate_limited_wait', e.retryAfter) : t('err_rate_limited');
  if (e.status >= 500) return t('err_server');
  if (e.status === 403) return e.message || t('err_forbidden');
  return e.message || t('err_generic');
}

export function ErrorState({ error, onRetry }: { error: ApiError | unknown; onRetry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  const notFound = e?.status === 404;
  const locked = e?.status === 403 || e?.status === 401;
  return (
    <div class="empty error-state" role="alert">
      <div class="empty-icon">
        <Icon name={notFound ? 'compass' : locked ? 'lock' : 'question'} size={28} />
      </div>
      <h2 class="empty-title">{notFound ? t('err_not_found_title') : locked ? t('err_forbidden_title') : t('err_title')}</h2>
      <p class="muted">{errorText(error)}</p>
      <div class="empty-action">
        {onRetry && !notFound && !locked && (
          <button type="button" class="btn" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
        {notFound && (
          <a class="btn" href="/">
            {t('go_home')}
          </a>
        )}
      </div>
    </div>
  );
}

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert">
      {errorText(error)}
    </p>
  );
}

/** True when the server's error is about this field (its message is then shown next to it). */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError && error.field === field ? errorText(error) : undefined;
}
