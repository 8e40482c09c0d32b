import type { SeismicFile } from '../formats/record';
import type { Phase } from '../metrics/scores';
import { sourceDoubt, type SourceDoubt, type SourceMove } from '../qc/source-position';
import type { FilePicks } from './pick-file';

/**
 * The records of a picked file whose first breaks (`phase`) put the source away from where
 * its positions do (qc/source-position.ts), or that the picker read with the source where its
 * first breaks put it (FilePicks.sourcesMoved); records without positions are not judged.
 */
export function fileSourceChecks(
  file: SeismicFile,
  result: Pick<FilePicks, 'picks' | 'sourcesMoved'>,
  phase: Phase,
): { record: number; doubt: SourceDoubt | null; move: SourceMove | null }[] {
  return file.records.flatMap((record, r) => {
    const source = record.traces[0]?.source;
    const positioned = result.picks.flatMap((p) => {
      const receiver = record.traces[p.trace]?.receiver;
      return p.record === r && p.phase === phase && receiver
        ? [{ x: receiver.x, y: receiver.y, time: p.time }]
        : [];
    });
    const doubt = source ? sourceDoubt(source, positioned) : null;
    const move = result.sourcesMoved.find((m) => m.record === r)?.move ?? null;
    return doubt || move ? [{ record: r, doubt, move }] : [];
  });
}
