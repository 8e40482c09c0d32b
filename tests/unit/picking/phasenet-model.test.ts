import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import { readCheckpoint } from '../../../src-main/picking/checkpoint';
import {
  applyCheckpoint,
  checkpointMapping,
  configFromCheckpoint,
} from '../../../src-main/picking/phasenet/checkpoint-map';
import {
  buildPhaseNet,
  layerGroups,
  levelLengths,
  PHASENET_CONFIG,
  type PhaseNetConfig,
} from '../../../src-main/picking/phasenet/model';
import { CHECKPOINT_PREFIX } from './phasenet-fixtures';

/** One component, three levels, pool 3 on 500 samples: both crops (odd surplus) are used. */
const SMALL: PhaseNetConfig = {
  depth: 3,
  filters: [4, 6, 8],
  kernel: 5,
  pool: 3,
  channels: 1,
  window: 500,
  classes: 3,
};

function weightedLayers(model: tf.LayersModel): string[] {
  return model.layers.filter((l) => l.weights.length > 0).map((l) => l.name);
}

describe('PhaseNet model', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  it('has the published architecture: level lengths, parameter count, layer names', () => {
    expect(levelLengths(PHASENET_CONFIG)).toEqual([3000, 750, 188, 47, 12]);
    const model = buildPhaseNet(PHASENET_CONFIG);
    try {
      expect(model.inputs[0]!.shape).toEqual([null, 3000, 1, 3]);
      expect(model.outputs[0]!.shape).toEqual([null, 3000, 1, 3]);
      // Every value of the TF checkpoint's 93 network variables, batch-norm statistics included.
      expect(model.countParams()).toBe(269_675);
      expect(model.getLayer('up_1_crop').outputShape).toEqual([null, 750, 1, 16]);
      expect(model.getLayer('up_0_concat').outputShape).toEqual([null, 3000, 1, 16]);
      expect(() => model.getLayer('down_4_pool')).toThrow();
    } finally {
      model.dispose();
    }
  });

  it('builds a small single-component model from the same code and runs it', () => {
    const model = buildPhaseNet(SMALL);
    try {
      expect(levelLengths(SMALL)).toEqual([500, 167, 56]);
      const x = tf.randomNormal([2, 500, 1, 1]);
      const probs = model.predict(x) as tf.Tensor;
      expect(probs.shape).toEqual([2, 500, 1, 3]);
      const sums = probs.sum(-1).dataSync();
      for (const s of sums) expect(s).toBeCloseTo(1, 5);
      tf.dispose([x, probs]);
    } finally {
      model.dispose();
    }
  });

  it('rejects an inconsistent configuration', () => {
    expect(() => buildPhaseNet({ ...SMALL, filters: [4, 8] })).toThrow(
      /filters must list 3 widths/,
    );
    expect(() => buildPhaseNet({ ...SMALL, pool: 0 })).toThrow(/pool must be a positive integer/);
  });

  it('groups every layer with weights exactly once, input to output', () => {
    for (const config of [PHASENET_CONFIG, SMALL]) {
      const model = buildPhaseNet(config);
      const groups = layerGroups(config);
      const grouped = groups.flatMap((g) => g.layers);
      expect([...grouped].sort()).toEqual(weightedLayers(model).sort());
      expect(new Set(grouped).size).toBe(grouped.length);
      model.dispose();
    }
    expect(layerGroups(SMALL).map((g) => g.name)).toEqual([
      'input',
      'encoder_0',
      'encoder_1',
      'encoder_2',
      'decoder_1',
      'decoder_0',
      'output',
    ]);
  });
});

describe('PhaseNet checkpoint mapping', () => {
  const tensors = readCheckpoint(CHECKPOINT_PREFIX);

  beforeAll(async () => {
    await ensureBackend();
  });

  it('reads the architecture off the checkpoint and maps every network variable', () => {
    const config = configFromCheckpoint(tensors, { pool: 4, window: 3000 });
    expect(config).toEqual(PHASENET_CONFIG);
    const model = buildPhaseNet(config);
    try {
      expect(
        checkpointMapping(5)
          .map((m) => m.layer)
          .sort(),
      ).toEqual(weightedLayers(model).sort());
      expect(applyCheckpoint(model, tensors, 5)).toEqual({ variables: 93, parameters: 269_675 });
      const kernel = model.getLayer('up_3_deconv').getWeights()[0]!;
      expect(kernel.shape).toEqual([7, 1, 64, 128]);
      expect(kernel.dataSync()).toEqual(tensors.get('UpConv_3/up_conv0_4/kernel')!.data);
      const variance = model.getLayer('down_2_pool_bn').getWeights()[3]!;
      expect(variance.dataSync()).toEqual(
        tensors.get('DownConv_2/down_bn3_3/moving_variance')!.data,
      );
    } finally {
      model.dispose();
    }
  });

  it('fails listing every missing, misshapen and unmapped variable', () => {
    const broken = new Map(tensors);
    broken.delete('DownConv_1/down_bn1_2/gamma');
    broken.set('Input/input_conv/bias', {
      shape: [9],
      dtype: 'float32',
      data: new Float32Array(9),
    });
    broken.set('Extra/kernel', { shape: [1], dtype: 'float32', data: new Float32Array(1) });
    const model = buildPhaseNet(PHASENET_CONFIG);
    try {
      const message = (() => {
        try {
          applyCheckpoint(model, broken, 5);
        } catch (err) {
          return (err as Error).message;
        }
        return 'no error';
      })();
      expect(message).toMatch(/^checkpoint does not fit the model: /);
      expect(message).toMatch(/missing DownConv_1\/down_bn1_2\/gamma \(for down_1_bn\/gamma\)/);
      expect(message).toMatch(/Input\/input_conv\/bias has shape \[9\], input_conv needs \[8\]/);
      expect(message).toMatch(/unmapped checkpoint variables: Extra\/kernel$/);
    } finally {
      model.dispose();
    }
  });
});
