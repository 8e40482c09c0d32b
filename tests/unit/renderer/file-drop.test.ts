import { describe, expect, it, vi } from 'vitest';
import { droppedFiles, guardFileDrops } from '../../../src-renderer/src/lib/file-drop';

const file = (name: string) => new File(['x'], name);

/**
 * Defect 11 of issue 21: with no drag-and-drop handling, a file dropped on the window was
 * opened in place of the app (in Electron, with the preload). A drop now imports shot files.
 */
describe('defect 11: files dropped on the window', () => {
  it('are handed over and the browser’s own handling (opening the file) is cancelled', () => {
    const target = new EventTarget();
    const onDrop = vi.fn();
    const remove = guardFileDrops(target, onDrop);
    const over = new Event('dragover', { cancelable: true });
    target.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    const drop = Object.assign(new Event('drop', { cancelable: true }), {
      dataTransfer: { files: [file('2001.dat'), file('2002.dat')] },
    });
    target.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(onDrop).toHaveBeenCalledWith([expect.any(File), expect.any(File)]);
    remove();
    const after = new Event('drop', { cancelable: true });
    target.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });

  it('become the paths the desktop app gives, or say why there are none', () => {
    const where = (f: File) => `/field/line7/${f.name}`;
    expect(droppedFiles([file('2001.dat'), file('2002.dat')], where)).toEqual({
      paths: ['/field/line7/2001.dat', '/field/line7/2002.dat'],
    });
    expect(droppedFiles([file('a.dat')], undefined)).toMatchObject({
      problem: expect.stringMatching(/^a browser does not tell Pickline where dropped files are/),
    });
    expect(droppedFiles([], where)).toEqual({
      problem: 'nothing to import: drop shot files from a folder',
    });
    expect(droppedFiles([file('clip')], () => '')).toEqual({
      problem: 'the dropped items are not files on this machine',
    });
  });
});
