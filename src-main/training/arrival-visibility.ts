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
