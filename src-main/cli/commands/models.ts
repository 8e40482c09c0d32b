import { listModels, registerModel, setDefaultModel, findModel } from '../../catalogue/models';
import type { Command } from '../command';
import { requiredOption, withProject } from './options';

export const models: Command = {
  name: 'models',
  summary: 'list, register (--add DIR) or choose the default (--default NAME) model of a project',
  usage: 'models --project DIR [--add MODEL_DIR] [--default NAME]',
  options: {
    project: { type: 'string' },
    add: { type: 'string' },
    default: { type: 'string' },
  },
  run({ values }) {
    const dir = requiredOption(values, 'project');
    const list = withProject(dir, (project) => {
      // Adding first lets one call register a model and make it the default.
      if (typeof values.add === 'string') registerModel(project, values.add);
      if (typeof values.default === 'string') {
        const chosen = findModel(project, values.default);
        if (!chosen) throw new Error(`no model named "${values.default}" in ${dir}`);
        setDefaultModel(project, chosen.id);
      }
      return listModels(project);
    });
    const text = list.length
      ? list
          .map(
            (m) =>
              `${m.isDefault ? '*' : ' '} ${m.name}  (${m.architecture}; ${m.sampleRate} Hz, ` +
              `${m.inputChannels} channels; ${m.provenance.licence})`,
          )
          .join('\n')
      : 'no models registered';
    return Promise.resolve({
      text,
      data: list,
    });
  },
};
