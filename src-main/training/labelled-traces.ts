import type { SeismicFile, Trace } from '../formats/record';
import { groupComponents } from '../picking/group';
import { channelSources } from '../picking/predict';
import { hasSignal } from '../dsp/samples';
import { preprocess } from '../picking/preprocess';
import { arrivalVisibility } from './arrival-visibility';
import type { PhasePicks } from './labels';
import { minOf } from '../numeric/extent';

/**
 * Training examples before windowing: one receiver's record at the model's sample rate, its
 * channels filled as inference fills them (picking/predict.ts: components matched by code,
 * a single trace of unknown component in the vertical), preprocessed as `pickline pick` does
 * by default (mean removed, resampled), with its arrivals in samples from the first sample.
 */
export interface LabelledTrace {
  /** Row-major [time][channel] samples, the model's channel count. */
  data: Float32Array;
  channels: number;
  picks: PhasePicks;
  /**
   * Whether `picks.S` is known: false for data where only first breaks were picked, whose
   * missing S says nothing (the loss then only asks "P or not P", see loss.ts).
   */
  sLabelled: boolean;
  /** The shot it belongs to: training and validation are split by shot, never by trace. */
  shot: string;
  /**
   * How often windows come from this trace relative to the others (train-run.ts sets it
   * from `dataShares`); absent on every trace = each trace alike.
   */
  weight?: number;
}

/** Arrival times (seconds after the source) of one receiver; null = none. */
export interface ArrivalTimes {
  P: number | null;
  S: number | null;
  /** True when nobody looked for S: a null S then means "unknown", not "none". */
  sUnknown?: boolean;
}

export interface TraceTarget {
  sampleRate: number;
  channelOrder: string[];
}

/**
 * One receiver's traces as a labelled example, or null when it has no usable samples: too
 * few, or an arrival labelled where no trace moves (a dead channel, which field pick files
 * still carry picks for: a label in silence would teach the network to pick nothing). A
 * dead receiver without arrivals stays, as an example of nothing to pick.
 */
export function labelledTrace(
  traces: readonly Trace[],
  times: ArrivalTimes,
  shot: string,
  target: TraceTarget,
): LabelledTrace | null {
  const first = traces[0];
  if (!first || traces.some((t) => t.samples.length < 2)) return null;
  const labelled = times.P !== null || times.S !== null;
  if (labelled && !traces.some((t) => hasSignal(t.samples))) return null;
  const sources = channelSources(
    traces.map((t) => t.component),
    target.channelOrder,
  );
  const channels = target.channelOrder.length;
  const series = sources.map((s) =>
    s < 0 ? null : preprocess(traces[s]!.samples, first.sampleInterval, {}, target.sampleRate),
  );
  const length = minOf(series.flatMap((x) => (x ? [x.length] : [])));
  const data = new Float32Array(length * channels);
  series.forEach((x, c) => {
    if (x) for (let t = 0; t < length; t++) data[t * channels + c] = x[t]!;
  });
  const position = (time: number | null) =>
    time === null ? null : (time - first.startTime) * target.sampleRate;
  return {
    data,
    channels,
    picks: { P: position(times.P), S: position(times.S) },
    sLabelled: !times.sUnknown,
    shot,
  };
}

/**
 * Every receiver of a file with its labels. `timesOf(record, trace)` gives the arrivals of
 * the receiver whose first trace is `trace` in record `record`, or null to leave it out
 * (no labels known for it).
 */
export function labelledFile(
  file: SeismicFile,
  timesOf: (record: number, trace: number) => ArrivalTimes | null,
  target: TraceTarget,
  shotOf: (record: number) => string,
): LabelledTrace[] {
  return file.records.flatMap((record, r) =>
    groupComponents(record.traces).flatMap((members) => {
      const times = timesOf(r, members[0]!);
      if (!times) return [];
      const traces = members.map((i) => record.traces[i]!);
      const example = labelledTrace(traces, times, shotOf(r), target);
      return example ? [example] : [];
    }),
  );
}

/**
 * Simulated labels come from ray theory whether or not the arrival shows on the record; an
 * arrival less than `minSnr` dB above what precedes it (arrival-visibility.ts, over `length`
 * samples) cannot be picked and would teach the network to guess. Such a P leaves the trace
 * out (it has nothing visible to learn from); such an S becomes unknown (see loss.ts).
 */
export function withoutBuriedArrivals(
  trace: LabelledTrace,
  minSnr: number,
  length: number,
): LabelledTrace | null {
  const visible = (at: number | null) => {
    if (at === null) return true;
    const snr = arrivalVisibility(trace.data, trace.channels, at, length);
    // Too near the record's ends to tell: trust the label.
    return snr === null || snr >= minSnr;
  };
  if (!visible(trace.picks.P)) return null;
  if (!trace.sLabelled || visible(trace.picks.S)) return trace;
  return { ...trace, picks: { ...trace.picks, S: null }, sLabelled: false };
}
