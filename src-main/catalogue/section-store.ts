import type { Section, SectionRequest, SectionSummary } from '../api/sections-contract';
import { writeTransaction, type Db } from './database';

/**
 * The project's velocity sections (migration 6). A section is kept whole as JSON: it is
 * only ever drawn, exported or compared with another, never queried cell by cell.
 */
interface SectionRow {
  id: number;
  phase: 'P' | 'S';
  method: SectionSummary['method'];
  created_at: string;
  picks: number;
  shots: number;
  rms: number;
  chi2: number;
  partial: number;
  result: string;
}

const summaryOf = (r: SectionRow): SectionSummary => ({
  id: r.id,
  phase: r.phase,
  method: r.method,
  createdAt: r.created_at,
  picks: r.picks,
  shots: r.shots,
  rms: r.rms,
  chi2: r.chi2,
  partial: r.partial === 1,
});

/** Stores a finished section; returns it with its id. */
export function insertSection(
  db: Db,
  request: SectionRequest,
  section: Omit<Section, 'id' | 'createdAt'>,
): Section {
  const createdAt = new Date().toISOString();
  const id = writeTransaction(db, () =>
    Number(
      db
        .prepare(
          `INSERT INTO sections (phase, method, created_at, picks, shots, rms, chi2, partial,
             request, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          section.phase,
          section.method,
          createdAt,
          section.picks,
          section.shots,
          section.rms,
          section.chi2,
          section.partial ? 1 : 0,
          JSON.stringify(request),
          JSON.stringify(section),
        ).lastInsertRowid,
    ),
  );
  return { ...section, id, createdAt };
}

export function listSections(db: Db): SectionSummary[] {
  return (db.prepare('SELECT * FROM sections ORDER BY id DESC').all() as SectionRow[]).map(
    summaryOf,
  );
}

export function readSection(db: Db, id: number): Section | null {
  const row = db.prepare('SELECT * FROM sections WHERE id = ?').get(id) as SectionRow | undefined;
  if (!row) return null;
  return { ...(JSON.parse(row.result) as Omit<Section, keyof SectionSummary>), ...summaryOf(row) };
}

/** The newest section of a phase, or null. */
export function latestSection(db: Db, phase: 'P' | 'S'): Section | null {
  const row = db
    .prepare('SELECT id FROM sections WHERE phase = ? ORDER BY id DESC LIMIT 1')
    .get(phase) as { id: number } | undefined;
  return row ? readSection(db, row.id) : null;
}
