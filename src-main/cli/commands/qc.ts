import type { AcceptedCorrections, QcReport } from '../../api/contract';
import type { Project } from '../../catalogue/project';
import type { Phase } from '../../metrics/scores';
import { sourceDoubtLine } from '../../qc/source-position';
import { acceptCorrections, runQc } from '../../services/qc-service';
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
    if (shot.sourceDoubt) lines.push(`    geometry: ${sourceDoubtLine(shot.sourceDoubt)}`);
    for (const item of shot.items.filter((i) => i.flags.length > 0)) {
      lines.push(
        `    offset ${item.offset.toFixed(1)} m: ${ms(item.time)} (fit ${ms(item.predicted)}, ` +
          `${item.flags.join(', ')})${item.corrected !== null ? ` -> ${ms(item.corrected)}` : ''}`,
      );
    }
  }
  const rec = r.reciprocity;
  // Positions along a line in map coordinates are any real number: to the centimetre.
  const m = (v: number) => `${+v.toFixed(2)}`;
  lines.push(
    `reciprocity: ${rec.count} pairs, median |dt| ${ms(rec.medianAbs)}, 90th percentile ${ms(rec.p90Abs)}, ` +
      `max ${ms(rec.maxAbs)}, ${rec.flagged} above threshold (receivers read within ${m(rec.positionTolerance)} m)`,
  );
  const read = (t: { time: number; receivers: number[]; how: string }) =>
    `${ms(t.time)} (${t.how === 'receiver' ? 'receiver' : `${t.how} from ${t.receivers.map(m).join(' and ')} m`})`;
  for (const pair of rec.pairs) {
    lines.push(
      `  ${m(pair.a)} m <-> ${m(pair.b)} m: ${read(pair.forward)} vs ${read(pair.reverse)}, ` +
        `difference ${ms(pair.difference)}${pair.flagged ? '  FLAGGED' : ''}`,
    );
  }
  return lines.join('\n');
}

/** The catalogue id of the shot a user names by its record id (as the report prints it). */
function shotByRecord(project: Project, record: string): number {
  const rows = project.db.prepare('SELECT id FROM shots WHERE record_id = ?').all(record) as {
    id: number;
  }[];
  if (rows.length !== 1) {
    throw new Error(
      rows.length === 0
        ? `--shot ${record}: no shot with that record id in ${project.dir}`
        : `--shot ${record}: ${rows.length} shots have that record id; accept them all without --shot`,
    );
  }
  return rows[0]!.id;
}

const acceptedText = (a: AcceptedCorrections) =>
  `accepted ${a.accepted} corrections, rejected the ${a.rejected} proposals they replace` +
  (a.kept ? `; ${a.kept} left as proposals beside manual or accepted picks` : '');

export const qc: Command = {
  name: 'qc',
  summary: 'travel-time QC: flag picks off their gather, correct them (SVR), check reciprocity',
  usage:
    'qc --project DIR [--phase P|S] [--k 3.5] [--reciprocity-tolerance M] [--reciprocity-threshold S] [--correct] [--accept-corrections [--shot RECORD_ID]] [--json]',
  options: {
    project: { type: 'string' },
    phase: { type: 'string' },
    k: { type: 'string' },
    'reciprocity-tolerance': { type: 'string' },
    'reciprocity-threshold': { type: 'string' },
    correct: { type: 'boolean' },
    /** After the check, accept the stored corrections (one shot with --shot) as one action. */
    'accept-corrections': { type: 'boolean' },
    shot: { type: 'string' },
  },
  run({ values }) {
    const dir = requiredOption(values, 'project');
    const phase = choiceOption(values.phase, 'phase', ['P', 'S'] as Phase[]) ?? 'P';
    const k = positiveOption(values.k, 'k');
    const tolerance = positiveOption(values['reciprocity-tolerance'], 'reciprocity-tolerance');
    const threshold = positiveOption(values['reciprocity-threshold'], 'reciprocity-threshold');
    const accept = values['accept-corrections'] === true;
    if (values.shot !== undefined && !accept) {
      throw new Error('--shot selects the shot of --accept-corrections; give both');
    }
    const { report, accepted } = withProject(dir, (project) => {
      const shotId = typeof values.shot === 'string' ? shotByRecord(project, values.shot) : null;
      const report = runQc(project, {
        phase,
        ...(k ? { k } : {}),
        ...(tolerance ? { reciprocityTolerance: tolerance } : {}),
        ...(threshold ? { reciprocityThreshold: threshold } : {}),
        correct: values.correct === true,
      });
      const accepted = accept
        ? acceptCorrections(project, { phase, ...(shotId ? { shotId } : {}) })
        : null;
      return { report, accepted };
    });
    return Promise.resolve({
      text: reportText(report) + (accepted ? `\n${acceptedText(accepted)}` : ''),
      data: accepted ? { ...report, accepted } : report,
    });
  },
};
