import { createDemoProject } from '../../services/demo-service';
import type { Command } from '../command';
import { requiredOption } from './options';

export const demo: Command = {
  name: 'demo',
  summary: 'create a demo project: the bundled sample line imported and auto-picked',
  usage: 'demo --out DIR',
  options: { out: { type: 'string' } },
  async run({ values, io, json, paths }) {
    const dir = requiredOption(values, 'out');
    let said = '';
    const report = await createDemoProject(dir, paths.resourcesDir, {
      progress: (_, message) => {
        if (json || message === said) return;
        said = message;
        io.err(message);
      },
    });
    const { picking } = report;
    return {
      text:
        `created ${report.project.dir}: ${report.imported} shots imported, ` +
        `${picking.picks.P} P and ${picking.picks.S} S proposals by ${report.model}\n` +
        `open it with: pickline serve --project ${report.project.dir}`,
      data: report,
    };
  },
};
