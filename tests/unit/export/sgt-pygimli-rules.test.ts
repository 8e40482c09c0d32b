import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionKey } from '../../../src-main/export/pick-table';
import { readSgt, writeSgt } from '../../../src-main/export/sgt';
import { testData } from '../../helpers/test-data';
import { pickTable } from './pick-geometries';

/**
 * A written check of the `.sgt` writer's output against pyGIMLi's reader rules. Each rule is
 * quoted from where pyGIMLi states it, and checked on a model of that reader written from the
 * rules (not on Pickline's own reader):
 *
 * R1 Sensor list first, shots and geophones in one list, data refer to it by number.
 *    gimli-org/gimli issue #229, the maintainer: "In the header, there is the list of sensors
 *    (both shot and geophone positions), and below in the data section, there is the data
 *    where the columns s and g refer to numbers (not positions!) in the sensor section."
 * R2 Counts and column tokens. GIMLi core, DataContainer::load: the first non-empty row must
 *    hold one value ("cannot determine data format" otherwise), the sensor count; the column
 *    tokens are read only when the next line starts with '#' (`file.get(c); if (c == '#')`),
 *    else "x y z" is assumed; the same for the data count and its tokens. Text after '#' on
 *    any other row is a comment (getRowSubstrings cuts at the comment character).
 * R3 Token names. Sensor tokens are x, y, z (or x/m, x/mm …); DataContainerTT registers the
 *    sensor index tokens "s g" (pygimli.physics.traveltime API: "Data container with sensors
 *    predefined sensor indices 's' and 'g' for shot and receiver numbers"); the token
 *    translator maps "t t/s t/ms t/(ms)" to t and "err std error err/%" to err, dividing a
 *    token containing "ms" by 1000 and one containing "%" by 100.
 * R4 Indices count from 1 on file: `sensorIndexOnFileFromOne_ = true`, and load subtracts 1
 *    from every sensor index column; an index below 0 or not below the sensor count marks the
 *    datum invalid, and it is removed (issue #229: "will considered invalid (<0) as well as
 *    those above the number of sensors … and automatically deleted").
 * R5 Sensors closer than 1 mm are one: load snaps each sensor with createSensor(pos,
 *    tolerance = 1e-3) and remaps the indices of a duplicate.
 * R6 2-D lines: x along the line, y the elevation. pyGIMLi's 2-D refraction example adapts
 *    sensor positions to a slope with `new_y = x * slope + 137; pos[i, 1] = new_y`.
 * R7 Units and errors: t in seconds unless its token says ms; err is absolute, in the unit of
 *    t: TravelTimeManager.checkError ("Return relative error.") returns err['err'] / t, and the
 *    inversion stops on a zero datum ("There are data values equals 0.0") or an error ≤ 0
 *    ("All error values need to be larger then 0").
 */

interface PygimliData {
  sensors: { x: number; y: number; z: number }[];
  sensorTokens: string[];
  dataTokens: string[];
  /** After translation and the 1-based shift, as the DataContainer holds them. */
  data: Record<string, number[]>;
  valid: boolean[];
  snapped: number;
}

/** pyGIMLi's DataContainer load for a travel-time file, from rules R2–R5. */
function pygimliLoad(text: string): PygimliData {
  const lines = text.split('\n');
  let next = 0;
  const row = (): string[] => {
    while (next < lines.length) {
      const values = lines[next++]!.split('#')[0]!.trim().split(/\s+/).filter(Boolean);
      if (values.length > 0) return values;
    }
    return [];
  };
  const tokens = (fallback: string[]): string[] =>
    lines[next]?.startsWith('#') ? lines[next++]!.slice(1).trim().split(/\s+/) : fallback;
  const count = row();
  if (count.length !== 1) throw new Error('cannot determine data format');
  const nSensors = Number.parseInt(count[0]!, 10);
  const sensorTokens = tokens(['x', 'y', 'z']);
  const sensors: PygimliData['sensors'] = [];
  const remap: number[] = [];
  let snapped = 0;
  for (let i = 0; i < nSensors; i++) {
    const values = row();
    const p = { x: 0, y: 0, z: 0 };
    sensorTokens.forEach((t, j) => {
      if (t === 'x' || t === 'y' || t === 'z') p[t] = Number.parseFloat(values[j]!);
    });
    const near = sensors.findIndex((s) => Math.hypot(s.x - p.x, s.y - p.y, s.z - p.z) < 1e-3);
    if (near >= 0) snapped++;
    remap.push(near >= 0 ? near : sensors.push(p) - 1);
  }
  const nData = Number.parseInt(row()[0]!, 10);
  const dataTokens = tokens(sensorTokens);
  const translate: Record<string, [string, number]> = {
    s: ['s', 1],
    g: ['g', 1],
    t: ['t', 1],
    't/s': ['t', 1],
    't/ms': ['t', 1e-3],
    't/(ms)': ['t', 1e-3],
    err: ['err', 1],
    std: ['err', 1],
    error: ['err', 1],
    'err/%': ['err', 1e-2],
  };
  const data: Record<string, number[]> = {};
  for (let i = 0; i < nData; i++) {
    const values = row();
    dataTokens.forEach((t, j) => {
      const [name, scale] = translate[t] ?? [t, 1];
      (data[name] ??= []).push(Number.parseFloat(values[j]!) * scale);
    });
  }
  for (const index of ['s', 'g']) {
    data[index] = (data[index] ?? []).map((v) => remap[v - 1] ?? -1);
  }
  const valid = Array.from(
    { length: nData },
    (_, i) => data.s![i]! >= 0 && data.g![i]! >= 0 && data.s![i]! < sensors.length,
  );
  return { sensors, sensorTokens, dataTokens, data, valid, snapped };
}

describe('the .sgt writer against pyGIMLi’s reader rules', () => {
  it('writes what pyGIMLi loads as the same picks, for random 2-D lines with topography', () => {
    fc.assert(
      fc.property(pickTable({ topography: true, crossline: false, phases: 'P' }), (table) => {
        const usable = table.filter((p) => positionKey(p.source) !== positionKey(p.receiver));
        fc.pre(usable.length > 0);
        const { text } = writeSgt(table, { phase: 'P', defaultError: 0.0015 });
        const lines = text.split('\n');
        const loaded = pygimliLoad(text);

        // R2: a lone sensor count, then a token line; the data count, then its token line.
        expect(lines[0]).toMatch(/^\d+ #/);
        expect(lines[1]).toBe('#x y');
        const dataCountLine = 2 + loaded.sensors.length;
        expect(lines[dataCountLine]).toMatch(/^\d+ #/);
        expect(lines[dataCountLine + 1]).toBe('#s g t err');
        // R3: only tokens pyGIMLi knows, none that rescales (no ms, no %).
        expect(loaded.sensorTokens).toEqual(['x', 'y']);
        expect(loaded.dataTokens).toEqual(['s', 'g', 't', 'err']);
        // R5: no two sensors within 1 mm, so pyGIMLi remaps nothing.
        expect(loaded.snapped).toBe(0);
        // R4: every datum valid, nothing deleted.
        expect(loaded.valid.every(Boolean)).toBe(true);
        expect(loaded.data.t).toHaveLength(usable.length);
        // R1 + R6 + R7: each datum is the pick: shot and geophone positions from the shared
        // list (x, elevation in y), time and absolute error in seconds, both positive.
        usable.forEach((p, i) => {
          const s = loaded.sensors[loaded.data.s![i]!]!;
          const g = loaded.sensors[loaded.data.g![i]!]!;
          expect([s.x, s.y, g.x, g.y]).toEqual([
            p.source.x,
            p.source.z,
            p.receiver.x,
            p.receiver.z,
          ]);
          expect(loaded.data.t![i]).toBe(p.time);
          expect(loaded.data.err![i]).toBe(p.uncertainty ?? 0.0015);
          expect(loaded.data.t![i]).toBeGreaterThan(0);
          expect(loaded.data.err![i]! / loaded.data.t![i]!).toBeGreaterThan(0);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with Pickline’s reader on the real Refrapy file', () => {
    const text = fs.readFileSync(
      testData('refraction', 'refrapy-ex01', 'picks', 'field_example_01.sgt'),
      'utf8',
    );
    const model = pygimliLoad(text);
    const ours = readSgt(text, 'field_example_01.sgt');
    expect(model.sensors).toHaveLength(29);
    expect(model.valid.filter(Boolean)).toHaveLength(120);
    ours.picks.forEach((p, i) => {
      const s = model.sensors[model.data.s![i]!]!;
      const g = model.sensors[model.data.g![i]!]!;
      expect([p.source.x, p.source.z, p.receiver.x, p.receiver.z]).toEqual([s.x, s.y, g.x, g.y]);
      expect(p.time).toBe(model.data.t![i]);
    });
  });
});
