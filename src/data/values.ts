import { SegmintError } from '../errors.js';

/** Field texts read as missing by default (compared trimmed, ignoring case). */
export const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'null', '?'] as const;

/** Whether a field's first character is a digit, a sign or a point: a number's start. */
function startsLikeNumber(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46;
}

/** A test for missing fields from a list of tokens; the empty field is always missing. */
export function missingTest(tokens: readonly string[] = DEFAULT_MISSING): (field: string) => boolean {
  const test = missingSpanTest(tokens);
  return (field) => test(field, 0, field.length);
}

/** missingTest for the field text[start, end), which it slices only when the field may be missing. */
export function missingSpanTest(tokens: readonly string[] = DEFAULT_MISSING): (text: string, start: number, end: number) => boolean {
  const set = new Set(tokens.map((token) => token.trim().toLowerCase()));
  set.add('');
  // Most fields are numbers: one that starts like a number no token starts with is not
  // missing, with no trimming or lower-casing (the start is not a space, so trimming keeps it).
  // A table by first character (ASCII), looked up once per field.
  const plainStart = new Uint8Array(128);
  for (let code = 0; code < 128; code++) plainStart[code] = startsLikeNumber(code) ? 1 : 0;
  for (const token of set) if (token !== '' && token.charCodeAt(0) < 128) plainStart[token.charCodeAt(0)] = 0;
  return (text, start, end) => {
    if (start === end) return true;
    const first = text.charCodeAt(start);
    if (first < 128 && plainStart[first] === 1) return false;
    return set.has(text.slice(start, end).trim().toLowerCase());
  };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * For a field that is no number in a file read with decimal points: a hint when it would be one
 * with a decimal comma ("9,99"), else ''. Semicolon files are read so, and others when told
 * (--decimal comma): a file's start cannot tell a decimal comma from thousands ("38,000") or a
 * list ("1,3") surely enough to guess.
 */
export function decimalCommaHint(field: string, decimalComma: boolean, delimiter: string): string {
  if (decimalComma || !/\d,\d/.test(field) || parseNumber(field, true) === undefined) return '';
  // "15,000": a thousands separator as much as a decimal comma; only the user knows which.
  const grouped = parseNumber(field, false, true);
  if (grouped !== undefined) {
    return `; ${JSON.stringify(field.trim())} may be ${grouped} with a thousands separator or ${parseNumber(field, true)} with a decimal comma: give --decimal point (commas group thousands) or --decimal comma to say which (decimal: 'point' or 'comma' in the library)`;
  }
  const number = `; ${JSON.stringify(field.trim())} would be a number written with a decimal comma`;
  return usesDecimalComma(delimiter)
    ? `${number}, but this semicolon-separated file was read with decimal points as told (--decimal point, or a model's "decimal"); give --decimal comma to read them`
    : `${number}, which segmint reads in semicolon-separated files, or when given --decimal comma (decimal: 'comma' in the library)`;
}

/**
 * Whether the field text[start, end) is a month as German exports write one, "07.2024" (1 or 2
 * digits of month 1 to 12, a point, a year 1900 to 2099), which reads as the number 7.2024.
 */
export function isMonthYear(text: string, start: number, end: number): boolean {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  const point = end - 5;
  if (point - start < 1 || point - start > 2 || text.charCodeAt(point) !== 46) return false;
  let month = 0;
  let year = 0;
  for (let i = start; i < end; i++) {
    if (i === point) continue;
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (i < point) month = month * 10 + digit;
    else year = year * 10 + digit;
  }
  return month >= 1 && month <= 12 && year >= 1900 && year <= 2099;
}

/** Whether a file with this delimiter writes decimals with a comma ("1,5"): semicolon files do. */
export function usesDecimalComma(delimiter: string): boolean {
  return delimiter === ';';
}

/** A decimal mark a user gives for a file (--decimal), overriding usesDecimalComma. */
export type DecimalMark = 'point' | 'comma';
export const DECIMAL_MARKS: readonly DecimalMark[] = ['point', 'comma'];

/** A decimal option as given: undefined, 'point' or 'comma'; anything else is an error. */
export function checkDecimalMark(decimal: unknown): DecimalMark | undefined {
  if (decimal === undefined || DECIMAL_MARKS.includes(decimal as DecimalMark)) return decimal as DecimalMark | undefined;
  throw new SegmintError('ERR_INVALID_ARGUMENT', `decimal=${JSON.stringify(decimal)} must be 'point' or 'comma'`);
}

/** Whether a file is read with decimal commas: as `given` (checked), else as its delimiter says. */
export function readsDecimalComma(delimiter: string, given: DecimalMark | undefined): boolean {
  return checkDecimalMark(given) === undefined ? usesDecimalComma(delimiter) : given === 'comma';
}

/**
 * Whether a comma before three digits groups thousands ("15,000" is 15000) even without a
 * currency symbol or decimals: only when the user gave the decimal point (--decimal point).
 * Otherwise it may be a decimal comma, and such a field is no number (see parseFormatted).
 */
export function readsCommaGroups(given: DecimalMark | undefined): boolean {
  return given === 'point';
}

/** Currency symbols a formatted number may carry before or after its digits. */
const CURRENCY = new Set(['$', '€', '£', '¥', '₹']);
const CURRENCY_CODES = new Set([...CURRENCY].map((c) => c.charCodeAt(0)));
/**
 * Thousands separators that only formatting writes (no-break spaces, apostrophes): a number
 * grouped with them reads as one however few its groups. A plain space also groups thousands,
 * but phone numbers and codes are written so too ("612 345 678"), so it counts only beside
 * other signs of a formatted number (see parseFormatted).
 */
const FORMAT_GROUPS = ['\u00a0', '\u202f', "'", '\u2019'];
/** What marks a field as formatted (read by parseFormatted), beside digits, signs, points and commas; not an exponent's "e". */
const FORMAT_MARKS = new Set([...'()%', ...CURRENCY, ...FORMAT_GROUPS].map((c) => c.charCodeAt(0)));
/** Every character a formatted number may hold besides digits. */
const FORMAT_CHARACTERS = new Set([...'(),.+-% ', ...CURRENCY, ...FORMAT_GROUPS].map((c) => c.charCodeAt(0)));

/** Exact powers of ten: 10^0..10^22 are doubles without rounding. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, e) => Number(`1e${e}`));

/**
 * The value of a number field, or undefined. Plain decimals ("1234.5", "-3e2"; with
 * decimalComma, in semicolon files, "1,5" too), and the formatted numbers spreadsheets export
 * where nothing else could be meant (see parseFormatted): a currency symbol ("$1,234.50",
 * "1.234,50 €" in a semicolon file), thousands separators ("1,234,567", "1 234.5"), a percent
 * sign ("12%" is 12, the number as written) and accounting negatives ("(1,234.50)",
 * "$ (200.00)"). Hex, "Infinity" and out-of-range values are not numbers.
 */
export function parseNumber(field: string, decimalComma = false, commaGroups = false): number | undefined {
  return parseNumberAt(field, 0, field.length, decimalComma, commaGroups);
}

/** parseNumber for the field text[start, end), which it slices only off the fast path; commaGroups: readsCommaGroups. */
export function parseNumberAt(text: string, start: number, end: number, decimalComma = false, commaGroups = false): number | undefined {
  // Fast path for the usual field, [+-]digits[.digits] (a comma for the point with
  // decimalComma) with at most 15 digits: the digits as an integer m < 2^53 and 10^d are both
  // exact, so m / 10^d is the correctly rounded value, the same double Number() gives.
  let i = start;
  let code = text.charCodeAt(i);
  const negative = code === 45;
  if (negative || code === 43) code = text.charCodeAt(++i);
  let digits = 0;
  let fraction = -1; // digits after the point, once one is seen
  let before = 0; // digits before the point
  let m = 0;
  for (; i < end; code = text.charCodeAt(++i)) {
    if (code >= 48 && code <= 57) {
      m = m * 10 + (code - 48);
      digits++;
      if (fraction >= 0) fraction++;
      else before++;
    } else if (fraction < 0 && (decimalComma ? code === 44 : code === 46)) fraction = 0;
    else break;
  }
  const valid = i === end && digits > 0 && digits <= 15 && (!decimalComma || fraction < 0 || (before > 0 && fraction > 0));
  if (valid) {
    const value = fraction > 0 ? m / POWERS_OF_TEN[fraction]! : m;
    return negative ? -value : value;
  }
  return parseNumberText(text.slice(start, end), decimalComma, commaGroups);
}

/** parseNumber for any field: trimmed, checked against the grammar and read with Number(). */
function parseNumberText(field: string, decimalComma: boolean, commaGroups: boolean): number | undefined {
  let text = field.trim();
  if (!DECIMAL.test(text)) {
    if (!decimalComma || !DECIMAL_COMMA.test(text)) return parseFormatted(text, decimalComma, commaGroups);
    text = text.replace(',', '.');
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A formatted number (see parseNumber) that is not a plain decimal, or undefined. Only the slow
 * path reaches it, so plain numeric files never pay for it. A reading is taken only where the
 * text cannot mean another number, or no number:
 * - thousands groups: the first of 1 to 3 digits and not starting with 0, then groups of 3
 *   (or, with commas, Indian lakhs: "1,00,000"); the decimal mark's twin (a comma beside a
 *   decimal point, a point beside a decimal comma) groups one thousand ("1,234") only with a
 *   currency symbol before it or a decimal part after it, since "1,250" may be a decimal comma
 *   and "1.250" a decimal point (a comma does when the user gave the decimal point:
 *   commaGroups); a plain space groups only beside a decimal part, a currency
 *   symbol or a percent sign, since phone numbers are written "612 345 678";
 * - parentheses mean a negative only around a currency amount, a decimal part or thousands:
 *   "(2)" may be a footnote or a rank;
 * - "$ -" is Excel's accounting zero.
 */
function parseFormatted(text: string, decimalComma: boolean, commaGroups: boolean): number | undefined {
  // Most fields that get here are words, codes or dates: they hold a character no number has,
  // or a sign after a digit ("2010-12-01").
  let digitSeen = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digitSeen = true;
    else if (!FORMAT_CHARACTERS.has(code) || (digitSeen && (code === 43 || code === 45))) return undefined;
  }
  let rest = text;
  let sign = '';
  let currency = false;
  let currencyBefore = false;
  let opened = false;
  let closed = false;
  let percent = false;
  // Before the digits, in any order, each at most once: a sign, a currency symbol, "(".
  for (;;) {
    const first = rest.charAt(0);
    if ((first === '-' || first === '+') && sign === '') sign = first;
    else if (CURRENCY.has(first) && !currency) currency = currencyBefore = true;
    else if (first === '(' && !opened) opened = true;
    else break;
    rest = rest.slice(1).trim();
  }
  // After them, likewise: ")", a currency symbol or a percent sign (not both).
  for (;;) {
    const last = rest.charAt(rest.length - 1);
    if (last === ')' && opened && !closed) closed = true;
    else if (CURRENCY.has(last) && !currency && !percent) currency = true;
    else if (last === '%' && !currency && !percent) percent = true;
    else break;
    rest = rest.slice(0, -1).trim();
  }
  if (opened !== closed || (opened && sign !== '')) return undefined;
  if (rest === '') return currency && sign === '-' && !opened ? 0 : undefined; // "$ -": Excel's accounting zero

  // The digits: thousands groups (each separator the same) before the decimal mark, if any.
  const point = decimalComma ? ',' : '.';
  const twin = decimalComma ? '.' : ',';
  let digits = '';
  let separator = '';
  const groups: number[] = [];
  let run = 0; // digits since the start, the last separator or the point
  let fraction = -1; // digits after the point, once it is seen
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charAt(i);
    const code = rest.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      digits += c;
      if (fraction >= 0) fraction++;
      else run++;
    } else if (c === point && fraction < 0) {
      digits += '.';
      fraction = 0;
    } else if (fraction < 0 && (c === twin || c === ' ' || FORMAT_GROUPS.includes(c)) && (separator === '' || c === separator) && run > 0) {
      separator = c;
      groups.push(run);
      run = 0;
    } else return undefined;
  }
  if (run === 0 || fraction === 0) return undefined;
  const decimals = fraction > 0;
  if (separator !== '') {
    groups.push(run);
    if (digits.startsWith('0')) return undefined;
    const western = groups[0]! <= 3 && groups.slice(1).every((size) => size === 3);
    const lakhs = separator === ',' && groups.length >= 3 && groups[0]! <= 2 && groups.slice(1, -1).every((size) => size === 2) && groups.at(-1) === 3;
    if (!western && !lakhs) return undefined;
    if (separator === twin && groups.length === 2 && !decimals && !currencyBefore && !(commaGroups && !decimalComma)) return undefined;
    if (separator === ' ' && !decimals && !currency && !percent) return undefined;
  }
  if (opened && !currency && !decimals && separator === '') return undefined;
  if (separator === '' && !currency && !percent && !opened) return undefined;
  const value = Number(digits);
  if (!Number.isFinite(value)) return undefined;
  return sign === '-' || opened ? -value : value;
}

/** What PointEvidence concludes about one column (see there). */
export interface PointVerdict {
  /** The column reads numbers on two scales: an error where it is used. */
  mixed: boolean;
  message: string;
}

/**
 * What the units written beside a numeric column's numbers say: a percent sign on some values
 * and not on others ("1%" and "0.02": read as 1 and 0.02), or more than one currency ("$1" and
 * "€2"). Either way the numbers are read as written, on one scale, which they may not share: a
 * warning naming a line of each. Plain numbers (a digit last) are not looked at.
 */
export class UnitEvidence {
  private plain: { line: number; text: string } | undefined;
  private percent: { line: number; text: string } | undefined;
  private readonly currencies = new Map<string, { line: number; text: string }>();

  observe(text: string, start: number, end: number, line: number): void {
    // The usual field, by character codes alone (every numeric field of a file comes here): a
    // digit last and a digit, point or sign first, no currency symbol after the sign.
    const last = text.charCodeAt(end - 1);
    if (last >= 48 && last <= 57) {
      const first = text.charCodeAt(start);
      const signed = first === 45 || first === 43;
      if ((first >= 48 && first <= 57) || first === 46 || (signed && !CURRENCY_CODES.has(text.charCodeAt(start + 1)))) {
        // A zero is the same on either scale ("0" beside "5%"): it says nothing of the unit.
        if (this.plain === undefined && !/^[+-]?0*\.?0*$/.test(text.slice(start, end))) this.plain = { line, text: text.slice(start, end) };
        return;
      }
    }
    const field = text.slice(start, end);
    if (field.includes('%')) {
      this.percent ??= { line, text: field };
      return;
    }
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      if (!CURRENCY_CODES.has(code)) continue;
      if (!this.currencies.has(field.charAt(i))) this.currencies.set(field.charAt(i), { line, text: field });
      return;
    }
    this.plain ??= { line, text: field };
  }

  /** The warning for column `name`, or undefined. */
  warning(name: string): string | undefined {
    const at = (value: { line: number; text: string }): string => `${JSON.stringify(value.text)} on line ${value.line}`;
    if (this.percent && this.plain) {
      return `column "${name}" has values with a percent sign (${at(this.percent)}) and without (${at(this.plain)}); both are read as the numbers written (${JSON.stringify(this.percent.text)} as ${JSON.stringify(this.percent.text.replace('%', '').trim())}): check that they are on one scale`;
    }
    if (this.currencies.size > 1) {
      return `column "${name}" mixes currencies (${[...this.currencies.values()].map(at).join(', ')}); their amounts are read as numbers of one unit: convert them to one currency first`;
    }
    return undefined;
  }
}

/**
 * What a chosen numeric column's points say (PointEvidence.verdict), in every reader: a warning,
 * or an error when the column reads numbers on two scales.
 */
export function checkPointVerdict(source: string, verdict: PointVerdict | undefined, warnings: string[]): void {
  if (verdict === undefined) return;
  if (verdict.mixed) throw new SegmintError('ERR_INVALID_DATA', `${source}: ${verdict.message}`);
  warnings.push(verdict.message);
}

/**
 * What a numeric column of a file read with decimal commas says about its points. There
 * "1.234" reads as the decimal 1.234 (see parseNumber), yet a spreadsheet that writes decimal
 * commas writes one thousand two hundred and thirty-four so when its format groups thousands,
 * and no reader can tell the two apart from one value. A column that also writes decimal
 * commas ("950,00") or groups thousands with points ("1.500.000", "1.234,50") has read its
 * lone-group values a thousand times too small: that is an error, as is a column with a sure
 * decimal point ("2.5") beside a decimal comma or point groups (its "1,250" read as 1.25). A
 * column whose pointed values all look like thousands groups (1 to 3 digits, not starting with
 * 0, a point, 3 digits: never "2.5" or "0.125") gets a warning.
 */
export class PointEvidence {
  /** The first value of each kind: "1.234" read as a decimal, a sure decimal point ("2.5"), a decimal comma ("950,00"), points between thousands ("1.500.000", "$1.234"). */
  private groupLike: { line: number; text: string } | undefined;
  private decimalPoint: { line: number; text: string } | undefined;
  private comma: { line: number; text: string } | undefined;
  private pointGroups: { line: number; text: string } | undefined;

  /** The field text[start, end), on the given line, which read as a number. */
  observe(text: string, start: number, end: number, line: number): void {
    if (this.decimalPoint && (this.comma || this.pointGroups)) return; // the verdict is settled
    let points = 0;
    let commas = 0;
    let before = 0; // digits before the first point
    let after = 0; // digits after it
    let leadingZero = false;
    let formatted = false; // a currency or percent sign, parentheses, a no-break space or apostrophe: parseFormatted read it
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === 46) points++;
      else if (code === 44) commas++;
      else if (code >= 48 && code <= 57) {
        if (points === 0) {
          if (before === 0 && code === 48) leadingZero = true;
          before++;
        } else after++;
      } else if (FORMAT_MARKS.has(code)) formatted = true;
    }
    const at = () => ({ line, text: text.slice(start, end).trim() });
    if (commas > 0) this.comma ??= at();
    // Points beside a comma, several, or in a formatted field group thousands (see parseFormatted).
    if (points > 0 && (commas > 0 || points > 1 || formatted)) this.pointGroups ??= at();
    else if (points === 1) {
      if (before >= 1 && before <= 3 && after === 3 && !leadingZero) this.groupLike ??= at();
      else this.decimalPoint ??= at();
    }
  }

  /** The verdict on column `name`, or undefined when its points raise no doubt. */
  verdict(name: string): PointVerdict | undefined {
    const other = this.comma ?? this.pointGroups;
    const writes = (value: { text: string }) => (value.text.includes(',') ? 'writes decimals with a comma' : 'groups thousands with points');
    const point = this.decimalPoint;
    if (point && other) {
      return {
        mixed: true,
        message:
          `column "${name}" writes decimals with a point (${JSON.stringify(point.text)}, line ${point.line}), yet ${JSON.stringify(other.text)} (line ${other.line}) ${writes(other)}: ` +
          'its numbers would be read on two scales; save the file with one decimal mark and no thousands separators',
      };
    }
    const group = this.groupLike;
    if (group === undefined || point) return undefined;
    const read = parseNumber(group.text, true)!;
    const meant = Number(group.text.replace('.', ''));
    if (other) {
      return {
        mixed: true,
        message:
          `column "${name}" reads ${JSON.stringify(group.text)} (line ${group.line}) as ${read}, yet ${JSON.stringify(other.text)} (line ${other.line}) ${writes(other)}: ` +
          `its points separate thousands, and ${JSON.stringify(group.text)} means ${meant}; save the file without thousands separators`,
      };
    }
    return {
      mixed: false,
      message: `column "${name}": values such as ${JSON.stringify(group.text)} (line ${group.line}) are read as decimals (${read}), where a file written with decimal commas may mean ${meant}; if its points separate thousands, save the file without thousands separators`,
    };
  }
}

/** Text without the byte-order mark some editors put first (Excel's "UTF-8 with BOM"). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
