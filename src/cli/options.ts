import { InvalidArgumentError } from 'commander';

/** Option parsers for commander: values are checked at the edge, with the expected form named. */
export function integerOption(min: number, max?: number): (value: string) => number {
  return (value) => {
    const parsed = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || (max !== undefined && parsed > max)) {
      throw new InvalidArgumentError(`expected an integer ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}, got "${value}"`);
    }
    return parsed;
  };
}

/** A file or folder path: an empty one would silently mean the current folder. */
export function pathOption(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a path, got an empty one (for the current folder, give ".")');
  return value;
}

/**
 * A number as written in decimal ("0.001", "1e-4", ".5"), or NaN: Number() would also take
 * "0x10" as 16 and "0b11" as 3, which no option means.
 */
export function decimalNumber(value: string): number {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value) ? Number(value) : NaN;
}

export function nonNegativeNumber(value: string): number {
  const parsed = decimalNumber(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new InvalidArgumentError(`expected a number >= 0, got "${value}"`);
  }
  return parsed;
}
