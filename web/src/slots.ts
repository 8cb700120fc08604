// Best times to post (GET /insights/communities/{slug}/when_to_post): shared by the composer's
// schedule chips and the insights heatmap, kept apart from the chart library so the composer stays
// light.
import { currentLocale, instantToLocalInput } from './i18n';

export interface BestSlot {
  weekday: string;
  /** 0 = Monday … 6 = Sunday. */
  weekday_index: number;
  hour: number;
  label: string;
  sample_size: { events: number; people: number; weeks: number };
  share: number;
  lift: number;
}

export type Figure = number | string;

export interface WhenToPost {
  community: string;
  time_zone: string;
  weeks: number;
  from: string;
  to: string;
  sample: { events: Figure; people: Figure };
  advice: 'best_slots' | 'no_clear_peak' | 'not_enough_data' | string;
  reason: string | null;
  message: string;
  best_slots: BestSlot[];
  minimums: { events: number; people: number; people_per_slot: number; z_score: number };
  method: string;
  weekdays: string[];
  heatmap: { events: Figure; people: Figure }[][];
}

/** The weekday's name in the current language (0 = Monday). */
export function weekdayName(index: number, style: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday.
  const name = new Intl.DateTimeFormat(currentLocale(), { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + index)));
  // Dutch writes weekdays in lower case; ours start a label or a line.
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** "19:00" in the current language's style. */
export function hourLabel(hour: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, hour)));
}

/**
 * The next start of `slot` after `now`, as a datetime-local value ("YYYY-MM-DDTHH:00") in the
 * account's time zone (the zone the heatmap was asked for).
 */
export function nextSlotInput(slot: Pick<BestSlot, 'weekday_index' | 'hour'>, now = new Date()): string {
  const local = instantToLocalInput(now); // "YYYY-MM-DDTHH:MM" in the account's zone
  const [y, mo, d] = local.slice(0, 10).split('-').map(Number);
  const hourNow = Number(local.slice(11, 13));
  const today = (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7;
  let ahead = (slot.weekday_index - today + 7) % 7;
  if (ahead === 0 && slot.hour <= hourNow) ahead = 7;
  const day = new Date(Date.UTC(y, mo - 1, d + ahead));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T${pad(slot.hour)}:00`;
}
