import { DEFAULT_EVALUATION_TOLERANCE, type ModelEvaluation } from '../../api/contract';
import {
  findModel,
  listModels,
  registerModel,
  setDefaultModel,
  type RegisteredModel,
} from '../../catalogue/models';
import type { Project } from '../../catalogue/project';
import { bundledModel, modelFolder } from '../../services/bundled-models';
import { evaluateModel } from '../../services/model-evaluation';
import { deleteRegisteredModel, renameRegisteredModel } from '../../services/model-service';
import { UsageError, type Command } from '../command';
import { evaluationText } from './evaluation-text';
import { positiveOption, requiredOption, withProject } from './options';

function named(project: Project, name: string): RegisteredModel {
  const model = findModel(project, name);
  if (!model) throw new Error(`no model named "${name}" in ${project.dir}`);
  return model;
}

const modelLine = (m: RegisteredModel) =>
  `${m.isDefault ? '*' : ' '} ${m.name}  (${m.architecture}; ${m.sampleRate} Hz, ` +
  `${m.inputChannels} channels; ${m.provenance.licence})`;

export const models: Command = {
  name: 'models',
  summary:
    'list, register (--add DIR), choose the default, rename, delete or evaluate the models of a project',
  usage:
    'models --project DIR [--add MODEL_DIR|near-surface-3c|near-surface-sh] [--rename NAME --to NEW_NAME] [--default NAME] ' +
    `[--delete NAME] [--evaluate NAME [--tolerance SECONDS (${DEFAULT_EVALUATION_TOLERANCE})]] [--json]`,
  options: {
    project: { type: 'string' },
    add: { type: 'string' },
    default: { type: 'string' },
    rename: { type: 'string' },
    to: { type: 'string' },
    delete: { type: 'string' },
    evaluate: { type: 'string' },
    tolerance: { type: 'string' },
  },
  async run({ values, io, json, paths }) {
    const dir = requiredOption(values, 'project');
    if ((typeof values.rename === 'string') !== (typeof values.to === 'string')) {
      throw new UsageError('--rename NAME and --to NEW_NAME go together');
    }
    const tolerance = positiveOption(values.tolerance, 'tolerance');
    if (tolerance !== undefined && typeof values.evaluate !== 'string') {
      throw new UsageError('--tolerance needs --evaluate NAME');
    }
    let said = '';
    const done = await withProject(dir, async (project) => {
      // In this order, so one call can register a model, name it and make it the default.
      if (typeof values.add === 'string') {
        registerModel(project, modelFolder(values.add, paths.resourcesDir));
      }
      if (typeof values.rename === 'string') {
        renameRegisteredModel(project, named(project, values.rename).id, String(values.to));
      }
      if (typeof values.default === 'string') {
        setDefaultModel(project, named(project, values.default).id);
      }
      if (typeof values.delete === 'string') {
        const model = named(project, values.delete);
        deleteRegisteredModel(project, model.id, bundledModel(paths.resourcesDir));
      }
      let evaluation: ModelEvaluation | null = null;
      if (typeof values.evaluate === 'string') {
        const model = named(project, values.evaluate);
        evaluation = await evaluateModel(
          project,
          { model: model.id, tolerance: tolerance ?? DEFAULT_EVALUATION_TOLERANCE },
          {
            progress: (_, message) => {
              if (json || message === said) return;
              said = message;
              io.err(message);
            },
          },
        );
      }
      return { list: listModels(project), evaluation };
    });
    const text = [
      done.list.length ? done.list.map(modelLine).join('\n') : 'no models registered',
      ...(done.evaluation ? ['', evaluationText(values.evaluate as string, done.evaluation)] : []),
    ].join('\n');
    return {
      text,
      data: done.evaluation ? { models: done.list, evaluation: done.evaluation } : done.list,
    };
  },
};
