import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src-main/formats/record';
import { labelledTrace } from '../../../src-main/training/labelled-traces';

const TARGET = { sampleRate: 4000, channelOrder: ['Z'] };

function trace(samples: Float32Array): Trace {
  return {
    samples,
    sampleInterval: 0.00025,
    startTime: -0.01,
    component: 'Z',
    channel: 48,
    receiver: null,
    source: null,
    receiverFrom: 'none',
    sourceFrom: 'none',
    headers: {},
  };
}

describe('labelled traces', () => {
  it('leaves out a pick on a dead channel, which would label silence as an arrival', () => {
    // formikoj's picks file has picks on channels 48, 59 and 60, which recorded zeros.
    const dead = trace(new Float32Array(400));
    expect(labelledTrace([dead], { P: 0.02, S: null, sUnknown: true }, 'shot', TARGET)).toBeNull();
  });

  it('keeps a dead channel without arrivals (nothing to pick) and a live one with its pick', () => {
    const dead = trace(new Float32Array(400));
    expect(labelledTrace([dead], { P: null, S: null }, 'shot', TARGET)).not.toBeNull();
    const live = trace(Float32Array.from({ length: 400 }, (_, i) => Math.sin(i / 3)));
    const example = labelledTrace([live], { P: 0.02, S: null, sUnknown: true }, 'shot', TARGET)!;
    expect(example.picks.P).toBeCloseTo((0.02 + 0.01) * 4000, 6);
    expect(example.sLabelled).toBe(false);
  });
});
