/**
 * A small deterministic random number generator for simulation and augmentation: the same
 * seed gives the same numbers on every run and platform, which Math.random cannot promise.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018), 128-bit state, period 2^128 - 1, all
 * arithmetic in 32-bit integers so JavaScript runs it exactly. Its state is filled by
 * splitmix32 from a seed, as the authors recommend, so that nearby seeds (1, 2, 3) give
 * unrelated streams.
 */

const UINT32 = 0x1_0000_0000;

/** splitmix32 step: a well-mixed 32-bit output from a 32-bit counter. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over a string: turns a stream label into 32 bits. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/**
 * Seed material of a named stream under a parent seed: `deriveSeed(seed, 'survey', 3)` is the
 * same number whatever else the program draws, so adding a draw to one stream (the noise of a
 * shot) never changes another (the velocity model).
 */
export function deriveSeed(seed: number, ...path: (string | number)[]): number {
  checkSeed(seed);
  // Both 32-bit halves of a seed up to 2^53 take part.
  let h = splitmix32(splitmix32(seed >>> 0) ^ Math.floor(seed / UINT32));
  for (const part of path) h = splitmix32(h ^ hashLabel(String(part)));
  return h;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`a seed must be an integer from 0 to 2^53 - 1, got ${seed}`);
  }
}

/** Everything a generator needs to continue where it stopped (saved with a training checkpoint). */
export interface RngState {
  words: [number, number, number, number];
  spare: number | null;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box-Muller makes normals in pairs; the second waits here. */
  private spare: number | null = null;

  constructor(seed: number) {
    checkSeed(seed);
    let x = splitmix32(seed >>> 0) ^ Math.floor(seed / UINT32);
    const next = () => (x = splitmix32(x));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // An all-zero state would stay zero forever.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator that continues from a saved state, or from the reference implementation's. */
  static restore(state: RngState): Rng {
    const rng = new Rng(0);
    const [s0, s1, s2, s3] = state.words;
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('an all-zero xoshiro state is invalid');
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    rng.spare = state.spare;
    return rng;
  }

  snapshot(): RngState {
    return {
      words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spare: this.spare,
    };
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits, every double of that grid equally likely. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Log-uniform in [min, max): for scale-like quantities (amplitudes, Q) that span decades. */
  logBetween(min: number, max: number): number {
    if (!(min > 0 && max >= min)) throw new RangeError(`need 0 < min <= max, got ${min}, ${max}`);
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }

  /** Integer uniform in [min, max], both ends included. */
  integer(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`need integers min <= max, got ${min}, ${max}`);
    }
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** One element of a non-empty list, each equally likely. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[this.integer(0, items.length - 1)]!;
  }

  /** Standard normal (mean 0, standard deviation 1) by the Box-Muller transform. */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Normal with the given mean and standard deviation. */
  gaussian(mean: number, std: number): number {
    return mean + std * this.normal();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator for a named stream under `seed` (see deriveSeed). */
export function rngFor(seed: number, ...path: (string | number)[]): Rng {
  return new Rng(deriveSeed(seed, ...path));
}
