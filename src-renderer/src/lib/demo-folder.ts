/** The folder name a demo project gets by default. */
const DEMO_FOLDER_NAME = 'pickline-demo';

/**
 * Where to suggest creating the demo project: beside the folder typed for a project (its
 * sibling `pickline-demo`), so it lands where the engineer keeps projects; with nothing typed,
 * in the home folder of the machine the services run on.
 * Keeps the separator the typed path uses, so Windows paths stay Windows paths.
 */
export function suggestDemoFolder(projectFolder: string, homeDir: string): string {
  const typed = projectFolder.trim().replace(/[\\/]+$/, '');
  const cut = Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\'));
  if (cut < 0) {
    const separator = homeDir.includes('\\') && !homeDir.includes('/') ? '\\' : '/';
    return homeDir
      ? `${homeDir.replace(/[\\/]+$/, '')}${separator}${DEMO_FOLDER_NAME}`
      : DEMO_FOLDER_NAME;
  }
  const separator = typed[cut]!;
  return `${typed.slice(0, cut)}${separator}${DEMO_FOLDER_NAME}`;
}
