/**
 * The one API between the renderer (or any other client) and the main-side services.
 *
 * Every method has a zod schema for its input and a TypeScript type for its output. Both
 * transports (Electron IPC and the localhost bridge) validate the input here before a
 * service sees it, so a service can trust its arguments.
 *
 * Later issues add methods here; the renderer only ever imports types from this folder.
 */
import { z } from 'zod';
import type { ResidualStats } from '../metrics/residual-stats';
import type { LayerSegment } from '../qc/layer-segments';
import type { SourceDoubt, SourceMove } from '../qc/source-position';
import type { RecordHum } from '../picking/hum-removal';
import { HumSettingSchema, ProjectSettingsPatch, type ProjectSettings } from './project-settings';
import {
  RatioExportInput,
  SectionExportInput,
  SectionInput,
  type RatioSection,
  type Section,
  type SectionSummary,
} from './sections-contract';

export type { ProjectSettings, ProjectSettingsPatchInput } from './project-settings';
export type {
  InversionMethod,
  RatioSection,
  Section,
  SectionMisfit,
  SectionPoint,
  SectionSummary,
} from './sections-contract';

const NoInput = z.object({}).strict();
const Id = z.number().int().positive();
const Phase = z.enum(['P', 'S']);
const LineTypeSchema = z.enum(['P', 'S', '3C']);

/**
 * Pick times and uncertainties, seconds: no record Pickline reads is a day long, so anything
 * beyond is a mistake (a pick's place within its trace is checked by the service).
 */
const MAX_PICK_SECONDS = 86_400;
const PickSeconds = z.number().finite().min(-MAX_PICK_SECONDS).max(MAX_PICK_SECONDS);

/** An absolute or working-directory-relative folder path. */
const Dir = z.string().trim().min(1, 'must not be empty').max(4096);

/**
 * The largest call a transport carries: the bridge refuses bigger HTTP bodies and WebSocket
 * messages, so every input below must fit, written as JSON, in this many bytes (a test walks
 * the schemas to check the largest of each).
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** JSON bytes a character of a string can take at most (a control character is `\u0000`). */
export const MAX_JSON_BYTES_PER_CHAR = 6;

/** Characters of all paths of one list together: 10,000 paths of 100 characters. */
const PATH_LIST_CHARS = 1_000_000;

/**
 * File paths of one call (shots to import, geometry CSVs). Each may be 4096 characters, but
 * together they are capped, so that the longest list still fits in one message; the meta
 * states its largest JSON size for the size test.
 */
function pathList(maxItems: number, minItems = 0) {
  return z
    .array(z.string().trim().min(1).max(4096))
    .min(minItems)
    .max(maxItems)
    .refine((paths) => paths.reduce((n, p) => n + p.length, 0) <= PATH_LIST_CHARS, {
      message: `the paths together are longer than ${PATH_LIST_CHARS} characters: give fewer files per call`,
    })
    .meta({ maxJsonBytes: PATH_LIST_CHARS * MAX_JSON_BYTES_PER_CHAR + maxItems * 3 + 2 });
}

export const JobKindSchema = z.enum([
  'ml.selfcheck',
  'catalogue.import',
  'picking.run',
  'demo.create',
  'training.run',
  'pseudolabel.run',
  'evaluation.run',
  'teach.run',
  'sections.run',
]);
export type JobKind = z.infer<typeof JobKindSchema>;

/** What a picking run is asked to do (the UI's auto-pick form, `pickline pick --project`). */
const PickingInput = z
  .object({
    method: z.enum(['phasenet', 'stalta', 'aic', 'stalta-aic', 'mer']).default('phasenet'),
    /** A registered model's name; the project's default model when left out. */
    model: z.string().trim().min(1).max(200).optional(),
    phases: z.array(Phase).min(1).max(2).optional(),
    threshold: z.number().min(0).max(1).optional(),
    /** First breaks as one line through each gather (default) or trace by trace. */
    strategy: z.enum(['gather', 'trace']).optional(),
    /** m/s; null: from the shot on. Both default to the project's picking settings. */
    vMax: z.number().positive().max(100_000).nullable().optional(),
    /** Power-line hum subtracted first; defaults to the project's picking settings. */
    hum: HumSettingSchema.optional(),
    shotIds: z.array(Id).min(1).max(100_000).optional(),
  })
  .strict();

/** What a self-training run is asked to do (the travel-time view, `pickline pseudo-label`). */
const PseudoLabelInput = z
  .object({
    rounds: z.number().int().min(1).max(20).default(2),
    epochs: z.number().int().min(1).max(1000).optional(),
    steps: z.number().int().min(1).max(100_000).optional(),
    batch: z.number().int().min(1).max(4096).optional(),
    seed: z.number().int().min(0).optional(),
    /**
     * Record ids of shots that are only scored, never trained on ("07" is shot 7, as in
     * geometry files); `pickline pseudo-label --hold-out-shots`. Unknown ones are refused.
     */
    holdOutShots: z
      .array(z.string().trim().min(1, 'must not be empty').max(200))
      .max(10_000)
      .optional(),
  })
  .strict();

/** A registered model's name: what picks, exports and reports call it. */
const ModelName = z.string().trim().min(1, 'must not be empty').max(200);

/** Teaching a model this line's convention from the shots a person picked or accepted. */
const TeachInput = z
  .object({
    /** The shots to learn from (catalogue ids): their manual and accepted picks are the labels. */
    shotIds: z.array(Id).min(1).max(1000),
    /** The registered model to teach; default: the project's. */
    model: ModelName.optional(),
    /** Re-propose the other shots with the taught model (manual and accepted picks stay). */
    repick: z.boolean().default(true),
    epochs: z.number().int().min(1).max(100).optional(),
    steps: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/**
 * Seconds within which a model's pick counts as the reference pick (true positive) in an
 * evaluation. 5 ms by default: a usual error budget of refraction tomography, 10 to 40
 * samples of a near-surface record, so the 1, 2, 5 and 10 ms shares tell the rest.
 */
export const DEFAULT_EVALUATION_TOLERANCE = 0.005;
const Tolerance = z.number().positive().max(1).default(DEFAULT_EVALUATION_TOLERANCE);

/** How a network trains, whatever its data: the options of `pickline train`. */
const TrainingOptions = z.object({
  load: z.enum(['all', 'encoder-decoder', 'input-encoder']).optional(),
  /** none | deepest:N | encoder | input-encoder | layers:A-B */
  freeze: z.string().trim().min(1).max(100).optional(),
  channels: z.number().int().min(1).max(3).optional(),
  epochs: z.number().int().min(1).max(10_000).optional(),
  batch: z.number().int().min(1).max(4096).optional(),
  steps: z.number().int().min(1).max(1_000_000).optional(),
  lr: z.number().positive().max(1).optional(),
  window: z.number().int().min(64).max(100_000).optional(),
  seed: z.number().int().min(0).optional(),
});

/**
 * Training on the open project's picks (the Training view): its manual and accepted picks are
 * the labels (see training/sources.ts), the new model is registered in it when done.
 */
const ProjectTrainingInput = z
  .object({
    /** Where the weights start: a registered model, the bundled one, or none (from scratch). */
    init: z.union([z.object({ model: Id }).strict(), z.literal('bundled'), z.literal('scratch')]),
    /** The new model's name; must not be registered in the project yet. */
    name: ModelName,
    ...TrainingOptions.shape,
  })
  .strict();

/** Parameters of each job kind, checked before a worker is started. */
export const JobParamsSchemas = {
  'ml.selfcheck': z
    .object({
      /** How many forward passes of the probe network to time. */
      iterations: z.number().int().min(1).max(10_000).default(20),
      /** Window length of the probe in samples. */
      windowSamples: z.number().int().min(64).max(100_000).default(3000),
    })
    .strict(),
  'picking.run': z
    .object({
      /** The project folder; the service fills it in with the open project. */
      projectDir: Dir,
      /** The bundled model's folder, for a project without a default model (service's). */
      bundledModel: Dir.optional(),
      ...PickingInput.shape,
    })
    .strict(),
  'training.run': z
    .object({
      data: z.array(Dir).min(1).max(100),
      out: Dir,
      init: Dir.nullable().optional(),
      ...TrainingOptions.shape,
      sampleRate: z.number().positive().max(1_000_000).optional(),
      resume: z.boolean().optional(),
      validationShare: z.number().min(0).max(0.9).optional(),
      patience: z.number().int().min(0).max(10_000).optional(),
      labelShape: z.enum(['gaussian', 'triangle']).optional(),
      labelWidth: z.number().int().min(1).max(1000).optional(),
      npySampleInterval: z.number().positive().max(10).optional(),
      name: z.string().trim().min(1).max(200).optional(),
    })
    .strict(),
  'pseudolabel.run': z
    .object({
      projectDir: Dir,
      bundledModel: Dir.optional(),
      ...PseudoLabelInput.shape,
    })
    .strict(),
  'evaluation.run': z
    .object({
      projectDir: Dir,
      /** The registered model to evaluate. */
      model: Id,
      tolerance: Tolerance,
    })
    .strict(),
  'teach.run': z
    .object({
      projectDir: Dir,
      bundledModel: Dir.optional(),
      ...TeachInput.shape,
    })
    .strict(),
  'sections.run': z.object({ projectDir: Dir, ...SectionInput.shape }).strict(),
  'demo.create': z
    .object({
      dir: Dir,
      /** The app's resources folder; the service fills it in. */
      resourcesDir: Dir,
    })
    .strict(),
  'catalogue.import': z
    .object({
      /** The project folder; the service fills it in with the open project. */
      projectDir: Dir,
      files: pathList(100_000, 1),
      geometry: pathList(100).default([]),
      seg2Delay: z.enum(['geometrics', 'dmt']).optional(),
      sampleInterval: z.number().positive().max(3600).optional(),
      lineType: LineTypeSchema.optional(),
    })
    .strict(),
} satisfies Record<JobKind, z.ZodType>;

export const methodInputs = {
  'app.info': NoInput,
  'ml.backend': NoInput,
  'project.create': z
    .object({ dir: Dir, name: z.string().trim().min(1).max(200).optional() })
    .strict(),
  'project.open': z.object({ dir: Dir }).strict(),
  'project.current': NoInput,
  /** The projects opened lately on this machine, newest first. */
  'projects.recent': NoInput,
  /**
   * One folder of the machine the services run on (browser mode's folder browser): its
   * sub-folders and projects, and with `files` its files (of these extensions, if given).
   * Only below the browse roots; names, kinds and sizes only.
   */
  'files.browse': z
    .object({
      dir: Dir.optional(),
      files: z.boolean().default(false),
      extensions: z.array(z.string().trim().min(1).max(20)).max(50).default([]),
    })
    .strict(),
  'project.close': NoInput,
  'project.summary': NoInput,
  /** The open project's settings (display, picking, travel times), defaults filled in. */
  'settings.get': NoInput,
  /** Changes some of the open project's settings; returns them all. */
  'settings.set': ProjectSettingsPatch,
  /** Starts a 'pseudolabel.run' job on the open project (see `pickline pseudo-label`). */
  'pseudolabel.start': PseudoLabelInput,
  /** Starts a 'teach.run' job on the open project (see `pickline teach`). */
  'teach.start': TeachInput,
  /** Starts a 'training.run' job (see `pickline train`); epochs report through job progress. */
  'training.start': JobParamsSchemas['training.run'],
  /** Starts a 'training.run' job on the open project's manual and accepted picks. */
  'training.startOnProject': ProjectTrainingInput,
  /** Starts a 'demo.create' job: a new project in `dir` with the sample line, auto-picked. */
  'project.demo': z.object({ dir: Dir }).strict(),
  /** Starts a 'catalogue.import' job on the open project. */
  'project.import': z
    .object({
      files: pathList(100_000, 1),
      geometry: pathList(100).default([]),
      seg2Delay: z.enum(['geometrics', 'dmt']).optional(),
      /** P, S or 3-component line; left out, guessed per file from its components. */
      lineType: LineTypeSchema.optional(),
    })
    .strict(),
  /**
   * Reads files and geometry CSVs without importing: header positions beside the positions
   * the import would store (no project needed).
   */
  'project.previewGeometry': z
    .object({
      files: pathList(1000, 1),
      geometry: pathList(100).default([]),
      seg2Delay: z.enum(['geometrics', 'dmt']).optional(),
    })
    .strict(),
  'shots.list': NoInput,
  /** `samples: false` leaves the samples out (empty strings): a reload after an edit. */
  'shots.gather': z.object({ shotId: Id, samples: z.boolean().default(true) }).strict(),
  'shots.setQc': z
    .object({ shotId: Id, status: z.enum(['unchecked', 'accepted', 'needs-work']) })
    .strict(),
  /** What the shots' line records: on an S line the pickers' first break is S. */
  'shots.setLineType': z
    .object({ shotIds: z.array(Id).min(1).max(100_000), lineType: LineTypeSchema })
    .strict(),
  'traces.setStatus': z
    .object({
      traceIds: z.array(Id).min(1).max(10_000),
      status: z.enum(['ok', 'dead', 'reversed']),
    })
    .strict(),
  /**
   * A person's pick: moves the trace's manual pick of that phase, or creates it. On a
   * multi-component receiver it goes on the receiver's pick trace (GatherTrace.pickTraceId).
   */
  'picks.setManual': z
    .object({
      traceId: Id,
      phase: Phase,
      time: PickSeconds,
      uncertainty: PickSeconds.nonnegative().nullable().optional(),
    })
    .strict(),
  'picks.setStatus': z
    .object({
      ids: z.array(Id).min(1).max(100_000),
      status: z.enum(['proposed', 'accepted', 'rejected']),
    })
    .strict(),
  /** Accepts or rejects every live proposal of a shot (optionally of one phase). */
  'picks.setShotStatus': z
    .object({ shotId: Id, status: z.enum(['accepted', 'rejected']), phase: Phase.optional() })
    .strict(),
  'picks.delete': z.object({ ids: z.array(Id).min(1).max(100_000) }).strict(),
  'picks.undo': NoInput,
  'picks.redo': NoInput,
  /** Live picks of one phase across the survey, with positions: the travel-time view. */
  'picks.travelTimes': z.object({ phase: Phase }).strict(),
  /** Assigns the picks of a phase on these traces to a refraction branch (null: none). */
  'layers.assign': z
    .object({
      phase: Phase,
      traceIds: z.array(Id).min(1).max(100_000),
      layer: z.number().int().min(1).max(9).nullable(),
    })
    .strict(),
  /** Each shot's straight branches through its assigned picks, with apparent velocities. */
  'layers.segments': z.object({ phase: Phase }).strict(),
  /** Starts a 'sections.run' job: a velocity section from one phase's picks (`pickline invert`). */
  'sections.start': SectionInput,
  /** The open project's sections, newest first. */
  'sections.list': NoInput,
  'sections.get': z.object({ id: Id }).strict(),
  /** Vp/Vs and Poisson's ratio of the newest P and S sections (or the ones named). */
  'sections.ratio': z.object({ p: Id.optional(), s: Id.optional() }).strict(),
  /** Writes a section as a grid CSV, JSON, or x z v columns (pyGIMLi: np.loadtxt). */
  'sections.export': SectionExportInput,
  /** Writes the Vp/Vs of a P and an S section: grid CSV, x z v of Vp/Vs or ν, water table. */
  'sections.exportRatio': RatioExportInput,
  /** Starts a 'picking.run' job on the open project; picks arrive as proposals. */
  'picking.start': PickingInput,
  /** Travel-time QC of the current picks of a phase; `correct` stores pseudo proposals. */
  'qc.run': z
    .object({
      phase: Phase.default('P'),
      k: z.number().positive().max(100).optional(),
      reciprocityTolerance: z.number().nonnegative().max(1000).optional(),
      correct: z.boolean().default(false),
    })
    .strict(),
  /** One shot's QC (flags, the fit's corrected times) for the gather; nothing is stored. */
  'qc.shot': z.object({ phase: Phase.default('P'), shotId: Id }).strict(),
  /**
   * Accepts corrections the gather showed, per pick or for the shot: each time must be the
   * one QC computes now (else 'conflict': look again); they become accepted pseudo picks and
   * the picks they replace are rejected, as one undoable action.
   */
  'qc.acceptShown': z
    .object({
      phase: Phase.default('P'),
      shotId: Id,
      corrections: z
        .array(z.object({ traceId: Id, time: z.number().finite() }).strict())
        .min(1)
        .max(100_000),
    })
    .strict(),
  /** P and S probabilities of a shot's traces from a model (default: the project's). */
  'shots.probabilities': z
    .object({ shotId: Id, model: z.string().trim().min(1).max(200).optional() })
    .strict(),
  /** Writes the project's picks to a file for inversion software (see `pickline export`). */
  'picks.export': z
    .object({
      format: z.enum(['sgt', 'vs', 'csv', 'json', 'pyrefra', 'summary']),
      out: Dir,
      phase: Phase.optional(),
      status: z.enum(['accepted', 'all']).default('accepted'),
    })
    .strict(),
  /** Imports picks made elsewhere (see `pickline import-picks`). */
  'picks.importFile': z
    .object({
      file: Dir,
      format: z.enum(['sgt', 'vs', 'csv', 'json', 'pyrefra']).optional(),
      phase: Phase.optional(),
      tolerance: z.number().nonnegative().max(1000).optional(),
      /** What the file's times count from: the shot, or each trace's first sample. */
      timeOrigin: z.enum(['shot', 'first-sample']).optional(),
      elevation: z.enum(['y', 'z']).optional(),
    })
    .strict(),
  'models.list': NoInput,
  /** Registers a model directory (copied into the project). */
  'models.register': z.object({ dir: Dir, makeDefault: z.boolean().default(false) }).strict(),
  'models.setDefault': z.object({ id: Id }).strict(),
  /** A new name for a registered model (its picks keep referring to it by id). */
  'models.rename': z.object({ id: Id, name: ModelName }).strict(),
  /** Removes a model nothing refers to (see services/model-service.ts for the rules). */
  'models.delete': z.object({ id: Id }).strict(),
  /**
   * Starts an 'evaluation.run' job: the model picks the traces that have reference picks,
   * and the scores are stored with the model (ModelInfo.evaluations).
   */
  'models.evaluate': z.object({ id: Id, tolerance: Tolerance }).strict(),
  'jobs.start': z
    .object({
      kind: JobKindSchema,
      params: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
  'jobs.cancel': z.object({ id: z.string().min(1).max(200) }).strict(),
  'jobs.list': NoInput,
} as const;

export type MethodName = keyof typeof methodInputs;
export type Input<M extends MethodName> = z.input<(typeof methodInputs)[M]>;
export type ParsedInput<M extends MethodName> = z.output<(typeof methodInputs)[M]>;

export interface AppInfo {
  name: string;
  version: string;
  node: string;
  platform: string;
  /** Where the services run: inside Electron, or in a plain Node process (bridge, CLI). */
  host: 'electron' | 'node';
  /** The user's home folder on the machine the services run on, to suggest project folders. */
  homeDir: string;
  /**
   * The model shipped with Pickline, which picking uses in a project without a model; null
   * when this installation lacks it.
   */
  bundledModel: { name: string; validatedPhases: ('P' | 'S')[] } | null;
}

export type MlBackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface MlBackendReport {
  /** The tfjs backend: runs training, and inference when ONNX Runtime is not there. */
  name: MlBackendName;
  /** Every backend tried before it, best first, with the reason it was skipped. */
  skipped: { name: MlBackendName; reason: string }[];
  /** The inference engine picking runs on: ONNX Runtime when it loads, else tfjs. */
  engine: { name: 'onnx' | 'tfjs'; skipped: { name: 'onnx' | 'tfjs'; reason: string }[] };
}

export interface RecentProject {
  dir: string;
  name: string;
  openedAt: string;
  /** The folder still holds a project (a removed or unplugged one is shown, not offered). */
  exists: boolean;
}

export interface BrowseEntry {
  name: string;
  path: string;
  /** A project is a folder holding a Pickline catalogue. */
  kind: 'folder' | 'project' | 'file';
  /** Bytes, for files. */
  size: number | null;
}

export interface BrowseListing {
  dir: string;
  /** The folder above, or null at a root. */
  parent: string | null;
  roots: string[];
  entries: BrowseEntry[];
  /** Entries left out beyond the listing's limit. */
  truncated: number;
}

export interface ProjectInfo {
  dir: string;
  name: string;
  createdAt: string;
  schemaVersion: number;
}

/** Counts `pickline info` and the project view show. */
export interface ProjectSummary {
  project: ProjectInfo;
  files: number;
  shots: number;
  traces: number;
  /** Receiver positions (a 3-component geophone is one station). */
  stations: number;
  /** Live (not deleted) picks counted by phase, origin and status. */
  picks: { phase: 'P' | 'S'; origin: PickOrigin; status: PickStatus; count: number }[];
  models: { id: number; name: string; architecture: string; isDefault: boolean }[];
}

export type PickOrigin = 'auto' | 'manual' | 'pseudo' | 'imported';
export type PickStatus = 'proposed' | 'accepted' | 'rejected';

export interface ShotSummary {
  id: number;
  file: string;
  recordId: string;
  source: { x: number; y: number; z: number } | null;
  /** The source's distance along the project's line, m (geometry/line-frame.ts). */
  sourceAlong: number | null;
  traces: number;
  /** Live picks by phase. */
  picksP: number;
  picksS: number;
  qcStatus: 'unchecked' | 'accepted' | 'needs-work';
  /** P line, S line (its first breaks are S) or 3-component line. */
  lineType: 'P' | 'S' | '3C';
}

export interface PickRecord {
  id: number;
  traceId: number;
  phase: 'P' | 'S';
  /** Seconds after the source time. */
  time: number;
  probability: number | null;
  uncertainty: number | null;
  origin: PickOrigin;
  method: string;
  modelId: number | null;
  status: PickStatus;
  createdAt: string;
  updatedAt: string;
}

export type TraceStatus = 'ok' | 'dead' | 'reversed';

export interface GatherTrace {
  id: number;
  /** 0-based index of the trace in its file. */
  traceIndex: number;
  channel: number;
  component: string;
  sampleInterval: number;
  /** Seconds of the first sample after the source. */
  startTime: number;
  receiver: { x: number; y: number; z: number } | null;
  /** Signed receiver x minus source x (m), or null without positions. */
  offset: number | null;
  status: TraceStatus;
  /**
   * The trace that carries this receiver's picks: the first live one of its components
   * (picking/group.ts), where the pickers put them, or its first when all are dead; itself on
   * a single-component line.
   */
  pickTraceId: number;
  /**
   * The samples as base64 of little-endian float32, so JSON transports carry them compactly;
   * '' when the call asked for no samples.
   */
  samples: string;
}

export interface Gather {
  shot: ShotSummary;
  traces: GatherTrace[];
  picks: PickRecord[];
  /** How the shot's time base was decided; null for shots imported before that was kept. */
  timeBase: TimeBasePreview | null;
}

/** One point of the travel-time view. */
export interface TravelTimePoint {
  pickId: number;
  traceId: number;
  shotId: number;
  /** Distances along the project's line, m (geometry/line-frame.ts). */
  sourceX: number | null;
  receiverX: number | null;
  /** Source-receiver distance in the plane, negative before the source along the line, m. */
  offset: number | null;
  time: number;
  origin: PickOrigin;
  status: PickStatus;
  probability: number | null;
  uncertainty: number | null;
  /** The refraction branch the travel-time view assigned this trace's picks of the phase. */
  layer: number | null;
  /** The trace's sample interval, s: a nudge in the travel-time view moves one sample. */
  sampleInterval: number;
}

/** A straight travel-time branch through one layer's picks of one side of a shot. */
export type { LayerSegment } from '../qc/layer-segments';

export interface EditResult {
  editGroup: number | null;
  /** The picks the action touched. */
  pickIds: number[];
}

export interface ModelInfo {
  id: number;
  name: string;
  architecture: string;
  sampleRate: number;
  inputChannels: number;
  isDefault: boolean;
  source: string;
  licence: string;
  /** Evaluations on this project's reference picks, one per tolerance, smallest first. */
  evaluations: ModelEvaluation[];
  /** The phases its card says it was shown to pick: auto-pick's default. */
  validatedPhases: ('P' | 'S')[];
}

/** Residuals (pick − reference, s) of the true positives, in bins across ±tolerance. */
export interface ResidualHistogram {
  /** Left edge of the first bin, s (−tolerance). */
  start: number;
  binWidth: number;
  counts: number[];
}

/** Scores of one phase (metrics/scores.ts defines them). */
export interface EvaluationPhase {
  phase: 'P' | 'S';
  /** Traces with a reference pick of this phase. */
  labels: number;
  picks: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Over the true positives, s. */
  residual: { mean: number; std: number; mae: number } | null;
  /** Share of the reference picks whose nearest pick is within `limit` ms. */
  withinMs: { limit: number; count: number; share: number | null }[];
  histogram: ResidualHistogram;
}

/** One evaluation of a model against the project's reference picks. */
export interface ModelEvaluation {
  /** When it ran (ISO 8601). */
  at: string;
  tolerance: number;
  /** What was scored: the project, and where its reference picks came from. */
  dataset: {
    project: string;
    shots: number;
    /** Reference picks by phase and kind: a person's, reviewed proposals, imported files. */
    reference: { phase: 'P' | 'S'; manual: number; accepted: number; imported: number }[];
    /**
     * The model was trained on this project's picks (a training run recorded here), so the
     * reference includes what it learnt from: the scores are not an independent test.
     */
    trainedOnProject: boolean;
  };
  phases: EvaluationPhase[];
  seconds: number;
}

export type QcFlag = 'missing' | 'residual' | 'velocity' | 'phase-order';

export interface QcShot {
  shotId: number;
  recordId: string;
  picks: number;
  flagged: number;
  /** Apparent velocity of each refraction branch of the robust fit, m/s, by side (and by run of neighbouring receivers, on a layout of several). */
  apparentVelocities: { side: 'negative' | 'positive'; velocity: number }[];
  /**
   * Where the first breaks put the source, when far from where the headers do
   * (qc/source-position.ts): the geometry is to be checked. Null when they agree.
   */
  sourceDoubt: SourceDoubt | null;
  items: {
    pickId: number;
    traceId: number;
    offset: number;
    time: number | null;
    predicted: number | null;
    residual: number | null;
    flags: QcFlag[];
    corrected: number | null;
  }[];
}

/** What accepting QC corrections did (`qc.acceptCorrections`). */
export interface AcceptedCorrections extends EditResult {
  /** Corrections accepted. */
  accepted: number;
  /** Proposals they replaced, now rejected. */
  rejected: number;
  /** Corrections left as proposals because their trace has a manual or accepted pick. */
  kept: number;
}

/** A shot's time at another shot's position (qc/reciprocity.ts). */
export interface ReciprocalTime {
  time: number;
  receivers: number[];
  how: 'receiver' | 'interpolated' | 'extrapolated';
}

/** Travel-time QC of one phase: flags per gather and reciprocity across shots. */
export interface QcReport {
  phase: 'P' | 'S';
  shots: QcShot[];
  picks: number;
  flagged: number;
  corrected: number;
  /** Corrections written as pseudo proposals (only when asked). */
  storedPseudo: number;
  reciprocity: {
    count: number;
    flagged: number;
    medianAbs: number | null;
    p90Abs: number | null;
    maxAbs: number | null;
    meanDifference: number | null;
    /** Largest gap from a shot to the receivers its time was read from, m. */
    positionTolerance: number;
    /**
     * a and b: source x of the two shots (a < b), m; forward the time of shot a at b's
     * position, reverse of b at a's, each read at a receiver or between two (receivers);
     * difference t(a→b) − t(b→a), s.
     */
    pairs: {
      a: number;
      b: number;
      forward: ReciprocalTime;
      reverse: ReciprocalTime;
      difference: number;
      flagged: boolean;
    }[];
  };
}

export interface ShotProbabilities {
  model: string;
  traces: {
    traceId: number;
    /** The model's sample interval and the time of its first sample after the source. */
    dt: number;
    startTime: number;
    /** base64 little-endian float32, one value per model sample. */
    p: string;
    s: string;
  }[];
}

export interface ExportResult {
  files: string[];
  written: number;
  skipped: { reason: string; count: number }[];
}

export interface PickImportResult {
  file: string;
  format: string;
  read: number;
  matched: number;
  unmatched: { reason: string; count: number }[];
  superseded: number;
  /** Picks the file marks invalid (pyGIMLi's valid = 0), left out. */
  invalid: number;
  /** What the file's times counted from; stored times count from the shot. */
  timeOrigin: 'shot' | 'first-sample';
  /**
   * How picks found their traces: by position (x, y, z), along the line (x, y: a project
   * without elevations), or by file name and trace index (the picks CSV).
   */
  matching: 'position' | 'along-line' | 'file-and-trace';
  /** Elevations taken from the file into the project's geometry (along-line matching). */
  elevations: {
    receivers: number;
    sources: number;
    /** Lowest and highest adopted elevation, m. */
    range: [number, number] | null;
    /** Receiver positions of the project the file gave no elevation (they keep 0). */
    receiversWithout: number;
    /** Picks whose elevation disagreed with an earlier pick's for the same position. */
    conflicts: number;
  } | null;
}

export interface PseudoLabelRound {
  round: number;
  /** The model that picked this round. */
  model: string;
  picks: number;
  flagged: number;
  corrected: number;
  /** Labels the next model was trained on: QC-passed picks, corrections, manual picks. */
  labels: number;
  /** Share of the network's picks the QC flags (lower is better). */
  flaggedShare: number;
  /** Within 2 ms of the imported reference picks, when the project has them (held out). */
  withinTwoMs: number | null;
  /** The model this round trained, or null for the last round (scored only). */
  trained: string | null;
  trainSeconds: number;
}

export interface PseudoLabelReport {
  rounds: PseudoLabelRound[];
  /** The best-scoring model, now the project's default. */
  best: string;
  /** Record ids of the shots held out (scored, never trained on); absent when none were. */
  heldOutShots?: string[];
}

export interface DemoReport {
  project: ProjectInfo;
  imported: number;
  model: string;
  picking: ProjectPickReport;
}

/** How a model's picks sit against a person's on the same traces: bias, spread, shares. */
export type ResidualSummary = ResidualStats;

/** What teaching did (services/teach-service.ts). */
export interface TeachReport {
  /** The model taught, and the new one (now the project's default). */
  base: { id: number; name: string };
  model: { id: number; name: string };
  /** Record ids of the shots learnt from. */
  taughtShots: string[];
  taughtReceivers: number;
  /** The model's P picks against the person's on the taught shots, before and after. */
  before: ResidualSummary;
  after: ResidualSummary;
  trainSeconds: number;
  /** The other shots picked again with the taught model; null when not asked. */
  repicked: ProjectPickReport | null;
}

/** What a picking run over a project did. */
export interface ProjectPickReport {
  method: string;
  model: { id: number; name: string } | null;
  /** The model that picked the S lines' shots when it is not `model` (one made for S lines). */
  sLineModel: { id: number; name: string } | null;
  backend: string | null;
  shots: number;
  traces: number;
  picks: { P: number; S: number };
  /** Earlier automatic proposals replaced by this run's. */
  superseded: number;
  /** Proposals written beside a manual or accepted pick, which stays as it was. */
  besideKept: number;
  /** Traces left out, and why (a trace with no samples); the rest was picked. */
  skipped: { traceId: number; shot: string; channel: number; reason: string }[];
  /**
   * Shots whose new first breaks put the source away from their geometry's (`doubt`, see
   * QcShot), or that the network picked with the source where their first breaks put it
   * (`move`), or both.
   */
  sourceChecks: {
    shotId: number;
    shot: string;
    doubt: SourceDoubt | null;
    move: SourceMove | null;
  }[];
  /** Shots whose power-line hum was subtracted before picking. */
  hum: (Omit<RecordHum, 'record'> & { shotId: number; shot: string })[];
  windows: number;
  seconds: number;
}

/** A position as the file's headers give it and as an import would store it. */
export interface PositionChange {
  header: { x: number; y: number; z: number } | null;
  stored: { x: number; y: number; z: number } | null;
  from: 'header' | 'override' | 'none';
}

/** One file's geometry, header against stored (see formats/geometry-comparison.ts). */
export interface GeometryComparison {
  file: string;
  format: string;
  records: {
    record: string;
    source: PositionChange;
    receivers: (PositionChange & { channel: number })[];
  }[];
}

/** A record's time base as people read it (picking/time-base.ts decides it). */
export interface TimeBasePreview {
  record: string;
  /** The reading of the timing header applied ('geometrics', 'dmt', 'delay', 'header', ...). */
  reading: string;
  decidedBy: 'data' | 'ambiguous' | 'override' | 'single' | 'line' | 'no evidence';
  /**
   * Where the first breaks sit at zero offset under it, s (null: no live trace); measured
   * when the source is among the receivers, else only extrapolated (null here).
   */
  zeroOffsetTime: number | null;
  /** What was applied, how it was decided, where the first breaks sit. */
  text: string;
  /** Set when no reading puts the first breaks nearest the source at about 0 s. */
  warning: string | null;
}

/**
 * A file of the import preview: its geometry, its records' time bases, and the line type its
 * components suggest (what the import takes unless told).
 */
export type PreviewedFile = GeometryComparison & {
  timeBases: TimeBasePreview[];
  lineType: 'P' | 'S' | '3C';
};

/** How a geometry file was read (see formats/geometry-files.ts). */
export interface GeometryFileSummary {
  file: string;
  format: 'csv' | 'formikoj' | 'pyrefra-shots' | 'pyrefra-receivers' | 'topography' | 'gps';
  /** Source and receiver positions it gives (rows), and points of its elevation profile. */
  sources: number;
  receivers: number;
  elevations: number;
}

export interface GeometryPreview {
  files: (PreviewedFile | { file: string; error: string })[];
  /** Override rows that matched no file, as csv:line. */
  unusedGeometryRows: string[];
  geometryFiles: GeometryFileSummary[];
}

export interface ImportFileReport {
  file: string;
  status: 'imported' | 'unchanged' | 'failed';
  format: string | null;
  shots: number;
  traces: number;
  newStations: number;
  /** Seconds of the first sample after the source, [min, max] over the file's traces. */
  startTime: [number, number] | null;
  sampleInterval: [number, number] | null;
  positions: { receiversFromHeader: number; receiversOverridden: number; receiversMissing: number };
  notes: string[];
  error: string | null;
}

export interface ImportReport {
  files: ImportFileReport[];
  imported: number;
  unchanged: number;
  failed: number;
  /** Geometry rows (`csv:line`) that matched nothing in any imported file. */
  unusedGeometryRows: string[];
  geometryFiles: GeometryFileSummary[];
  /** Sources and receivers beyond the ends of an elevation profile, whose elevation stayed. */
  outsideElevationProfile: number;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A finished training epoch, as a 'training.run' job reports it. */
export interface TrainingEpoch {
  epoch: number;
  /** Epochs planned (the run may stop early). */
  epochs: number;
  loss: number;
  valLoss: number;
  learningRate: number;
  seconds: number;
  /** The best validation loss so far: this epoch's weights are the model's. */
  best: boolean;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  state: JobState;
  /** 0..1 */
  progress: number;
  message: string;
  startedAt: string;
  endedAt: string | null;
  error: string | null;
  result: unknown;
  /**
   * The epochs a 'training.run' job has finished, in order, for a live loss curve; empty for
   * other kinds and for jobs on record from an earlier session (their result has the history).
   */
  epochs: TrainingEpoch[];
}

export interface MethodOutputs {
  'app.info': AppInfo;
  'ml.backend': MlBackendReport;
  'project.create': ProjectInfo;
  'project.open': ProjectInfo;
  'project.current': ProjectInfo | null;
  'projects.recent': RecentProject[];
  'files.browse': BrowseListing;
  'project.close': { closed: boolean };
  'project.summary': ProjectSummary;
  'settings.get': ProjectSettings;
  'settings.set': ProjectSettings;
  'project.demo': JobRecord;
  'training.start': JobRecord;
  'training.startOnProject': JobRecord;
  'pseudolabel.start': JobRecord;
  'teach.start': JobRecord;
  'project.import': JobRecord;
  'project.previewGeometry': GeometryPreview;
  'shots.list': ShotSummary[];
  'shots.gather': Gather;
  'shots.setQc': ShotSummary;
  /** `shotIds`: the shots whose type changed (those already of the type are left alone). */
  'shots.setLineType': { changed: number; shotIds: number[]; proposalsRemoved: number };
  'traces.setStatus': { changed: number };
  'picks.setManual': PickRecord;
  'picks.setStatus': EditResult;
  'picks.setShotStatus': EditResult;
  'picks.delete': EditResult;
  'picks.undo': EditResult;
  'picks.redo': EditResult;
  'picks.travelTimes': TravelTimePoint[];
  'layers.assign': { changed: number };
  'layers.segments': LayerSegment[];
  'sections.start': JobRecord;
  'sections.list': SectionSummary[];
  'sections.get': Section;
  'sections.ratio': RatioSection;
  'sections.export': { file: string; cells: number };
  'sections.exportRatio': { file: string; cells: number };
  'picking.start': JobRecord;
  'qc.run': QcReport;
  'qc.shot': QcShot | null;
  'qc.acceptShown': AcceptedCorrections;
  'shots.probabilities': ShotProbabilities;
  'picks.export': ExportResult;
  'picks.importFile': PickImportResult;
  'models.list': ModelInfo[];
  'models.register': ModelInfo;
  'models.setDefault': ModelInfo;
  'models.rename': ModelInfo;
  'models.delete': { id: number; name: string };
  'models.evaluate': JobRecord;
  'jobs.start': JobRecord;
  'jobs.cancel': { cancelled: boolean };
  'jobs.list': JobRecord[];
}

export type Output<M extends MethodName> = MethodOutputs[M];

/** Events pushed from main to every connected client. */
export interface ApiEvents {
  'job.updated': JobRecord;
}
export type EventName = keyof ApiEvents;
export interface ApiEvent<E extends EventName = EventName> {
  event: E;
  payload: ApiEvents[E];
}

export type ErrorCode =
  'unknown-method' | 'invalid-input' | 'not-found' | 'conflict' | 'unauthorized' | 'failed';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
}

/** What every transport carries back for one call. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** What the renderer asks a native open dialog for. */
export interface PathRequest {
  kind: 'folder' | 'file' | 'files';
  title: string;
  /** File name endings offered first, e.g. ['.sg2', '.dat']. */
  extensions?: string[];
}

/** What a transport offers the renderer; the preload exposes exactly this on `window.pickline`. */
export interface PicklineBridge {
  readonly transport: 'ipc' | 'websocket';
  invoke(method: string, input: unknown): Promise<Envelope>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /**
   * The path on this machine of a file dropped on the window (Electron's
   * webUtils.getPathForFile), for importing it; a browser does not tell pages where a
   * dropped file lives, so the WebSocket transport has none.
   */
  pathForFile?(file: File): string;
  /**
   * The desktop's own open dialog (Electron only): the paths chosen, none when cancelled. In
   * a browser the app shows its folder browser (`files.browse`) instead.
   */
  choosePaths?(request: PathRequest): Promise<string[]>;
}
