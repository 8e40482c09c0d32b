import { registerModel } from '../catalogue/models';
import { Project } from '../catalogue/project';
import type { TrainRunParams } from './train-run';
import type { TrainResult } from './trainer';

/**
 * A finished training run on a project's picks, recorded in that project: the model is
 * registered (copied into the project, see catalogue/models.ts) and a training_runs row keeps
 * the parameters, the epoch history and the best validation loss, so the crew can tell later
 * which picks a model learnt from.
 */
export function recordTrainingRun(
  projectDir: string,
  params: TrainRunParams,
  result: TrainResult,
  startedAt: string,
): { modelId: number; runId: number } {
  const project = Project.open(projectDir);
  try {
    const model = registerModel(project, result.out);
    const runId = Number(
      project.db
        .prepare(
          `INSERT INTO training_runs (model_id, config, epochs, metrics, state, started_at, ended_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          model.id,
          JSON.stringify(params),
          JSON.stringify(result.epochs),
          JSON.stringify({
            bestEpoch: result.bestEpoch,
            bestValLoss: result.bestValLoss,
            stoppedEarly: result.stoppedEarly,
            seconds: result.seconds,
          }),
          'done',
          startedAt,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    return { modelId: model.id, runId };
  } finally {
    project.close();
  }
}
