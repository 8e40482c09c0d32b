import type { AcceptedCorrections, QcReport, QcShot } from '../api/contract';
import { ApiError } from '../api/errors';
import {
  currentPicks,
  receiverPoint,
  sourcePoint,
  type CurrentPick,
} from '../catalogue/current-picks';
import { PickStore } from '../catalogue/pick-store';
import { projectLineFrame } from '../catalogue/queries';
import {
  acrossLine,
  alongLine,
  signedOffset,
  stationSpacing,
  type LineFrame,
} from '../geometry/line-frame';
import type { Project } from '../catalogue/project';
import type { Phase } from '../metrics/scores';
import { maxOf } from '../numeric/extent';
import { sourceDoubt } from '../qc/source-position';
import { qcGather } from '../qc/gather-qc';
import { receiverChains } from '../geometry/receiver-chains';
import { reciprocalPairs, summariseReciprocity } from '../qc/reciprocity';

export interface QcOptions {
  phase: Phase;
  /** Residual flag threshold in robust standard deviations (default 3.5). */
  k?: number;
  /**
   * Largest gap between a shot and the receiver read for reciprocity, m; default one receiver
   * spacing, so a shot between two receivers is read by interpolation between them.
   */
  reciprocityTolerance?: number;
  /** Reciprocity mismatch that flags a pair, s (default 1.5 ms). */
  reciprocityThreshold?: number;
  /** Store the corrected times of flagged picks as `pseudo` proposals (originals kept). */
  correct?: boolean;
  /** Whose picks to check: the current pick of each trace (default) or the network's only. */
  picks?: 'current' | 'auto';
}

/** The method of the pseudo proposals `runQc` stores. */
const CORRECTION_METHOD = 'qc-svr';

function byShot(picks: CurrentPick[]): Map<number, CurrentPick[]> {
  const shots = new Map<number, CurrentPick[]>();
  for (const p of picks) shots.set(p.shotId, [...(shots.get(p.shotId) ?? []), p]);
  return shots;
}

/**
 * One gather's QC: its robust fit, flags and corrected times (see qc/gather-qc.ts), against
 * offsets signed along the project's line (`frame`). Each run of neighbouring receivers
 * (geometry/receiver-chains.ts) is fitted on its own: the legs of a crossed or L-shaped
 * layout see the source from different places, and their first breaks make different curves.
 */
function shotQc(
  gather: CurrentPick[],
  recordId: string,
  k: number | undefined,
  frame: LineFrame,
): QcShot {
  // A robust σ below one sample would flag picks for rounding to the sample grid.
  const minScale = Math.max(1e-4, maxOf(gather.map((p) => p.sampleInterval)));
  const chains = receiverChains(gather.map((p) => ({ ...receiverPoint(p), offset: null })));
  const items: QcShot['items'] = [];
  const apparentVelocities: QcShot['apparentVelocities'] = [];
  for (const chain of chains) {
    const picks = chain.map((l) => gather[l.receiver]!);
    const qc = qcGather(
      picks.map((p) => ({
        id: p.pickId,
        offset: signedOffset(frame, sourcePoint(p), receiverPoint(p)),
        time: p.time,
      })),
      { fit: { minScale }, ...(k ? { flags: { k } } : {}) },
    );
    qc.picks.forEach((q, i) =>
      items.push({
        pickId: picks[i]!.pickId,
        traceId: picks[i]!.traceId,
        offset: q.offset,
        time: picks[i]!.time,
        predicted: q.predicted,
        residual: q.residual,
        flags: q.flags,
        corrected: q.corrected,
      }),
    );
    for (const side of qc.fit.sides) {
      if (side.model !== 'branches') continue;
      for (const slope of side.branches.slopes) {
        apparentVelocities.push({ side: side.side, velocity: 1 / slope });
      }
    }
  }
  return {
    shotId: gather[0]!.shotId,
    recordId,
    picks: items.length,
    flagged: items.filter((i) => i.flags.length > 0).length,
    apparentVelocities,
    items,
    sourceDoubt: sourceDoubt(
      sourcePoint(gather[0]!),
      gather.map((p) => ({ ...receiverPoint(p), time: p.time })),
    ),
  };
}

/** The current picks of one phase with positions, for QC. */
function positionedPicks(project: Project, phase: Phase, origins?: string[]): CurrentPick[] {
  return currentPicks(project.db, phase, origins).filter(
    (p) => p.sourceX !== null && p.receiverX !== null,
  );
}

/**
 * One shot's QC, for the gather: flags and the fit's corrected times, shown on the traces
 * before anything is accepted; nothing is stored. Null when the shot has no positioned picks.
 */
export function qcShot(project: Project, options: { phase: Phase; shotId: number; k?: number }) {
  const gather = positionedPicks(project, options.phase).filter((p) => p.shotId === options.shotId);
  if (gather.length === 0) return null;
  const record = project.db
    .prepare('SELECT record_id FROM shots WHERE id = ?')
    .get(options.shotId) as { record_id: string } | undefined;
  const recordId = record?.record_id ?? String(options.shotId);
  return shotQc(gather, recordId, options.k, projectLineFrame(project.db));
}

/**
 * Accepts corrections a person saw in the gather, per pick or for the gather: each must still
 * be what the QC computes now (else the picks changed since it was drawn, and the person is
 * asked to look again rather than accept a time they never saw). Accepted corrections become
 * accepted pseudo picks; the picks they replace are rejected; one undo reverses all.
 */
export function acceptShownCorrections(
  project: Project,
  options: { phase: Phase; shotId: number; corrections: { traceId: number; time: number }[] },
): AcceptedCorrections {
  const shot = qcShot(project, { phase: options.phase, shotId: options.shotId });
  const now = new Map(
    (shot?.items ?? []).flatMap((i) => (i.corrected === null ? [] : [[i.traceId, i.corrected]])),
  );
  for (const c of options.corrections) {
    const current = now.get(c.traceId);
    if (current === undefined || Math.abs(current - c.time) > 1e-6) {
      throw new ApiError(
        'conflict',
        `the correction on trace ${c.traceId} is not the one shown (the picks changed since): look at the gather again`,
      );
    }
  }
  const edit = new PickStore(project.db).acceptCorrections(
    options.corrections.map((c) => ({
      traceId: c.traceId,
      phase: options.phase,
      time: now.get(c.traceId)!,
    })),
    CORRECTION_METHOD,
  );
  return {
    ...edit,
    accepted: options.corrections.length,
    rejected: edit.pickIds.length - options.corrections.length,
    kept: 0,
  };
}

/**
 * Travel-time QC of a project's current picks of one phase: per shot, a robust fit of time
 * against offset flags the picks that disagree with their gather and proposes corrected times;
 * across shots, reciprocal pairs measure the picking error without a model. With `correct`,
 * the corrections become `pseudo` proposals beside the originals (an earlier QC's pseudo
 * proposals on those traces are replaced).
 */
export function runQc(project: Project, options: QcOptions): QcReport {
  const origins = options.picks === 'auto' ? ['auto'] : undefined;
  const picks = positionedPicks(project, options.phase, origins);
  const records = new Map(
    (
      project.db.prepare('SELECT id, record_id FROM shots').all() as {
        id: number;
        record_id: string;
      }[]
    ).map((r) => [r.id, r.record_id]),
  );
  const frame = projectLineFrame(project.db);
  const shots: QcShot[] = [];
  const corrections: { traceId: number; time: number }[] = [];
  for (const [shotId, gather] of byShot(picks)) {
    const shot = shotQc(gather, records.get(shotId) ?? String(shotId), options.k, frame);
    for (const item of shot.items) {
      if (item.corrected !== null)
        corrections.push({ traceId: item.traceId, time: item.corrected });
    }
    shots.push(shot);
  }

  // Reciprocity reads positions along the line, and across it for a crossed layout.
  const inFrame = (p: { x: number; y: number }) => ({
    along: alongLine(frame, p),
    across: acrossLine(frame, p),
  });
  const receivers = new Map(picks.map((p) => [p.pickId, inFrame(receiverPoint(p))]));
  const sources = new Map(picks.map((p) => [p.shotId, inFrame(sourcePoint(p))]));
  const positionTolerance =
    options.reciprocityTolerance ?? stationSpacing(picks.map(receiverPoint)) ?? 0.5;
  const pairs = reciprocalPairs(
    shots.map((s) => ({
      source: sources.get(s.shotId)!.along,
      across: sources.get(s.shotId)!.across,
      picks: s.items.map((i) => ({
        id: i.pickId,
        receiver: receivers.get(i.pickId)!.along,
        across: receivers.get(i.pickId)!.across,
        time: i.time,
      })),
    })),
    {
      positionTolerance,
      ...(options.reciprocityThreshold !== undefined
        ? { threshold: options.reciprocityThreshold }
        : {}),
    },
  );

  let stored = 0;
  if (options.correct && corrections.length > 0) {
    stored = new PickStore(project.db).writeRun({
      traceIds: corrections.map((c) => c.traceId),
      phases: [options.phase],
      picks: corrections.map((c) => ({ traceId: c.traceId, phase: options.phase, time: c.time })),
      origin: 'pseudo',
      method: CORRECTION_METHOD,
      modelId: null,
    }).written;
  }
  return {
    phase: options.phase,
    shots,
    picks: picks.length,
    flagged: shots.reduce((n, s) => n + s.flagged, 0),
    corrected: corrections.length,
    storedPseudo: stored,
    reciprocity: {
      ...summariseReciprocity(pairs),
      positionTolerance,
      pairs: pairs.map((p) => ({
        a: p.a,
        b: p.b,
        forward: { time: p.forward.time, receivers: p.forward.receivers, how: p.forward.how },
        reverse: { time: p.reverse.time, receivers: p.reverse.receivers, how: p.reverse.how },
        difference: p.difference,
        flagged: p.flagged,
      })),
    },
  };
}

/**
 * Accepts the stored corrections of a phase on one shot (or all) and rejects the proposals
 * they replace, as one undoable action. A trace whose live picks include a manual or an
 * accepted one keeps it: a person has decided there, and a fit does not overrule them.
 */
export function acceptCorrections(
  project: Project,
  options: { phase: Phase; shotId?: number },
): AcceptedCorrections {
  const rows = project.db
    .prepare(
      `SELECT p.id, p.trace_id AS traceId, p.origin, p.method, p.status
       FROM picks p JOIN traces t ON p.trace_id = t.id
       WHERE p.phase = ? AND p.deleted = 0 AND (? IS NULL OR t.shot_id = ?)
       ORDER BY p.trace_id, p.id`,
    )
    .all(options.phase, options.shotId ?? null, options.shotId ?? null) as {
    id: number;
    traceId: number;
    origin: string;
    method: string;
    status: string;
  }[];
  const byTrace = new Map<number, typeof rows>();
  for (const r of rows) byTrace.set(r.traceId, [...(byTrace.get(r.traceId) ?? []), r]);

  const accept: number[] = [];
  const reject: number[] = [];
  let kept = 0;
  for (const live of byTrace.values()) {
    const isCorrection = (p: (typeof rows)[number]) =>
      p.origin === 'pseudo' && p.method === CORRECTION_METHOD && p.status === 'proposed';
    const corrections = live.filter(isCorrection);
    if (corrections.length === 0) continue;
    if (live.some((p) => p.origin === 'manual' || p.status === 'accepted')) {
      kept += corrections.length;
      continue;
    }
    // runQc supersedes its earlier corrections, so a trace has one; the latest if not.
    const latest = corrections[corrections.length - 1]!;
    accept.push(latest.id);
    reject.push(...live.filter((p) => p !== latest && p.status === 'proposed').map((p) => p.id));
  }
  const edit = new PickStore(project.db).setStatuses([
    { ids: accept, status: 'accepted' },
    { ids: reject, status: 'rejected' },
  ]);
  return { ...edit, accepted: accept.length, rejected: reject.length, kept };
}
