/** A file's name without folders, a `.gz` suffix and its extension: the default record id. */
export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '') || base;
}
