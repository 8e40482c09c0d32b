/**
 * Files dropped on the window: a crew drags shot files from the file manager to import them.
 * A browser (and Electron) would otherwise open a dropped file in place of the app, and in
 * Electron that page would have had the preload and with it the whole API.
 */

/** What a drop asks for: the files' paths on this machine, or why there are none. */
export type DroppedFiles = { paths: string[] } | { problem: string };

export function droppedFiles(
  files: readonly File[],
  pathForFile: ((file: File) => string) | undefined,
): DroppedFiles {
  if (files.length === 0) return { problem: 'nothing to import: drop shot files from a folder' };
  if (!pathForFile) {
    return {
      problem:
        'a browser does not tell Pickline where dropped files are: type their paths above, ' +
        'or drop them on the desktop app',
    };
  }
  const paths = files.map((file) => pathForFile(file)).filter((p) => p !== '');
  return paths.length > 0
    ? { paths }
    : { problem: 'the dropped items are not files on this machine' };
}

/**
 * Keeps anything dropped on `target` (the window) from being opened in place of the app, and
 * hands dropped files to `onDrop` instead. Returns the function that removes the guard.
 */
export function guardFileDrops(target: EventTarget, onDrop: (files: File[]) => void): () => void {
  // Cancelling dragover is what makes the window a drop target at all.
  const over = (event: Event) => event.preventDefault();
  const drop = (event: Event) => {
    event.preventDefault();
    const files = (event as DragEvent).dataTransfer?.files;
    onDrop(files ? Array.from(files) : []);
  };
  target.addEventListener('dragover', over);
  target.addEventListener('drop', drop);
  return () => {
    target.removeEventListener('dragover', over);
    target.removeEventListener('drop', drop);
  };
}
