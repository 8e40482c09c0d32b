import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelEvaluation } from '../api/contract';
import { ApiError } from '../api/errors';
import { CARD_FILE, readCard, WEIGHTS_FILE, type ModelCard } from '../picking/model-dir';
import { writeTransaction } from './database';
import { MODELS_DIR } from './paths';
import type { Project } from './project';

export { MODELS_DIR };

export interface RegisteredModel {
  id: number;
  name: string;
  architecture: string;
  sampleRate: number;
  inputChannels: number;
  /** The project's copy of the model directory. */
  dir: string;
  isDefault: boolean;
  provenance: { source: string; licence: string; weightsSha256: string; registeredFrom: string };
  metrics: unknown;
}

interface ModelRow {
  id: number;
  name: string;
  architecture: string;
  sample_rate: number;
  input_channels: number;
  weights_path: string;
  provenance: string;
  metrics: string;
  is_default: number;
}

function toModel(project: Project, r: ModelRow): RegisteredModel {
  return {
    id: r.id,
    name: r.name,
    architecture: r.architecture,
    sampleRate: r.sample_rate,
    inputChannels: r.input_channels,
    dir: path.join(project.dir, r.weights_path),
    isDefault: r.is_default === 1,
    provenance: JSON.parse(r.provenance) as RegisteredModel['provenance'],
    metrics: JSON.parse(r.metrics) as unknown,
  };
}

const describeArchitecture = (card: ModelCard) => {
  const a = card.architecture;
  return `phasenet depth ${a.depth} filters ${a.filters.join('/')} kernel ${a.kernel} window ${a.window}`;
};

export function listModels(project: Project): RegisteredModel[] {
  const rows = project.db.prepare('SELECT * FROM models ORDER BY id').all() as ModelRow[];
  return rows.map((r) => toModel(project, r));
}

export function findModel(project: Project, nameOrId: string | number): RegisteredModel | null {
  const row = project.db
    .prepare('SELECT * FROM models WHERE id = ? OR name = ?')
    .get(typeof nameOrId === 'number' ? nameOrId : -1, String(nameOrId)) as ModelRow | undefined;
  return row ? toModel(project, row) : null;
}

export function defaultModel(project: Project): RegisteredModel | null {
  const row = project.db.prepare('SELECT * FROM models WHERE is_default = 1').get() as
    ModelRow | undefined;
  return row ? toModel(project, row) : null;
}

export function setDefaultModel(project: Project, id: number): void {
  writeTransaction(project.db, () => {
    project.db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1').run();
    project.db.prepare('UPDATE models SET is_default = 1 WHERE id = ?').run(id);
  });
}

/**
 * Registers a model directory in the project: its card is checked, the directory copied into
 * `models/` (so the project keeps working when the original moves) and a row written. The same
 * weights registered again return the existing entry (under whatever name it has now);
 * another model with a name already taken is refused, since picks refer to models by name in
 * exports and reports.
 */
export function registerModel(
  project: Project,
  dir: string,
  options: { makeDefault?: boolean } = {},
): RegisteredModel {
  const card = readCard(dir);
  const weights = fs.readFileSync(path.join(dir, WEIGHTS_FILE));
  const sha = createHash('sha256').update(weights).digest('hex');
  const relative = path.join(
    MODELS_DIR,
    `${card.name.replace(/[^\w.-]+/g, '_')}-${sha.slice(0, 12)}`,
  );
  // Two processes may register one model at once (two picking runs on a fresh project): the
  // copy goes to a folder named by the weights, and the row is decided under the write lock.
  if (!sameModel(project, dir, card.name, sha)) {
    copyModel(dir, path.join(project.dir, relative), sha);
  }
  const id = writeTransaction(project.db, () => {
    const existing = sameModel(project, dir, card.name, sha);
    if (existing) {
      if (options.makeDefault) setDefaultModel(project, existing.id);
      return existing.id;
    }
    const id = Number(
      project.db
        .prepare(
          `INSERT INTO models (name, architecture, sample_rate, input_channels, weights_path,
             provenance, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          card.name,
          describeArchitecture(card),
          card.sampleRate,
          card.architecture.channels,
          relative,
          JSON.stringify({
            source: card.source,
            licence: card.licence,
            weightsSha256: sha,
            registeredFrom: path.resolve(dir),
          }),
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    if (options.makeDefault || !defaultModel(project)) setDefaultModel(project, id);
    return id;
  });
  return findModel(project, id)!;
}

/**
 * The registered model with these weights (by weights first: a renamed model registered
 * again is still the same model), or null; a different model under the name is refused.
 */
function sameModel(
  project: Project,
  dir: string,
  name: string,
  sha: string,
): RegisteredModel | null {
  const existing =
    listModels(project).find((m) => m.provenance.weightsSha256 === sha) ?? findModel(project, name);
  if (existing && existing.provenance.weightsSha256 !== sha) {
    throw new Error(
      `${dir}: a different model named "${name}" is already registered in ${project.dir}`,
    );
  }
  return existing;
}

function holdsWeights(folder: string, sha: string): boolean {
  try {
    const weights = fs.readFileSync(path.join(folder, WEIGHTS_FILE));
    return (
      fs.existsSync(path.join(folder, CARD_FILE)) &&
      createHash('sha256').update(weights).digest('hex') === sha
    );
  } catch {
    return false;
  }
}

/**
 * Copies a model folder into the project through a temporary folder and a rename, so a crash
 * never leaves half a model. A complete copy already there (another process's) is kept,
 * since a picking run may be loading it.
 */
function copyModel(from: string, target: string, sha: string): void {
  if (holdsWeights(target, sha)) return;
  const temp = `${target}.${process.pid}.partial`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  for (const file of [CARD_FILE, WEIGHTS_FILE])
    fs.copyFileSync(path.join(from, file), path.join(temp, file));
  if (fs.existsSync(target) && !holdsWeights(target, sha)) {
    fs.rmSync(target, { recursive: true, force: true });
  }
  try {
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (!holdsWeights(target, sha)) throw err;
  }
}

/**
 * Gives a model another name. Only the catalogue row changes: the project's copy keeps the
 * card it was trained with (its name there is provenance), and picks refer to the model by id.
 */
export function renameModel(project: Project, id: number, name: string): RegisteredModel {
  const taken = findModel(project, name);
  if (taken && taken.id !== id) {
    throw new ApiError(
      'conflict',
      `a model named "${name}" is already registered: choose another name`,
    );
  }
  project.db.prepare('UPDATE models SET name = ? WHERE id = ?').run(name, id);
  return findModel(project, id)!;
}

/** Picks (live, deleted or only in the undo history) that name the model as their maker. */
export function picksByModel(project: Project, id: number): number {
  const row = project.db.prepare('SELECT COUNT(*) AS n FROM picks WHERE model_id = ?').get(id) as {
    n: number;
  };
  return row.n;
}

/**
 * Removes a model's row and its copy in `models/`. The caller checks that no pick refers to
 * it (the foreign key would refuse anyway). Training runs that made it keep their record
 * (parameters and losses) without the model.
 */
export function removeModel(project: Project, model: RegisteredModel): void {
  writeTransaction(project.db, () => {
    project.db.prepare('UPDATE training_runs SET model_id = NULL WHERE model_id = ?').run(model.id);
    project.db.prepare('DELETE FROM models WHERE id = ?').run(model.id);
  });
  // Registered before weights were compared, two rows may share a copy: keep it for the other.
  const relative = path.relative(project.dir, model.dir);
  const shared = project.db.prepare('SELECT 1 FROM models WHERE weights_path = ?').get(relative);
  if (!shared) fs.rmSync(model.dir, { recursive: true, force: true });
}

/** The evaluations stored in a model's metrics (see storeEvaluation). */
export function evaluationsOf(model: RegisteredModel): ModelEvaluation[] {
  const metrics = model.metrics as { evaluations?: ModelEvaluation[] } | null;
  return Array.isArray(metrics?.evaluations) ? metrics.evaluations : [];
}

/**
 * Stores an evaluation in the model's `metrics` under `evaluations`, one per tolerance: a new
 * one replaces the earlier one at the same tolerance (it names its date and data set), so the
 * report always shows the model on the project's current reference picks, while evaluations
 * at other tolerances stay. The catalogue is the project's, so they are this project's scores.
 */
export function storeEvaluation(project: Project, id: number, evaluation: ModelEvaluation): void {
  writeTransaction(project.db, () => {
    const model = findModel(project, id);
    if (!model) throw new Error(`no model with id ${id} in ${project.dir}`);
    const evaluations = [
      ...evaluationsOf(model).filter((e) => e.tolerance !== evaluation.tolerance),
      evaluation,
    ].sort((a, b) => a.tolerance - b.tolerance);
    const metrics = { ...(model.metrics as object), evaluations };
    project.db
      .prepare('UPDATE models SET metrics = ? WHERE id = ?')
      .run(JSON.stringify(metrics), id);
  });
}
