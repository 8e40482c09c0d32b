import fc from 'fast-check';
import type { Position } from '../../../src-main/formats/record';
import type { Pick } from '../../../src-main/export/pick-table';

/**
 * Random survey geometries for the round-trip properties: a line of stations (flat or with
 * topography, 2-D or with a crossline offset), shots on stations (sharing the geophone's
 * position), between them or off the ends, repeated shots at one place, and rolling spreads
 * (each shot records its own window of stations). Distinct positions are ≥ 0.25 m apart, well
 * beyond the writers' 1 mm merge tolerance, so every position must come back exactly.
 */

export interface GeometryOptions {
  topography: boolean;
  /** Stations off the x axis (y ≠ 0): a 3-D survey. */
  crossline: boolean;
  /** Allow S picks beside P picks. */
  phases: 'P' | 'PS';
}

const anyDouble = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0);

export function pickTable(options: GeometryOptions): fc.Arbitrary<Pick[]> {
  return fc
    .record({
      spacing: fc.constantFrom(0.5, 1, 2, 2.5, 4, 5),
      start: fc.integer({ min: -100, max: 100 }),
      count: fc.integer({ min: 2, max: 30 }),
      elevations: fc.array(options.topography ? anyDouble(-500, 3000) : fc.constant(0), {
        minLength: 30,
        maxLength: 30,
      }),
      crosslines: fc.array(options.crossline ? anyDouble(-50, 50) : fc.constant(0), {
        minLength: 30,
        maxLength: 30,
      }),
      shots: fc.array(
        fc.record({
          // -1: off the start, count: off the end, else a station (or halfway after it).
          at: fc.integer({ min: -1, max: 30 }),
          halfway: fc.boolean(),
          name: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: null }),
          first: fc.nat(),
          width: fc.integer({ min: 1, max: 30 }),
          picks: fc.array(
            fc.record({
              time: anyDouble(1e-6, 4),
              uncertainty: fc.option(anyDouble(1e-7, 0.05), { nil: null }),
              phase: options.phases === 'P' ? fc.constant('P' as const) : fc.constantFrom('P', 'S'),
            }),
            { minLength: 30, maxLength: 30 },
          ),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    })
    .map(({ spacing, start, count, elevations, crosslines, shots }) => {
      const stations: Position[] = Array.from({ length: count }, (_, k) => ({
        x: start + k * spacing,
        y: crosslines[k]!,
        z: elevations[k]!,
      }));
      const table: Pick[] = [];
      for (const shot of shots) {
        const at = Math.min(shot.at, count);
        // Off-station shots take their elevation from the place, so repeated shots there
        // share one exact position, as a surveyed shot point does.
        const next = stations[Math.min(at + 1, count - 1)]!;
        const source: Position =
          at < 0
            ? { x: start - 3 * spacing, y: 0, z: elevations[0]! }
            : at >= count
              ? { x: start + (count + 2) * spacing, y: 0, z: elevations[count - 1]! }
              : shot.halfway
                ? {
                    x: stations[at]!.x + spacing / 2,
                    y: stations[at]!.y,
                    z: (stations[at]!.z + next.z) / 2 + 0,
                  }
                : stations[at]!;
        const first = shot.first % count;
        const last = Math.min(count, first + shot.width);
        for (let k = first; k < last; k++) {
          const pick = shot.picks[k - first]!;
          table.push({
            source,
            receiver: stations[k]!,
            phase: pick.phase,
            time: pick.time,
            uncertainty: pick.uncertainty,
            shot: shot.name,
            trace: shot.name === null ? null : k - first,
          });
        }
      }
      return table;
    });
}

/** Order-free comparison: the picks sorted by their full content. */
export function canonical(picks: readonly Pick[]): Pick[] {
  const key = (p: Pick) => JSON.stringify(p);
  return [...picks].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What a format without identifiers gives back: the same pick, nameless. */
export function nameless(p: Pick): Pick {
  return { ...p, shot: null, trace: null };
}
