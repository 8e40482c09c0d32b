// Entry point of the Electron main process.
import { app } from 'electron';
import { useNativeBinding } from '../catalogue/database';
import { bindingForRuntime } from '../catalogue/native-binding';
import { appPaths } from '../paths';
import { startApp } from './app';

const paths = appPaths(__dirname);
let binding: string | undefined;
try {
  binding = bindingForRuntime(paths.appRoot);
} catch (err) {
  process.stderr.write(`pickline: ${err instanceof Error ? err.message : String(err)}\n`);
  app.exit(1);
}
if (binding) {
  useNativeBinding(binding);
  startApp(paths);
}
