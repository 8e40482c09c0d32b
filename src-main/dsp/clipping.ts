/**
 * Clipped traces: a geophone driven past the recorder's range (gain too high, a receiver
 * next to the hammer) records flat tops at full scale. The onset before them is still a first
 * break, but the waveform after is not the ground's, and a crew wants to know which channels
 * to turn down. Recorders write the clip level as a repeated extreme value, so a trace is
 * clipped where runs of equal samples sit at its largest magnitude.
 */

/** Samples in a row at full scale that make a flat top (two could be a rounded peak). */
export const FLAT_TOP_RUN = 3;
/** Flat tops a trace needs to count as clipped: one could be a single saturated spike. */
export const CLIPPED_TOPS = 2;

/** The number of flat tops: runs of at least FLAT_TOP_RUN samples at the largest |value|. */
export function flatTops(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  if (!(peak > 0) || !Number.isFinite(peak)) return 0;
  let tops = 0;
  let run = 0;
  let value = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (Math.abs(v) === peak && (run === 0 || v === value)) {
      value = v;
      run++;
      if (run === FLAT_TOP_RUN) tops++;
    } else {
      run = Math.abs(v) === peak ? 1 : 0;
      value = v;
    }
  }
  return tops;
}

export function isClipped(samples: ArrayLike<number>): boolean {
  return flatTops(samples) >= CLIPPED_TOPS;
}

/**
 * "channel 7", "channels 3, 4 and 70": for notes and the gather's header. A channel is named
 * once, however many of its components are listed.
 */
export function channelList(channels: readonly number[]): string {
  const unique = [...new Set(channels)];
  if (unique.length === 1) return `channel ${unique[0]}`;
  return `channels ${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

/**
 * What a crew should know of the clipped traces of one record, or null: which channels, and
 * that their first breaks still stand.
 */
export function clippingNote(traces: readonly { channel: number; samples: ArrayLike<number> }[]) {
  const clipped = traces.filter((t) => isClipped(t.samples)).map((t) => t.channel);
  return clipped.length === 0
    ? null
    : `clipped: ${channelList(clipped)} (flat tops at full scale; the first break comes before them and is picked, the waveform after is not the ground's)`;
}
