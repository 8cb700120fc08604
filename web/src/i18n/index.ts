// Every string the app shows comes from these tables (en.ts is the reference, nl.ts must match it
// key for key: TypeScript and scripts/check-i18n.mjs both check). Dates and numbers are formatted
// with Intl for the current locale and the account's time zone.
import { en, type MessageKey } from './en';
import { nl } from './nl';

export type Locale = 'nl' | 'en';
export const LOCALES: Locale[] = ['nl', 'en'];
const TABLES: Record<Locale, Record<MessageKey, string>> = { en, nl };

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;

let locale: Locale = 'en';
let timeZone = browserTimeZone();

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The first supported language among the account setting, the guest's choice and the browser's. */
export function pickLocale(accountLocale?: string | null, stored?: string | null): Locale {
  const candidates = [accountLocale, stored, ...(navigator.languages || [navigator.language])];
  for (const c of candidates) {
    if (!c) continue;
    const base = c.toLowerCase().split('-')[0];
    if (base === 'nl' || base === 'en') return base;
  }
  return 'en';
}

export function setLocale(next: Locale, tz?: string | null) {
  locale = next;
  if (tz) timeZone = validTimeZone(tz) ? tz : browserTimeZone();
  document.documentElement.lang = next;
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const currentLocale = () => locale;
export const currentTimeZone = () => timeZone;

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fill(TABLES[locale][key] ?? en[key] ?? key, params);
}

/** Plural: looks up `${base}_one` or `${base}_other`; {n} is the number, formatted for the locale. */
export function tn(base: PluralBase, n: number, params?: Record<string, string | number>): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? 'one' : 'other';
  return t(`${base}_${form}` as MessageKey, { ...params, n: formatNumber(n) });
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function formatCompact(n: number): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function formatDateTime(iso: string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return formatDateTime(iso, { dateStyle: 'long' });
}

/** "3 minutes ago" for the last week, then a date. */
export function formatRelative(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  const s = Math.round((then - now) / 1000);
  const abs = Math.abs(s);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (abs < 45) return t('time_just_now');
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(s / 86400), 'day');
  const sameYear = new Date(then).getFullYear() === new Date(now).getFullYear();
  return formatDateTime(iso, sameYear ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' });
}

/** Offset of `tz` from UTC at instant `ms`, in milliseconds. */
function zoneOffset(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A `datetime-local` value ("2026-12-06T07:00") read in the account's time zone, as an instant. */
export function localInputToInstant(value: string, tz = timeZone): Date | null {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let guess = wall - zoneOffset(wall, tz);
  guess = wall - zoneOffset(guess, tz); // settle across a DST change
  return new Date(guess);
}

/** The instant as a `datetime-local` value in the account's time zone. */
export function instantToLocalInput(d: Date, tz = timeZone): string {
  const shifted = new Date(d.getTime() + zoneOffset(d.getTime(), tz));
  return shifted.toISOString().slice(0, 16);
}

export type { MessageKey };
