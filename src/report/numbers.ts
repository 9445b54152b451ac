// A feature's values as tables show them: the CLI's segment table, the web app's, the report's
// profiles and highlights, and the fill values the CLI reports.

/** Past this many decimals a value is shown as 0.00…: rounding, not data. */
const MAX_DECIMALS = 12;

/**
 * The decimals that show a feature's values alike, so they line up and read as one measure:
 * none when all are integers, else 2 when the largest is 1 or more, else 3 significant digits of
 * the largest.
 */
export function decimalsFor(values: readonly number[]): number {
  if (values.every(Number.isInteger)) return 0;
  // Undoing the scaling leaves rounding: a one-hot share of 1 comes back as 0.9999999999999999.
  const largest = Number(Math.max(...values.map(Math.abs)).toPrecision(MAX_DECIMALS));
  return largest >= 1 ? 2 : Math.min(MAX_DECIMALS, 2 - Math.floor(Math.log10(largest)));
}

/**
 * A feature's values (one per segment, or a fill value alone) with the same decimals: see
 * decimalsFor. `grouped`: thousands separated when some value reaches 10,000 (so that years,
 * 1968.81, still read as years), for reading rather than for copying into a spreadsheet.
 */
export function formatValues(values: readonly number[], grouped = false): string[] {
  const decimals = decimalsFor(values);
  const grouping = grouped && values.some((value) => Math.abs(value) >= 10_000);
  const format = (value: number): string =>
    grouping ? value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : value.toFixed(decimals);
  // A value that rounds to zero is 0, whichever side it lies on: "-0.00" reads as a sign of something.
  return values.map((value) => format(value).replace(/^-(0(?:\.0+)?)$/, '$1'));
}

export function formatValue(value: number): string {
  return formatValues([value])[0]!;
}
