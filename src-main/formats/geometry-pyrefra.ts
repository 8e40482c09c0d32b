import { readPyRefraGeometry } from '../export/pyrefra-picks';
import type { GeometryOverrides } from './geometry';

/**
 * PyRefra's geometry files as geometry overrides (their layout: export/pyrefra-picks.ts).
 * `shots.geo` gives each shot point's position: point n is the record whose id is n (PyRefra
 * numbers shots as the files are numbered; numbers compare as numbers, so "0007" is 7).
 * `receivers.geo` gives each receiver point's: point n is channel n of every shot, PyRefra's
 * fixed spread. Z is positive down in these files; Pickline stores elevation (−Z).
 */
export function parsePyRefraGeometry(
  text: string,
  file: string,
  kind: 'shots' | 'receivers',
): GeometryOverrides {
  const points = readPyRefraGeometry(text, file);
  return {
    csv: file,
    format: kind === 'shots' ? 'pyrefra-shots' : 'pyrefra-receivers',
    sources:
      kind === 'shots'
        ? points.map((p) => ({
            shot: String(p.number),
            file: null,
            position: p.position,
            line: p.line,
          }))
        : [],
    receivers:
      kind === 'receivers'
        ? points.map((p) => ({
            channel: p.number,
            shot: null,
            file: null,
            position: p.position,
            line: p.line,
          }))
        : [],
    elevations: null,
    ignoredColumns: [],
  };
}
