import { describeGiven, invalidArgument } from '../errors.js';
import { withoutBom } from '../data/values.js';

/** Longer names do not fit a chart legend or a table column. */
export const MAX_NAME_LENGTH = 60;

const EXAMPLE = '{"1": "Premium", "3": "Bargain hunters"}';

/**
 * The user's names over the automatic ones. `given` is the content of a names file (parsed
 * JSON): an object from segment numbers, as the CLI prints them (1 = the largest segment), to
 * names, e.g. {"1": "Premium", "3": "Bargain hunters"}. Segments it leaves out keep their
 * automatic names. Throws a SegmintError naming `source`, the segment and what is wrong: a key
 * that is not a segment number, a name that is not text, empty, too long or on several lines,
 * or two segments ending up with the same name.
 */
export function applySegmentNames(names: readonly string[], given: unknown, source = 'names.json'): string[] {
  const k = names.length;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw invalidArgument(`${source}: expected an object from segment numbers to names, e.g. ${EXAMPLE}; got ${describeGiven(given)}`);
  }
  const result = names.slice();
  for (const [key, value] of Object.entries(given)) {
    const number = /^[1-9][0-9]*$/.test(key) ? Number(key) : NaN;
    if (!(number <= k)) {
      const digits = /[0-9]+/.exec(key);
      const meant = digits ? String(Number(digits[0])) : '';
      const hint = meant !== '' && meant !== key && Number(meant) >= 1 && Number(meant) <= k ? `; write the number alone: "${meant}"` : '';
      throw invalidArgument(`${source}: "${key}" is not a segment number; the segments are numbered 1 to ${k}${hint}`);
    }
    const where = `${source}, segment ${number}`;
    if (typeof value !== 'string') throw invalidArgument(`${where}: the name must be a text in quotes; got ${describeGiven(value)}`);
    const name = value.trim();
    if (name === '') throw invalidArgument(`${where}: the name is empty`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidArgument(`${where}: the name ${JSON.stringify(value)} holds a line break, tab or other control character`);
    if ([...name].length > MAX_NAME_LENGTH) {
      throw invalidArgument(`${where}: the name has ${[...name].length} characters; at most ${MAX_NAME_LENGTH} fit in charts and tables`);
    }
    result[number - 1] = name;
  }
  const firstWith = new Map<string, number>();
  result.forEach((name, s) => {
    const key = name.toLowerCase();
    const other = firstWith.get(key);
    if (other !== undefined) {
      throw invalidArgument(`${source}: segments ${other + 1} and ${s + 1} would both be named ${JSON.stringify(name)}; every segment needs its own name`);
    }
    firstWith.set(key, s);
  });
  return result;
}

/** applySegmentNames on the text of a names file (see parseNamesJson). */
export function parseSegmentNames(names: readonly string[], text: string, source = 'names.json'): string[] {
  return applySegmentNames(names, parseNamesJson(text, source), source);
}

/**
 * A names file's text ({"1": "Premium", ...}, a byte-order mark allowed) parsed, for
 * applySegmentNames: with a clear message when it is not JSON, or names a segment twice.
 */
export function parseNamesJson(text: string, source: string): unknown {
  text = withoutBom(text);
  let given: unknown;
  try {
    given = JSON.parse(text);
  } catch (error) {
    throw invalidArgument(`${source}: not valid JSON (${(error as Error).message}); expected e.g. ${EXAMPLE}`);
  }
  // JSON.parse keeps a repeated key's last value: one of the user's two names would go unseen.
  const repeated = repeatedKey(text);
  if (repeated !== undefined) {
    const [first, second] = repeated.lines;
    throw invalidArgument(`${source}: segment ${JSON.stringify(repeated.key)} is named twice (${first === second ? `both on line ${first}` : `lines ${first} and ${second}`}); expected one name for each segment`);
  }
  return given;
}

/** The first key that a JSON object's text (valid JSON) gives twice at its top level, and the lines of both. */
function repeatedKey(text: string): { key: string; lines: [number, number] } | undefined {
  // Only an object has keys (a top-level array's commas separate values).
  if (!text.trimStart().startsWith('{')) return undefined;
  const seen = new Map<string, number>();
  let depth = 0;
  let line = 1;
  // After "{" or "," at the top level, the next string is a key.
  let expectKey = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (char === '\n') line++;
    else if (char === '{' || char === '[') {
      depth++;
      expectKey = depth === 1 && char === '{';
    } else if (char === '}' || char === ']') depth--;
    else if (char === ',' && depth === 1) expectKey = true;
    else if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        const first = seen.get(key);
        if (first !== undefined) return { key, lines: [first, line] };
        seen.set(key, line);
        expectKey = false;
      }
      at = end;
    }
  }
  return undefined;
}

