import type {
  EditResult,
  Gather,
  LayerSegment,
  Output,
  ParsedInput,
  PickRecord,
  ShotSummary,
  TravelTimePoint,
} from '../api/contract';
import { ApiError } from '../api/errors';
import { writeTransaction } from '../catalogue/database';
import { PickStore } from '../catalogue/pick-store';
import type { Project } from '../catalogue/project';
import { currentPicks, receiverPoint, sourcePoint } from '../catalogue/current-picks';
import { layersOf, setLayers } from '../catalogue/pick-layers';
import {
  listShots,
  projectLineFrame,
  receiverPickTrace,
  shotGather,
  travelTimes,
} from '../catalogue/queries';
import { signedOffset } from '../geometry/line-frame';
import { onRecord } from '../catalogue/trace-rows';
import { layerSegments } from '../qc/layer-segments';

/**
 * What the QC views read and edit on the open project: gathers, trace and shot status, and
 * picks (every pick change goes through the PickStore, so the catalogue's rules hold).
 */
export class SurveyService {
  constructor(private readonly project: () => Project) {}

  private get db() {
    return this.project().db;
  }

  private requireTraces(ids: number[]): void {
    const known = this.db.prepare('SELECT 1 FROM traces WHERE id = ?');
    const missing = ids.filter((id) => !known.get(id));
    if (missing.length) throw new ApiError('not-found', `no trace with id ${missing.join(', ')}`);
  }

  gather(shotId: number, samples = true): Gather {
    const gather = shotGather(this.db, shotId, samples);
    if (!gather) throw new ApiError('not-found', `no shot with id ${shotId}`);
    return gather;
  }

  setShotQc({ shotId, status }: ParsedInput<'shots.setQc'>): ShotSummary {
    const changed = this.db
      .prepare('UPDATE shots SET qc_status = ? WHERE id = ?')
      .run(status, shotId);
    if (changed.changes === 0) throw new ApiError('not-found', `no shot with id ${shotId}`);
    return listShots(this.db, shotId)[0]!;
  }

  /**
   * What the shots' line records. The pickers' proposals on a shot whose type changed were
   * made for the other reading (its first break as the other phase), so they go, as one
   * undoable action; manual and accepted picks stay. Re-pick to follow the new type.
   */
  setLineType({
    shotIds,
    lineType,
  }: ParsedInput<'shots.setLineType'>): Output<'shots.setLineType'> {
    const known = this.db.prepare('SELECT line_type FROM shots WHERE id = ?');
    const before = shotIds.map((id) => known.get(id) as { line_type: string } | undefined);
    const missing = shotIds.filter((_, k) => !before[k]);
    if (missing.length > 0) {
      throw new ApiError('not-found', `no shot with id ${missing.slice(0, 5).join(', ')}`);
    }
    const changing = shotIds.filter((_, k) => before[k]!.line_type !== lineType);
    const proposals = this.db.prepare(
      `SELECT p.id FROM picks p JOIN traces t ON p.trace_id = t.id
       WHERE t.shot_id = ? AND p.origin = 'auto' AND p.status = 'proposed' AND p.deleted = 0`,
    );
    const update = this.db.prepare('UPDATE shots SET line_type = ? WHERE id = ?');
    return writeTransaction(this.db, () => {
      const stale = changing.flatMap((id) =>
        (proposals.all(id) as { id: number }[]).map((r) => r.id),
      );
      if (stale.length > 0) new PickStore(this.db).remove(stale);
      for (const id of changing) update.run(lineType, id);
      return { changed: changing.length, shotIds: changing, proposalsRemoved: stale.length };
    });
  }

  setTraceStatus({ traceIds, status }: ParsedInput<'traces.setStatus'>): { changed: number } {
    this.requireTraces(traceIds);
    const update = this.db.prepare('UPDATE traces SET status = ? WHERE id = ? AND status != ?');
    const changed = writeTransaction(this.db, () =>
      traceIds.reduce((n, id) => n + update.run(status, id, status).changes, 0),
    );
    return { changed };
  }

  /**
   * A person's pick on any component of a receiver is the receiver's pick: it goes on the
   * receiver's pick trace, where the pickers' proposals it replaces are.
   */
  setManual(input: ParsedInput<'picks.setManual'>): PickRecord {
    const traceId = receiverPickTrace(this.db, input.traceId);
    if (traceId === null) throw new ApiError('not-found', `no trace with id ${input.traceId}`);
    this.requireInRecord(input.traceId, input.time);
    return new PickStore(this.db).setManual({ ...input, traceId });
  }

  /** A person's pick lies on the record of the trace they placed it on. */
  private requireInRecord(traceId: number, time: number): void {
    const trace = this.db
      .prepare('SELECT start_time, sample_interval, sample_count FROM traces WHERE id = ?')
      .get(traceId) as { start_time: number; sample_interval: number; sample_count: number };
    if (!onRecord(time, trace)) {
      const first = trace.start_time;
      const last = first + (trace.sample_count - 1) * trace.sample_interval;
      throw new ApiError(
        'invalid-input',
        trace.sample_count === 0
          ? `picks.setManual: trace ${traceId} has no samples to pick on`
          : `picks.setManual: time ${time} s is outside trace ${traceId}, recorded from ` +
              `${first} to ${+last.toPrecision(12)} s`,
      );
    }
  }

  private requirePicks(ids: number[]): void {
    const known = this.db.prepare('SELECT 1 FROM picks WHERE id = ?');
    const missing = ids.filter((id) => !known.get(id));
    if (missing.length) throw new ApiError('not-found', `no pick with id ${missing.join(', ')}`);
  }

  setStatus({ ids, status }: ParsedInput<'picks.setStatus'>): EditResult {
    this.requirePicks(ids);
    return new PickStore(this.db).setStatus(ids, status);
  }

  setShotStatus({ shotId, status, phase }: ParsedInput<'picks.setShotStatus'>): EditResult {
    if (!listShots(this.db, shotId).length)
      throw new ApiError('not-found', `no shot with id ${shotId}`);
    return new PickStore(this.db).setShotStatus(shotId, status, phase);
  }

  remove({ ids }: ParsedInput<'picks.delete'>): EditResult {
    this.requirePicks(ids);
    return new PickStore(this.db).remove(ids);
  }

  undo(): EditResult {
    return new PickStore(this.db).undo();
  }

  redo(): EditResult {
    return new PickStore(this.db).redo();
  }

  travelTimes(phase: 'P' | 'S'): TravelTimePoint[] {
    return travelTimes(this.db, phase);
  }

  assignLayers({ phase, traceIds, layer }: ParsedInput<'layers.assign'>): { changed: number } {
    this.requireTraces(traceIds);
    return { changed: setLayers(this.db, phase, traceIds, layer) };
  }

  /** Branches through the current pick of each trace with a layer (see qc/layer-segments). */
  layerSegments(phase: 'P' | 'S'): LayerSegment[] {
    const layers = layersOf(this.db, phase);
    const frame = projectLineFrame(this.db);
    return layerSegments(
      currentPicks(this.db, phase).flatMap((p) => {
        const layer = layers.get(p.traceId);
        if (layer === undefined || p.sourceX === null || p.receiverX === null) return [];
        const offset = signedOffset(frame, sourcePoint(p), receiverPoint(p));
        return [{ shotId: p.shotId, offset, time: p.time, layer }];
      }),
    );
  }
}
