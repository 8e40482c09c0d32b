// Entry point of the `pickline` command (bin/pickline.js loads the built copy of this file).
import { appPaths } from '../paths';
import { runCli } from './dispatcher';

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

void runCli(
  process.argv.slice(2),
  {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    untilStopped,
  },
  appPaths(__dirname),
).then((code) => {
  process.exitCode = code;
});
