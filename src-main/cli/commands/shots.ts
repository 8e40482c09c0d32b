import type { ShotSummary } from '../../api/contract';
import { listShots } from '../../catalogue/queries';
import { LINE_TYPES } from '../../picking/line-type';
import { shotIdsByRecord } from '../../services/shot-ids';
import { SurveyService } from '../../services/survey-service';
import { UsageError, type Command } from '../command';
import { choiceOption, listOption, requiredOption, withProject } from './options';

/** "record 2001      P line    24 traces  P 23, S 0 picks  2001.dat (shot id 1)" */
const shotLine = (s: ShotSummary) =>
  `record ${s.recordId.padEnd(8)} ${s.lineType.padEnd(2)} line  ${String(s.traces).padStart(4)} ` +
  `traces  P ${s.picksP}, S ${s.picksS} picks  ${s.file} (shot id ${s.id})`;

export const shotsCommand: Command = {
  name: 'shots',
  summary: "a project's shots with their line type (P, S or 3C), or change it after import",
  usage:
    'shots --project DIR [--set-line-type P|S|3C --shots RECORD_ID,...|all] [--json]\n' +
    '  --set-line-type: the pickers’ proposals on each changed shot go (they were made for the\n' +
    '  other phase; re-pick them); manual, accepted and imported picks stay',
  options: {
    project: { type: 'string' },
    'set-line-type': { type: 'string' },
    shots: { type: 'string' },
  },
  run({ values }) {
    const dir = requiredOption(values, 'project');
    const lineType = choiceOption(values['set-line-type'], 'set-line-type', LINE_TYPES);
    if (!lineType) {
      if (values.shots !== undefined) throw new UsageError('--shots goes with --set-line-type');
      const shots = withProject(dir, (project) => listShots(project.db));
      const text = shots.length
        ? shots.map(shotLine).join('\n')
        : `no shots in ${dir}: import files first`;
      return Promise.resolve({ text, data: shots });
    }
    const wanted = listOption(values.shots);
    // A project may hold a P and an S line: changing every shot is asked for, never assumed.
    if (wanted.length === 0) {
      throw new UsageError('--set-line-type needs --shots: record ids like 1001,1002, or all');
    }
    const { result, shots } = withProject(dir, (project) => {
      const all = listShots(project.db);
      const shotIds =
        wanted.length === 1 && wanted[0] === 'all'
          ? all.map((s) => s.id)
          : [...shotIdsByRecord(project, wanted, 'to set the line type of')];
      if (shotIds.length === 0) throw new Error(`no shots in ${dir}: import files first`);
      const result = new SurveyService(() => project).setLineType({ shotIds, lineType });
      return { result, shots: all.filter((s) => result.shotIds.includes(s.id)) };
    });
    const records = shots.map((s) => s.recordId).join(', ');
    const text = result.changed
      ? `${result.changed} shot${result.changed === 1 ? '' : 's'} now ${lineType} line: ${records}; ` +
        `${result.proposalsRemoved} proposals removed (manual and accepted picks kept)`
      : `the shots were already ${lineType} line: nothing changed`;
    return Promise.resolve({
      text,
      data: { lineType, ...result, recordIds: shots.map((s) => s.recordId) },
    });
  },
};
