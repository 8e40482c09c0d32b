import fs from 'node:fs';
import path from 'node:path';

/**
 * Seismograms as SPECFEM2D writes them (gfortran list-directed output of two REAL(8)
 * columns: 17 significant digits, `E-002`-style exponents outside 0.1..1e17, blank padding).
 * The shared seismogram of the seed's repository has no known licence, so the tests write
 * their own in its layout.
 */
export function fortranReal(x: number): string {
  if (x === 0) return '0.0000000000000000';
  const abs = Math.abs(x);
  if (abs >= 0.1 && abs < 1e17) return x.toPrecision(17);
  const [mantissa, exponent] = x.toExponential(16).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}E${sign}${exponent.replace(/^[+-]/, '').padStart(3, '0')}`;
}

export function fortranSeismogram(values: ArrayLike<number>, t0: number, dt: number): string {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    text += `  ${fortranReal(t0 + i * dt).padEnd(24)}  ${fortranReal(values[i]!).padStart(24)}     \n`;
  }
  return text;
}

/** The seed's kind of run: one X-velocity receiver, 24001 samples, dt 2.5e-5 s, t0 -0.015 s. */
export const SEED_LIKE = { name: 'AA.S0050.BXX.semv', samples: 24001, dt: 2.5e-5, t0: -0.015 };

/** A decaying wavelet after 0.1 s, zero before: a first arrival a picker or a label can find. */
export function seedLikeValues(): Float64Array {
  const { samples, dt, t0 } = SEED_LIKE;
  return Float64Array.from({ length: samples }, (_, i) => {
    const t = t0 + i * dt - 0.1;
    return t < 0 ? 0 : 3e-6 * Math.exp(-t / 0.05) * Math.sin(2 * Math.PI * 60 * t);
  });
}

/** Writes the seed-like seismogram into `dir` and returns its path. */
export function writeSeedLikeSeismogram(dir: string): string {
  const file = path.join(dir, SEED_LIKE.name);
  fs.writeFileSync(file, fortranSeismogram(seedLikeValues(), SEED_LIKE.t0, SEED_LIKE.dt));
  return file;
}
