import type { OpenDialogOptions } from 'electron';
import type { PathRequest } from '../api/contract';

/**
 * The native open dialog for what the renderer asks (a project folder, shot files, a
 * geometry file): only these shapes are accepted from the renderer, anything else is refused
 * before a dialog opens.
 */
export function pathDialogOptions(request: unknown): OpenDialogOptions | null {
  if (typeof request !== 'object' || request === null) return null;
  const { kind, title, extensions } = request as Partial<PathRequest>;
  if (kind !== 'folder' && kind !== 'files' && kind !== 'file') return null;
  if (typeof title !== 'string' || title.length > 200) return null;
  const exts = Array.isArray(extensions) ? extensions : [];
  if (!exts.every((e) => typeof e === 'string' && /^\.?[\w-]{1,20}$/.test(e))) return null;
  return {
    title,
    properties:
      kind === 'folder'
        ? ['openDirectory', 'createDirectory']
        : kind === 'files'
          ? ['openFile', 'multiSelections']
          : ['openFile'],
    ...(kind !== 'folder' && exts.length
      ? {
          filters: [
            { name: title, extensions: exts.map((e) => e.replace(/^\./, '')) },
            { name: 'All files', extensions: ['*'] },
          ],
        }
      : {}),
  };
}
