import { ensureBackend } from '../../ml/backend';
import type { Command } from '../command';

export const backend: Command = {
  name: 'backend',
  summary: 'show which TensorFlow.js backend runs the models here, and why others were skipped',
  usage: 'backend [--json]',
  options: {},
  async run() {
    const report = await ensureBackend();
    const lines = [`backend: ${report.name}`];
    for (const skipped of report.skipped) lines.push(`skipped ${skipped.name}: ${skipped.reason}`);
    return { text: lines.join('\n'), data: report };
  },
};
