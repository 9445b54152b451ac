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

/** Exact powers of ten: 10^0..10^22 are doubles without rounding. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, e) => Number(`1e${e}`));

/**
 * The value of a plain decimal field, or undefined. Hex, thousands separators, "Infinity" and
 * out-of-range values are not numbers. With decimalComma (semicolon files), "1,5" is 1.5.
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
    if (!decimalComma || !DECIMAL_COMMA.test(text)) return undefined;
    text = text.replace(',', '.');
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
