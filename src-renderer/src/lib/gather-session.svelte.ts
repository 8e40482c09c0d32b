import type {
  Gather,
  GatherTrace,
  PickRecord,
  ShotSummary,
  TimeBasePreview,
  TraceStatus,
} from '../../../src-main/api/contract';
import { api } from './api';
import { decodeFloat32Base64 } from './base64-float32';
import { onSampleGrid } from './sample-grid';

/** A trace's description without its samples (decoded once, kept apart). */
export type TraceInfo = Omit<GatherTrace, 'samples'>;

/**
 * One shot's gather while it is on screen, and every edit made to it. Samples are decoded
 * once; after each edit the shot, trace statuses and picks are read back from the API, so
 * what is drawn is what the catalogue holds. Edits run one after another in order, so a held
 * nudge key or fast clicks never act on picks that an earlier edit has already changed.
 */
export class GatherSession {
  shot = $state<ShotSummary | null>(null);
  timeBase = $state<TimeBasePreview | null>(null);
  traces = $state.raw<TraceInfo[]>([]);
  samples = $state.raw<Float32Array[]>([]);
  picks = $state.raw<PickRecord[]>([]);
  selectedPickId = $state<number | null>(null);
  error = $state<string | null>(null);
  /** Edits started and not yet read back. */
  pending = $state(0);

  private queue: Promise<void> = Promise.resolve();

  constructor(readonly shotId: number) {}

  get selectedPick(): PickRecord | null {
    return this.picks.find((p) => p.id === this.selectedPickId) ?? null;
  }

  async load(): Promise<void> {
    const gather = await api.call('shots.gather', { shotId: this.shotId });
    this.samples = gather.traces.map((t) => decodeFloat32Base64(t.samples));
    this.apply(gather);
  }

  private apply(gather: Gather): void {
    this.shot = gather.shot;
    this.timeBase = gather.timeBase;
    const traces = gather.traces.map(({ samples: _samples, ...info }) => info);
    // New trace objects would reprocess every trace; only a status change needs that.
    const changed =
      traces.length !== this.traces.length ||
      traces.some((t, i) => t.status !== this.traces[i]!.status);
    if (changed) this.traces = traces;
    this.picks = gather.picks;
    if (this.selectedPickId !== null && !this.selectedPick) this.selectedPickId = null;
  }

  /** Reads the picks back after a change made elsewhere (an auto-pick run, imported picks). */
  refresh(): Promise<void> {
    return this.edit(async () => {});
  }

  /** Runs an edit after the ones before it, then reads the gather back. */
  private edit(action: () => Promise<void>): Promise<void> {
    this.pending++;
    const run = this.queue.then(async () => {
      try {
        this.error = null;
        await action();
      } catch (err) {
        this.error = (err as Error).message;
      }
      try {
        this.apply(await api.call('shots.gather', { shotId: this.shotId, samples: false }));
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        this.pending--;
      }
    });
    this.queue = run;
    return run;
  }

  /**
   * Sets the person's pick of a phase on a trace (moving their earlier one there). The
   * catalogue rejects the trace's other picks of that phase in the same action, since the
   * person's pick replaces them: one undo brings them back.
   */
  setManual(traceId: number, phase: 'P' | 'S', time: number): Promise<void> {
    return this.edit(async () => {
      const pick = await api.call('picks.setManual', { traceId, phase, time });
      this.selectedPickId = pick.id;
    });
  }

  /** Moves the selected pick by `samples` samples of its trace (a manual pick afterwards). */
  nudge(samples: number): Promise<void> {
    return this.edit(async () => {
      const pick = this.selectedPick;
      const trace = pick && this.traces.find((t) => t.id === pick.traceId);
      if (!pick || !trace) return;
      const moved = await api.call('picks.setManual', {
        traceId: pick.traceId,
        phase: pick.phase,
        time: onSampleGrid(trace, pick.time, samples),
      });
      this.selectedPickId = moved.id;
    });
  }

  setPickStatus(status: 'accepted' | 'rejected'): Promise<void> {
    const id = this.selectedPickId;
    if (id === null) return Promise.resolve();
    return this.edit(async () => {
      await api.call('picks.setStatus', { ids: [id], status });
    });
  }

  deleteSelected(): Promise<void> {
    const id = this.selectedPickId;
    if (id === null) return Promise.resolve();
    return this.edit(async () => {
      await api.call('picks.delete', { ids: [id] });
      this.selectedPickId = null;
    });
  }

  /** Accepts or rejects every proposal of the shot. */
  setShotStatus(status: 'accepted' | 'rejected'): Promise<void> {
    return this.edit(async () => {
      await api.call('picks.setShotStatus', { shotId: this.shotId, status });
    });
  }

  undo(): Promise<void> {
    return this.edit(async () => {
      await api.call('picks.undo', {});
    });
  }

  redo(): Promise<void> {
    return this.edit(async () => {
      await api.call('picks.redo', {});
    });
  }

  setTraceStatus(traceId: number, status: TraceStatus): Promise<void> {
    return this.edit(async () => {
      await api.call('traces.setStatus', { traceIds: [traceId], status });
    });
  }

  /** Sets the shot's QC status; returns the shot as the catalogue now has it. */
  async setQc(status: ShotSummary['qcStatus']): Promise<ShotSummary | null> {
    let updated: ShotSummary | null = null;
    await this.edit(async () => {
      updated = await api.call('shots.setQc', { shotId: this.shotId, status });
    });
    return updated;
  }
}
