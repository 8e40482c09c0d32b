import type { GeometryComparison } from '../api/contract';
import type { SeismicFile } from './record';

/**
 * What a geometry override does to a file: for each record, its source and every receiver as
 * the headers give them and as they will be stored, so that an engineer sees the change
 * before importing (a wrong spacing or a shifted channel shows at once). `applied` is
 * `header` after applyGeometry: same records and traces, in the same order.
 */
export function compareGeometry(header: SeismicFile, applied: SeismicFile): GeometryComparison {
  return {
    file: header.file,
    format: header.format,
    records: header.records.map((record, r) => {
      const after = applied.records[r]!;
      const first = after.traces[0];
      return {
        record: record.id,
        source: {
          header: record.traces[0]?.source ?? null,
          stored: first?.source ?? null,
          from: first?.sourceFrom ?? 'none',
        },
        receivers: record.traces.map((t, i) => ({
          channel: t.channel,
          header: t.receiver,
          stored: after.traces[i]!.receiver,
          from: after.traces[i]!.receiverFrom,
        })),
      };
    }),
  };
}
