import fs from 'node:fs';
import path from 'node:path';
import { JobParamsSchemas, type DemoReport } from '../api/contract';
import { registerModel } from '../catalogue/models';
import { Project } from '../catalogue/project';
import type { Task, TaskContext } from '../jobs/task';
import { bundledModel } from './bundled-models';
import { importFiles } from './import-service';
import { pickProject } from './picking-service';

/** The sample line, under the app's resources folder. */
export const DEMO_SAMPLES = path.join('samples', 'refrapy-ex01');

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

/**
 * The one-click first run: a new project with the bundled sample line imported, the bundled
 * model registered as its default, and every shot auto-picked, so a new user sees the whole
 * workflow (gathers, proposals, QC, export) on real data at once.
 */
export async function createDemoProject(
  dir: string,
  resourcesDir: string,
  ctx: Progress = { progress: () => {} },
): Promise<DemoReport> {
  const samples = path.join(resourcesDir, DEMO_SAMPLES);
  const modelDir = bundledModel(resourcesDir);
  if (!fs.existsSync(path.join(modelDir, 'model.json'))) {
    throw new Error(`the bundled model is missing from ${modelDir}: reinstall Pickline`);
  }
  const files = fs
    .readdirSync(samples)
    .filter((f) => f.endsWith('.dat'))
    .sort()
    .map((f) => path.join(samples, f));
  const project = Project.create(dir, 'Demo: Refrapy field example 1');
  try {
    ctx.progress(0, 'importing the sample line');
    const imported = importFiles(project, files);
    const model = registerModel(project, modelDir, { makeDefault: true });
    const picked = await pickProject(
      project,
      { method: 'phasenet' },
      {
        progress: (fraction, message) => ctx.progress(0.1 + 0.9 * fraction, message),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    );
    return {
      project: project.info(),
      imported: imported.imported,
      model: model.name,
      picking: picked,
    };
  } finally {
    project.close();
  }
}

/** The 'demo.create' job. */
export const demoTask: Task = (rawParams, ctx) => {
  const { dir, resourcesDir } = JobParamsSchemas['demo.create'].parse(rawParams);
  return createDemoProject(dir, resourcesDir, ctx);
};
