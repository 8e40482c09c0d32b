import fs from 'node:fs';
import path from 'node:path';
import { ensureBackend } from '../../ml/backend';
import { CARD_FILE, saveModel, WEIGHTS_FILE } from '../../picking/model-dir';
import { convertCheckpoint } from '../../picking/phasenet/convert';
import { UsageError, type Command } from '../command';

/** PhaseNet's component order; a single-component model takes the vertical. */
function channelOrder(channels: number): string[] {
  if (channels === 3) return ['E', 'N', 'Z'];
  if (channels === 1) return ['Z'];
  throw new Error(
    `checkpoint takes ${channels} input channels; PhaseNet models take 3 (E, N, Z) or 1 (Z)`,
  );
}

export const convertPhasenet: Command = {
  name: 'convert-phasenet',
  summary: 'convert a PhaseNet TensorFlow 1 checkpoint into a Pickline model directory',
  usage: 'convert-phasenet CHECKPOINT_PREFIX --out DIR [--name NAME] [--json]',
  options: {
    out: { type: 'string' },
    name: { type: 'string' },
  },
  positionals: true,
  async run({ values, positionals }) {
    if (positionals.length !== 1) {
      throw new UsageError('give one checkpoint prefix, e.g. .../model_95.ckpt');
    }
    const prefix = positionals[0]!;
    const out = values.out;
    if (typeof out !== 'string' || out.trim() === '') throw new UsageError('--out DIR is required');
    // Never overwrite a model: its weights may be the only copy of a training run.
    if (fs.existsSync(path.join(out, CARD_FILE))) {
      throw new Error(`${out} already holds a model (${CARD_FILE}); choose another --out`);
    }

    await ensureBackend();
    const converted = convertCheckpoint(prefix);
    try {
      const card = saveModel(
        out,
        {
          name: typeof values.name === 'string' ? values.name : 'phasenet',
          architecture: converted.config,
          sampleRate: 100,
          channelOrder: channelOrder(converted.config.channels),
          normalization: 'phasenet',
          source: `TensorFlow 1 checkpoint ${path.basename(prefix)}, converted by pickline convert-phasenet`,
          licence: 'MIT (PhaseNet, W. Zhu and G. C. Beroza)',
          createdAt: new Date().toISOString(),
          notes:
            'PhaseNet U-Net. Input: windows of [samples, 1, channels] normalized per window ' +
            '(PhaseNet). Output: softmax probabilities [noise, P, S] per sample.',
        },
        converted.model,
      );
      const bytes = fs.statSync(path.join(out, WEIGHTS_FILE)).size;
      const data = {
        dir: path.resolve(out),
        files: [CARD_FILE, WEIGHTS_FILE],
        variables: converted.variables,
        parameters: converted.parameters,
        weightsBytes: bytes,
        architecture: card.architecture,
      };
      const text = [
        `wrote ${path.join(out, CARD_FILE)} and ${path.join(out, WEIGHTS_FILE)} (${bytes} bytes)`,
        `${converted.variables} checkpoint variables, ${converted.parameters} parameters`,
        `architecture: ${JSON.stringify(card.architecture)}`,
      ].join('\n');
      return { text, data };
    } finally {
      converted.model.dispose();
    }
  },
};
