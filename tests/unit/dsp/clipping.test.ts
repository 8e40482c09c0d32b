import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelList, clippingNote, flatTops, isClipped } from '../../../src-main/dsp/clipping';
import { readAny } from '../../../src-main/formats/registry';
import { FORMIKOJ } from '../../helpers/formikoj';

const sine = (n: number, amplitude: number, clip = Infinity) =>
  Float32Array.from({ length: n }, (_, i) => {
    const v = amplitude * Math.sin((2 * Math.PI * i) / 25);
    return Math.max(-clip, Math.min(clip, v));
  });

describe('clipped traces', () => {
  it('are flat tops at the largest magnitude, two or more of them', () => {
    // Clipped at 60 % of its swing, each half period holds several samples at ±0.6.
    const clipped = sine(200, 1, 0.6);
    expect(flatTops(clipped)).toBe(16);
    expect(isClipped(clipped)).toBe(true);
    expect(isClipped(sine(200, 1))).toBe(false);
    // Dead, or one saturated burst: not clipped.
    expect(isClipped(new Float32Array(200))).toBe(false);
    const burst = sine(200, 0.1);
    burst.set([5, 5, 5, 5], 100);
    expect(flatTops(burst)).toBe(1);
    expect(isClipped(burst)).toBe(false);
    // A run that changes sign at full scale is two half runs, not a flat top.
    expect(flatTops(Float32Array.from([0, 1, -1, 1, -1, 0, 1, -1, 1]))).toBe(0);
  });

  it('are found on the real shot where the geophone sits at the hammer, and named', () => {
    const traces = readAny(path.join(FORMIKOJ, 'shot-1070.sg2')).records[0]!.traces;
    expect(traces.filter((t) => isClipped(t.samples)).map((t) => t.channel)).toEqual([70]);
    expect(clippingNote(traces)).toMatch(/^clipped: channel 70 \(flat tops at full scale/);
    const other = readAny(path.join(FORMIKOJ, 'shot-1100.sg2')).records[0]!.traces;
    expect(clippingNote(other)).toBeNull();
    expect(channelList([3, 4, 70])).toBe('channels 3, 4 and 70');
    // The components of one geophone: one channel.
    expect(channelList([5, 5, 5])).toBe('channel 5');
  });
});
