import fs from 'node:fs';
import path from 'node:path';
import { testData } from '../../helpers/test-data';

/**
 * The PhaseNet reference windows of tests/data/phasenet/fixtures (MIT, PhaseNet): raw
 * input, PhaseNet's normalized input and the TensorFlow graph's softmax output, each
 * 3000 x 3 row-major float32.
 */

export const CHECKPOINT_PREFIX = path.join(
  path.dirname(testData('phasenet', 'checkpoint', 'model_95.ckpt.index')),
  'model_95.ckpt',
);

export interface PhaseNetFixture {
  name: string;
  raw: Float32Array;
  normalized: Float32Array;
  probTf: Float32Array;
}

function f32(file: string): Float32Array {
  const bytes = fs.readFileSync(testData('phasenet', 'fixtures', file));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

export function phasenetFixtures(): PhaseNetFixture[] {
  const list = JSON.parse(
    fs.readFileSync(testData('phasenet', 'fixtures', 'fixtures.json'), 'utf8'),
  ) as {
    fname: string;
    raw: string;
    input_normalized: string;
    prob_tf: string;
  }[];
  return list.map((f) => ({
    name: f.fname.replace(/\.npz$/, ''),
    raw: f32(f.raw),
    normalized: f32(f.input_normalized),
    probTf: f32(f.prob_tf),
  }));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
