import type { PickImportResult } from '../../api/contract';
import type { Phase } from '../../metrics/scores';
import {
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  exportPicks,
  importPicks,
  type ExportFormat,
  type ImportFormat,
} from '../../services/pick-exchange';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from '../command';
import { choiceOption as choice, requiredOption as required, withProject } from './options';

const skippedText = (skipped: { reason: string; count: number }[]) =>
  skipped.map((s) => `  left out ${s.count}: ${s.reason}`);

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the project picks for inversion software (pyGIMLi .sgt, SeisImager .vs, ...)',
  usage: `export --project DIR --format ${EXPORT_FORMATS.join('|')} --out FILE [--phase P|S] [--status accepted|all]`,
  options: {
    project: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    phase: { type: 'string' },
    status: { type: 'string' },
  },
  run({ values }) {
    const dir = required(values, 'project');
    const format = choice(required(values, 'format'), 'format', EXPORT_FORMATS) as ExportFormat;
    const out = required(values, 'out');
    const phase = choice(values.phase, 'phase', ['P', 'S'] as Phase[]);
    const status = choice(values.status, 'status', ['accepted', 'all'] as const);
    const result = withProject(dir, (project) =>
      exportPicks(project, {
        format,
        out,
        ...(phase ? { phase } : {}),
        ...(status ? { status } : {}),
      }),
    );
    const which = status === 'all' ? 'accepted and proposed' : 'accepted';
    return Promise.resolve({
      text: [
        `wrote ${result.written} ${which} picks to ${result.files.join(', ')}`,
        ...skippedText(result.skipped),
      ].join('\n'),
      data: result,
    });
  },
};

/** What an import decided besides matching, in the words the app uses too. */
function importNotes(r: PickImportResult): string[] {
  const notes: string[] = [];
  if (r.timeOrigin === 'first-sample') {
    notes.push("  times counted from each trace's first sample, stored from the shot");
  }
  if (r.matching === 'along-line')
    notes.push('  matched along the line (the project had no elevations)');
  if (r.invalid) notes.push(`  left out ${r.invalid} picks the file marks invalid`);
  const e = r.elevations;
  if (e) {
    notes.push(
      `  elevations from the file: ${e.receivers} receiver and ${e.sources} source positions` +
        (e.range ? `, ${e.range[0]} to ${e.range[1]} m` : '') +
        (e.receiversWithout ? `; ${e.receiversWithout} receiver positions got none` : '') +
        (e.conflicts ? `; ${e.conflicts} picks disagreed with an earlier elevation` : ''),
    );
  }
  return notes;
}

export const importPicksCommand: Command = {
  name: 'import-picks',
  summary: 'import picks made elsewhere onto the project traces (as imported, accepted)',
  usage:
    `import-picks --project DIR FILE [--format ${IMPORT_FORMATS.join('|')}] [--phase P|S] ` +
    '[--tolerance M] [--time-origin shot|first-sample] [--elevation y|z]',
  options: {
    project: { type: 'string' },
    format: { type: 'string' },
    phase: { type: 'string' },
    tolerance: { type: 'string' },
    'time-origin': { type: 'string' },
    elevation: { type: 'string' },
  },
  positionals: true,
  run({ values, positionals }) {
    const dir = required(values, 'project');
    if (positionals.length !== 1) throw new UsageError('give exactly one picks file');
    const format = choice(values.format, 'format', IMPORT_FORMATS) as ImportFormat | undefined;
    const phase = choice(values.phase, 'phase', ['P', 'S'] as Phase[]);
    const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
    if (tolerance !== undefined && !(tolerance >= 0)) {
      throw new UsageError(`--tolerance must be metres ≥ 0, got ${String(values.tolerance)}`);
    }
    const timeOrigin = choice(values['time-origin'], 'time-origin', [
      'shot',
      'first-sample',
    ] as const);
    const elevation = choice(values.elevation, 'elevation', ['y', 'z'] as const);
    const result = withProject(dir, (project) =>
      importPicks(project, positionals[0]!, {
        ...(format ? { format } : {}),
        ...(phase ? { phase } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
        ...(timeOrigin ? { timeOrigin } : {}),
        ...(elevation ? { elevation } : {}),
      }),
    );
    return Promise.resolve({
      text: [
        `${result.file} (${result.format}): ${result.read} picks read, ${result.matched} matched` +
          (result.superseded ? `, replacing ${result.superseded} imported before` : ''),
        ...importNotes(result),
        ...result.unmatched.map((u) => `  unmatched ${u.count}: ${u.reason}`),
      ].join('\n'),
      data: result,
      exitCode: result.matched === 0 && result.read > 0 ? EXIT_FAILED : EXIT_OK,
    });
  },
};
