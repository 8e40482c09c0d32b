import type { ImportFileReport, ProjectSummary } from '../../api/contract';
import { Project } from '../../catalogue/project';
import { catalogueCounts } from '../../catalogue/queries';
import { LINE_TYPES } from '../../picking/line-type';
import { importFiles } from '../../services/import-service';
import { unusedRowsLine } from '../../services/unused-rows-line';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from '../command';
import { choiceOption, delayOption, requiredOption, withProject } from './options';

export const init: Command = {
  name: 'init',
  summary: 'create a project folder (catalogue + raw/ copies of imported files)',
  usage: 'init DIR [--name NAME]',
  options: { name: { type: 'string' } },
  positionals: true,
  run({ positionals, values }) {
    if (positionals.length !== 1) throw new UsageError('give exactly one project folder');
    const project = Project.create(positionals[0]!, values.name as string | undefined);
    try {
      const info = project.info();
      return Promise.resolve({ text: `created project "${info.name}" in ${info.dir}`, data: info });
    } finally {
      project.close();
    }
  },
};

const span = (r: [number, number] | null, factor = 1, unit = '') =>
  r === null
    ? '-'
    : r[0] === r[1]
      ? `${+(r[0] * factor).toPrecision(10)}${unit}`
      : `${+(r[0] * factor).toPrecision(10)} to ${+(r[1] * factor).toPrecision(10)}${unit}`;

function fileLine(r: ImportFileReport): string {
  if (r.status === 'failed') return `failed     ${r.error}`;
  if (r.status === 'unchanged') return `unchanged  ${r.file} (already in the project)`;
  const p = r.positions;
  const positions = [
    p.receiversFromHeader && `${p.receiversFromHeader} receivers from headers`,
    p.receiversOverridden && `${p.receiversOverridden} from geometry`,
    p.receiversMissing && `${p.receiversMissing} without position`,
  ].filter(Boolean);
  return [
    `imported   ${r.file}`,
    `           ${r.format}: ${r.shots} shot(s), ${r.traces} traces, ${r.newStations} new stations; ` +
      `dt ${span(r.sampleInterval, 1e3, ' ms')}; first sample at ${span(r.startTime, 1e3, ' ms')}`,
    `           ${positions.join(', ') || 'no traces'}`,
    ...r.notes.map((n) => `           note: ${n}`),
  ].join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import seismic files into a project (copied by content hash; re-import is a no-op)',
  usage:
    'import --project DIR [--geometry FILE]... [--delay geometrics|dmt] [--line-type P|S|3C] FILE...\n' +
    '  --line-type: what the line records (S: SH source and horizontal geophones, first breaks are S);\n' +
    '  default: guessed per file from its components\n' +
    '  --geometry: a geometry CSV, formikoj geometry.csv, PyRefra shots.geo / receivers.geo,\n' +
    '  or a Refrapy topography (x, elevation) or GPS (easting, northing, elevation) file',
  options: {
    project: { type: 'string' },
    geometry: { type: 'string', multiple: true },
    delay: { type: 'string' },
    'line-type': { type: 'string' },
  },
  positionals: true,
  run({ values, positionals, json, io }) {
    const dir = requiredOption(values, 'project');
    if (positionals.length === 0) throw new UsageError('give at least one file to import');
    const seg2Delay = delayOption(values.delay);
    const lineType = choiceOption(values['line-type'], 'line-type', LINE_TYPES);
    const report = withProject(dir, (project) =>
      importFiles(
        project,
        positionals,
        {
          geometry: (values.geometry as string[] | undefined) ?? [],
          ...(seg2Delay ? { seg2Delay } : {}),
          ...(lineType ? { lineType } : {}),
        },
        // Progress goes to stderr, so stdout stays the report (or the one JSON document).
        { progress: (_, message) => io.err(message) },
      ),
    );
    if (!json) for (const f of report.files) io.out(fileLine(f));
    const unused = unusedRowsLine(report.unusedGeometryRows);
    const text = [
      ...report.geometryFiles.map(
        (g) =>
          `geometry   ${g.file} read as ${g.format}: ${g.sources} sources, ${g.receivers} receivers` +
          (g.elevations ? `, ${g.elevations} elevation points` : ''),
      ),
      ...(report.outsideElevationProfile
        ? [
            `${report.outsideElevationProfile} positions lie beyond the elevation profile and keep their elevation`,
          ]
        : []),
      `${report.imported} imported, ${report.unchanged} unchanged, ${report.failed} failed`,
      ...(unused ? [unused] : []),
    ].join('\n');
    return Promise.resolve({
      text,
      data: report,
      exitCode: report.failed > 0 ? EXIT_FAILED : EXIT_OK,
    });
  },
};

function summaryText(s: ProjectSummary): string {
  const lines = [
    `${s.project.name} (${s.project.dir}), schema ${s.project.schemaVersion}`,
    `  files: ${s.files}, shots: ${s.shots}, traces: ${s.traces}, stations: ${s.stations}`,
  ];
  if (s.picks.length === 0) lines.push('  picks: none');
  for (const p of s.picks) lines.push(`  picks ${p.phase} ${p.origin} ${p.status}: ${p.count}`);
  lines.push(
    `  models: ${s.models.map((m) => `${m.name}${m.isDefault ? ' (default)' : ''}`).join(', ') || 'none'}`,
  );
  return lines.join('\n');
}

export const info: Command = {
  name: 'info',
  summary: 'show what a project holds: files, shots, traces, stations, picks, models',
  usage: 'info --project DIR [--json]',
  options: { project: { type: 'string' } },
  run({ values }) {
    const summary = withProject(requiredOption(values, 'project'), (project) => ({
      project: project.info(),
      ...catalogueCounts(project.db),
    }));
    return Promise.resolve({ text: summaryText(summary), data: summary });
  },
};
