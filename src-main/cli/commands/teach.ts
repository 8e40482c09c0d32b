import type { ResidualSummary } from '../../api/contract';
import { bundledModel } from '../../services/bundled-models';
import { shotIdsByRecord } from '../../services/shot-ids';
import { teachProject } from '../../services/teach-service';
import { intOption, UsageError, type Command } from '../command';
import { listOption, requiredOption, withProject } from './options';

/** "bias +0.83 ms, p10/p90 -0.91/+5.13 ms, 66 % within 2 ms": how the model sat against the person. */
export function agreementText(s: ResidualSummary): string {
  const ms = (x: number | null) =>
    x === null ? '–' : `${x >= 0 ? '+' : ''}${(x * 1000).toFixed(2)}`;
  return (
    `median ${ms(s.median)} ms, p10/p90 ${ms(s.p10)}/${ms(s.p90)} ms, ` +
    `${(100 * s.within2).toFixed(0)} % within 2 ms (${s.picked} of ${s.references} picked)`
  );
}

export const teachCommand: Command = {
  name: 'teach',
  summary:
    "teach the model this line's picks: fine-tune on the shots a person picked or accepted, then re-propose the rest",
  usage:
    'teach --project DIR --shots ID,ID... (record ids of picked or accepted gathers) [--model NAME] [--no-repick] [--epochs N] [--steps N] [--json]',
  options: {
    project: { type: 'string' },
    shots: { type: 'string' },
    model: { type: 'string' },
    'no-repick': { type: 'boolean' },
    epochs: { type: 'string' },
    steps: { type: 'string' },
  },
  async run({ values, io, json, paths }) {
    const dir = requiredOption(values, 'project');
    const shots = listOption(values.shots);
    if (shots.length === 0)
      throw new UsageError('--shots needs the record ids of the gathers to learn from');
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());
    let said = '';
    const report = await withProject(dir, (project) =>
      teachProject(
        project,
        {
          shotIds: [...shotIdsByRecord(project, shots, 'to teach from')],
          bundledModel: bundledModel(paths.resourcesDir),
          ...(typeof values.model === 'string' ? { model: values.model } : {}),
          repick: values['no-repick'] !== true,
          epochs: intOption(values.epochs, 'epochs', { min: 1, max: 100 }),
          steps: intOption(values.steps, 'steps', { min: 1, max: 10_000 }),
        },
        {
          signal: controller.signal,
          progress: (_, message) => {
            if (json || message === said) return;
            said = message;
            io.err(message);
          },
        },
      ),
    );
    const lines = [
      `taught ${report.model.name} on ${report.taughtReceivers} receivers of shot${report.taughtShots.length > 1 ? 's' : ''} ${report.taughtShots.join(', ')} in ${report.trainSeconds.toFixed(0)} s (now the project's default model)`,
      `before: ${report.base.name}: ${agreementText(report.before)}`,
      `after:  ${report.model.name}: ${agreementText(report.after)} (on the shots it learnt from)`,
      report.repicked
        ? `re-proposed ${report.repicked.picks.P} P picks on ${report.repicked.shots} other shots; manual and accepted picks kept`
        : 'other shots not re-picked (--no-repick)',
    ];
    return { text: lines.join('\n'), data: report };
  },
};
