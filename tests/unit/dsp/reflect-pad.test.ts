import { describe, expect, it } from 'vitest';
import { reflectTail } from '../../../src-main/dsp/reflect-pad';

describe('reflectTail', () => {
  it('mirrors the live rows about the last one, back and forth', () => {
    const x = new Float32Array(12);
    x.set([1, 2, 3, 4]);
    reflectTail(x, 1, 4);
    expect([...x]).toEqual([1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2]);
  });

  it('moves whole rows of several channels', () => {
    const x = new Float32Array(10);
    x.set([1, -1, 2, -2, 3, -3]);
    reflectTail(x, 2, 3);
    expect([...x]).toEqual([1, -1, 2, -2, 3, -3, 2, -2, 1, -1]);
  });

  it('repeats a single live row and leaves full or empty data alone', () => {
    const one = Float32Array.from([5, 0, 0]);
    reflectTail(one, 1, 1);
    expect([...one]).toEqual([5, 5, 5]);
    const two = Float32Array.from([1, 2, 0, 0, 0]);
    reflectTail(two, 1, 2);
    expect([...two]).toEqual([1, 2, 1, 2, 1]);
    const full = Float32Array.from([1, 2, 3]);
    reflectTail(full, 1, 3);
    expect([...full]).toEqual([1, 2, 3]);
    const empty = new Float32Array(3);
    reflectTail(empty, 1, 0);
    expect([...empty]).toEqual([0, 0, 0]);
  });
});
