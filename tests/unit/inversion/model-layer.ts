import type { Layer } from '../../../src-main/training/synth/velocity-model';

/** A simulator layer of given velocities and kind; density and Q do not matter to travel times. */
export const layer = (vp: number, vs: number, kind: Layer['kind']): Layer => ({
  vp,
  vs,
  density: 1800,
  qp: 50,
  qs: 30,
  kind,
});
