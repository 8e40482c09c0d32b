import fs from 'node:fs';
import path from 'node:path';

/** The repository, whose node_modules hold Electron and better-sqlite3. */
export const REPO = path.resolve(__dirname, '../..');

/** What a native module must be built for to load in the installed Electron. */
export interface ElectronTarget {
  version: string;
  /** NODE_MODULE_VERSION of Electron's Node, e.g. '150'. */
  abi: string;
  platform: string;
  arch: string;
}

/** A failure of a desktop step, said in one line (no stack: the user reads it). */
export class DesktopError extends Error {}

export function electronTarget(repo = REPO): ElectronTarget {
  const dir = path.join(repo, 'node_modules', 'electron');
  const packageJson = path.join(dir, 'package.json');
  if (!fs.existsSync(packageJson)) {
    throw new DesktopError('Electron is not installed: run `npm install` in the Pickline folder');
  }
  const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string };
  // The electron package says its ABI in abi_version (no network, no lookup table).
  const abi = fs.readFileSync(path.join(dir, 'abi_version'), 'utf8').trim();
  if (!/^\d+$/.test(abi)) throw new DesktopError(`${dir}/abi_version holds '${abi}', not an ABI`);
  return { version, abi, platform: process.platform, arch: process.arch };
}

/** The NODE_MODULE_VERSION a native module was built for, read from its registration symbol. */
export function abiOfBinding(file: string): string | null {
  const text = fs.readFileSync(file).toString('latin1');
  return /node_register_module_v(\d+)/.exec(text)?.[1] ?? null;
}
