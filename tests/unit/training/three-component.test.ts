import { describe, expect, it } from 'vitest';
import { seg2 } from '../../../src-main/formats/seg2';
import { groupComponents } from '../../../src-main/picking/group';
import type { SynthOptions } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2, truthRows } from '../../../src-main/training/synth/survey-output';
import type { Layer, VelocityModel } from '../../../src-main/training/synth/velocity-model';
import {
  receiverArrivals,
  renderParts,
  type Component,
  type Wavefield,
} from '../../../src-main/training/synth/wavefield';
import { contextFor } from '../formats/reference';
import { SMALL_SURVEY } from './synth-folder';

/** No dead channels: a dead one hides what is checked. */
const SMALL: SynthOptions = { ...SMALL_SURVEY, deadRate: 0 };

function layer(vp: number, vs: number): Layer {
  return { vp, vs, density: 1800, qp: 1e6, qs: 1e6, kind: 'dry' };
}

/** A flat two-layer ground with a 3-component wavefield: one wave type at a time is easy to see. */
function flatGround(): { model: VelocityModel; field: Wavefield } {
  const model: VelocityModel = {
    layers: [layer(600, 250), layer(2400, 1000)],
    interfaces: [{ depth: 6, slope: 0, kind: 'geology' }],
    extent: [-500, 500],
  };
  const survey = simulateSurvey({ ...SMALL, components: 3 }, 3, 0);
  return { model, field: survey.wavefield };
}

describe('3-component simulated surveys', () => {
  it('records Z, inline E and crossline N per receiver, its Z traces those of a vertical-only run', () => {
    const three = simulateSurvey({ ...SMALL, components: 3 }, 7, 0);
    const one = simulateSurvey({ ...SMALL, components: 1 }, 7, 0);
    expect(three.components).toEqual(['Z', 'E', 'N']);
    expect(one.components).toEqual(['Z']);
    expect(one.orientationErrors).toEqual([]);
    expect(three.orientationErrors).toHaveLength(24);
    expect(Math.max(...three.orientationErrors.map(Math.abs))).toBeLessThan(Math.PI / 6);
    expect(three.wavefield.horizontal).not.toBeNull();
    expect(one.wavefield.horizontal).toBeNull();
    three.shots.forEach((shot, k) => {
      expect(shot.traces).toHaveLength(3 * 24);
      one.shots[k]!.traces.forEach((vertical, i) => {
        expect(shot.traces[3 * i]).toEqual(vertical);
        for (const c of [0, 1, 2]) {
          expect(shot.p[3 * i + c]).toBe(one.shots[k]!.p[i]);
          expect(shot.s[3 * i + c]).toBe(one.shots[k]!.s[i]);
        }
        // The horizontals record their own noise and waves.
        expect(shot.traces[3 * i + 1]).not.toEqual(vertical);
        expect(shot.traces[3 * i + 2]).not.toEqual(shot.traces[3 * i + 1]);
      });
    });
  });

  it('gives the horizontals each body wave by its emergence angle, P flipping across the source', () => {
    const { model, field } = flatGround();
    const sx = 0;
    const right = receiverArrivals(model, field, sx, 60);
    const left = receiverArrivals(model, field, sx, -60);
    expect(right.direction).toBe(1);
    expect(left.direction).toBe(-1);
    const branch = (a: typeof right, wave: 'P' | 'S', name: string) => {
      const list = wave === 'P' ? a.p : a.s;
      const k = list.findIndex((r) => r.branch === name);
      return (wave === 'P' ? a.pEmergence : a.sEmergence)[k]!;
    };
    // Along the surface the direct wave emerges horizontally; a head wave from a flat
    // refractor at the critical angle, sin e = v_top / v_refractor.
    expect(branch(right, 'P', 'direct')).toBeCloseTo(1, 9);
    expect(branch(right, 'P', 'head')).toBeCloseTo(600 / 2400, 6);
    expect(branch(right, 'S', 'head')).toBeCloseTo(250 / 1000, 6);

    const render = (a: typeof right, component: Component) =>
      renderParts(model, field, a, 60, 0, 1200, 0, 0.0005, component);
    const [zRight, eRight, nRight] = (['Z', 'E', 'N'] as const).map((c) => render(right, c));
    const [zLeft, eLeft] = (['Z', 'E'] as const).map((c) => render(left, c));
    // The crossline geophone hears no P in a layered ground; the vertical one is the same on
    // both sides of the source and the inline one changes sign.
    expect(nRight!.p.every((v) => v === 0)).toBe(true);
    expect(nRight!.s.some((v) => v !== 0)).toBe(true);
    expect(zLeft!.p).toEqual(zRight!.p);
    expect(eRight!.p.some((v) => v !== 0)).toBe(true);
    eRight!.p.forEach((v, t) => expect(eLeft!.p[t]).toBeCloseTo(-v, 12));
    // P reaching the receiver up a steep head-wave path moves the inline geophone less than
    // the vertical one would: the first P energy is smaller on E than on Z.
    const first = (trace: Float64Array) => trace.findIndex((v) => v !== 0);
    const onset = first(zRight!.p);
    const early = (trace: Float64Array) =>
      Math.max(...trace.subarray(onset, onset + 20).map(Math.abs));
    expect(early(eRight!.p)).toBeLessThan(0.5 * early(zRight!.p));
  });

  it('writes each receiver’s components to SEG-2 so the reader groups them, times alike', () => {
    const survey = simulateSurvey({ ...SMALL, components: 3 }, 12, 0);
    const rows = truthRows(survey);
    const shot = survey.shots[1]!;
    const record = seg2.read(shotSeg2(survey, shot, 'float32'), contextFor(`/x/${shot.file}`))
      .records[0]!;
    expect(record.traces.map((t) => t.component).slice(0, 6)).toEqual([
      'Z',
      'E',
      'N',
      'Z',
      'E',
      'N',
    ]);
    const groups = groupComponents(record.traces);
    expect(groups).toHaveLength(24);
    groups.forEach((members, i) => {
      expect(members).toEqual([3 * i, 3 * i + 1, 3 * i + 2]);
      const x = survey.geometry.receivers[i]!;
      for (const m of members) {
        expect(record.traces[m]!.receiver!.x).toBe(x);
        const row = rows.find((r) => r.file === shot.file && r.trace === m && r.phase === 'S')!;
        expect(row).toMatchObject({ receiverX: x, time: shot.s[3 * i] });
      }
    });
  });

  it('rates an arrival by its clearest component: S shows better with horizontals', () => {
    const three = simulateSurvey({ ...SMALL, components: 3 }, 4, 1);
    const one = simulateSurvey({ ...SMALL, components: 1 }, 4, 1);
    let better = 0;
    three.shots.forEach((shot, k) =>
      one.shots[k]!.effects.forEach((vertical, i) => {
        const receiver = [0, 1, 2].map((c) => shot.effects[3 * i + c]!.arrivalSnr);
        expect(receiver[1]).toEqual(receiver[0]);
        expect(receiver[2]).toEqual(receiver[0]);
        // The vertical trace is the same, so its rating is a floor for the receiver's.
        expect(receiver[0]!.P!).toBeGreaterThanOrEqual(vertical.arrivalSnr.P!);
        expect(receiver[0]!.S!).toBeGreaterThanOrEqual(vertical.arrivalSnr.S!);
        if (receiver[0]!.S! > vertical.arrivalSnr.S! + 3) better++;
      }),
    );
    expect(better).toBeGreaterThan(0);
  });
});
