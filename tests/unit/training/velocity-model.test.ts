import { describe, expect, it } from 'vitest';
import { rngFor } from '../../../src-main/training/random';
import {
  checkModel,
  interfaceDepth,
  MIN_THICKNESS,
  sampleVelocityModel,
  type ModelOptions,
} from '../../../src-main/training/synth/velocity-model';

const OPTIONS: ModelOptions = {
  layers: { min: 2, max: 4 },
  waterTable: 'random',
  maxDip: 8,
  topVp: { min: 400, max: 900 },
  bedrockVp: { min: 2000, max: 4500 },
  extent: [-40, 140],
};

describe('sampled near-surface velocity models', () => {
  it('stay within near-surface ranges, with layers that never pinch out over the extent', () => {
    let withWater = 0;
    for (let seed = 0; seed < 200; seed++) {
      const m = sampleVelocityModel(rngFor(seed), OPTIONS);
      expect(() => checkModel(m)).not.toThrow();
      expect(m.layers.length).toBeGreaterThanOrEqual(2);
      expect(m.layers[0]!.vp).toBeGreaterThanOrEqual(400);
      expect(m.layers[0]!.vp).toBeLessThan(900);
      for (const [j, layer] of m.layers.entries()) {
        expect(layer.vp / layer.vs).toBeGreaterThanOrEqual(1.5 - 1e-12);
        if (j > 0) expect(layer.vp).toBeGreaterThanOrEqual(m.layers[j - 1]!.vp);
        if (layer.kind === 'bedrock') expect(j).toBe(m.layers.length - 1);
        if (layer.kind === 'dry') expect(layer.vp).toBeLessThanOrEqual(1400);
      }
      for (const face of m.interfaces) {
        expect(Math.abs(Math.atan(face.slope))).toBeLessThanOrEqual((8 * Math.PI) / 180 + 1e-12);
      }
      for (const x of m.extent) {
        let above = 0;
        for (const face of m.interfaces) {
          expect(interfaceDepth(face, x) - above).toBeGreaterThanOrEqual(MIN_THICKNESS - 1e-9);
          above = interfaceDepth(face, x);
        }
      }
      const water = m.interfaces.findIndex((f) => f.kind === 'water-table');
      if (water >= 0) {
        withWater++;
        const [dry, wet] = [m.layers[water]!, m.layers[water + 1]!];
        // Vp jumps to that of water-saturated sediment; Vs (the grain skeleton) does not.
        expect(dry.kind).toBe('dry');
        expect(wet.kind).toBe('saturated');
        expect(wet.vp).toBeGreaterThanOrEqual(1450);
        expect(wet.vs).toBe(dry.vs);
        // Nearly flat, unless the layers around it force a dip: then the layer above or
        // below it is at its thinnest at one end of the extent.
        const face = m.interfaces[water]!;
        const top = m.interfaces[water - 1];
        const bottom = m.interfaces[water + 1];
        const thinnest = Math.min(
          ...m.extent.flatMap((x) => [
            interfaceDepth(face, x) - (top ? interfaceDepth(top, x) : 0),
            bottom ? interfaceDepth(bottom, x) - interfaceDepth(face, x) : Infinity,
          ]),
        );
        if (Math.abs(Math.atan(face.slope)) > (0.5 * Math.PI) / 180 + 1e-12) {
          expect(thinnest).toBeCloseTo(MIN_THICKNESS, 9);
        }
        for (const below of m.layers.slice(water + 1)) expect(below.kind).not.toBe('dry');
      }
    }
    // 'random' gives a water table about half the time.
    expect(withWater).toBeGreaterThan(70);
    expect(withWater).toBeLessThan(130);
  });

  it('follows the water-table and dip options', () => {
    for (let seed = 0; seed < 30; seed++) {
      const always = sampleVelocityModel(rngFor(seed), { ...OPTIONS, waterTable: 'always' });
      expect(always.interfaces.filter((f) => f.kind === 'water-table')).toHaveLength(1);
      const never = sampleVelocityModel(rngFor(seed), { ...OPTIONS, waterTable: 'never' });
      expect(never.layers.every((l) => l.kind !== 'saturated')).toBe(true);
      const flat = sampleVelocityModel(rngFor(seed), { ...OPTIONS, maxDip: 0 });
      expect(flat.interfaces.every((f) => f.slope === 0)).toBe(true);
    }
    const rock = sampleVelocityModel(rngFor(1), {
      ...OPTIONS,
      layers: { min: 1, max: 1 },
    });
    expect(rock.layers).toHaveLength(1);
  });

  it('rejects a model whose layers cross inside the extent', () => {
    const m = sampleVelocityModel(rngFor(3), { ...OPTIONS, layers: { min: 3, max: 3 } });
    m.interfaces[1]!.slope = m.interfaces[0]!.slope - 1;
    expect(() => checkModel(m)).toThrow(/thinner than 0.25 m/);
  });
});
