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

const NoInput = z.object({}).strict();

/** An absolute or working-directory-relative folder path. */
const Dir = z.string().trim().min(1, 'must not be empty').max(4096);

export const JobKindSchema = z.enum(['ml.selfcheck']);
export type JobKind = z.infer<typeof JobKindSchema>;

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
} satisfies Record<JobKind, z.ZodType>;

export const methodInputs = {
  'app.info': NoInput,
  'ml.backend': NoInput,
  'project.create': z
    .object({ dir: Dir, name: z.string().trim().min(1).max(200).optional() })
    .strict(),
  'project.open': z.object({ dir: Dir }).strict(),
  'project.current': NoInput,
  'project.close': NoInput,
  'jobs.start': z
    .object({
      kind: JobKindSchema,
      params: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
  'jobs.cancel': z.object({ id: z.string().min(1) }).strict(),
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
}

export type MlBackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface MlBackendReport {
  /** The backend that runs the models. */
  name: MlBackendName;
  /** Every backend tried before it, best first, with the reason it was skipped. */
  skipped: { name: MlBackendName; reason: string }[];
}

export interface ProjectInfo {
  dir: string;
  name: string;
  createdAt: string;
  schemaVersion: number;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

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
}

export interface MethodOutputs {
  'app.info': AppInfo;
  'ml.backend': MlBackendReport;
  'project.create': ProjectInfo;
  'project.open': ProjectInfo;
  'project.current': ProjectInfo | null;
  'project.close': { closed: boolean };
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

/** What a transport offers the renderer; the preload exposes exactly this on `window.pickline`. */
export interface PicklineBridge {
  readonly transport: 'ipc' | 'websocket';
  invoke(method: string, input: unknown): Promise<Envelope>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}
