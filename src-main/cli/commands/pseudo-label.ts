import { pseudoLabel } from '../../services/pseudo-label-service';
import { bundledModel } from '../../services/bundled-models';
import { intOption, type Command } from '../command';
import { listOption, positiveOption, requiredOption, withProject } from './options';

const percent = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)} %`);

export const pseudoLabelCommand: Command = {
  name: 'pseudo-label',
  summary:
    'self-training: pick, QC-flag and correct, fine-tune on the result, repeat while it improves',
  usage:
    'pseudo-label --project DIR [--rounds N] [--model NAME] [--epochs N] [--steps N] [--batch N] [--lr X] [--freeze SPEC] [--k K] [--seed N] [--hold-out-shots ID,ID...] [--json]',
  options: {
    project: { type: 'string' },
    rounds: { type: 'string' },
    model: { type: 'string' },
    epochs: { type: 'string' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    freeze: { type: 'string' },
    k: { type: 'string' },
    seed: { type: 'string' },
    'hold-out-shots': { type: 'string' },
  },
  async run({ values, io, json, paths }) {
    const dir = requiredOption(values, 'project');
    const holdOut = values['hold-out-shots'];
    const options = {
      rounds: intOption(values.rounds, 'rounds', { min: 1, max: 20 }) ?? 2,
      bundledModel: bundledModel(paths.resourcesDir),
      ...(typeof values.model === 'string' ? { model: values.model } : {}),
      ...(typeof values.freeze === 'string' ? { freeze: values.freeze } : {}),
      // Shots only scored, never trained on (record ids, comma-separated).
      ...(typeof holdOut === 'string' ? { holdOutShots: listOption(holdOut) } : {}),
      epochs: intOption(values.epochs, 'epochs', { min: 1, max: 1000 }),
      steps: intOption(values.steps, 'steps', { min: 1, max: 100_000 }),
      batch: intOption(values.batch, 'batch', { min: 1, max: 4096 }),
      lr: positiveOption(values.lr, 'lr'),
      k: positiveOption(values.k, 'k'),
      seed: intOption(values.seed, 'seed', { min: 0, max: 2 ** 31 - 1 }),
    };
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());
    let said = '';
    const report = await withProject(dir, (project) =>
      pseudoLabel(project, options, {
        signal: controller.signal,
        progress: (_, message) => {
          if (json || message === said) return;
          said = message;
          io.err(message);
        },
      }),
    );
    const lines = report.rounds.map(
      (r) =>
        `round ${r.round}: ${r.model}: ${r.picks} P picks, ${r.flagged} flagged ` +
        `(${percent(r.flaggedShare)}), within 2 ms of the reference ${percent(r.withinTwoMs)}` +
        (r.trained
          ? `; trained ${r.trained} on ${r.labels} labels in ${r.trainSeconds.toFixed(0)} s`
          : ''),
    );
    lines.push(`best: ${report.best} (now the project's default model)`);
    return { text: lines.join('\n'), data: report };
  },
};
