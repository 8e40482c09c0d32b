import type { SectionSummary } from '../api/sections-contract';

/** One line on a section, as the job list, the Sections view and the CLI say it. */
export function sectionLine(s: SectionSummary): string {
  return (
    `${s.phase} ${s.method === 'timeterm' ? 'time-terms' : 'tomography'}: ${s.picks} picks of ` +
    `${s.shots} shots, RMS ${(s.rms * 1000).toFixed(2)} ms, chi² ${s.chi2.toFixed(2)}` +
    (s.partial ? ' (partial: read its warnings)' : '')
  );
}
