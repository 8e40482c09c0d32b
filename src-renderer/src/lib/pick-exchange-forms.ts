import type { Input } from '../../../src-main/api/contract';

export type ExportFormat = Input<'picks.export'>['format'];
export type ImportFormat = NonNullable<Input<'picks.importFile'>['format']>;
/** The phase choice of the export form: one phase, or both where the format has a column. */
export type PhaseChoice = 'P' | 'S' | 'both';

interface FormatInfo {
  label: string;
  /** No phase column: one phase per file (P unless S is asked for). */
  onePhase: boolean;
  /** The file name ending, or null for a format written as a folder. */
  extension: string | null;
}

/** What the export dialog offers, in the order inversion users reach for them. */
export const EXPORT_FORMATS: Record<ExportFormat, FormatInfo> = {
  sgt: { label: 'pyGIMLi unified data (.sgt, s)', onePhase: true, extension: '.sgt' },
  vs: { label: 'SeisImager / Plotrefa (.vs, ms)', onePhase: true, extension: '.vs' },
  pyrefra: {
    label: 'PyRefra folder (picks.dat, shots.geo, receivers.geo)',
    onePhase: true,
    extension: null,
  },
  csv: { label: 'CSV table (both phases, positions, status)', onePhase: false, extension: '.csv' },
  json: { label: 'JSON (documented schema)', onePhase: false, extension: '.json' },
  summary: { label: 'Text summary per shot', onePhase: false, extension: '.txt' },
};

export const IMPORT_FORMATS: Record<ImportFormat, string> = {
  sgt: 'pyGIMLi .sgt',
  vs: 'SeisImager .vs',
  csv: 'picks CSV',
  json: 'picks JSON',
  pyrefra: 'PyRefra picks.dat (+ shots.geo, receivers.geo)',
};

/** The phase a format writes for a choice: formats without a phase column take one. */
export function exportPhase(format: ExportFormat, choice: PhaseChoice): 'P' | 'S' | null {
  if (choice === 'both') return EXPORT_FORMATS[format].onePhase ? 'P' : null;
  return choice;
}

/**
 * Where an export goes unless the engineer says otherwise: into the project folder, named by
 * phase and format (`picks-P.sgt`, `picks-PS.csv`, a `pyrefra-P` folder), with the separator
 * the project's path uses.
 */
export function defaultExportPath(
  projectDir: string,
  format: ExportFormat,
  phase: 'P' | 'S' | null,
): string {
  const separator = projectDir.includes('\\') && !projectDir.includes('/') ? '\\' : '/';
  const dir = projectDir.replace(/[\\/]+$/, '');
  const { extension } = EXPORT_FORMATS[format];
  const name =
    extension === null ? `${format}-${phase ?? 'P'}` : `picks-${phase ?? 'PS'}${extension}`;
  return `${dir}${separator}${name}`;
}

/** The `picks.export` input for the form's fields. */
export function exportRequest(
  format: ExportFormat,
  choice: PhaseChoice,
  acceptedOnly: boolean,
  out: string,
): Input<'picks.export'> {
  const phase = exportPhase(format, choice);
  return {
    format,
    out: out.trim(),
    status: acceptedOnly ? 'accepted' : 'all',
    ...(phase ? { phase } : {}),
  };
}
