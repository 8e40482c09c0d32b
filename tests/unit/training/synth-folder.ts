import path from 'node:path';
import { parseArgs } from 'node:util';
import { synth } from '../../../src-main/cli/commands/synth';
import { DEFAULT_SYNTH_OPTIONS, type SynthOptions } from '../../../src-main/training/synth/options';
import { appPaths } from '../../../src-main/paths';
import { tmpDir } from '../../helpers/tmp';

/** Small surveys keep the simulator tests quick: 3 shots on 24 channels at 0.5 ms, S waves on. */
export const SMALL_SURVEY: SynthOptions = {
  ...DEFAULT_SYNTH_OPTIONS,
  shots: 3,
  channels: [24],
  sampleInterval: [0.0005],
  sWaves: true,
};

/**
 * A small `pickline synth` folder for training tests: `surveys` surveys of 2 shots on 24
 * channels at 0.5 ms, with S waves, seeded (the same folder for the same arguments), of
 * vertical geophones or of 3-component ones. `more` are further `pickline synth` options,
 * which override these.
 */
export async function synthFolder(
  surveys: number,
  seed = 5,
  components = 1,
  more: readonly string[] = [],
): Promise<string> {
  const dir = path.join(tmpDir(), 'synth');
  const args = ['--out', dir, '--seed', String(seed), '--surveys', String(surveys)];
  args.push('--components', String(components));
  args.push('--shots', '2', '--channels', '24', '--dt', '0.0005', '--s-waves', ...more);
  const { values, positionals } = parseArgs({
    args,
    options: synth.options,
    strict: true,
  });
  await synth.run({
    values,
    positionals,
    json: true,
    io: { out: () => {}, err: () => {}, untilStopped: () => new Promise(() => {}) },
    paths: appPaths('/nonexistent'),
  });
  return dir;
}
