import type { EditResult, PickOrigin, PickRecord, PickStatus } from '../api/contract';

export type { PickRecord };
import { writeTransaction, type Db } from './database';

export type Phase = 'P' | 'S';

/** A pick as a picker or a person proposes it. */
export interface NewPick {
  traceId: number;
  phase: Phase;
  time: number;
  probability?: number | null;
  uncertainty?: number | null;
}

interface PickFields {
  origin: PickOrigin;
  status: PickStatus;
  method: string;
  modelId: number | null;
}

/** Rows per INSERT when writing many picks (SQLite allows 32766 bound values; 6 per row). */
const INSERT_BATCH = 100;

const PICK_COLUMNS = `id, trace_id, phase, time, probability, uncertainty, origin, method, model_id,
  status, created_at, updated_at`;

/**
 * What a row varies in is bound per row; what a whole action shares (origin, method, model,
 * status, time) is bound once by name, which halves the values crossing into SQLite.
 */
function pickInsertSql(db: Db, rows: number) {
  const row = '(?, ?, ?, ?, ?, ?, @origin, @method, @modelId, @status, @now, @now)';
  return db.prepare(
    `INSERT INTO picks (${PICK_COLUMNS}) VALUES ${Array(rows).fill(row).join(', ')}`,
  );
}

/** The latest action, whether it changed picks (pick_history) or created them (pick_creations). */
const LATEST_GROUP = `SELECT MAX(g) AS g FROM (
    SELECT MAX(edit_group) AS g FROM pick_history WHERE undone = ?
    UNION ALL SELECT MAX(edit_group) FROM pick_creations WHERE undone = ?)`;

/** The mutable part of a pick, as pick_history stores it before and after each change. */
interface Snapshot {
  time: number;
  probability: number | null;
  uncertainty: number | null;
  origin: PickOrigin;
  method: string;
  model_id: number | null;
  status: PickStatus;
  deleted: number;
  updated_at: string;
}

interface PickRow extends Snapshot {
  id: number;
  trace_id: number;
  phase: Phase;
  created_at: string;
}

export interface RunResult {
  editGroup: number;
  written: number;
  /** Earlier automatic proposals of the same traces and phases, now superseded (soft). */
  superseded: number;
  /** New proposals written beside a manual or accepted pick, which stays as it was. */
  besideKept: number;
}

/** What an action did; no group when it changed nothing (and so cannot be undone). */
function edited(group: number | null, pickIds: number[]): EditResult {
  const ids = [...new Set(pickIds)].sort((a, b) => a - b);
  return { editGroup: ids.length ? group : null, pickIds: ids };
}

const toRecord = (r: PickRow): PickRecord => ({
  id: r.id,
  traceId: r.trace_id,
  phase: r.phase,
  time: r.time,
  probability: r.probability,
  uncertainty: r.uncertainty,
  origin: r.origin,
  method: r.method,
  modelId: r.model_id,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const snapshot = (r: PickRow): Snapshot => ({
  time: r.time,
  probability: r.probability,
  uncertainty: r.uncertainty,
  origin: r.origin,
  method: r.method,
  model_id: r.model_id,
  status: r.status,
  deleted: r.deleted,
  updated_at: r.updated_at,
});

/**
 * All writes to picks go through here, so the catalogue's rules hold everywhere:
 * - an automatic run never changes a manual or accepted pick; it writes proposals beside it
 *   and supersedes only its own kind's earlier proposals;
 * - nothing is deleted for real: deleting sets a flag;
 * - every change is recorded under one edit group per user action, so undo and redo work per
 *   action and survive a restart: changes to existing picks in pick_history (before and after),
 *   new picks in pick_creations as ranges of ids, which the store assigns itself so that a
 *   run's million picks are one range.
 */
export class PickStore {
  /** Statements compiled once: a run may write a million picks. */
  private readonly sql;
  private readonly batchSql;

  constructor(private readonly db: Db) {
    this.batchSql = pickInsertSql(db, INSERT_BATCH);
    this.sql = {
      get: db.prepare('SELECT * FROM picks WHERE id = ?'),
      update: db.prepare(
        `UPDATE picks SET time = ?, probability = ?, uncertainty = ?, origin = ?, method = ?,
           model_id = ?, status = ?, deleted = ?, updated_at = ? WHERE id = ?`,
      ),
      log: db.prepare(
        `INSERT INTO pick_history (pick_id, edit_group, action, before, after, at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      live: db.prepare('SELECT * FROM picks WHERE trace_id = ? AND phase = ? AND deleted = 0'),
      created: db.prepare(
        'INSERT INTO pick_creations (edit_group, first_id, last_id, at) VALUES (?, ?, ?, ?)',
      ),
      lastId: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM picks'),
      latest: db.prepare(LATEST_GROUP),
      traceExists: db.prepare('SELECT 1 FROM traces WHERE id = ?'),
      modelExists: db.prepare('SELECT 1 FROM models WHERE id = ?'),
    };
  }

  private get(id: number): PickRow {
    const row = this.sql.get.get(id) as PickRow | undefined;
    if (!row) throw new Error(`pick ${id} does not exist`);
    return row;
  }

  /** Every action starts here: its edit group and its timestamp. */
  private nextGroup(): number {
    this.stamp = null;
    const row = this.db
      .prepare(
        `SELECT COALESCE(MAX(g), 0) + 1 AS g FROM (
           SELECT MAX(edit_group) AS g FROM pick_history
           UNION ALL SELECT MAX(edit_group) FROM pick_creations)`,
      )
      .get() as { g: number };
    return row.g;
  }

  private log(
    group: number,
    pickId: number,
    action: 'update' | 'delete',
    before: Snapshot,
    after: Snapshot,
  ): void {
    this.sql.log.run(
      pickId,
      group,
      action,
      JSON.stringify(before),
      JSON.stringify(after),
      this.now(),
    );
  }

  /**
   * One timestamp per action: every row an action writes carries the same time, and a run of
   * a million picks does not format a million dates.
   */
  private stamp: string | null = null;
  private now(): string {
    return (this.stamp ??= new Date().toISOString());
  }

  /**
   * A transaction writing many picks. SQLite's per-row foreign-key check looks each pick's
   * trace up again (a million lookups for a run over a line, a fifth of its time), so the
   * enforcement is paused for the transaction and insertMany checks each distinct trace and
   * model once instead; nothing else can write meanwhile (one writer, synchronous calls).
   * Inside a caller's transaction the pragma cannot change, and SQLite keeps checking.
   */
  private bulk<T>(work: () => T): T {
    const pause = !this.db.inTransaction && this.db.pragma('foreign_keys', { simple: true }) === 1;
    if (pause) this.db.pragma('foreign_keys = OFF');
    try {
      return writeTransaction(this.db, work);
    } finally {
      if (pause) this.db.pragma('foreign_keys = ON');
    }
  }

  /** What the foreign keys of new picks would check, when their enforcement is paused. */
  private checkReferences(picks: readonly NewPick[], fields: PickFields): void {
    if (this.db.pragma('foreign_keys', { simple: true }) === 1) return;
    for (const traceId of new Set(picks.map((p) => p.traceId))) {
      if (!this.sql.traceExists.get(traceId)) {
        throw new Error(`FOREIGN KEY constraint failed: no trace ${traceId} in the catalogue`);
      }
    }
    if (fields.modelId !== null && !this.sql.modelExists.get(fields.modelId)) {
      throw new Error(`FOREIGN KEY constraint failed: no model ${fields.modelId} in the catalogue`);
    }
  }

  private insert(group: number, pick: NewPick, fields: PickFields): number {
    return this.insertMany(group, [pick], fields);
  }

  /**
   * Many picks of one kind, `INSERT_BATCH` rows per statement (a run writes up to a million,
   * and one statement per row spends most of its time crossing from JS into SQLite), with ids
   * following the table's largest: every caller is inside a write transaction, so no other
   * writer can take them, and the action's creations are one range. Returns the first id.
   */
  private insertMany(group: number, picks: readonly NewPick[], fields: PickFields): number {
    this.checkReferences(picks, fields);
    const now = this.now();
    const first = (this.sql.lastId.get() as { id: number }).id + 1;
    const shared = { ...fields, now };
    const full = Math.floor(picks.length / INSERT_BATCH) * INSERT_BATCH;
    const batch = (from: number, size: number) => {
      const statement = size === INSERT_BATCH ? this.batchSql : pickInsertSql(this.db, size);
      const args: (string | number | null)[] = [];
      for (let i = from; i < from + size; i++) {
        const pick = picks[i]!;
        args.push(
          first + i,
          pick.traceId,
          pick.phase,
          pick.time,
          pick.probability ?? null,
          pick.uncertainty ?? null,
        );
      }
      statement.run(args, shared);
    };
    for (let i = 0; i < full; i += INSERT_BATCH) batch(i, INSERT_BATCH);
    if (full < picks.length) batch(full, picks.length - full);
    // The created state is the rows themselves: undoing a creation only hides the picks and
    // redoing it shows them again, so the record needs no copy of them.
    if (picks.length) this.sql.created.run(group, first, first + picks.length - 1, now);
    return first;
  }

  private change(group: number, id: number, patch: Partial<Snapshot>): void {
    const before = this.get(id);
    const after: Snapshot = {
      ...snapshot(before),
      ...patch,
      updated_at: this.now(),
    };
    this.apply(id, after);
    this.log(group, id, patch.deleted === 1 ? 'delete' : 'update', snapshot(before), after);
  }

  private apply(id: number, s: Snapshot): void {
    this.sql.update.run(
      s.time,
      s.probability,
      s.uncertainty,
      s.origin,
      s.method,
      s.model_id,
      s.status,
      s.deleted,
      s.updated_at,
      id,
    );
  }

  /**
   * Stores the result of an automatic (or pseudo-labelling) run over `traceIds` and `phases`:
   * earlier proposals of the same origin on those traces and phases are superseded, whether
   * or not the run picked them again; manual, accepted and rejected picks stay untouched.
   */
  writeRun(run: {
    traceIds: number[];
    phases: Phase[];
    picks: NewPick[];
    origin: 'auto' | 'pseudo';
    method: string;
    modelId: number | null;
  }): RunResult {
    return this.bulk((): RunResult => {
      const group = this.nextGroup();
      let superseded = 0;
      const protectedKeys = new Set<string>();
      for (const traceId of run.traceIds) {
        for (const phase of run.phases) {
          for (const row of this.sql.live.all(traceId, phase) as PickRow[]) {
            if (row.origin === run.origin && row.status === 'proposed') {
              this.change(group, row.id, { deleted: 1 });
              superseded++;
            } else if (row.origin === 'manual' || row.status === 'accepted') {
              protectedKeys.add(`${traceId}:${phase}`);
            }
          }
        }
      }
      this.insertMany(group, run.picks, {
        origin: run.origin,
        status: 'proposed',
        method: run.method,
        modelId: run.modelId,
      });
      const besideKept = run.picks.filter((p) => protectedKeys.has(`${p.traceId}:${p.phase}`));
      return {
        editGroup: group,
        written: run.picks.length,
        superseded,
        besideKept: besideKept.length,
      };
    });
  }

  /**
   * Picks made elsewhere (another program, an earlier analyst): stored as `imported` and
   * accepted, beside any others. `source` names where they came from (the file name); picks
   * imported earlier from the same source are superseded, so importing a file again replaces
   * what it brought rather than doubling it.
   */
  writeImported(picks: NewPick[], source: string): RunResult {
    return this.bulk((): RunResult => {
      const group = this.nextGroup();
      const earlier = this.db
        .prepare(`SELECT id FROM picks WHERE origin = 'imported' AND method = ? AND deleted = 0`)
        .all(source) as { id: number }[];
      for (const { id } of earlier) this.change(group, id, { deleted: 1 });
      this.insertMany(group, picks, {
        origin: 'imported',
        status: 'accepted',
        method: source,
        modelId: null,
      });
      return { editGroup: group, written: picks.length, superseded: earlier.length, besideKept: 0 };
    });
  }

  /**
   * A person's pick: moves the trace's live manual pick of that phase, or creates one
   * (accepted, since a person made it). The other live picks of that trace and phase
   * (proposals, imported picks) are rejected in the same action, since the person's pick
   * replaces them; one undo brings them all back.
   */
  setManual(pick: NewPick): PickRecord {
    return writeTransaction(this.db, (): PickRecord => {
      const group = this.nextGroup();
      const live = this.sql.live.all(pick.traceId, pick.phase) as PickRow[];
      const manual = live.filter((p) => p.origin === 'manual').sort((a, b) => b.id - a.id)[0];
      for (const other of live) {
        if (other.origin !== 'manual' && other.status !== 'rejected') {
          this.change(group, other.id, { status: 'rejected' });
        }
      }
      if (manual) {
        this.change(group, manual.id, {
          time: pick.time,
          uncertainty: pick.uncertainty ?? null,
          status: 'accepted',
        });
        return toRecord(this.get(manual.id));
      }
      const id = this.insert(group, pick, {
        origin: 'manual',
        status: 'accepted',
        method: 'manual',
        modelId: null,
      });
      return toRecord(this.get(id));
    });
  }

  /**
   * Corrections a person has seen on their traces and accepts (QC's fit times, drawn in the
   * gather): each becomes an accepted pick of `origin` pseudo, and the trace's other live picks
   * of that phase are rejected (never deleted), all as one action that one undo reverses.
   */
  acceptCorrections(corrections: readonly NewPick[], method: string): EditResult {
    return writeTransaction(this.db, (): EditResult => {
      const group = this.nextGroup();
      const touched: number[] = [];
      for (const c of corrections) {
        for (const other of this.sql.live.all(c.traceId, c.phase) as PickRow[]) {
          if (other.status !== 'rejected') {
            this.change(group, other.id, { status: 'rejected' });
            touched.push(other.id);
          }
        }
      }
      const first = this.insertMany(group, corrections, {
        origin: 'pseudo',
        status: 'accepted',
        method,
        modelId: null,
      });
      for (let k = 0; k < corrections.length; k++) touched.push(first + k);
      return { editGroup: corrections.length ? group : null, pickIds: touched };
    });
  }

  /** Accepts or rejects picks, as one undoable action. */
  setStatus(ids: number[], status: PickStatus): EditResult {
    return this.setStatuses([{ ids, status }]);
  }

  /**
   * Several status changes as one undoable action, e.g. accepting a QC correction and
   * rejecting the pick it replaces.
   */
  setStatuses(changes: { ids: number[]; status: PickStatus }[]): EditResult {
    return writeTransaction(this.db, () => {
      const group = this.nextGroup();
      const changed: number[] = [];
      for (const { ids, status } of changes) {
        for (const id of ids.filter((i) => this.get(i).status !== status)) {
          this.change(group, id, { status });
          changed.push(id);
        }
      }
      return edited(group, changed);
    });
  }

  /** Accepts or rejects every live proposal of a shot, optionally of one phase. */
  setShotStatus(shotId: number, status: 'accepted' | 'rejected', phase?: Phase): EditResult {
    const ids = this.ofShot(shotId)
      .filter((p) => p.status === 'proposed' && (phase === undefined || p.phase === phase))
      .map((p) => p.id);
    return this.setStatus(ids, status);
  }

  /** Soft-deletes picks, as one undoable action. */
  remove(ids: number[]): EditResult {
    return writeTransaction(this.db, () => {
      const group = this.nextGroup();
      const live = ids.filter((id) => this.get(id).deleted === 0);
      for (const id of live) this.change(group, id, { deleted: 1 });
      return edited(group, live);
    });
  }

  /** Reverts the latest action not yet undone; null when there is none. */
  undo(): EditResult {
    return writeTransaction(this.db, (): EditResult => {
      const row = this.sql.latest.get(0, 0) as { g: number | null };
      if (row.g === null) return edited(null, []);
      return this.replay(row.g, 'before', 1);
    });
  }

  /** Re-applies the earliest undone action, unless a newer action has happened since. */
  redo(): EditResult {
    return writeTransaction(this.db, (): EditResult => {
      const latest = (this.sql.latest.get(0, 0) as { g: number | null }).g ?? 0;
      const row = this.db
        .prepare(
          `SELECT MIN(g) AS g FROM (
             SELECT MIN(edit_group) AS g FROM pick_history WHERE undone = 1 AND edit_group > ?
             UNION ALL
             SELECT MIN(edit_group) FROM pick_creations WHERE undone = 1 AND edit_group > ?)`,
        )
        .get(latest, latest) as { g: number | null };
      if (row.g === null) return edited(null, []);
      return this.replay(row.g, 'after', 0);
    });
  }

  private replay(group: number, side: 'before' | 'after', undone: 0 | 1): EditResult {
    const changes = this.db
      .prepare(
        `SELECT id, pick_id, before, after FROM pick_history WHERE edit_group = ?
         ORDER BY id ${side === 'before' ? 'DESC' : 'ASC'}`,
      )
      .all(group) as { id: number; pick_id: number; before: string; after: string }[];
    for (const c of changes) this.apply(c.pick_id, JSON.parse(c[side]) as Snapshot);
    // Creations: undo hides the picks, redo shows them again. They touch no pick the changes
    // above touch, so their order against them does not matter.
    const creations = this.db
      .prepare('SELECT first_id, last_id FROM pick_creations WHERE edit_group = ?')
      .all(group) as { first_id: number; last_id: number }[];
    const show = this.db.prepare('UPDATE picks SET deleted = ? WHERE id BETWEEN ? AND ?');
    for (const r of creations) show.run(undone, r.first_id, r.last_id);
    this.db.prepare('UPDATE pick_history SET undone = ? WHERE edit_group = ?').run(undone, group);
    this.db.prepare('UPDATE pick_creations SET undone = ? WHERE edit_group = ?').run(undone, group);
    const created = creations.flatMap((r) =>
      Array.from({ length: r.last_id - r.first_id + 1 }, (_, i) => r.first_id + i),
    );
    return edited(group, [...changes.map((c) => c.pick_id), ...created]);
  }

  /** Live picks of one shot's traces, by trace then phase. */
  ofShot(shotId: number): PickRecord[] {
    return (
      this.db
        .prepare(
          `SELECT p.* FROM picks p JOIN traces t ON p.trace_id = t.id
           WHERE t.shot_id = ? AND p.deleted = 0 ORDER BY t.trace_index, p.phase, p.id`,
        )
        .all(shotId) as PickRow[]
    ).map(toRecord);
  }

  /** Live picks of one phase across the survey (the travel-time plot). */
  ofPhase(phase: Phase): PickRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM picks WHERE phase = ? AND deleted = 0 ORDER BY trace_id, id')
        .all(phase) as PickRow[]
    ).map(toRecord);
  }
}
