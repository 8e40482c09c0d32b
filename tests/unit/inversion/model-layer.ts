import type { Layer, VelocityModel } from '../../../src-main/training/synth/velocity-model';

/** A simulator layer of given velocities and kind; density and Q do not matter to travel times. */
export const layer = (vp: number, vs: number, kind: Layer['kind']): Layer => ({
  vp,
  vs,
  density: 1800,
  qp: 50,
  qs: 30,
  kind,
});

/**
 * What the crews look for: dry sediment (Vp 500, Vs 250 m/s) over water-saturated sediment
 * (1,700 / 280: water carries P, not S) over bedrock (3,000 / 1,400), both interfaces
 * dipping; 48 receivers at 2 m and 14 shots along the line and off both ends.
 */
export const SATURATED_LINE: { model: VelocityModel; receivers: number[]; shots: number[] } = {
  model: {
    layers: [layer(500, 250, 'dry'), layer(1700, 280, 'saturated'), layer(3000, 1400, 'bedrock')],
    interfaces: [
      { depth: 4, slope: 0.02, kind: 'water-table' },
      { depth: 14, slope: -0.03, kind: 'geology' },
    ],
    extent: [-20, 120],
  },
  receivers: Array.from({ length: 48 }, (_, i) => i * 2),
  shots: [-4, ...Array.from({ length: 12 }, (_, i) => i * 8 + 2), 98],
};
