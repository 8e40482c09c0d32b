import pkg from '../../package.json';
import { JobParamsSchemas, type AppInfo } from '../api/contract';
import type { Handlers } from '../api/dispatch';
import { describeIssues } from '../api/dispatch';
import { ApiError } from '../api/errors';
import { EventHub } from '../api/events';
import { JobRunner } from '../jobs/runner';
import { ensureBackend } from '../ml/backend';
import { ProjectService } from './project-service';

export interface ServicesOptions {
  host: AppInfo['host'];
  /** The built job worker script (see AppPaths). */
  workerScript: string;
  /** Project to open at start-up. */
  projectDir?: string;
}

/**
 * All main-side logic behind the API, shared by the Electron IPC transport, the browser
 * bridge and the CLI. Transports only validate, dispatch and forward events.
 */
export class Services {
  readonly events = new EventHub();
  readonly projects = new ProjectService();
  readonly jobs: JobRunner;
  readonly handlers: Handlers;

  constructor(private readonly options: ServicesOptions) {
    this.jobs = new JobRunner(options.workerScript, (job) => this.events.emit('job.updated', job));
    if (options.projectDir) this.projects.open(options.projectDir);
    this.handlers = {
      'app.info': () => this.appInfo(),
      'ml.backend': () => ensureBackend(),
      'project.create': ({ dir, name }) => this.projects.create(dir, name),
      'project.open': ({ dir }) => this.projects.open(dir),
      'project.current': () => this.projects.current(),
      'project.close': () => ({ closed: this.projects.close() }),
      'jobs.start': ({ kind, params }) => {
        const parsed = JobParamsSchemas[kind].safeParse(params);
        if (!parsed.success) {
          throw new ApiError('invalid-input', `${kind}: ${describeIssues(parsed.error)}`);
        }
        return this.jobs.start(kind, parsed.data);
      },
      'jobs.cancel': ({ id }) => ({ cancelled: this.jobs.cancel(id) }),
      'jobs.list': () => this.jobs.list(),
    };
  }

  private appInfo(): AppInfo {
    return {
      name: 'Pickline',
      version: pkg.version,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      host: this.options.host,
    };
  }

  async close(): Promise<void> {
    await this.jobs.close();
    this.projects.close();
  }
}
