/**
 * How visible an arrival is in a record: 20 log10 of the RMS over `length` samples from the
 * arrival over the RMS over up to 4·length samples before it, in dB, all channels together.
 * About 0 dB means the arrival adds no energy to what was there already (noise, ground roll,
 * an earlier phase's coda): nobody could pick it, and a label there teaches a network to
 * guess. Near a record's ends the windows shrink to what is there; null (cannot tell) when
 * less than a quarter of `length` is left on either side.
 *
 * `data` is row-major [time][channel]; `at` is the arrival's (fractional) sample.
 */
export function arrivalVisibility(
  data: ArrayLike<number>,
  channels: number,
  at: number,
  length: number,
): number | null {
  const start = Math.round(at);
  const samples = data.length / channels;
  const from = Math.max(0, start - 4 * length);
  const to = Math.min(samples, start + length);
  const least = Math.max(1, Math.ceil(length / 4));
  if (start - from < least || to - start < least) return null;
  const energy = (a: number, b: number) => {
    let sum = 0;
    for (let i = a * channels; i < b * channels; i++) sum += data[i]! ** 2;
    return sum / (b - a);
  };
  const before = energy(from, start);
  return before > 0 ? 10 * Math.log10(energy(start, to) / before) : Infinity;
}

/**
 * What a simulator can tell and a record cannot: how far an arrival stands out from the waves
 * it competes with. 20 log10 of the RMS of the arrival's own wave (`own`) over `length`
 * samples from its onset over the RMS of `rest` from `length` samples before the onset to
 * `length` after it. `rest` is what is already there when the arrival comes in and goes on
 * under it: the noise for a first arrival, the noise, the earlier phase's coda and the ground
 * roll that starts with it for S. A wave that comes in later does not hide an onset, so it
 * is not part of `rest`. A ground roll under an S arrival lowers this, where
 * `arrivalVisibility` would count the ground roll rising as the S arrival. Null when less than
 * a quarter of `length` is left after the onset; single channel.
 */
export function ownArrivalSnr(
  own: ArrayLike<number>,
  rest: ArrayLike<number>,
  at: number,
  length: number,
): number | null {
  const start = Math.max(0, Math.ceil(at - 1e-9));
  const to = Math.min(own.length, start + length);
  if (to - start < Math.max(1, Math.ceil(length / 4))) return null;
  let signal = 0;
  for (let i = start; i < to; i++) signal += own[i]! ** 2;
  let competing = 0;
  const from = Math.max(0, start - length);
  for (let i = from; i < to; i++) competing += rest[i]! ** 2;
  signal /= to - start;
  competing /= to - from;
  if (signal === 0) return competing === 0 ? null : -Infinity;
  return competing > 0 ? 10 * Math.log10(signal / competing) : Infinity;
}
