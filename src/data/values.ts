/** Field texts read as missing by default (compared trimmed, ignoring case). */
export const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'null', '?'] as const;

/** A test for missing fields from a list of tokens; the empty field is always missing. */
export function missingTest(tokens: readonly string[] = DEFAULT_MISSING): (field: string) => boolean {
  const set = new Set(tokens.map((token) => token.trim().toLowerCase()));
  set.add('');
  return (field) => set.has(field.trim().toLowerCase());
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * The value of a plain decimal field, or undefined. Hex, thousands separators, "Infinity" and
 * out-of-range values are not numbers. With decimalComma (semicolon files), "1,5" is 1.5.
 */
export function parseNumber(field: string, decimalComma = false): number | undefined {
  let text = field.trim();
  if (!DECIMAL.test(text)) {
    if (!decimalComma || !DECIMAL_COMMA.test(text)) return undefined;
    text = text.replace(',', '.');
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
