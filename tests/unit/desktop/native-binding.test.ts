import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindingForRuntime, electronBindingFile } from '../../../src-main/catalogue/native-binding';

describe('which better-sqlite3 build a runtime loads', () => {
  it('under Node: none given, so better-sqlite3 loads the one npm built', () => {
    expect(bindingForRuntime('/repo', { node: '20.20.2' }, () => true)).toBeUndefined();
  });

  it('under Electron: its own build, apart from node_modules', () => {
    expect(bindingForRuntime('/repo', { node: '22.1.0', electron: '45.5.0' }, () => true)).toBe(
      path.join('/repo', 'build', 'native', 'electron', 'better_sqlite3.node'),
    );
  });

  it('in a packaged app: the copy unpacked beside app.asar', () => {
    expect(electronBindingFile('/opt/Pickline/resources/app.asar')).toBe(
      '/opt/Pickline/resources/app.asar.unpacked/build/native/electron/better_sqlite3.node',
    );
  });

  it('under Electron without its build: says what is missing and how to make it', () => {
    expect(() => bindingForRuntime('/repo', { electron: '45.5.0' }, () => false)).toThrow(
      '/repo/build/native/electron/better_sqlite3.node is missing: better-sqlite3 has no build ' +
        'for Electron 45.5.0 yet; run `npm start` in the Pickline folder',
    );
  });
});
