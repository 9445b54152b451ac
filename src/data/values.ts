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

/** Whether a file with this delimiter writes decimals with a comma ("1,5"): semicolon files do. */
export function usesDecimalComma(delimiter: string): boolean {
  return delimiter === ';';
}

/** Currency symbols a formatted number may carry before or after its digits. */
const CURRENCY = new Set(['$', '€', '£', '¥', '₹']);
/** Thousands separators besides the decimal point's twin: spaces (plain, no-break, thin) and the apostrophe. */
const SPACE_GROUPS = [' ', '\u00a0', '\u202f', "'"];
/** Every character a formatted number may hold besides digits. */
const FORMAT_CHARACTERS = new Set([...'(),.+-%', ...CURRENCY, ...SPACE_GROUPS].map((c) => c.charCodeAt(0)));

/** Exact powers of ten: 10^0..10^22 are doubles without rounding. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, e) => Number(`1e${e}`));

/**
 * The value of a number field, or undefined. Plain decimals ("1234.5", "-3e2"), and the
 * formatted numbers spreadsheets export: a currency symbol before or after ("$1,234.50",
 * "12,50 €"), thousands separators in groups of three ("1,234,567", "1 234"), a percent sign
 * ("12%" is 12, the number as written) and accounting negatives ("(1,234.50)"). With
 * decimalComma (semicolon files), "1,5" is 1.5 and "1.234,50" is 1234.5; there a point is read
 * as a thousands separator only where nothing else fits: "1.234" alone stays 1.234, as it
 * reads in a plain decimal. Hex, "Infinity" and out-of-range values are not numbers.
 */
export function parseNumber(field: string, decimalComma = false): number | undefined {
  return parseNumberAt(field, 0, field.length, decimalComma);
}

/** parseNumber for the field text[start, end), which it slices only off the fast path. */
export function parseNumberAt(text: string, start: number, end: number, decimalComma = false): number | undefined {
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
  return parseNumberText(text.slice(start, end), decimalComma);
}

/** parseNumber for any field: trimmed, checked against the grammar and read with Number(). */
function parseNumberText(field: string, decimalComma: boolean): number | undefined {
  let text = field.trim();
  if (!DECIMAL.test(text)) {
    if (!decimalComma || !DECIMAL_COMMA.test(text)) return parseFormatted(text, decimalComma);
    text = text.replace(',', '.');
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A formatted number (see parseNumber) that is not a plain decimal, or undefined. Only the slow
 * path reaches it, so plain numeric files never pay for it.
 */
function parseFormatted(text: string, decimalComma: boolean): number | undefined {
  // Most fields that get here are words, codes or dates: they hold a character no number has,
  // or a sign after a digit ("2010-12-01").
  let digitSeen = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digitSeen = true;
    else if (!FORMAT_CHARACTERS.has(code) || (digitSeen && (code === 43 || code === 45))) return undefined;
  }
  let rest = text;
  let negative = false;
  let formatted = false;
  if (rest.startsWith('(') && rest.endsWith(')')) {
    negative = formatted = true;
    rest = rest.slice(1, -1).trim();
  }
  let signed = negative;
  let marks = 0; // currency symbols and percent signs: one at most
  for (let pass = 0; pass < 2; pass++) {
    // A sign, then a currency symbol; or the symbol first ("$-5.00").
    const first = rest.charAt(0);
    if ((first === '-' || first === '+') && !signed) {
      signed = true;
      negative = first === '-';
      rest = rest.slice(1).trim();
    } else if (CURRENCY.has(first) && marks === 0) {
      marks++;
      rest = rest.slice(1).trim();
    }
  }
  const last = rest.charAt(rest.length - 1);
  if (CURRENCY.has(last) || last === '%') {
    marks++;
    rest = rest.slice(0, -1).trim();
  }
  if (marks > 1) return undefined;
  formatted ||= marks > 0;

  // The digits, in groups of three after the first when a thousands separator is used.
  const point = decimalComma ? ',' : '.';
  const pointGroups = decimalComma ? '.' : ',';
  let plain = '';
  let separator = '';
  let separators = 0;
  let run = 0; // digits since the start, the last separator or the point
  let pointSeen = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charAt(i);
    const code = rest.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      plain += c;
      run++;
    } else if (c === point && !pointSeen) {
      if (run === 0 || (separator !== '' && run !== 3)) return undefined;
      pointSeen = true;
      plain += '.';
      run = 0;
    } else if (!pointSeen && (c === pointGroups || SPACE_GROUPS.includes(c))) {
      if (separator === '' ? run < 1 || run > 3 : c !== separator || run !== 3) return undefined;
      separator = c;
      separators++;
      run = 0;
    } else return undefined;
  }
  if (run === 0 || (!pointSeen && separator !== '' && run !== 3)) return undefined;
  // In a semicolon file "1.234" reads as the plain decimal 1.234 does: a point groups thousands
  // only beside a decimal comma or in two groups or more ("1.234,5", "1.234.567").
  if (separator === '.' && !pointSeen && separators < 2) return undefined;
  if (!formatted && separator === '') return undefined;
  const value = Number(plain);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/**
 * What a semicolon file's numeric column says about its points. There "1.234" reads as the
 * decimal 1.234 (see parseNumber), yet a spreadsheet that writes decimal commas writes one
 * thousand two hundred and thirty-four so when its format groups thousands, and no reader can
 * tell the two apart from one value. A column whose pointed values all look like thousands
 * groups (1 to 3 digits, not starting with 0, a point, 3 digits: never "2.5" or "0.125") gets a
 * warning, a firmer one when its other values write decimals with a comma or group thousands
 * with points beside one ("1.234,50").
 */
export class PointEvidence {
  private groupLike: { line: number; text: string } | undefined;
  /** A value with a decimal comma, or points between thousands ("1.234.567"). */
  private comma: { line: number; text: string } | undefined;
  /** A value whose point can only be a decimal point: no warning, whatever else is seen. */
  private decimalPoint = false;

  /** The field text[start, end), on the given line, which read as a number. */
  observe(text: string, start: number, end: number, line: number): void {
    if (this.decimalPoint) return;
    let points = 0;
    let commas = 0;
    let before = 0; // digits before the first point
    let after = 0; // digits after it
    let leadingZero = false;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === 46) points++;
      else if (code === 44) commas++;
      else if (code >= 48 && code <= 57) {
        if (points === 0) {
          if (before === 0 && code === 48) leadingZero = true;
          before++;
        } else after++;
      }
    }
    if (commas > 0 || points > 1) {
      this.comma ??= { line, text: text.slice(start, end).trim() };
      return;
    }
    if (points === 0) return;
    if (points === 1 && before >= 1 && before <= 3 && after === 3 && !leadingZero) this.groupLike ??= { line, text: text.slice(start, end).trim() };
    else if (points === 1) this.decimalPoint = true;
  }

  /** The warning for column `name`, or undefined. */
  warning(name: string): string | undefined {
    const group = this.groupLike;
    if (group === undefined || this.decimalPoint) return undefined;
    const read = parseNumber(group.text, true)!;
    const meant = Number(group.text.replace('.', ''));
    const remedy = 'if its points separate thousands, save the file without thousands separators';
    const other = this.comma;
    return other
      ? `column "${name}": ${JSON.stringify(group.text)} (line ${group.line}) reads as ${read}, the point taken for the decimals, yet ${JSON.stringify(other.text)} (line ${other.line}) ${other.text.includes(',') ? 'writes them with a comma' : 'groups thousands with points'}; ${remedy}`
      : `column "${name}": values such as ${JSON.stringify(group.text)} (line ${group.line}) are read as decimals (${read}), where a semicolon file may mean ${meant}; ${remedy}`;
  }
}
