import os from 'node:os';
import path from 'node:path';

/**
 * Where Pickline keeps what belongs to the user rather than to a project (the recent
 * projects): `PICKLINE_CONFIG_DIR` when set (tests, portable installs), else the platform's
 * place for settings.
 */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PICKLINE_CONFIG_DIR) return path.resolve(env.PICKLINE_CONFIG_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'Pickline');
  if (process.platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', 'Pickline');
  }
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'pickline');
}
