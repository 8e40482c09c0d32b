import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf } from '../../../src-main/ml/backend';
import { loadModel } from '../../../src-main/picking/model-dir';
import { PHASENET_CONFIG } from '../../../src-main/picking/phasenet/model';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { tmpDir } from '../../helpers/tmp';
import { CHECKPOINT_PREFIX, maxAbsDiff, phasenetFixtures } from './phasenet-fixtures';
import { PROB_TOLERANCE } from './phasenet-parity';
import { runPickline } from '../../helpers/cli';

const run = runPickline;

describe('pickline convert-phasenet', () => {
  it('writes a model directory that loads and reproduces TensorFlow', async () => {
    const dir = path.join(tmpDir(), 'phasenet');
    const res = await run('convert-phasenet', CHECKPOINT_PREFIX, '--out', dir, '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toEqual({
      dir: path.resolve(dir),
      files: ['model.json', 'weights.bin'],
      variables: 93,
      parameters: 269_675,
      weightsBytes: 269_675 * 4,
      architecture: PHASENET_CONFIG,
    });

    const { card, model } = loadModel(dir);
    try {
      expect(card).toMatchObject({
        name: 'phasenet',
        sampleRate: 100,
        channelOrder: ['E', 'N', 'Z'],
        normalization: 'phasenet',
        licence: expect.stringMatching(/^MIT/),
        source: expect.stringMatching(/model_95\.ckpt/),
      });
      const [fixture] = phasenetFixtures();
      const input = normalizeWindow(fixture!.raw, 3);
      const probs = tf.tidy(() =>
        (model.predict(tf.tensor4d(input, [1, 3000, 1, 3])) as tf.Tensor).dataSync(),
      );
      expect(maxAbsDiff(probs, fixture!.probTf)).toBeLessThanOrEqual(PROB_TOLERANCE);
    } finally {
      model.dispose();
    }

    const again = await run('convert-phasenet', CHECKPOINT_PREFIX, '--out', dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds a model \(model\.json\); choose another --out/);
  });

  it('prints what it wrote as text', async () => {
    const dir = path.join(tmpDir(), 'phasenet');
    const res = await run('convert-phasenet', CHECKPOINT_PREFIX, '--out', dir, '--name', 'pn');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^wrote .*model\.json and .*weights\.bin \(1078700 bytes\)$/m);
    expect(res.out).toMatch(/^93 checkpoint variables, 269675 parameters$/m);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')).name).toBe('pn');
  });

  it('exits 2 without --out or a prefix, and 1 naming the file it cannot read', async () => {
    const noOut = await run('convert-phasenet', CHECKPOINT_PREFIX);
    expect(noOut).toMatchObject({ code: 2 });
    expect(noOut.err).toMatch(/--out DIR is required/);
    expect((await run('convert-phasenet', '--out', tmpDir())).code).toBe(2);
    const missing = await run(
      'convert-phasenet',
      '/nonexistent/model.ckpt',
      '--out',
      tmpDir(),
      '--json',
    );
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out).error.message).toMatch(
      /^\/nonexistent\/model\.ckpt\.index: cannot read the checkpoint index/,
    );
  });
});
