import type { HiddenLayer, SectionSummary } from '../api/sections-contract';

/** One line on a section, as the job list, the Sections view and the CLI say it. */
export function sectionLine(s: SectionSummary): string {
  return (
    `${s.phase} ${s.method === 'timeterm' ? 'time-terms' : 'tomography'}: ${s.picks} picks of ` +
    `${s.shots} shots, RMS ${(s.rms * 1000).toFixed(2)} ms, chi² ${s.chi2.toFixed(2)}` +
    (s.partial ? ' (partial: read its warnings)' : '')
  );
}

/** What a P section says of the layer an S section's bedrock placed under it. */
export function hiddenLayerLine({ layer, velocity, sSection }: HiddenLayer): string {
  return (
    `Layer ${layer} (${velocity.toFixed(0)} m/s) is hidden from P: placed over the bedrock of ` +
    `S section ${sSection}`
  );
}

/**
 * What a P section says of a layer an S section's bedrock would place under it, unasked; `how`
 * is the way to ask, in the words of the CLI or the view.
 */
export function hiddenLayerHintLine({ velocity, sSection }: HiddenLayer, how: string): string {
  return (
    `S section ${sSection} puts the bedrock below P's deepest refractor, and a layer of ` +
    `${velocity.toFixed(0)} m/s between them, hidden from P, fits the P picks: ${how}`
  );
}
