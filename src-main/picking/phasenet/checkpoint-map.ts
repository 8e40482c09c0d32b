import { tf } from '../../ml/backend';
import type { CheckpointTensor } from '../checkpoint';
import type { PhaseNetConfig } from './model';

/**
 * Which variable of the published PhaseNet TF1 checkpoint fills which tfjs layer weight.
 * TensorFlow's conv kernels are [kh, kw, in, out] and its transposed-conv kernels
 * [kh, kw, out, in]; tfjs-layers uses the same layouts, so tensors copy unchanged.
 */

/** The checkpoint variables of one layer, in the order of that layer's tfjs weights. */
export interface LayerMapping {
  layer: string;
  variables: string[];
}

/** tfjs batch norm weights are gamma, beta, moving mean, moving variance. */
function batchNorm(scope: string): string[] {
  return ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((v) => `${scope}/${v}`);
}

export function checkpointMapping(depth: number): LayerMapping[] {
  const map: LayerMapping[] = [
    { layer: 'input_conv', variables: ['Input/input_conv/kernel', 'Input/input_conv/bias'] },
    { layer: 'input_bn', variables: batchNorm('Input/input_bn') },
  ];
  // TF scopes count levels from 0 and name their layers from 1.
  for (let i = 0; i < depth; i++) {
    const scope = `DownConv_${i}`;
    map.push(
      { layer: `down_${i}_conv`, variables: [`${scope}/down_conv1_${i + 1}/kernel`] },
      { layer: `down_${i}_bn`, variables: batchNorm(`${scope}/down_bn1_${i + 1}`) },
    );
    if (i < depth - 1) {
      map.push(
        { layer: `down_${i}_pool`, variables: [`${scope}/down_conv3_${i + 1}/kernel`] },
        { layer: `down_${i}_pool_bn`, variables: batchNorm(`${scope}/down_bn3_${i + 1}`) },
      );
    }
  }
  for (let i = depth - 2; i >= 0; i--) {
    const scope = `UpConv_${i}`;
    map.push(
      { layer: `up_${i}_deconv`, variables: [`${scope}/up_conv0_${i + 1}/kernel`] },
      { layer: `up_${i}_deconv_bn`, variables: batchNorm(`${scope}/up_bn0_${i + 1}`) },
      { layer: `up_${i}_conv`, variables: [`${scope}/up_conv1_${i + 1}/kernel`] },
      { layer: `up_${i}_bn`, variables: batchNorm(`${scope}/up_bn1_${i + 1}`) },
    );
  }
  map.push({
    layer: 'output_conv',
    variables: ['Output/output_conv/kernel', 'Output/output_conv/bias'],
  });
  return map;
}

/** Training state that a checkpoint carries and inference does not need. */
function isOptimizerState(name: string): boolean {
  return /\/Adam(_\d+)?$/.test(name) || /^beta[12]_power$/.test(name);
}

function shapeOf(tensors: Map<string, CheckpointTensor>, name: string): number[] {
  const t = tensors.get(name);
  if (!t) throw new Error(`checkpoint has no variable ${name}: not a PhaseNet checkpoint?`);
  return t.shape;
}

/**
 * Reads the architecture off the checkpoint's kernel shapes. Strides and the window length are
 * not saved in a checkpoint, so they come from the caller (PhaseNet: pool 4, 3000 samples).
 */
export function configFromCheckpoint(
  tensors: Map<string, CheckpointTensor>,
  opts: { pool: number; window: number },
): PhaseNetConfig {
  let depth = 0;
  while (tensors.has(`DownConv_${depth}/down_conv1_${depth + 1}/kernel`)) depth++;
  const input = shapeOf(tensors, 'Input/input_conv/kernel');
  const output = shapeOf(tensors, 'Output/output_conv/kernel');
  const filters = Array.from(
    { length: depth },
    (_, i) => shapeOf(tensors, `DownConv_${i}/down_conv1_${i + 1}/kernel`)[3]!,
  );
  return {
    depth,
    filters,
    kernel: input[0]!,
    pool: opts.pool,
    channels: input[2]!,
    window: opts.window,
    classes: output[3]!,
  };
}

/**
 * Copies the checkpoint into the model. Throws, listing every problem at once, when a layer
 * weight has no variable, a shape differs, or a variable (other than optimizer state) is
 * left unused. Returns the number of variables and of values copied.
 */
export function applyCheckpoint(
  model: tf.LayersModel,
  tensors: Map<string, CheckpointTensor>,
  depth: number,
): { variables: number; parameters: number } {
  const problems: string[] = [];
  const used = new Set<string>();
  const assignments: { layer: tf.layers.Layer; values: CheckpointTensor[] }[] = [];
  for (const { layer: layerName, variables } of checkpointMapping(depth)) {
    const layer = model.getLayer(layerName);
    if (layer.weights.length !== variables.length) {
      problems.push(
        `layer ${layerName} has ${layer.weights.length} weights, mapping gives ${variables.length}`,
      );
      continue;
    }
    const values: CheckpointTensor[] = [];
    variables.forEach((name, k) => {
      used.add(name);
      const tensor = tensors.get(name);
      const expected = layer.weights[k]!.shape;
      if (!tensor) problems.push(`missing ${name} (for ${layer.weights[k]!.originalName})`);
      else if (tensor.shape.join() !== expected.join()) {
        problems.push(`${name} has shape [${tensor.shape}], ${layerName} needs [${expected}]`);
      } else values.push(tensor);
    });
    if (values.length === variables.length) assignments.push({ layer, values });
  }
  const unmapped = [...tensors.keys()].filter((n) => !used.has(n) && !isOptimizerState(n));
  if (unmapped.length > 0) problems.push(`unmapped checkpoint variables: ${unmapped.join(', ')}`);
  if (problems.length > 0)
    throw new Error(`checkpoint does not fit the model: ${problems.join('; ')}`);

  let parameters = 0;
  for (const { layer, values } of assignments) {
    const weights = values.map((v) => tf.tensor(v.data, v.shape));
    layer.setWeights(weights);
    tf.dispose(weights);
    parameters += values.reduce((n, v) => n + v.data.length, 0);
  }
  return { variables: used.size, parameters };
}
