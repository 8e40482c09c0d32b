import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FormatError } from '../formats/errors';
import { tf } from '../ml/backend';
import { buildPhaseNet, validateConfig } from './phasenet/model';

/**
 * A Pickline model directory: `model.json`, a card that says what the network is, what data it
 * expects and where its weights came from, and `weights.bin`, every weight as little-endian
 * float32, concatenated in the order the card's manifest lists them. Plain node:fs I/O, since
 * tfjs's file:// handlers need tfjs-node.
 */

export const CARD_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

const ArchitectureSchema = z
  .object({
    depth: z.number().int().min(1),
    filters: z.array(z.number().int().min(1)),
    kernel: z.number().int().min(1),
    pool: z.number().int().min(1),
    channels: z.number().int().min(1),
    window: z.number().int().min(1),
    classes: z.number().int().min(1),
  })
  .strict();

const WeightEntrySchema = z
  .object({ name: z.string().min(1), shape: z.array(z.number().int().min(0)) })
  .strict();

export const ModelCardSchema = z
  .object({
    format: z.literal('pickline-model'),
    version: z.literal(1),
    name: z.string().min(1),
    architecture: ArchitectureSchema,
    /** Samples per second the network was trained on. */
    sampleRate: z.number().positive(),
    /** Component of each input channel, e.g. ['E', 'N', 'Z']. */
    channelOrder: z.array(z.string().min(1)),
    normalization: z.literal('phasenet'),
    /** Where the weights came from (a checkpoint, a training run). */
    source: z.string(),
    licence: z.string(),
    createdAt: z.string(),
    notes: z.string(),
    /**
     * The phases the model is shown to pick; picking defaults to them. Absent: both. A model
     * whose S output is not usable yet (the bundled near-surface one) says ['P'].
     */
    validatedPhases: z
      .array(z.enum(['P', 'S']))
      .min(1)
      .optional(),
    /**
     * The lines the model is made for (picking/line-type.ts). Absent: P and 3-component lines,
     * whose first break is P. A model for S lines is trained on SH-source records: its S output
     * is the first break there and its P output the weak P before it.
     */
    lineTypes: z
      .array(z.enum(['P', 'S', '3C']))
      .min(1)
      .optional(),
    weights: z
      .object({
        file: z.literal(WEIGHTS_FILE),
        dtype: z.literal('float32'),
        byteOrder: z.literal('little-endian'),
        entries: z.array(WeightEntrySchema),
      })
      .strict(),
  })
  .strict();

export type ModelCard = z.infer<typeof ModelCardSchema>;
/** What a caller describes; the format fields and the weight manifest are filled in on save. */
export type ModelDescription = Omit<ModelCard, 'format' | 'version' | 'weights'>;

export interface LoadedModel {
  card: ModelCard;
  model: tf.LayersModel;
}

/** Every weight of the model, named by layer (`down_2_bn/moving_mean`), in network order. */
function modelWeights(model: tf.LayersModel) {
  return model.layers.flatMap((layer) => layer.weights);
}

/** Writes `model.json` and `weights.bin` into `dir` (created if needed); returns the card. */
export function saveModel(
  dir: string,
  description: ModelDescription,
  model: tf.LayersModel,
): ModelCard {
  const variables = modelWeights(model);
  const total = variables.reduce((n, v) => n + v.read().size, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const v of variables) {
    for (const x of v.read().dataSync()) {
      view.setFloat32(at, x, true);
      at += 4;
    }
  }
  const card: ModelCard = ModelCardSchema.parse({
    format: 'pickline-model',
    version: 1,
    ...description,
    weights: {
      file: WEIGHTS_FILE,
      dtype: 'float32',
      byteOrder: 'little-endian',
      entries: variables.map((v) => ({ name: v.originalName, shape: v.read().shape })),
    },
  });
  fs.mkdirSync(dir, { recursive: true });
  // Weights first: a directory with a card always has the weights the card describes.
  fs.writeFileSync(path.join(dir, WEIGHTS_FILE), bytes);
  fs.writeFileSync(path.join(dir, CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
  return card;
}

export function readCard(dir: string): ModelCard {
  const file = path.join(dir, CARD_FILE);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FormatError(file, null, `not a readable model card (${(err as Error).message})`);
  }
  const parsed = ModelCardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FormatError(file, null, `${issue.path.join('.') || 'card'}: ${issue.message}`);
  }
  const card = parsed.data;
  try {
    validateConfig(card.architecture);
  } catch (err) {
    throw new FormatError(file, null, (err as Error).message);
  }
  if (card.channelOrder.length !== card.architecture.channels) {
    throw new FormatError(
      file,
      null,
      `channelOrder names ${card.channelOrder.length} channels, architecture has ${card.architecture.channels}`,
    );
  }
  return card;
}

/**
 * Builds the network the card describes and loads its weights. Uses the current tfjs backend:
 * select one (`ensureBackend()`) before calling.
 */
export function loadModel(dir: string): LoadedModel {
  const card = readCard(dir);
  const file = path.join(dir, WEIGHTS_FILE);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new FormatError(file, null, `cannot read the weights (${(err as Error).message})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = new Map<string, { shape: number[]; offset: number }>();
  let offset = 0;
  for (const entry of card.weights.entries) {
    stored.set(entry.name, { shape: entry.shape, offset });
    offset += entry.shape.reduce((a, b) => a * b, 1) * 4;
  }
  if (offset !== bytes.length) {
    throw new FormatError(file, null, `${bytes.length} bytes, the card's manifest needs ${offset}`);
  }

  const model = buildPhaseNet(card.architecture);
  try {
    const variables = modelWeights(model);
    const needed = new Set(variables.map((v) => v.originalName));
    const extra = [...stored.keys()].filter((name) => !needed.has(name));
    if (extra.length > 0) {
      throw new FormatError(
        file,
        null,
        `weights the architecture has no place for: ${extra.join(', ')}`,
      );
    }
    for (const variable of variables) {
      const entry = stored.get(variable.originalName);
      if (!entry) throw new FormatError(file, null, `no weights for ${variable.originalName}`);
      if (entry.shape.join() !== variable.shape.join()) {
        throw new FormatError(
          file,
          entry.offset,
          `${variable.originalName} is [${entry.shape}], the architecture needs [${variable.shape}]`,
        );
      }
      const values = new Float32Array(entry.shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < values.length; i++)
        values[i] = view.getFloat32(entry.offset + 4 * i, true);
      const tensor = tf.tensor(values, entry.shape);
      variable.write(tensor);
      tensor.dispose();
    }
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { card, model };
}
