import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CARD_FILE, readCard, WEIGHTS_FILE, type ModelCard } from '../picking/model-dir';
import type { Project } from './project';

/** Copies of registered models, inside the project so it stays whole when moved. */
export const MODELS_DIR = 'models';

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
  project.db.transaction(() => {
    project.db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1').run();
    project.db.prepare('UPDATE models SET is_default = 1 WHERE id = ?').run(id);
  })();
}

/**
 * Registers a model directory in the project: its card is checked, the directory copied into
 * `models/` (so the project keeps working when the original moves) and a row written. The same
 * weights registered again return the existing entry; another model with a name already taken
 * is refused, since picks refer to models by name in exports and reports.
 */
export function registerModel(
  project: Project,
  dir: string,
  options: { makeDefault?: boolean } = {},
): RegisteredModel {
  const card = readCard(dir);
  const weights = fs.readFileSync(path.join(dir, WEIGHTS_FILE));
  const sha = createHash('sha256').update(weights).digest('hex');
  const existing = findModel(project, card.name);
  if (existing) {
    if (existing.provenance.weightsSha256 !== sha) {
      throw new Error(
        `${dir}: a different model named "${card.name}" is already registered in ${project.dir}`,
      );
    }
    if (options.makeDefault) setDefaultModel(project, existing.id);
    return findModel(project, existing.id)!;
  }
  const relative = path.join(
    MODELS_DIR,
    `${card.name.replace(/[^\w.-]+/g, '_')}-${sha.slice(0, 12)}`,
  );
  const target = path.join(project.dir, relative);
  // Copy into a temporary folder and rename, so a crash never leaves a half model behind.
  const temp = `${target}.${process.pid}.partial`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  for (const file of [CARD_FILE, WEIGHTS_FILE])
    fs.copyFileSync(path.join(dir, file), path.join(temp, file));
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(temp, target);

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
  const noDefault = !defaultModel(project);
  if (options.makeDefault || noDefault) setDefaultModel(project, id);
  return findModel(project, id)!;
}
