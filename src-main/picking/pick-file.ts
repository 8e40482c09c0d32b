import path from 'node:path';
import type { Position, SeismicFile, Trace } from '../formats/record';
import type { SourceMove } from '../qc/source-position';
import { hasSignal } from '../dsp/samples';
import { throwIfCancelled } from '../jobs/task';
import type { PickRow } from '../export/picks-csv';
import type { Phase } from '../metrics/scores';
import { pickableGroups } from './group';
import { modelMadeFor } from './line-type';
import type { LoadedModel } from './model-dir';
import { horizontalOffset } from './offset';
import type { PhasePick, PickPhaseOptions } from './peaks';
import {
  classicalPick,
  picksFromProbabilities,
  type ClassicalMethod,
  type ClassicalOptions,
} from './pick-traces';
import { S_PATH } from './gather/first-break-path';
import { firstBreaksSeen } from './gather/first-breaks-seen';
import { gatherPicks, type GatherReceiver } from './gather/gather-picks';
import { sourceCheck } from './gather/source-check';
import { neighbourStacks, type NeighbourStack } from './gather/neighbour-stack';
import {
  InputError,
  predictProbabilities,
  type PhaseProbabilities,
  type PredictOptions,
} from './predict';
import { preprocess, type PreprocessOptions } from './preprocess';
import { withoutHum, type RecordHum } from './hum-removal';
import type { HumSetting } from '../dsp/hum';
import { DEFAULT_V_MAX, earliestArrivals, firstSampleAtOrAfter } from './search-start';

/**
 * Picking one file, from its traces to picks per receiver: the part the CLI's file mode and
 * a project's picking job share. Takes the file as read (geometry already applied, if any)
 * and returns picks keyed by record and trace, which `pickRows` turns into picks CSV rows.
 */

export type PickMethod = 'phasenet' | ClassicalMethod;

export const DEFAULT_PICK_MODE = 'max';

export type PickStrategy = 'gather' | 'trace';
export const DEFAULT_STRATEGY: PickStrategy = 'gather';

export interface PickFileOptions {
  method: PickMethod;
  /** The network, for 'phasenet'. */
  model?: LoadedModel;
  /** Default P and S for a network, P for a classical picker (they pick P only). */
  phases?: Phase[];
  /**
   * Peak picking on the probabilities (threshold, minDistance in model samples, mode). The
   * mode defaults to 'max', one pick per phase per receiver: a seismic line has one shot
   * per record, and one-event windows are what the demo accuracy was measured on.
   */
  peaks?: PickPhaseOptions;
  /** Detrend and band-pass, for either kind of picker. */
  preprocess?: PreprocessOptions;
  /**
   * Power-line hum subtracted before either kind of picker reads a record: 'auto' finds 50
   * or 60 Hz where it stands out, 50 or 60 looks for that one, 'off' (default) picks the
   * records as recorded (hum-removal.ts; docs/field-accuracy.md, "Hum", says why off).
   */
  hum?: HumSetting;
  /** How a network runs over long traces. */
  windows?: Pick<PredictOptions, 'overlap' | 'stitch' | 'batchSize'>;
  /** Parameters of the classical pickers. */
  classical?: ClassicalOptions;
  /**
   * No arrival is picked before offset / vMax seconds after the shot (m/s; default
   * DEFAULT_V_MAX), nor ever before the shot; null keeps only the latter.
   */
  vMax?: number | null;
  /**
   * How a network's first breaks are picked: 'gather' (default) as one line through each
   * gather's probabilities (gather/gather-picks.ts), 'trace' on each trace alone. The other
   * phase, and any phase with peaks.mode 'all' or 'first', are picked per trace either way.
   */
  strategy?: PickStrategy;
  /**
   * The phase of the first break, which the gather strategy picks: P, or S on an S line
   * picked by a model made for S lines (its S output is the SH first break). Default: S for a
   * model made for S lines only, else P.
   */
  firstBreak?: Phase;
  /**
   * With the gather strategy, whether each first break is also looked for on the receiver's
   * trace stacked with its aligned neighbours (gather/neighbour-stack.ts); default true.
   */
  neighbourStack?: boolean;
  /** Checked between batches (network) or receivers (classical); abort throws CancelledError. */
  signal?: AbortSignal;
  /** Work done and in all: network windows, or receivers for a classical picker. */
  onProgress?: (done: number, total: number) => void;
}

/** One pick, or the statement that a receiver has none of a phase. */
export interface TracePick {
  /** Index of the record in the file. */
  record: number;
  /** Index in the record of the receiver's first trace (its only one when single-component). */
  trace: number;
  phase: Phase;
  /** null: the trace was examined and has no pick of this phase. */
  time: number | null;
  probability: number | null;
  uncertainty: number | null;
}

/** A trace the picker left out: its record and index in the record, and why. */
export interface SkippedInput {
  record: number;
  trace: number;
  reason: string;
}

export interface FilePicks {
  picks: TracePick[];
  /** Traces that could not be picked (no samples); the rest of the file is picked. */
  skipped: SkippedInput[];
  /** What the CSV's `method` column says. */
  method: string;
  /** Receivers picked (groups of components). */
  inputs: number;
  /** Network windows run (0 for a classical picker). */
  windows: number;
  /**
   * Records whose first breaks contradict their headers' source position, picked with the
   * source where the first breaks put it (a network's gather picking; the picks keep the
   * headers' positions).
   */
  sourcesMoved: MovedSource[];
  /** Records whose power-line hum was subtracted before picking. */
  hum: RecordHum[];
}

export interface MovedSource {
  record: number;
  move: SourceMove;
}

interface Input {
  record: number;
  /** Indices in the record, first = the receiver's trace index. */
  members: number[];
  traces: Trace[];
  /**
   * Where the picker takes the source to be: the headers', or where the first breaks put it
   * when they disagree (checkedSources). Offsets from it steer the search start and the
   * gather picker.
   */
  source: Position | null;
  /** Seconds after the shot before which nothing is picked (search-start.ts). */
  earliest: number;
}

function inputsOf(
  file: SeismicFile,
  vMax: number | null,
): { inputs: Input[]; skipped: SkippedInput[] } {
  const skipped: SkippedInput[] = [];
  const inputs = file.records.flatMap((record, r) => {
    const earliest = earliestArrivals(record.traces, vMax);
    const pickable = pickableGroups(record.traces);
    skipped.push(...pickable.skipped.map((s) => ({ record: r, ...s })));
    return pickable.groups.map((members) => ({
      record: r,
      members,
      traces: members.map((i) => record.traces[i]!),
      source: record.traces[members[0]!]!.source ?? null,
      earliest: earliest[members[0]!]!,
    }));
  });
  return { inputs, skipped };
}

const vMaxOf = (options: PickFileOptions) =>
  options.vMax === undefined ? DEFAULT_V_MAX : options.vMax;

/** Prefixes an error with the file and trace it concerns, keeping CancelledError as it is. */
function located(file: SeismicFile, input: Input | null, err: unknown): Error {
  if (!(err instanceof Error) || err.name === 'CancelledError') return err as Error;
  const where = input
    ? `${file.file}: record ${file.records[input.record]!.id}, trace ${input.members[0]}`
    : file.file;
  return new Error(`${where}: ${err.message}`, { cause: err });
}

/** The phases to pick, checked against the method. */
/**
 * What a picker picks unless told: a network the phases its card says it was shown to pick
 * (both when it does not say), a classical picker first arrivals.
 */
export function defaultPhases(method: PickMethod, model?: LoadedModel): Phase[] {
  return method === 'phasenet' ? (model?.card.validatedPhases ?? ['P', 'S']) : ['P'];
}

function phasesFor(options: PickFileOptions): Phase[] {
  const phases = options.phases ?? defaultPhases(options.method, options.model);
  if (phases.length === 0) throw new RangeError('no phases to pick');
  if (options.method !== 'phasenet' && phases.includes('S')) {
    throw new RangeError(`${options.method} picks first arrivals (P) only, not S`);
  }
  return phases;
}

/** Rows for every phase of an input: its picks, or one "examined, nothing" row. */
function withEmpty(
  input: Input,
  phases: Phase[],
  found: Omit<TracePick, 'record' | 'trace'>[],
): TracePick[] {
  const key = { record: input.record, trace: input.members[0]! };
  return phases.flatMap((phase) => {
    const own = found.filter((p) => p.phase === phase);
    return own.length > 0
      ? own.map((p) => ({ ...key, ...p }))
      : [{ ...key, phase, time: null, probability: null, uncertainty: null }];
  });
}

export async function pickFile(given: SeismicFile, options: PickFileOptions): Promise<FilePicks> {
  const phases = phasesFor(options);
  const { file, hum } = withoutHum(given, options.hum);
  const { inputs, skipped } = inputsOf(file, vMaxOf(options));
  const picked =
    options.method === 'phasenet'
      ? await pickWithNetwork(file, inputs, phases, options)
      : pickClassical(file, inputs, options.method, phases, options);
  return { ...picked, skipped, hum };
}

/**
 * What the network makes of a file's inputs: their curves, the first-break phase's as the
 * gather read it (averaged with the neighbour stack's where one was made); the first breaks
 * when picked gather by gather (else null: every phase per trace); the windows it ran.
 */
interface NetworkRun {
  /** The inputs as picked: a record may take its source from its first breaks (`moved`). */
  inputs: Input[];
  moved: MovedSource[];
  probabilities: PhaseProbabilities[];
  firstBreak: Phase;
  gather: (PhasePick | null)[] | null;
  windows: number;
}

async function runNetwork(
  file: SeismicFile,
  inputs: Input[],
  phases: Phase[],
  options: PickFileOptions,
): Promise<NetworkRun> {
  const loaded = options.model;
  if (!loaded) throw new Error('phasenet picking needs a model');
  const sLinesOnly =
    modelMadeFor(loaded.card.lineTypes, 'S') && !modelMadeFor(loaded.card.lineTypes, 'P');
  const firstBreak = options.firstBreak ?? (sLinesOnly ? 'S' : 'P');
  const byGather =
    (options.strategy ?? DEFAULT_STRATEGY) === 'gather' &&
    (options.peaks?.mode ?? DEFAULT_PICK_MODE) === 'max' &&
    phases.includes(firstBreak);
  const stacking = byGather && options.neighbourStack !== false;
  // Each stacking round runs at most one window per input: counted from the start, so that
  // progress never goes back.
  const network = networkRunner(file, inputs, loaded, options, stacking ? STACK_ROUNDS.length : 0);
  const all = inputs.map((_, k) => k);
  if (!byGather) {
    const probabilities = await network.predict(all);
    const windows = network.windows();
    return { inputs, moved: [], probabilities, firstBreak, gather: null, windows };
  }
  // Dead channels (samples that never move) get no first break; read once for both paths.
  const live = inputs.map((input) => hasSignal(keyTrace(input, firstBreak).samples));
  // Picking first breaks only, the network reads each gather until it has seen them all.
  const probabilities = phases.every((p) => p === firstBreak)
    ? await network.predict(all, undefined, (seen, horizons) =>
        seenGathers(inputs, seen, horizons, live, firstBreak),
      )
    : await network.predict(all);
  const first = gatherFirstBreaks(inputs, probabilities, live, firstBreak);
  const checked = checkedSources(inputs, probabilities, live, firstBreak, first, vMaxOf(options));
  const { inputs: picked, moved } = checked;
  let gather = moved.length ? gatherFirstBreaks(picked, probabilities, live, firstBreak) : first;
  for (const settled of stacking ? STACK_ROUNDS : []) {
    const stacks = inputStacks(picked, gather, firstBreak, settled);
    const stacked = stacks.flatMap((s, k) => (s ? [k] : []));
    const seen = await network.predict(stacked, (k) => stacks[k]!);
    stacked.forEach((k, m) => {
      probabilities[k] = withStack(probabilities[k]!, seen[m]!, firstBreak);
    });
    gather = gatherFirstBreaks(picked, probabilities, live, firstBreak);
  }
  if (stacking) options.onProgress?.(network.windows(), network.windows());
  const windows = network.windows();
  return { inputs: picked, moved, probabilities, firstBreak, gather, windows };
}

/** A receiver (its record and first trace) with the network's curves as its picks read them. */
export interface ReceiverCurves {
  record: number;
  trace: number;
  probabilities: PhaseProbabilities;
}

/**
 * The curves behind a network's picks of a file (options as for pickFile, method
 * 'phasenet'): what a person checking the picks should see under the gather.
 */
export async function pickingCurves(
  given: SeismicFile,
  options: PickFileOptions,
): Promise<ReceiverCurves[]> {
  const { file } = withoutHum(given, options.hum);
  const { inputs } = inputsOf(file, vMaxOf(options));
  const run = await runNetwork(file, inputs, phasesFor(options), options);
  return run.inputs.map((input, k) => ({
    record: input.record,
    trace: input.members[0]!,
    probabilities: run.probabilities[k]!,
  }));
}

async function pickWithNetwork(
  file: SeismicFile,
  given: Input[],
  phases: Phase[],
  options: PickFileOptions,
): Promise<Omit<FilePicks, 'skipped' | 'hum'>> {
  const peaks = { ...options.peaks, mode: options.peaks?.mode ?? DEFAULT_PICK_MODE };
  const { inputs, moved, probabilities, firstBreak, gather, windows } = await runNetwork(
    file,
    given,
    phases,
    options,
  );
  // The peak threshold is the per-trace one (PhaseNet's 0.3); a path's neighbours vouch for
  // its weaker peaks, so the gather keeps its own (GATHER_PICK_DEFAULTS).
  const picks = inputs.flatMap((input, k) => {
    const found = picksFromProbabilities(
      probabilities[k]!,
      gather ? phases.filter((p) => p !== firstBreak) : phases,
      peaks,
      input.earliest,
    );
    const first = gather?.[k];
    if (first) found.unshift({ phase: firstBreak, pick: first });
    return withEmpty(
      input,
      phases,
      found.map(({ phase, pick }) => ({
        phase,
        time: pick.time,
        probability: pick.probability,
        uncertainty: pick.uncertainty,
      })),
    );
  });
  return { picks, method: 'phasenet', inputs: inputs.length, windows, sourcesMoved: moved };
}

/**
 * The network run over some of the inputs, as they are or as stacks around a focus time, its
 * errors naming the trace and its progress counting on across runs (`laterRuns`: runs after
 * the first, of at most one window per input each, counted in the total from the start).
 */
function networkRunner(
  file: SeismicFile,
  inputs: Input[],
  model: LoadedModel,
  options: PickFileOptions,
  laterRuns: number,
) {
  let windows = 0;
  let runs = 0;
  return {
    windows: () => windows,
    async predict(
      which: number[],
      stackOf?: (k: number) => NeighbourStack,
      enough?: PredictOptions['enough'],
    ): Promise<PhaseProbabilities[]> {
      const before = windows;
      const later = Math.max(0, laterRuns - runs++) * inputs.length;
      try {
        return await predictProbabilities(
          model,
          which.map((k) => (stackOf ? stackOf(k).traces : inputs[k]!.traces)),
          {
            ...options.windows,
            ...(stackOf ? { focus: which.map((k) => stackOf(k).focus) } : {}),
            ...(enough ? { enough } : {}),
            preprocess: options.preprocess,
            signal: options.signal,
            onProgress(done, total) {
              windows = before + total;
              options.onProgress?.(before + done, before + total + later);
            },
          },
        );
      } catch (err) {
        throw located(file, err instanceof InputError ? inputs[which[err.input]!]! : null, err);
      }
    },
  };
}

function placeOf(input: Input) {
  const { receiver } = input.traces[0]!;
  return receiver
    ? { x: receiver.x, y: receiver.y, offset: horizontalOffset({ receiver, source: input.source }) }
    : { x: null, y: null, offset: null };
}

/**
 * The inputs with each record's source checked against its first breaks
 * (gather/source-check.ts): a record whose first breaks contradict its headers takes its
 * source where they put it. The picks keep the headers' positions, and the reports name those
 * records for a person to mend.
 */
function checkedSources(
  inputs: Input[],
  probabilities: PhaseProbabilities[],
  live: boolean[],
  phase: Phase,
  picks: (PhasePick | null)[],
  vMax: number | null,
): { inputs: Input[]; moved: MovedSource[] } {
  const moved: MovedSource[] = [];
  const checked = perGather(inputs, (members) => {
    const own = members.map((k) => inputs[k]!);
    const { source, record } = own[0]!;
    const move = source
      ? sourceCheck(
          source,
          gatherReceivers(inputs, members, probabilities, live, phase),
          own.map((input) => input.traces[0]!.receiver),
          members.map((k) => picks[k] ?? null),
          { ...(phase === 'S' ? S_PATH : {}), cutsSpeak: vMax !== null && vMax >= DEFAULT_V_MAX },
        )
      : null;
    if (!source || !move) return own;
    moved.push({ record, move });
    const at = { ...source, ...move.at };
    const earliest = earliestArrivals(
      own.map((input) => ({ ...input.traces[0]!, source: at })),
      vMax,
    );
    return own.map((input, i) => ({ ...input, source: at, earliest: earliest[i]! }));
  });
  return { inputs: checked.map((input) => input!), moved };
}

/** The trace a receiver's first break is read on: the vertical for P, a horizontal for S. */
function keyTrace(input: Input, phase: Phase): Trace {
  const { traces } = input;
  return traces.find((t) => (phase === 'P') === (t.component === 'Z')) ?? traces[0]!;
}

/**
 * What `byGather` makes of each gather's inputs (its members' indices, in order), one result
 * per member, put back in the inputs' order.
 */
function perGather<T>(
  inputs: Input[],
  byGather: (members: number[]) => (T | null)[],
): (T | null)[] {
  const results: (T | null)[] = inputs.map(() => null);
  for (const members of gathers(inputs)) {
    const found = byGather(members);
    members.forEach((k, i) => (results[k] = found[i] ?? null));
  }
  return results;
}

/** Indices of the inputs of each record (a record is a gather). */
function gathers(inputs: Input[]): number[][] {
  const records = [...new Set(inputs.map((i) => i.record))];
  return records.map((record) =>
    inputs.flatMap((input, k) => (input.record === record ? [k] : [])),
  );
}

/** Each input's first break picked gather by gather (none where `live` is false), or null. */
function gatherFirstBreaks(
  inputs: Input[],
  probabilities: PhaseProbabilities[],
  live: boolean[],
  phase: Phase,
): (PhasePick | null)[] {
  return perGather(inputs, (members) =>
    gatherPicks(
      gatherReceivers(inputs, members, probabilities, live, phase),
      phase === 'S' ? S_PATH : {},
    ),
  );
}

/** A gather's receivers (`members` of the inputs) as the gather picker takes them. */
function gatherReceivers(
  inputs: Input[],
  members: number[],
  probabilities: PhaseProbabilities[],
  live: boolean[],
  phase: Phase,
): GatherReceiver[] {
  return members.map((k) => {
    const { p, s, dt, startTime } = probabilities[k]!;
    const { earliest } = inputs[k]!;
    const place = placeOf(inputs[k]!);
    return { p: phase === 'P' ? p : s, dt, startTime, earliest, place, live: live[k] };
  });
}

/**
 * Which inputs need no more network windows: all of a gather's once its first breaks are
 * seen (gather/first-breaks-seen.ts). `seen` and `horizons` are in the inputs' order.
 */
function seenGathers(
  inputs: Input[],
  seen: readonly PhaseProbabilities[],
  horizons: readonly number[],
  live: boolean[],
  phase: Phase,
): boolean[] {
  return perGather(inputs, (members) => {
    const done = firstBreaksSeen(
      members.map((k) => {
        const { p, s, dt, startTime } = seen[k]!;
        return {
          p: phase === 'P' ? p : s,
          horizon: horizons[k]!,
          dt,
          startTime,
          earliest: inputs[k]!.earliest,
          place: placeOf(inputs[k]!),
          live: live[k]!,
        };
      }),
      phase === 'S' ? { slowest: S_PATH.slowest } : {},
    );
    return members.map(() => done);
  }).map((done) => done === true);
}

/**
 * The stacking rounds, each stacking the receivers whose first break is under a probability
 * (those above are settled). First every receiver under 0.9: stacking surer ones too changed
 * under 0.1 % of the real lines' picks and costs a network window each. Then the ones still
 * under 0.5 (the path's anchors), realigned on the first round's first breaks: on lines no
 * model saw, refrapy's gross errors 1.7 → 0 % and formikoj +1.6 points within 2 ms, GeoStack
 * -1.1 (docs/field-accuracy.md).
 */
const STACK_ROUNDS = [0.9, 0.5];

/**
 * Each input's traces stacked with its aligned neighbours (gather/neighbour-stack.ts), lags
 * measured on the first-break phase's component: the vertical for P, a horizontal for S.
 */
function inputStacks(
  inputs: Input[],
  picks: (PhasePick | null)[],
  phase: Phase,
  settled: number,
): (NeighbourStack | null)[] {
  return perGather(inputs, (members) =>
    neighbourStacks(
      members.map((k) => {
        const { traces } = inputs[k]!;
        return {
          traces,
          key: traces.indexOf(keyTrace(inputs[k]!, phase)),
          place: placeOf(inputs[k]!),
          firstBreak: picks[k]?.time ?? null,
          settled: (picks[k]?.probability ?? 0) >= settled,
        };
      }),
    ),
  );
}

/**
 * The trace's curves with the first-break phase's averaged with its stack's where the stack's
 * window covers it: the trace alone keeps its precision where its first break is clear, the
 * stack adds what the neighbours see where it is not.
 */
function withStack(
  own: PhaseProbabilities,
  stacked: PhaseProbabilities,
  phase: Phase,
): PhaseProbabilities {
  const key = phase === 'P' ? 'p' : 's';
  const curve = Float32Array.from(own[key]);
  const seen = stacked[key];
  const offset = Math.round((stacked.startTime - own.startTime) / own.dt);
  for (let k = Math.max(0, -offset); k < seen.length && offset + k < curve.length; k++) {
    curve[offset + k] = (curve[offset + k]! + seen[k]!) / 2;
  }
  return { ...own, [key]: curve };
}

function pickClassical(
  file: SeismicFile,
  inputs: Input[],
  method: ClassicalMethod,
  phases: Phase[],
  options: PickFileOptions,
): Omit<FilePicks, 'skipped' | 'hum'> {
  const picks = inputs.flatMap((input, k) => {
    if (options.signal) throwIfCancelled(options.signal);
    // A classical picker reads one trace: the vertical of a multi-component receiver.
    const trace = input.traces.find((t) => t.component === 'Z') ?? input.traces[0]!;
    let onset;
    try {
      const x = preprocess(trace.samples, trace.sampleInterval, options.preprocess);
      const dt = trace.sampleInterval;
      const from = firstSampleAtOrAfter(input.earliest, trace.startTime, dt);
      onset = classicalPick(method, x, dt, trace.startTime, options.classical, from);
    } catch (err) {
      throw located(file, input, err);
    }
    const found = onset
      ? [{ phase: 'P' as const, time: onset.time, probability: null, uncertainty: null }]
      : [];
    options.onProgress?.(k + 1, inputs.length);
    return withEmpty(input, phases, found);
  });
  return { picks, method, inputs: inputs.length, windows: 0, sourcesMoved: [] };
}

/**
 * Picks CSV rows: `file` the base name, `trace` the 0-based index in the whole file (records
 * counted in order), `status` 'auto' (a proposal, not yet reviewed).
 */
export function pickRows(file: SeismicFile, result: FilePicks): PickRow[] {
  const firstTrace: number[] = [];
  file.records.reduce((n, r, i) => {
    firstTrace[i] = n;
    return n + r.traces.length;
  }, 0);
  const name = path.basename(file.file);
  return result.picks.map((p) => {
    const record = file.records[p.record]!;
    const trace = record.traces[p.trace]!;
    return {
      file: name,
      trace: firstTrace[p.record]! + p.trace,
      channel: trace.channel,
      shot: record.id,
      sourceX: trace.source?.x ?? null,
      receiverX: trace.receiver?.x ?? null,
      offsetM: horizontalOffset(trace),
      phase: p.phase,
      time: p.time,
      probability: p.probability,
      uncertainty: p.uncertainty,
      method: result.method,
      status: 'auto',
    };
  });
}
