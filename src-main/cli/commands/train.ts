import { CancelledError } from '../../jobs/task';
import type { LabelShape } from '../../training/labels';
import { runTraining, TRAIN_DEFAULTS, type TrainRunParams } from '../../training/train-run';
import { LOAD_MODES, parseFreeze, type LoadMode } from '../../training/transfer';
import { intOption, UsageError, type Command, type CommandContext } from '../command';
import { choiceOption, positiveOption, requiredOption } from './options';

type Values = CommandContext['values'];

function finiteNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a number, got ${String(value)}`);
  }
  return n;
}

function dataOption(values: Values): string[] {
  const raw = values.data;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  if (list.length === 0 || list.some((d) => d.trim() === '')) {
    throw new UsageError('--data DIR is required (repeat it to train on several folders)');
  }
  return list;
}

/** `--data-shares 3,1`: one positive number per --data, in order. */
function sharesOption(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const shares = String(value)
    .split(',')
    .map((w) => Number(w.trim()));
  if (shares.some((w) => !(w > 0 && Number.isFinite(w)))) {
    throw new UsageError(
      `--data-shares must be positive numbers separated by commas, got ${String(value)}`,
    );
  }
  return shares;
}

function freezeOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    parseFreeze(String(value));
  } catch (err) {
    throw new UsageError(`--${(err as Error).message}`);
  }
  return String(value);
}

/** The run's parameters from the command line, checked. */
export function trainParams(values: Values): TrainRunParams {
  const init = values.init === undefined ? null : requiredOption(values, 'init');
  const load = choiceOption(values.load, 'load', LOAD_MODES) as LoadMode | undefined;
  if (load !== undefined && init === null) throw new UsageError('--load needs --init MODEL_DIR');
  const channels = choiceOption(values.channels, 'channels', ['1', '2', '3'] as const);
  return {
    data: dataOption(values),
    out: requiredOption(values, 'out'),
    init,
    load,
    freeze: freezeOption(values.freeze),
    channels: channels === undefined ? undefined : Number(channels),
    epochs: intOption(values.epochs, 'epochs', { min: 1, max: 100_000 }),
    batch: intOption(values.batch, 'batch', { min: 1, max: 4096 }),
    steps: intOption(values.steps, 'steps', { min: 1, max: 1_000_000 }),
    lr: positiveOption(values.lr, 'lr'),
    window: intOption(values.window, 'window', { min: 16, max: 1_000_000 }),
    sampleRate: positiveOption(values['sample-rate'], 'sample-rate'),
    seed: intOption(values.seed, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER }),
    resume: values.resume === true,
    validationShare: positiveOption(values['val-share'], 'val-share'),
    patience: intOption(values.patience, 'patience', { min: 0, max: 100_000 }),
    labelShape: choiceOption(values['label-shape'], 'label-shape', [
      'gaussian',
      'triangle',
    ] as const satisfies readonly LabelShape[]),
    labelWidth: intOption(values['label-width'], 'label-width', { min: 1, max: 10_000 }),
    npySampleInterval: positiveOption(values['npy-dt'], 'npy-dt'),
    minArrivalSnr: finiteNumber(values['min-arrival-snr'], 'min-arrival-snr'),
    dataShares: sharesOption(values['data-shares']),
    name: typeof values.name === 'string' ? values.name : undefined,
  };
}

export const train: Command = {
  name: 'train',
  summary:
    'train a PhaseNet picker on simulated surveys, projects or picked gathers (transfer learning)',
  usage:
    'train --data DIR_OR_PROJECT [--data DIR...] --out MODEL_DIR [--init MODEL_DIR] ' +
    '[--load all|encoder-decoder|input-encoder] ' +
    '[--freeze none|deepest:N|encoder|input-encoder|layers:A-B] [--channels 1|2|3] ' +
    `[--epochs N (${TRAIN_DEFAULTS.epochs})] [--batch N (${TRAIN_DEFAULTS.batch})] ` +
    `[--steps N per epoch (${TRAIN_DEFAULTS.steps})] [--lr X (${TRAIN_DEFAULTS.lr})] ` +
    `[--window N (${TRAIN_DEFAULTS.window})] [--sample-rate HZ (${TRAIN_DEFAULTS.sampleRate})] ` +
    `[--seed N] [--resume] [--val-share F (${TRAIN_DEFAULTS.validationShare})] ` +
    `[--patience N (${TRAIN_DEFAULTS.patience})] [--label-shape gaussian|triangle] ` +
    `[--label-width N (${TRAIN_DEFAULTS.labelWidth})] [--npy-dt S] [--min-arrival-snr DB] ` +
    '[--data-shares W1,W2,...] [--name NAME] [--json]',
  options: {
    data: { type: 'string', multiple: true },
    out: { type: 'string' },
    init: { type: 'string' },
    load: { type: 'string' },
    freeze: { type: 'string' },
    channels: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    lr: { type: 'string' },
    window: { type: 'string' },
    'sample-rate': { type: 'string' },
    seed: { type: 'string' },
    resume: { type: 'boolean' },
    'val-share': { type: 'string' },
    patience: { type: 'string' },
    'label-shape': { type: 'string' },
    'label-width': { type: 'string' },
    'npy-dt': { type: 'string' },
    'min-arrival-snr': { type: 'string' },
    'data-shares': { type: 'string' },
    name: { type: 'string' },
  },
  async run({ values, json, io }) {
    const params = trainParams(values);
    // Ctrl-C stops between batches; the checkpoint of the last whole epoch stays for --resume.
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());
    let result;
    try {
      result = await runTraining(params, {
        signal: controller.signal,
        onEpoch(e) {
          if (json) return;
          io.out(
            `epoch ${e.epoch}/${e.epochs}  loss ${e.loss.toFixed(5)}  val_loss ${e.valLoss.toFixed(5)}` +
              `  lr ${e.learningRate.toExponential(2)}  ${e.seconds.toFixed(1)} s` +
              `  ${e.windowsPerSecond.toFixed(1)} windows/s${e.best ? '  *best, saved' : ''}`,
          );
        },
      });
    } catch (err) {
      if (err instanceof CancelledError) {
        throw new Error(
          `training stopped; continue with the same command and --resume (checkpoint in ${params.out}/.training)`,
          { cause: err },
        );
      }
      if (err instanceof RangeError) throw new UsageError(err.message);
      throw err;
    }
    const text = [
      `trained ${result.epochs.length} epochs in ${result.seconds.toFixed(0)} s on ${result.backend}` +
        `${result.stoppedEarly ? ' (stopped early)' : ''}${result.resumedFromEpoch !== null ? `, resumed after epoch ${result.resumedFromEpoch}` : ''}`,
      `best epoch ${result.bestEpoch}: val_loss ${result.bestValLoss.toFixed(5)} → ${params.out}`,
      `${result.trainTraces} training and ${result.validationTraces} validation traces (split by shot)` +
        `, ${result.trainableParameters} trainable parameters` +
        (result.frozen.length > 0 ? `, ${result.frozen.length} layers frozen` : ''),
      ...(result.transfer
        ? [
            `loaded ${result.transfer.loaded.length} layers from ${params.init}` +
              (result.transfer.adapted ? `; first layer ${result.transfer.adapted}` : ''),
          ]
        : []),
    ].join('\n');
    return { text, data: result };
  },
};
