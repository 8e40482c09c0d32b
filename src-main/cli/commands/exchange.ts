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

export const importPicksCommand: Command = {
  name: 'import-picks',
  summary: 'import picks made elsewhere onto the project traces (as imported, accepted)',
  usage: `import-picks --project DIR FILE [--format ${IMPORT_FORMATS.join('|')}] [--phase P|S] [--tolerance M]`,
  options: {
    project: { type: 'string' },
    format: { type: 'string' },
    phase: { type: 'string' },
    tolerance: { type: 'string' },
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
    const result = withProject(dir, (project) =>
      importPicks(project, positionals[0]!, {
        ...(format ? { format } : {}),
        ...(phase ? { phase } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
      }),
    );
    return Promise.resolve({
      text: [
        `${result.file} (${result.format}): ${result.read} picks read, ${result.matched} matched` +
          (result.superseded ? `, replacing ${result.superseded} imported before` : ''),
        ...result.unmatched.map((u) => `  unmatched ${u.count}: ${u.reason}`),
      ].join('\n'),
      data: result,
      exitCode: result.matched === 0 && result.read > 0 ? EXIT_FAILED : EXIT_OK,
    });
  },
};
