// Entry point of the Electron main process.
import { appPaths } from '../paths';
import { startApp } from './app';

startApp(appPaths(__dirname));
