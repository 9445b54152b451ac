import { SegmintError } from '../errors.js';

/** How dates with slashes are read; ISO dates (2011-03-10 16:16:00) are always understood. */
export type DateFormat = 'auto' | 'iso' | 'mdy' | 'dmy';
export const DATE_FORMATS: readonly DateFormat[] = ['auto', 'iso', 'mdy', 'dmy'];

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?Z?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function dayNumber(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return date.getTime() / MS_PER_DAY;
}

/**
 * The calendar day (days since 1970-01-01, UTC) of a date field, or undefined when it does not
 * parse. Times of day are checked but dropped: RFM counts whole days. 'auto' reads slashed
 * dates as month/day/year, as UCI's Online Retail file writes them.
 */
export function parseDay(text: string, format: DateFormat = 'auto'): number | undefined {
  const field = text.trim();
  const iso = ISO.exec(field);
  if (iso && format !== 'mdy' && format !== 'dmy') {
    const [, y, m, d, hh, mm, ss] = iso.map(Number);
    return dayNumber(y!, m!, d!, hh || 0, mm || 0, ss || 0);
  }
  const slashed = SLASHED.exec(field);
  if (slashed && format !== 'iso') {
    const [, a, b, y, hh, mm, ss] = slashed.map(Number);
    const [month, day] = format === 'dmy' ? [b!, a!] : [a!, b!];
    return dayNumber(y!, month, day, hh || 0, mm || 0, ss || 0);
  }
  return undefined;
}

/**
 * What to add to the error for a date that `format` cannot read: when 'auto' (month first)
 * fails on a slashed date that reads day first (16/06/2011), the format that reads it.
 */
export function dateFormatHint(text: string, format: DateFormat): string {
  if (format !== 'auto' || parseDay(text, 'dmy') === undefined) return '';
  return '; it reads as day/month/year: use the date format dmy (--date-format dmy)';
}

export function describeDateFormat(format: DateFormat): string {
  switch (format) {
    case 'iso':
      return 'YYYY-MM-DD[ HH:MM[:SS]]';
    case 'mdy':
      return 'M/D/YYYY[ H:MM]';
    case 'dmy':
      return 'D/M/YYYY[ H:MM]';
    default:
      return 'YYYY-MM-DD[ HH:MM[:SS]] or M/D/YYYY[ H:MM]';
  }
}

/** YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Today's day number: the calendar date where the program runs, as a file's dates are written
 * (in UTC it is yesterday or tomorrow for part of the day in most time zones).
 */
export function today(now = new Date()): number {
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / MS_PER_DAY;
}

/** The day of a --as-of option (YYYY-MM-DD). */
export function parseAsOf(text: string): number {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseDay(text, 'iso') : undefined;
  if (day === undefined) throw new SegmintError('ERR_INVALID_ARGUMENT', `--as-of ${JSON.stringify(text)} is not a date; expected YYYY-MM-DD`);
  return day;
}
