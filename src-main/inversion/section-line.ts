import type { Section, SectionSummary } from '../api/sections-contract';

/** One line on a section, as the job list, the Sections view and the CLI say it. */
export function sectionLine(s: SectionSummary): string {
  return (
    `${s.phase} ${s.method === 'timeterm' ? 'time-terms' : 'tomography'}: ${s.picks} picks of ` +
    `${s.shots} shots, RMS ${(s.rms * 1000).toFixed(2)} ms, chi² ${s.chi2.toFixed(2)}` +
    (s.partial ? ' (partial: read its warnings)' : '')
  );
}

/** What a P section says of the layer an S section's bedrock placed under it. */
export function hiddenLayerLine({
  layer,
  velocity,
  sSection,
}: NonNullable<Section['hiddenLayer']>): string {
  return (
    `Layer ${layer} (${velocity.toFixed(0)} m/s) is hidden from P: placed over the bedrock of ` +
    `S section ${sSection}`
  );
}
