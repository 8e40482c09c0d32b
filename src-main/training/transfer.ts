import { tf } from '../ml/backend';
import type { LoadedModel } from '../picking/model-dir';
import { layerGroups, type LayerGroup, type PhaseNetConfig } from '../picking/phasenet/model';

/**
 * Transfer learning as in the source report (section 10): a new network starts from a trained
 * one, loading all its layers, only the encoder and decoder, or only the input and encoder
 * layers (the others keep their fresh initialisation), and may keep some layers frozen.
 *
 * Window length and sample rate may differ: convolution weights do not depend on the window.
 * The number of levels, widths and kernel of every loaded layer must match.
 *
 * Input channels: a 3-component first layer (E, N, Z) adapted to fewer components keeps,
 * for each new channel, the kernel of the component with the same code, times
 * old channels / new channels. Why select rather than sum the components' kernels: PhaseNet
 * normalises each channel to unit variance and multiplies the record by
 * channels / non-zero channels, so the published network, given a vertical-only record,
 * computes 3·W_Z * z in its first layer; a 1-component network fed the same z with kernel
 * 3·W_Z computes exactly that, so it starts out picking Z-only data as PhaseNet does. Summing
 * would assume the three components carry the same waveform, which they do not.
 */

export type LoadMode = 'all' | 'encoder-decoder' | 'input-encoder';

export type FreezeSpec =
  | { kind: 'none' }
  | { kind: 'deepest'; levels: number }
  | { kind: 'encoder' }
  | { kind: 'input-encoder' }
  | { kind: 'layers'; from: string; to: string };

export const LOAD_MODES: readonly LoadMode[] = ['all', 'encoder-decoder', 'input-encoder'];

/** Parses none | deepest:N | encoder | input-encoder | layers:A-B. */
export function parseFreeze(text: string): FreezeSpec {
  if (text === 'none' || text === 'encoder' || text === 'input-encoder') return { kind: text };
  const deepest = /^deepest:(\d+)$/.exec(text);
  if (deepest) return { kind: 'deepest', levels: Number(deepest[1]) };
  const layers = /^layers:([\w]+)-([\w]+)$/.exec(text);
  if (layers) return { kind: 'layers', from: layers[1]!, to: layers[2]! };
  throw new RangeError(
    `freeze must be none, deepest:N, encoder, input-encoder or layers:A-B, got ${text}`,
  );
}

const isEncoder = (g: LayerGroup) => g.name.startsWith('encoder_');
const isDecoder = (g: LayerGroup) => g.name.startsWith('decoder_');
const levelOf = (g: LayerGroup) => Number(g.name.split('_')[1]);

/** The layer groups a load mode copies. */
function loadedGroups(config: PhaseNetConfig, mode: LoadMode): LayerGroup[] {
  return layerGroups(config).filter((g) =>
    mode === 'all'
      ? true
      : mode === 'encoder-decoder'
        ? isEncoder(g) || isDecoder(g)
        : g.name === 'input' || isEncoder(g),
  );
}

/** Names of the weight-carrying layers a freeze spec holds fixed. */
export function frozenLayers(config: PhaseNetConfig, spec: FreezeSpec): string[] {
  const groups = layerGroups(config);
  switch (spec.kind) {
    case 'none':
      return [];
    case 'deepest': {
      if (!Number.isInteger(spec.levels) || spec.levels < 1 || spec.levels > config.depth) {
        throw new RangeError(`deepest:N needs N from 1 to ${config.depth}, got ${spec.levels}`);
      }
      const from = config.depth - spec.levels;
      return groups
        .filter((g) => (isEncoder(g) || isDecoder(g)) && levelOf(g) >= from)
        .flatMap((g) => g.layers);
    }
    case 'encoder':
      return groups.filter(isEncoder).flatMap((g) => g.layers);
    case 'input-encoder':
      return groups.filter((g) => g.name === 'input' || isEncoder(g)).flatMap((g) => g.layers);
    case 'layers': {
      const order = groups.flatMap((g) => g.layers);
      const a = order.indexOf(spec.from);
      const b = order.indexOf(spec.to);
      if (a < 0 || b < 0) {
        const unknown = a < 0 ? spec.from : spec.to;
        throw new RangeError(`layers:A-B: no layer ${unknown}; layers are ${order.join(', ')}`);
      }
      return order.slice(Math.min(a, b), Math.max(a, b) + 1);
    }
  }
}

/** Marks layers frozen (not trained); their batch-norm statistics still follow the data. */
export function freezeLayers(model: tf.LayersModel, names: readonly string[]): void {
  for (const name of names) model.getLayer(name).trainable = false;
}

/** The first-layer kernel [k, 1, oldChannels, f] for new channels, see the module comment. */
function adaptInputKernel(
  kernel: tf.Tensor,
  fromOrder: readonly string[],
  toOrder: readonly string[],
): tf.Tensor {
  const columns = toOrder.map((code) => {
    const at = fromOrder.indexOf(code);
    if (at < 0) {
      throw new Error(
        `cannot adapt the first layer: the initial model has no ${code} channel (it has ${fromOrder.join(', ')})`,
      );
    }
    return at;
  });
  return tf.tidy(() => tf.mul(tf.gather(kernel, columns, 2), fromOrder.length / toOrder.length));
}

export interface TransferReport {
  /** Layers whose weights came from the initial model. */
  loaded: string[];
  /** How the first layer's channels were adapted, when they were. */
  adapted: string | null;
}

/**
 * Copies the chosen layers of `init` into `model` (built for `config` and `channelOrder`).
 * Throws naming the layer when a shape does not match.
 */
export function loadInitialWeights(
  model: tf.LayersModel,
  config: PhaseNetConfig,
  channelOrder: readonly string[],
  init: LoadedModel,
  mode: LoadMode,
): TransferReport {
  const from = init.card.architecture;
  if (from.depth !== config.depth) {
    throw new Error(
      `the initial model has ${from.depth} levels, the new one ${config.depth}: their layers do not correspond`,
    );
  }
  const loaded: string[] = [];
  let adapted: string | null = null;
  for (const group of loadedGroups(config, mode)) {
    for (const name of group.layers) {
      const source = init.model.getLayer(name).getWeights();
      const target = model.getLayer(name);
      let values = source;
      if (name === 'input_conv' && from.channels !== config.channels) {
        values = [
          adaptInputKernel(source[0]!, init.card.channelOrder, channelOrder),
          ...source.slice(1),
        ];
        adapted = `${init.card.channelOrder.join(',')} → ${channelOrder.join(',')}: kernels of the same components, × ${from.channels}/${config.channels}`;
      }
      const shapes = target.getWeights().map((w) => w.shape.join('x'));
      const given = values.map((w) => w.shape.join('x'));
      if (shapes.join() !== given.join()) {
        throw new Error(
          `layer ${name}: the initial model's weights are [${given.join(', ')}], the new model needs [${shapes.join(', ')}]`,
        );
      }
      target.setWeights(values);
      if (values !== source) tf.dispose(values[0]!);
      loaded.push(name);
    }
  }
  return { loaded, adapted };
}
