import type {
  AppInfo,
  JobRecord,
  MlBackendReport,
  ProjectInfo,
  ProjectSummary,
  ShotSummary,
} from '../../../src-main/api/contract';
import { api } from './api';

/** What the main area shows for an open project. */
export type View =
  | { name: 'survey' }
  /** One shot's gather; `pickId` is selected on opening (from the travel-time view). */
  | { name: 'gather'; shotId: number; pickId: number | null }
  | { name: 'travel-times' };

/** State shared by the shell's components; every change comes from an API call or event. */
class AppState {
  info = $state<AppInfo | null>(null);
  backend = $state<MlBackendReport | null>(null);
  backendError = $state<string | null>(null);
  project = $state<ProjectInfo | null>(null);
  jobs = $state<JobRecord[]>([]);
  summary = $state<ProjectSummary | null>(null);
  shots = $state<ShotSummary[]>([]);
  view = $state<View>({ name: 'survey' });
  /** The shot last opened in the gather view: the travel-time view highlights it. */
  currentShotId = $state<number | null>(null);

  readonly transport = api.transport;

  get runningJobs(): JobRecord[] {
    return this.jobs.filter((job) => job.state === 'running' || job.state === 'queued');
  }

  async load(): Promise<void> {
    api.onEvent((event) => {
      if (event.event !== 'job.updated') return;
      this.upsertJob(event.payload);
      // An import changes the survey: show what it added as soon as it ends.
      if (event.payload.kind === 'catalogue.import' && event.payload.endedAt) {
        void this.refreshSurvey();
      }
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

  /** Reloads the open project's counts and shot list (nothing when no project is open). */
  async refreshSurvey(): Promise<void> {
    if (!this.project) {
      this.summary = null;
      this.shots = [];
      return;
    }
    [this.summary, this.shots] = await Promise.all([
      api.call('project.summary', {}),
      api.call('shots.list', {}),
    ]);
  }

  openGather(shotId: number, pickId: number | null = null): void {
    this.currentShotId = shotId;
    this.view = { name: 'gather', shotId, pickId };
  }

  show(name: 'survey' | 'travel-times'): void {
    this.view = { name };
  }

  /** The project was opened or closed: start again from its survey. */
  resetView(): void {
    this.view = { name: 'survey' };
    this.currentShotId = null;
  }

  /** Puts a shot's new summary (QC status, pick counts) into the list. */
  updateShot(shot: ShotSummary): void {
    const index = this.shots.findIndex((s) => s.id === shot.id);
    if (index !== -1) this.shots[index] = shot;
  }

  upsertJob(job: JobRecord): void {
    const index = this.jobs.findIndex((j) => j.id === job.id);
    if (index === -1) this.jobs = [job, ...this.jobs];
    else this.jobs[index] = job;
  }
}

export const appState = new AppState();
