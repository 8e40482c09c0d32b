import type { QcReport } from '../../api/contract';
import type { Phase } from '../../metrics/scores';
import { runQc } from '../../services/qc-service';
import type { Command } from '../command';
import { choiceOption, positiveOption, requiredOption, withProject } from './options';

const ms = (s: number | null) => (s === null ? '-' : `${(s * 1e3).toFixed(2)} ms`);

function reportText(r: QcReport): string {
  const lines = [
    `${r.phase} picks: ${r.picks}, flagged: ${r.flagged}, with a corrected time: ${r.corrected}` +
      (r.storedPseudo ? ` (stored as ${r.storedPseudo} pseudo proposals)` : ''),
  ];
  for (const shot of r.shots) {
    const velocities = shot.apparentVelocities
      .map((v) => `${v.side === 'negative' ? '-' : '+'}${Math.round(v.velocity)}`)
      .join(' ');
    lines.push(
      `  shot ${shot.recordId}: ${shot.picks} picks, ${shot.flagged} flagged; apparent velocities ${velocities || '-'} m/s`,
    );
    for (const item of shot.items.filter((i) => i.flags.length > 0)) {
      lines.push(
        `    offset ${item.offset.toFixed(1)} m: ${ms(item.time)} (fit ${ms(item.predicted)}, ` +
          `${item.flags.join(', ')})${item.corrected !== null ? ` -> ${ms(item.corrected)}` : ''}`,
      );
    }
  }
  const rec = r.reciprocity;
  lines.push(
    `reciprocity: ${rec.count} pairs, median |dt| ${ms(rec.medianAbs)}, 90th percentile ${ms(rec.p90Abs)}, ` +
      `max ${ms(rec.maxAbs)}, ${rec.flagged} above threshold`,
  );
  for (const pair of rec.pairs) {
    lines.push(
      `  ${pair.a} m <-> ${pair.b} m: ${ms(pair.difference)}${pair.flagged ? '  FLAGGED' : ''}`,
    );
  }
  return lines.join('\n');
}

export const qc: Command = {
  name: 'qc',
  summary: 'travel-time QC: flag picks off their gather, correct them (SVR), check reciprocity',
  usage:
    'qc --project DIR [--phase P|S] [--k 3.5] [--reciprocity-tolerance M] [--reciprocity-threshold S] [--correct] [--json]',
  options: {
    project: { type: 'string' },
    phase: { type: 'string' },
    k: { type: 'string' },
    'reciprocity-tolerance': { type: 'string' },
    'reciprocity-threshold': { type: 'string' },
    correct: { type: 'boolean' },
  },
  run({ values }) {
    const dir = requiredOption(values, 'project');
    const phase = choiceOption(values.phase, 'phase', ['P', 'S'] as Phase[]) ?? 'P';
    const k = positiveOption(values.k, 'k');
    const tolerance = positiveOption(values['reciprocity-tolerance'], 'reciprocity-tolerance');
    const threshold = positiveOption(values['reciprocity-threshold'], 'reciprocity-threshold');
    const report = withProject(dir, (project) =>
      runQc(project, {
        phase,
        ...(k ? { k } : {}),
        ...(tolerance ? { reciprocityTolerance: tolerance } : {}),
        ...(threshold ? { reciprocityThreshold: threshold } : {}),
        correct: values.correct === true,
      }),
    );
    return Promise.resolve({ text: reportText(report), data: report });
  },
};
