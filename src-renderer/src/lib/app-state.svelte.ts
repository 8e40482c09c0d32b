import type {
  AppInfo,
  JobRecord,
  MlBackendReport,
  ProjectInfo,
} from '../../../src-main/api/contract';
import { api } from './api';

/** State shared by the shell's components; every change comes from an API call or event. */
class AppState {
  info = $state<AppInfo | null>(null);
  backend = $state<MlBackendReport | null>(null);
  backendError = $state<string | null>(null);
  project = $state<ProjectInfo | null>(null);
  jobs = $state<JobRecord[]>([]);

  readonly transport = api.transport;

  get runningJobs(): JobRecord[] {
    return this.jobs.filter((job) => job.state === 'running' || job.state === 'queued');
  }

  async load(): Promise<void> {
    api.onEvent((event) => {
      if (event.event === 'job.updated') this.upsertJob(event.payload);
    });
    [this.info, this.project, this.jobs] = await Promise.all([
      api.call('app.info', {}),
      api.call('project.current', {}),
      api.call('jobs.list', {}),
    ]);
    // Selecting the backend loads TensorFlow.js: do it after the shell is on screen.
    api.call('ml.backend', {}).then(
      (report) => (this.backend = report),
      (err: Error) => (this.backendError = err.message),
    );
  }

  upsertJob(job: JobRecord): void {
    const index = this.jobs.findIndex((j) => j.id === job.id);
    if (index === -1) this.jobs = [job, ...this.jobs];
    else this.jobs[index] = job;
  }
}

export const appState = new AppState();
