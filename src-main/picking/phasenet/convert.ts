import type { tf } from '../../ml/backend';
import { readCheckpoint } from '../checkpoint';
import { applyCheckpoint, configFromCheckpoint } from './checkpoint-map';
import { buildPhaseNet, type PhaseNetConfig } from './model';

export interface ConvertedPhaseNet {
  config: PhaseNetConfig;
  model: tf.LayersModel;
  /** Checkpoint variables copied into the model. */
  variables: number;
  /** Values copied (weights and batch-norm statistics). */
  parameters: number;
}

/**
 * Builds PhaseNet from a TF1 checkpoint (`PREFIX.index` + data): architecture from the
 * checkpoint's shapes, weights copied in. Needs a tfjs backend selected.
 */
export function convertCheckpoint(
  prefix: string,
  opts: { pool: number; window: number } = { pool: 4, window: 3000 },
): ConvertedPhaseNet {
  const tensors = readCheckpoint(prefix);
  const config = configFromCheckpoint(tensors, opts);
  const model = buildPhaseNet(config);
  try {
    return { config, model, ...applyCheckpoint(model, tensors, config.depth) };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
