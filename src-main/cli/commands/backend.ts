import { ensureBackend } from '../../ml/backend';
import type { Command } from '../command';

export const backend: Command = {
  name: 'backend',
  summary:
    'show which inference engine and TensorFlow.js backend run here, and why others were skipped',
  usage: 'backend [--json]',
  options: {},
  async run() {
    const report = await ensureBackend();
    const lines = [`inference engine: ${report.engine.name}`];
    for (const skipped of report.engine.skipped) {
      lines.push(`skipped ${skipped.name}: ${skipped.reason}`);
    }
    lines.push(`tfjs backend: ${report.name}`);
    for (const skipped of report.skipped) lines.push(`skipped ${skipped.name}: ${skipped.reason}`);
    return { text: lines.join('\n'), data: report };
  },
};
