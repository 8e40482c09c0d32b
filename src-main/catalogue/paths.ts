/** The project folder's layout. */
export const CATALOGUE_FILE = 'project.sqlite';
/** Immutable copies of imported files, named by content hash. */
export const RAW_DIR = 'raw';
/** Copies of registered models, inside the project so it stays whole when moved. */
export const MODELS_DIR = 'models';
