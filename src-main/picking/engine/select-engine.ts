import type { LoadedModel } from '../model-dir';
import type { EngineChoice, EngineName, EngineReport, InferenceEngine } from './inference-engine';
import { loadOnnxRuntime, onnxEngine } from './onnx-engine';
import { tfjsEngine } from './tfjs-engine';

/**
 * Chooses the engine that runs a loaded model: ONNX Runtime when it loads, else tfjs.
 * `PICKLINE_ENGINE` (onnx, tfjs or auto) sets the default, as `PICKLINE_BACKEND` does for
 * the tfjs backend; an explicit choice overrides it.
 */

const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'onnx', 'tfjs'];

/** The engine a caller gets without asking: `PICKLINE_ENGINE`, else 'auto'. */
export function defaultEngineChoice(): EngineChoice {
  const forced = process.env.PICKLINE_ENGINE;
  if (forced === undefined || forced === '') return 'auto';
  if (!ENGINE_CHOICES.includes(forced as EngineChoice)) {
    throw new Error(`PICKLINE_ENGINE=${forced} is not one of ${ENGINE_CHOICES.join(', ')}`);
  }
  return forced as EngineChoice;
}

function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/Cannot find module/.test(message)) return 'package not installed';
  return message.split('\n')[0]!.slice(0, 200);
}

/**
 * Which engine models would run on in this process, without loading a model: for
 * `pickline backend` and the status bar. Loading onnxruntime-node loads its native library,
 * which is where it fails on a machine it does not support.
 */
export function engineReport(choice: EngineChoice = defaultEngineChoice()): EngineReport {
  if (choice === 'tfjs') return { name: 'tfjs', skipped: [] };
  try {
    loadOnnxRuntime();
    return { name: 'onnx', skipped: [] };
  } catch (err) {
    if (choice === 'onnx') throw err;
    return { name: 'tfjs', skipped: [{ name: 'onnx', reason: shortReason(err) }] };
  }
}

export interface SelectedEngine {
  engine: InferenceEngine;
  report: EngineReport;
}

/**
 * One engine of each kind per loaded model, made on first use and kept with the model (a
 * session costs a graph export and an optimisation pass; picking calls predict per shot).
 * A failure is kept too, so that a missing runtime is tried once, not once per shot. Engines
 * copy the weights they are made from, so they are made anew once the weights change (a
 * model evaluated between training epochs).
 */
const made = new WeakMap<
  LoadedModel,
  { stamp: object[]; engines: Map<EngineName, Promise<InferenceEngine>> }
>();

/** Identity of the model's weight values: writing a variable gives it a new data id. */
function weightStamp(loaded: LoadedModel): object[] {
  return loaded.model.weights.map((v) => v.read().dataId);
}

function make(loaded: LoadedModel, name: EngineName): Promise<InferenceEngine> {
  const stamp = weightStamp(loaded);
  let entry = made.get(loaded);
  if (!entry || entry.stamp.some((id, i) => id !== stamp[i])) {
    for (const stale of entry?.engines.values() ?? []) {
      stale.then((e) => e.dispose()).catch(() => {});
    }
    entry = { stamp, engines: new Map() };
    made.set(loaded, entry);
  }
  let engine = entry.engines.get(name);
  if (!engine) {
    const { model, card } = loaded;
    engine =
      name === 'onnx'
        ? onnxEngine(model, card.architecture)
        : new Promise((resolve) => resolve(tfjsEngine(model, card.architecture)));
    entry.engines.set(name, engine);
  }
  return engine;
}

/** The engine for this model: the one asked for, or for 'auto' onnx when it starts, else tfjs. */
export async function engineFor(
  loaded: LoadedModel,
  choice: EngineChoice = defaultEngineChoice(),
): Promise<SelectedEngine> {
  if (choice !== 'auto')
    return { engine: await make(loaded, choice), report: { name: choice, skipped: [] } };
  try {
    return { engine: await make(loaded, 'onnx'), report: { name: 'onnx', skipped: [] } };
  } catch (err) {
    return {
      engine: await make(loaded, 'tfjs'),
      report: { name: 'tfjs', skipped: [{ name: 'onnx', reason: shortReason(err) }] },
    };
  }
}
