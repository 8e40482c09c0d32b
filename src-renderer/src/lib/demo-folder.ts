/** The folder name a demo project gets by default. */
const DEMO_FOLDER_NAME = 'pickline-demo';

/**
 * Where to suggest creating the demo project: beside the folder typed for a project (its
 * sibling `pickline-demo`), so it lands where the engineer keeps projects; on its own, a
 * relative path, which the services resolve in the folder Pickline was started from.
 * Keeps the separator the typed path uses, so Windows paths stay Windows paths.
 */
export function suggestDemoFolder(projectFolder: string): string {
  const typed = projectFolder.trim().replace(/[\\/]+$/, '');
  const cut = Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\'));
  if (cut < 0) return DEMO_FOLDER_NAME;
  const separator = typed[cut]!;
  return `${typed.slice(0, cut)}${separator}${DEMO_FOLDER_NAME}`;
}
