import fs from 'node:fs';
import path from 'node:path';
import { DESCRIPTION_FILE } from './survey-output';

/**
 * The simulator's own measure of how far each arrival stands out (survey.json, per shot
 * `arrivalSnr`), read back for training and scoring: a record alone cannot tell an S arrival
 * from the ground roll rising under it.
 */

export interface ArrivalSnrs {
  P: number | null;
  S: number | null;
  /**
   * True on an SH line (survey.json `sourceType` 'SH'), where P is only leakage: a buried P
   * there says nothing about the trace, whose first break is S.
   */
  shSource?: boolean;
}

/**
 * File name → per trace SNRs (dB), from a `pickline synth` folder's survey.json; null when
 * the folder has none (a SPECFEM2D run, or a simulation older than the measure).
 */
export function arrivalSnrs(dir: string): Map<string, ArrivalSnrs[]> | null {
  const file = path.join(dir, DESCRIPTION_FILE);
  if (!fs.existsSync(file)) return null;
  let description: unknown;
  try {
    description = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const surveys = (description as { surveys?: unknown }).surveys;
  if (!Array.isArray(surveys)) throw new Error(`${file}: no "surveys" list`);
  const out = new Map<string, ArrivalSnrs[]>();
  for (const survey of surveys as { shots?: unknown; sourceType?: unknown }[]) {
    const sh = survey.sourceType === 'SH' ? { shSource: true } : {};
    for (const shot of (survey.shots ?? []) as {
      file?: unknown;
      arrivalSnr?: { P?: unknown; S?: unknown };
    }[]) {
      if (!shot.arrivalSnr) return null;
      const { P, S } = shot.arrivalSnr;
      if (typeof shot.file !== 'string' || !Array.isArray(P) || !Array.isArray(S)) {
        throw new Error(`${file}: a shot's "file" or "arrivalSnr" is malformed`);
      }
      out.set(
        shot.file,
        P.map((p, i) => ({ P: dbOrNull(p), S: dbOrNull(S[i]), ...sh })),
      );
    }
  }
  return out;
}

const dbOrNull = (v: unknown) => (typeof v === 'number' ? v : null);
