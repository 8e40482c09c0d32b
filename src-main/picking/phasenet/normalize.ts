/**
 * PhaseNet's input normalization, per window and per channel, on row-major [time][channel]
 * samples:
 *   1. subtract the channel mean and divide by its population standard deviation (a flat
 *      channel keeps std 1, so it stays all zeros);
 *   2. multiply everything by channels / (channels that are not all zero), so that a record
 *      with missing components (only Z, say) feeds the network the same total energy.
 * Sums run in float64, as numpy does on PhaseNet's float64 input; the result is float32.
 */
export function normalizeWindow(samples: Float32Array, channels: number): Float32Array {
  if (!Number.isInteger(channels) || channels < 1 || samples.length % channels !== 0) {
    throw new Error(`cannot split ${samples.length} samples into ${channels} channels`);
  }
  const length = samples.length / channels;
  const out = new Float64Array(samples.length);
  let live = 0;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let t = 0; t < length; t++) sum += samples[t * channels + c]!;
    const mean = length > 0 ? sum / length : 0;
    let squares = 0;
    let peak = 0;
    for (let t = 0; t < length; t++) {
      const v = samples[t * channels + c]! - mean;
      out[t * channels + c] = v;
      squares += v * v;
      peak = Math.max(peak, Math.abs(v));
    }
    const std = length > 0 ? Math.sqrt(squares / length) : 0;
    const scale = std === 0 ? 1 : 1 / std;
    for (let t = 0; t < length; t++) out[t * channels + c]! *= scale;
    // "Not all zero" is judged after removing the mean, as PhaseNet does.
    if (peak > 0) live++;
  }
  const gain = live > 0 ? channels / live : 1;
  const result = new Float32Array(samples.length);
  for (let i = 0; i < out.length; i++) result[i] = out[i]! * gain;
  return result;
}
