import type { PickOrigin, PickStatus, TravelTimePoint } from '../../../src-main/api/contract';
import { describe, expect, it } from 'vitest';
import { decodeFloat32Base64 } from '../../../src-renderer/src/lib/base64-float32';
import { minMaxPerBin } from '../../../src-renderer/src/lib/min-max-decimation';
import { snapToWaveform } from '../../../src-renderer/src/lib/snap-to-waveform';
import { onSampleGrid } from '../../../src-renderer/src/lib/sample-grid';
import { typicalSpacing, nearestTrace } from '../../../src-renderer/src/lib/trace-positions';
import {
  processForDisplay,
  bandpassProblem,
} from '../../../src-renderer/src/lib/trace-display-processing';
import { reductionShift } from '../../../src-renderer/src/lib/reduced-time';
import { openingTimeWindow } from '../../../src-renderer/src/lib/opening-time-window';
import { commandFor } from '../../../src-renderer/src/lib/gather-shortcuts';
import { travelTimeLines } from '../../../src-renderer/src/lib/travel-time-lines';
import { densityGrey } from '../../../src-renderer/src/lib/density-layer';
import { formatMs } from '../../../src-renderer/src/lib/time-format';
import { componentView } from '../../../src-renderer/src/lib/component-view';

describe('renderer helpers', () => {
  it('decodes base64 float32', () => {
    const x = new Float32Array([1.5, -2, 3.25, 0]);
    const b64 = Buffer.from(x.buffer).toString('base64');
    expect([...decodeFloat32Base64(b64)]).toEqual([1.5, -2, 3.25, 0]);
    expect(() => decodeFloat32Base64(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(
      /whole float32/,
    );
  });
  it('min/max per bin keeps spikes', () => {
    const x = new Float32Array(100);
    x[37] = 5;
    x[62] = -4;
    const r = minMaxPerBin(x, 0, 100, 10);
    expect(r[7]).toBe(5);
    expect(r[12]).toBe(-4);
    expect(r[6]).toBe(0);
    // more bins than samples
    const s = minMaxPerBin(new Float32Array([1, 2]), 0, 2, 4);
    expect([...s]).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(() => minMaxPerBin(x, 0, 10, 0)).toThrow();
  });
  it('sample grid and snap', () => {
    const clock = { startTime: -0.01, sampleInterval: 0.001 };
    expect(onSampleGrid(clock, 0.0504)).toBeCloseTo(0.05, 12);
    expect(onSampleGrid(clock, 0.0504, 1)).toBeCloseTo(0.051, 12);
    const a = Float32Array.from({ length: 200 }, (_, i) => Math.sin((2 * Math.PI * i) / 40));
    const snap = (x: Float32Array, t: number, mode: Parameters<typeof snapToWaveform>[3]) =>
      snapToWaveform(x, clock, t, mode);
    // peak at i=10 (t=0), 50; trough at 30; zero crossings at 0, 20, 40
    expect(snap(a, 0.001, 'peak').time).toBeCloseTo(0.0, 12);
    expect(snap(a, 0.017, 'trough').time).toBeCloseTo(0.02, 12);
    expect(snap(a, 0.0125, 'zero').time).toBeCloseTo(0.01, 12);
    expect(snap(a, 0.0125, 'off')).toEqual({ time: expect.closeTo(0.013, 12), snapped: false });
    // nothing in reach: stays, and says so
    expect(snap(new Float32Array(200), 0.05, 'peak')).toEqual({
      time: expect.closeTo(0.05, 12),
      snapped: false,
    });
  });

  it('snaps peak and trough to different places on a slow wave, and the onset by AIC', () => {
    // A 20 Hz wave sampled at 0.125 ms: peaks and troughs 25 ms apart, none within 4 ms of
    // a click between them, where the old snap gave both modes the clicked sample.
    const clock = { startTime: 0, sampleInterval: 0.000125 };
    const slow = Float32Array.from({ length: 4000 }, (_, i) =>
      Math.sin(2 * Math.PI * 20 * i * clock.sampleInterval),
    );
    const click = 0.0375 + 0.006; // 6 ms after the trough at 37.5 ms, 18.5 ms before the peak
    const peak = snapToWaveform(slow, clock, click, 'peak');
    const trough = snapToWaveform(slow, clock, click, 'trough');
    expect(peak).toEqual({ time: expect.closeTo(0.0625, 9), snapped: true });
    expect(trough).toEqual({ time: expect.closeTo(0.0375, 9), snapped: true });
    // Noise, then an arrival at 30 ms: a click 5 ms late snaps back onto the onset.
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
    const onsetAt = 240;
    const record = Float32Array.from({ length: 800 }, (_, i) =>
      i < onsetAt ? noise() : Math.sin((2 * Math.PI * (i - onsetAt)) / 60) + noise(),
    );
    const onset = snapToWaveform(record, clock, (onsetAt + 40) * clock.sampleInterval, 'onset');
    expect(onset.snapped).toBe(true);
    expect(Math.abs(onset.time / clock.sampleInterval - onsetAt)).toBeLessThanOrEqual(2);
  });
  it('positions', () => {
    expect(typicalSpacing([0, 4, 8, 12, 20, 24])).toBe(4);
    expect(typicalSpacing([5])).toBe(1);
    expect(nearestTrace([0, 4, 8], 5.9)).toBe(1);
    expect(nearestTrace([], 1)).toBe(-1);
  });
  it('processing', () => {
    const t = (v: number[], reversed = false) => ({
      samples: Float32Array.from(v),
      sampleInterval: 0.001,
      reversed,
    });
    const [a, b] = processForDisplay([t([0, 2, -4]), t([1, -1, 0.5], true)], {
      bandpass: null,
      agcWindow: null,
      normalisation: 'trace',
    });
    expect([...a!]).toEqual([0, 0.5, -1]);
    expect([...b!]).toEqual([-1, 1, -0.5]);
    const [c, d] = processForDisplay([t([0, 2, -4]), t([1, -1, 0.5], true)], {
      bandpass: null,
      agcWindow: null,
      normalisation: 'global',
    });
    expect([...c!]).toEqual([0, 0.5, -1]);
    expect([...d!]).toEqual([-0.25, 0.25, -0.125]);
    const [z] = processForDisplay([t([0, 0, 0])], {
      bandpass: null,
      agcWindow: 0.002,
      normalisation: 'trace',
    });
    expect([...z!]).toEqual([0, 0, 0]);
    expect(bandpassProblem({ low: 10, high: 600 }, 0.001)).toMatch(/Nyquist/);
    expect(bandpassProblem({ low: 10, high: 100 }, 0.001)).toBeNull();
    const sine = Float32Array.from(
      { length: 2000 },
      (_, i) => Math.sin(2 * Math.PI * 50 * i * 0.001) + 3,
    );
    const [f] = processForDisplay([{ samples: sine, sampleInterval: 0.001, reversed: false }], {
      bandpass: { low: 20, high: 100 },
      agcWindow: null,
      normalisation: 'trace',
    });
    const mid = [...f!.slice(500, 1500)];
    expect(Math.abs(mid.reduce((s, v) => s + v, 0) / mid.length)).toBeLessThan(0.01); // DC removed
  });
  it('first-break normalisation makes a weak far onset readable under a strong later wave', () => {
    // A far trace: a weak first break at sample 300 (amplitude 0.05), then ground roll (1.0)
    // from sample 1200.
    const dt = 0.000125;
    let seed = 3;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.002;
    const far = Float32Array.from({ length: 3000 }, (_, i) => {
      let v = noise();
      if (i >= 300) v += 0.05 * Math.sin((2 * Math.PI * (i - 300)) / 80);
      if (i >= 1200) v += Math.sin((2 * Math.PI * (i - 1200)) / 400);
      return v;
    });
    const onsetPeak = (a: Float32Array) => Math.max(...[...a.slice(300, 400)].map(Math.abs));
    const process = (normalisation: 'trace' | 'first-breaks', firstBreak?: number) =>
      processForDisplay([{ samples: far, sampleInterval: dt, reversed: false, firstBreak }], {
        bandpass: null,
        agcWindow: null,
        normalisation,
      })[0]!;
    expect(onsetPeak(process('trace'))).toBeLessThan(0.06); // flat under per-trace scaling
    expect(onsetPeak(process('first-breaks', 300))).toBeCloseTo(1, 3);
    // Without a pick the onset is found in the trace itself.
    expect(onsetPeak(process('first-breaks'))).toBeGreaterThan(0.9);
  });

  it('reduction, window, format', () => {
    expect(reductionShift(-100, 2000)).toBeCloseTo(0.05);
    expect(reductionShift(null, 2000)).toBe(0);
    expect(reductionShift(100, null)).toBe(0);
    expect(openingTimeWindow([0, 2], 0.1, 112)[1]).toBeCloseTo(0.15, 12);
    expect(openingTimeWindow([0, 2], null, 120)[1]).toBeCloseTo(0.45);
    expect(openingTimeWindow([0, 2], null, null)).toEqual([0, 2]);
    expect(formatMs(0.054375)).toBe('54.375');
    expect(densityGrey(1, 1)).toBe(255);
    expect(densityGrey(-2, 1)).toBe(0);
  });
  it('shortcuts', () => {
    const k = (key: string, o: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}) => ({
      key,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...o,
    });
    expect(commandFor(k('ArrowDown'), true)).toBe('nudge-later');
    expect(commandFor(k('ArrowDown'), false)).toBe('cursor-later');
    expect(commandFor(k('ArrowDown', { ctrlKey: true }), true)).toBe('pan-down');
    expect(commandFor(k('ArrowRight'), true)).toBe('trace-next');
    expect(commandFor(k('ArrowLeft'), false)).toBe('trace-previous');
    expect(commandFor(k('Enter'), false)).toBe('pick-at-cursor');
    expect(commandFor(k('m'), false)).toBe('pick-at-maximum');
    expect(commandFor(k('L', { shiftKey: true }), false)).toBe('previous-low-confidence');
    expect(commandFor(k('.'), false)).toBe('next-shot');
    expect(commandFor(k(','), true)).toBe('previous-shot');
    expect(commandFor(k('ArrowUp', { shiftKey: true }), true)).toBe('nudge-earlier-10');
    expect(commandFor(k('z', { ctrlKey: true }), false)).toBe('undo');
    expect(commandFor(k('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(commandFor(k('y', { ctrlKey: true }), false)).toBe('redo');
    expect(commandFor(k('A', { shiftKey: true }), true)).toBe('accept');
    expect(commandFor(k('?', { shiftKey: true }), true)).toBe('help');
    expect(commandFor(k('x'), true)).toBeNull();
  });
  it('travel-time lines', () => {
    const p = (
      pickId: number,
      traceId: number,
      shotId: number,
      rx: number | null,
      origin: PickOrigin,
      status: PickStatus,
    ): TravelTimePoint => ({
      pickId,
      traceId,
      shotId,
      sourceX: 0,
      receiverX: rx,
      offset: rx,
      time: pickId / 1000,
      origin,
      status,
      probability: null,
      uncertainty: null,
      layer: null,
      sampleInterval: 0.001,
    });
    const { lines, unplaced, rejected } = travelTimeLines(
      [
        p(1, 10, 1, 8, 'auto', 'proposed'),
        p(2, 10, 1, 8, 'manual', 'accepted'),
        p(3, 11, 1, 4, 'auto', 'proposed'),
        p(4, 12, 1, 12, 'auto', 'rejected'),
        p(5, 13, 1, null, 'manual', 'accepted'),
        p(6, 20, 2, 4, 'auto', 'accepted'),
      ],
      'receiver',
    );
    expect(lines.map((l) => l.points.map((q) => q.pickId))).toEqual([[3, 2], [6]]);
    expect(unplaced).toBe(1);
    expect(rejected).toBe(1);
  });
});

describe('component view', () => {
  // Two receivers of Z, E, N; the second's Z dead, so its picks live on its E trace.
  const t = (id: number, component: string, pickTraceId: number) => ({
    id,
    component,
    pickTraceId,
  });
  const traces = [
    t(1, 'Z', 1),
    t(2, 'E', 1),
    t(3, 'N', 1),
    t(4, 'Z', 5),
    t(5, 'E', 5),
    t(6, 'N', 5),
  ];

  it('shows one component of each receiver, with the receiver’s picks on it', () => {
    const view = componentView(traces, 'N');
    expect(view.components).toEqual(['Z', 'E', 'N']);
    expect(view.shown).toBe('N');
    expect(view.traces.map((x) => x.id)).toEqual([3, 6]);
    // Picks stored on 1 (receiver 1) and 5 (receiver 2) are drawn on the N traces.
    expect([1, 2, 3, 4, 5, 6].map((id) => view.drawnOn.get(id))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('shows every trace when asked, or when there is nothing to choose', () => {
    const all = componentView(traces, 'all');
    expect(all.shown).toBe('all');
    expect(all.traces).toHaveLength(6);
    expect(all.drawnOn.get(5)).toBe(4);
    expect(componentView(traces, 'X').shown).toBe('all');
    const vertical = [t(1, 'Z', 1), t(2, 'Z', 2)];
    expect(componentView(vertical, 'Z')).toMatchObject({ shown: 'all', components: ['Z'] });
  });
});
