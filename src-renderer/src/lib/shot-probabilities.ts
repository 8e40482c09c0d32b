import type { ShotProbabilities } from '../../../src-main/api/contract';
import { decodeFloat32Base64 } from './base64-float32';
import type { SampleClock } from './sample-grid';

/** One trace's P and S probabilities on the model's sample grid. */
export interface TraceProbabilities {
  clock: SampleClock;
  P: Float32Array;
  S: Float32Array;
}

/** A shot's probabilities, decoded once, by trace id (a receiver's first trace). */
export interface DecodedProbabilities {
  model: string;
  byTrace: Map<number, TraceProbabilities>;
}

export function decodeProbabilities(response: ShotProbabilities): DecodedProbabilities {
  return {
    model: response.model,
    byTrace: new Map(
      response.traces.map((t) => [
        t.traceId,
        {
          clock: { startTime: t.startTime, sampleInterval: t.dt },
          P: decodeFloat32Base64(t.p),
          S: decodeFloat32Base64(t.s),
        },
      ]),
    ),
  };
}

/**
 * Probabilities of the shots recently shown, so going back and forth between shots or
 * toggling the overlay does not run the network again. A few shots only: one 96-trace shot is
 * several MB decoded. Keyed by project, shot and model (ids repeat across projects); a failed
 * request is not kept, so registering a model and toggling again retries.
 */
export class ProbabilityCache {
  private readonly entries = new Map<string, Promise<DecodedProbabilities>>();

  constructor(
    private readonly fetch: (shotId: number, model: string | null) => Promise<ShotProbabilities>,
    private readonly capacity = 8,
  ) {}

  /** `model` null: the project's default model (the key then names it as such). */
  get(projectDir: string, shotId: number, model: string | null): Promise<DecodedProbabilities> {
    const key = JSON.stringify([projectDir, shotId, model]);
    const held = this.entries.get(key);
    if (held) {
      // Most recently used last, so the oldest is the first to go.
      this.entries.delete(key);
      this.entries.set(key, held);
      return held;
    }
    const loading = this.fetch(shotId, model).then(decodeProbabilities);
    this.entries.set(key, loading);
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return loading;
  }
}
