import { demean } from '../dsp/detrend';
import { hasSignal } from '../dsp/samples';
import type { SeismicRecord, Trace } from '../formats/record';
import { median } from '../qc/robust-stats';
import { aicOnset } from './classical/aic';
import type { LineType } from './line-type';
import { horizontalOffset } from './offset';

/**
 * Which reading of a record's timing header is right, decided by the data: the first breaks
 * of the traces nearest the source must sit at about 0 s, the shot. Vendors disagree on the
 * header (DMT units write SEG-2 DELAY with either sign, SEG-Y writers use the delay and lag
 * fields differently), so the vendor name cannot tell; a wrong reading shifts every time of
 * the record by twice the delay and nothing downstream can notice.
 *
 * Evidence: the AIC onset (from the start of the trace to its largest amplitude) of the live
 * traces nearest the source. How a reading is judged depends on how near they are:
 *
 * - a source among the receivers (nearest live trace within `nearOffset`), or no positions:
 *   the first breaks at zero offset (the robust line of onset against offset; without
 *   positions the second-earliest onset) must lie between `tolerance` before the shot and
 *   `latestAtSource` after it (`latestWithoutPositions` without positions, where the nearest
 *   receiver may be far from the source). Of the readings that do, the one closest to 0 wins: a wrong
 *   reading is off by twice the delay (20 ms for 10 ms of pre-trigger), far more than trigger
 *   jitter or the onset picker's error.
 * - a source off the end of the spread: extrapolating to zero offset is guesswork, so a
 *   reading only has to be possible: no onset before a wave at `fastest` m/s could arrive,
 *   none after one at `slowest`. When several readings are possible the record cannot tell
 *   ('ambiguous'); `decideLineTimeBases` then takes what the line's other records decided.
 */

export interface TimeBaseOptions {
  /** Seconds first breaks may come before the shot (trigger jitter, onset error); 0.005. */
  tolerance?: number;
  /** Latest first break at zero offset, s, for a source among the receivers; 0.01. */
  latestAtSource?: number;
  /** Latest earliest first break, s, of a record without positions; 0.05. */
  latestWithoutPositions?: number;
  /** A source within this many metres of a live receiver is among the receivers; 10. */
  nearOffset?: number;
  /** Live traces nearest the source that are evidence; 6. */
  nearest?: number;
  /** The slowest first arrival to expect, m/s (dry soil, air wave); 100. */
  slowest?: number;
  /** The fastest, m/s: nothing arrives sooner than offset / fastest; 6000. */
  fastest?: number;
}

export const TIME_BASE_DEFAULTS: Required<TimeBaseOptions> = {
  tolerance: 0.005,
  latestAtSource: 0.01,
  latestWithoutPositions: 0.05,
  nearOffset: 10,
  nearest: 6,
  slowest: 100,
  fastest: 6000,
};

/**
 * What an S line's first breaks allow: SH onsets are slower (50 m/s in soft ground), lower in
 * frequency (the AIC onset of a 20-60 Hz pulse lags more) and carry statics Vp/Vs times the
 * P ones, so at the source they may sit up to 30 ms after the shot.
 */
const S_LINE_TIME_BASE: TimeBaseOptions = { latestAtSource: 0.03, slowest: 50 };

/** The time-base options for a line type: the defaults, relaxed for S lines. */
export function timeBaseOptionsFor(lineType: LineType): TimeBaseOptions {
  return lineType === 'S' ? S_LINE_TIME_BASE : {};
}

/** One evidence trace: its index in the record, offset (m, null without positions), onset. */
export interface OnsetEvidence {
  trace: number;
  channel: number;
  offset: number | null;
  /** Sample index of the AIC onset. */
  onsetIndex: number;
}

/** How one reading fits the evidence. */
export interface ReadingFit {
  name: string;
  description: string;
  /** First-sample time of each trace under it (the record's TimeReading). */
  startTimes: number[];
  /** Time of the first breaks at zero offset under this reading, s (null: no evidence). */
  zeroOffsetTime: number | null;
  /** The nearest evidence trace's onset under this reading, s. */
  nearestOnset: number | null;
  fits: boolean;
}

export interface TimeBaseDecision {
  /** The reading applied: a name from the record's timeReadings, or 'header' when it has one. */
  reading: string;
  /**
   * 'data': the evidence leaves one reading; 'ambiguous': it leaves several (an off-end shot),
   * the one nearest 0 s is applied until the line decides; 'override': the user said which;
   * 'single': the header allows one reading (checked against the data all the same);
   * 'line': an ambiguous record that took its line's decision; 'no evidence': no live trace
   * to tell (the reader's first reading is kept).
   */
  decidedBy: 'data' | 'ambiguous' | 'override' | 'single' | 'line' | 'no evidence';
  /** Zero-offset time of the first breaks under the applied reading, s. */
  zeroOffsetTime: number | null;
  /**
   * Whether the evidence traces are near the source (or without positions), so that the
   * zero-offset time is measured; otherwise it is an extrapolation.
   */
  atSource: boolean;
  readings: ReadingFit[];
  evidence: OnsetEvidence[];
  /** Set when the applied reading does not fit (a trigger problem, wrong positions). */
  warning: string | null;
}

/** AIC onset from the start of the trace to its largest amplitude (null: too short). */
function onsetIndex(trace: Trace): number | null {
  const x = demean(trace.samples);
  let peak = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(x[i]!) > Math.abs(x[peak]!)) peak = i;
  return aicOnset(x, 0, peak + 1);
}

/**
 * The evidence traces: the live ones nearest the source, or the earliest when the record has
 * no usable positions (none, or a nearest receiver further than the record is long at
 * `fastest`, as with a header in the wrong units).
 */
export function onsetEvidence(
  record: SeismicRecord,
  options: TimeBaseOptions = {},
): OnsetEvidence[] {
  const { nearest, fastest } = { ...TIME_BASE_DEFAULTS, ...options };
  const live = record.traces.flatMap((trace, index) =>
    hasSignal(trace.samples) ? [{ trace, index, offset: horizontalOffset(trace) }] : [],
  );
  const byOffset = [...live].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  const closest = byOffset[0];
  const positioned =
    closest !== undefined &&
    live.every((t) => t.offset !== null) &&
    closest.offset! / fastest < recordEnd(closest.trace);
  const evidence = (positioned ? byOffset.slice(0, nearest) : live).flatMap(
    ({ trace, index, offset }) => {
      const onset = onsetIndex(trace);
      return onset === null
        ? []
        : [
            {
              trace: index,
              channel: trace.channel,
              offset: positioned ? offset : null,
              onsetIndex: onset,
            },
          ];
    },
  );
  if (positioned) return evidence;
  const time = (e: OnsetEvidence) => record.traces[e.trace]!.sampleInterval * e.onsetIndex;
  return evidence.sort((a, b) => time(a) - time(b)).slice(0, nearest);
}

/** Seconds the trace spans from its first sample. */
function recordEnd(trace: Trace): number {
  return trace.samples.length * trace.sampleInterval;
}

/**
 * The line of first breaks against offset that most evidence traces agree with: the least
 * median of absolute residuals over the slopes through pairs of traces, limited to what waves
 * can do (from 0, a wave too fast to tell, to 1 / slowest). A near-source trace's onset is
 * often off (the plate's ringing, a late event taken for the first one), and half the traces
 * may be so before this line gives way, where a least-squares or Theil-Sen line would tilt.
 */
export function firstBreakLine(
  offsets: readonly number[],
  times: readonly number[],
  slowest: number,
): { slope: number; intercept: number } {
  const slopes = new Set<number>([0]);
  for (let i = 0; i < offsets.length; i++) {
    for (let j = i + 1; j < offsets.length; j++) {
      const dx = offsets[j]! - offsets[i]!;
      if (dx !== 0) slopes.add(Math.min(1 / slowest, Math.max(0, (times[j]! - times[i]!) / dx)));
    }
  }
  let best = { slope: 0, intercept: median([...times]), cost: Number.POSITIVE_INFINITY };
  for (const slope of slopes) {
    const intercept = median(times.map((t, i) => t - slope * offsets[i]!));
    const cost = median(times.map((t, i) => Math.abs(t - intercept - slope * offsets[i]!)));
    if (cost < best.cost) best = { slope, intercept, cost };
  }
  return { slope: best.slope, intercept: best.intercept };
}

/** Whether the evidence says the source is among the receivers (or cannot say where it is). */
function atSource(evidence: OnsetEvidence[], o: Required<TimeBaseOptions>): boolean {
  const first = evidence[0];
  return first !== undefined && (first.offset === null || first.offset <= o.nearOffset);
}

function fitReading(
  reading: { name: string; description: string; startTimes: number[] },
  record: SeismicRecord,
  evidence: OnsetEvidence[],
  o: Required<TimeBaseOptions>,
): ReadingFit {
  const times = evidence.map(
    (e) => reading.startTimes[e.trace]! + e.onsetIndex * record.traces[e.trace]!.sampleInterval,
  );
  const base = {
    name: reading.name,
    description: reading.description,
    startTimes: reading.startTimes,
  };
  if (times.length === 0) return { ...base, zeroOffsetTime: null, nearestOnset: null, fits: false };
  const offsets = evidence.map((e) => e.offset);
  let zeroOffsetTime: number;
  if (offsets.every((x) => x !== null)) {
    const x = offsets as number[];
    zeroOffsetTime = firstBreakLine(x, times, o.slowest).intercept;
  } else {
    // Without positions the earliest onsets bound the zero-offset time from above; the second
    // earliest stands against one spurious early onset.
    zeroOffsetTime = times[Math.min(1, times.length - 1)]!;
  }
  let fits: boolean;
  if (atSource(evidence, o)) {
    const latest = offsets[0] === null ? o.latestWithoutPositions : o.latestAtSource;
    fits = zeroOffsetTime >= -o.tolerance && zeroOffsetTime <= latest;
  } else {
    const x = offsets as number[];
    const tooEarly = median(times.map((t, i) => x[i]! / o.fastest - o.tolerance - t));
    const tooLate = median(times.map((t, i) => t - (x[i]! / o.slowest + o.tolerance)));
    fits = tooEarly <= 0 && tooLate <= 0;
  }
  return { ...base, zeroOffsetTime, nearestOnset: times[0]!, fits };
}

const ms = (s: number | null) => (s === null ? '?' : `${(s * 1000).toFixed(1)} ms`);

/**
 * Decides a record's time base. `override` names the reading the user chose (it is applied
 * whatever the data say, with a warning when they disagree). Apply the decision with
 * `withTimeReading`.
 */
export function decideTimeBase(
  record: SeismicRecord,
  override: string | null = null,
  options: TimeBaseOptions = {},
): TimeBaseDecision {
  const o = { ...TIME_BASE_DEFAULTS, ...options };
  const readings = record.timeReadings ?? [
    {
      name: 'header',
      description: 'the header',
      startTimes: record.traces.map((t) => t.startTime),
    },
  ];
  if (override !== null && !readings.some((r) => r.name === override)) {
    throw new RangeError(
      `no reading "${override}" of the timing header: ${readings.map((r) => r.name).join(', ')}`,
    );
  }
  const evidence = onsetEvidence(record, o);
  const fits = readings.map((r) => fitReading(r, record, evidence, o));
  const fitting = fits
    .filter((f) => f.fits)
    .sort((a, b) => Math.abs(a.zeroOffsetTime!) - Math.abs(b.zeroOffsetTime!));
  let decidedBy: TimeBaseDecision['decidedBy'];
  let chosen: string;
  if (override !== null) [decidedBy, chosen] = ['override', override];
  else if (readings.length === 1) [decidedBy, chosen] = ['single', readings[0]!.name];
  else if (evidence.length === 0) [decidedBy, chosen] = ['no evidence', readings[0]!.name];
  else if (fitting.length === 0) [decidedBy, chosen] = ['data', readings[0]!.name];
  else {
    // Near the source the reading nearest 0 s is the answer; off the end of the spread, several
    // possible readings leave the choice to the line.
    const certain = fitting.length === 1 || atSource(evidence, o);
    [decidedBy, chosen] = [certain ? 'data' : 'ambiguous', fitting[0]!.name];
  }
  return decision(chosen, decidedBy, fits, evidence, atSource(evidence, o));
}

function decision(
  chosen: string,
  decidedBy: TimeBaseDecision['decidedBy'],
  readings: ReadingFit[],
  evidence: OnsetEvidence[],
  nearSource: boolean,
): TimeBaseDecision {
  const applied = readings.find((f) => f.name === chosen)!;
  let warning: string | null = null;
  if (evidence.length > 0 && !applied.fits) {
    const where = readings.map((f) => `${f.name}: ${ms(f.zeroOffsetTime)}`).join(', ');
    warning =
      decidedBy === 'override'
        ? `the first breaks nearest the source sit at ${ms(applied.zeroOffsetTime)} at zero offset under the reading chosen (${where}), not at about 0 s: check the reading, the trigger and the positions`
        : `no reading of the timing header puts the first breaks nearest the source at about 0 s (${where}): check the trigger and the positions`;
  }
  return {
    reading: chosen,
    decidedBy,
    zeroOffsetTime: applied.zeroOffsetTime,
    atSource: nearSource,
    readings,
    evidence,
    warning,
  };
}

/**
 * A line's records decided together: a record that could not tell on its own ('ambiguous', a
 * shot off the end of the spread) takes the reading most records of the same header decided
 * by the data, when that reading is possible for it.
 */
export function decideLineTimeBases(decisions: TimeBaseDecision[]): TimeBaseDecision[] {
  const votes = new Map<string, Map<string, number>>();
  const kind = (d: TimeBaseDecision) =>
    d.readings
      .map((r) => r.name)
      .sort()
      .join('|');
  for (const d of decisions) {
    if (d.decidedBy !== 'data' || d.warning) continue;
    const tally = votes.get(kind(d)) ?? new Map<string, number>();
    tally.set(d.reading, (tally.get(d.reading) ?? 0) + 1);
    votes.set(kind(d), tally);
  }
  return decisions.map((d) => {
    if (d.decidedBy !== 'ambiguous') return d;
    const tally = [...(votes.get(kind(d)) ?? new Map<string, number>())].sort(
      (a, b) => b[1] - a[1],
    );
    const line = tally.find(([name]) => d.readings.find((r) => r.name === name)?.fits);
    return line ? decision(line[0], 'line', d.readings, d.evidence, d.atSource) : d;
  });
}

/** The record with its traces' start times under the named reading (the record itself when it is the applied one). */
export function withTimeReading(record: SeismicRecord, name: string): SeismicRecord {
  const readings = record.timeReadings;
  if (!readings || readings[0]!.name === name) return record;
  const reading = readings.find((r) => r.name === name);
  if (!reading) throw new RangeError(`no reading "${name}" of the timing header`);
  return {
    ...record,
    traces: record.traces.map((t, i) => ({ ...t, startTime: reading.startTimes[i]! })),
    timeReadings: [reading, ...readings.filter((r) => r !== reading)],
  };
}

/** What the app shows of a record's decision. */
export function timeBasePreview(record: string, d: TimeBaseDecision) {
  return {
    record,
    reading: d.reading,
    decidedBy: d.decidedBy,
    zeroOffsetTime: d.atSource ? d.zeroOffsetTime : null,
    text: describeTimeBase(d),
    warning: d.warning,
  };
}

/** One line for people: what was decided and why. */
export function describeTimeBase(d: TimeBaseDecision): string {
  const applied = d.readings.find((r) => r.name === d.reading)!;
  const nearest = d.evidence[0];
  const where = (r: ReadingFit) =>
    d.atSource || !nearest
      ? `${ms(r.zeroOffsetTime)} at zero offset`
      : `${ms(r.nearestOnset)} on the nearest trace, ${nearest.offset!.toFixed(1)} m from the source`;
  const near = nearest
    ? `first breaks at ${where(applied)} (${d.evidence.length} traces nearest the source)`
    : 'no live trace to check it against';
  const others = d.readings
    .filter((r) => r.name !== d.reading)
    .map((r) => `${r.name} would put them at ${where(r)}`);
  const how: Record<TimeBaseDecision['decidedBy'], string> = {
    data: 'chosen by the data',
    ambiguous: 'the data allow others: an off-end shot',
    override: 'as told',
    single: 'the only reading',
    line: "the line's other shots decided",
    'no evidence': 'no live trace to decide by',
  };
  return `time base: ${applied.description} (${how[d.decidedBy]}); ${near}${others.length ? `; ${others.join(', ')}` : ''}`;
}
