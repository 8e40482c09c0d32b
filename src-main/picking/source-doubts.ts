import type { SeismicFile } from '../formats/record';
import type { Phase } from '../metrics/scores';
import { sourceDoubt, type SourceDoubt } from '../qc/source-position';
import type { TracePick } from './pick-file';

/**
 * The records of a picked file whose first breaks (`phase`) put the source away from where
 * its positions do (qc/source-position.ts); records without positions are not judged.
 */
export function fileSourceDoubts(
  file: SeismicFile,
  picks: readonly TracePick[],
  phase: Phase,
): { record: number; doubt: SourceDoubt }[] {
  return file.records.flatMap((record, r) => {
    const source = record.traces[0]?.source;
    const positioned = picks.flatMap((p) => {
      const receiver = record.traces[p.trace]?.receiver;
      return p.record === r && p.phase === phase && receiver
        ? [{ x: receiver.x, y: receiver.y, time: p.time }]
        : [];
    });
    const doubt = source ? sourceDoubt(source, positioned) : null;
    return doubt ? [{ record: r, doubt }] : [];
  });
}
