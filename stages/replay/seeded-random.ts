/**
 * Deterministic pseudo-random numbers for the replay: the same seed and the same names give the
 * same numbers on every machine. Not for anything security related.
 */

/** FNV-1a 32-bit hash of a string. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** mulberry32: a small 32-bit generator with a full period of 2^32. */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return function nextRandom(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one named item, independent of the order in which items are drawn. */
export function randomFor(seed: number, name: string): RandomSource {
  return createRandom(hash32(`${seed}:${name}`));
}

/** Returns a shuffled copy of `items` (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const swap = result[index] as T;
    result[index] = result[other] as T;
    result[other] = swap;
  }
  return result;
}
