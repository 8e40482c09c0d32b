import { agc } from '../../../src-main/dsp/agc';
import { butterworth, sosfiltfilt } from '../../../src-main/dsp/butterworth';
import { normalizeMax } from '../../../src-main/dsp/normalize';
import type { Samples } from '../../../src-main/dsp/samples';
import { staLtaPick } from '../../../src-main/picking/classical/stalta';

/** What turns recorded samples into the amplitudes a gather draws (before gain and clip). */
export interface DisplayProcessing {
  /** Zero-phase Butterworth band-pass (Hz), or null for none. */
  bandpass: { low: number; high: number } | null;
  /** AGC window (s), or null for none. */
  agcWindow: number | null;
  /**
   * Scale each trace to its own largest amplitude, or the whole gather by its largest one, or
   * each trace by its largest amplitude around its first break (`first-breaks`): a far
   * trace's weak onset then stands as tall as a near one's, and the later, larger waves clip.
   */
  normalisation: 'first-breaks' | 'trace' | 'global';
}

/** The stretch of a trace around its first break that sets its scale: 2 ms before, 40 ms after. */
export const FIRST_BREAK_WINDOW = { before: 0.002, after: 0.04 };

export interface TraceToProcess {
  samples: Float32Array;
  /** Seconds between samples. */
  sampleInterval: number;
  /** A reversed trace (wrong polarity in the field) is flipped for display. */
  reversed: boolean;
  /**
   * The first break's sample index, for `first-breaks` (the trace's pick); without one it is
   * estimated from the trace: the first STA/LTA trigger, the first energy to stand out of the
   * noise (not the largest, which on a far trace is the ground roll).
   */
  firstBreak?: number | null;
}

/** Order of the band-pass prototype: 4 poles per edge, steep enough without ringing much. */
const BANDPASS_ORDER = 2;

function peakAbs(x: Samples): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > peak) peak = v;
  }
  return peak;
}

/** Why a band-pass cannot run on a trace, or null when it can. */
export function bandpassProblem(
  band: { low: number; high: number },
  sampleInterval: number,
): string | null {
  const nyquist = 0.5 / sampleInterval;
  if (!(band.low > 0)) return 'the low corner must be above 0 Hz';
  if (!(band.high > band.low)) return 'the high corner must be above the low corner';
  if (!(band.high < nyquist)) return `the high corner must be below Nyquist (${nyquist} Hz)`;
  return null;
}

/**
 * The trigger that estimates a first break for display: windows of a few periods of a
 * near-surface first break (50-150 Hz), and a lower ratio than the pickers' (3, not 4), since
 * an onset placed a little late still puts it inside the scaling window.
 */
const ONSET_TRIGGER = { sta: 0.0025, lta: 0.025, on: 3, off: 1.5 };

/** x scaled so its largest |value| around the first break is 1 (whole trace without one). */
function scaledAroundFirstBreak(x: Samples, dt: number, given: number | null): Samples {
  const onset = given ?? staLtaPick(x, dt, 0, ONSET_TRIGGER)?.index ?? null;
  if (onset === null) return normalizeMax(x);
  const from = Math.max(0, onset - Math.round(FIRST_BREAK_WINDOW.before / dt));
  const to = Math.min(x.length, onset + Math.round(FIRST_BREAK_WINDOW.after / dt) + 1);
  let peak = 0;
  for (let i = from; i < to; i++) peak = Math.max(peak, Math.abs(x[i]!));
  if (peak === 0) return normalizeMax(x);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! / peak;
  return out;
}

/**
 * The processed traces, scaled so the largest absolute amplitude (of each trace, or of the
 * gather) is 1: gain and clip then act in units of that peak. Steps run in the order a
 * processor would: band-pass, AGC, polarity, normalisation. A band-pass a trace's sampling
 * cannot carry (see `bandpassProblem`) is skipped for that trace.
 */
export function processForDisplay(
  traces: readonly TraceToProcess[],
  processing: DisplayProcessing,
): Float32Array[] {
  const processed = traces.map((trace): Samples => {
    let x: Samples = trace.samples;
    const band = processing.bandpass;
    if (band && bandpassProblem(band, trace.sampleInterval) === null) {
      x = sosfiltfilt(
        butterworth({
          type: 'bandpass',
          order: BANDPASS_ORDER,
          low: band.low,
          high: band.high,
          fs: 1 / trace.sampleInterval,
        }),
        x,
      );
    }
    if (processing.agcWindow !== null) {
      x = agc(x, Math.max(1, Math.round(processing.agcWindow / trace.sampleInterval)));
    }
    if (processing.normalisation === 'trace') return normalizeMax(x);
    if (processing.normalisation === 'first-breaks') {
      return scaledAroundFirstBreak(x, trace.sampleInterval, trace.firstBreak ?? null);
    }
    return x;
  });
  const scale =
    processing.normalisation === 'global'
      ? 1 / (processed.reduce((peak, x) => Math.max(peak, peakAbs(x)), 0) || 1)
      : 1;
  return processed.map((x, t) => {
    const factor = traces[t]!.reversed ? -scale : scale;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i]! * factor;
    return out;
  });
}
