// The check every public function that takes an options object makes: a misspelt option would
// otherwise be ignored without a word, and the default used instead of what the caller meant.
import { describeGiven, invalidArgument } from './errors.js';

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The known name `key` is most likely a typo of, ignoring case, or undefined when none is close. */
function likelyMeant(key: string, known: readonly string[]): string | undefined {
  const wanted = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = name;
    }
  }
  // About one edit in three; and fewer edits than the shorter name has characters, else any
  // one- or two-letter key would be "close" to every short name.
  const close = bestDistance <= Math.max(1, Math.floor(wanted.length / 3)) && bestDistance < Math.min(wanted.length, best?.length ?? 0);
  return close ? best : undefined;
}

/**
 * Throws unless `options` is an object whose keys are all in `known`, suggesting the known name
 * the key is likely a typo of. `where` names the function (or option group) in the message.
 */
export function checkKnownOptions(options: unknown, known: readonly string[], where: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidArgument(`the options of ${where} must be an object; got ${describeGiven(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = likelyMeant(key, known);
      throw invalidArgument(`unknown option "${key}" for ${where}${hint ? `; did you mean "${hint}"?` : ''} (options: ${known.join(', ')})`);
    }
  }
}
