import type {
  AppInfo,
  JobRecord,
  MlBackendReport,
  ModelInfo,
  ProjectInfo,
  ProjectSummary,
  ShotSummary,
} from '../../../src-main/api/contract';
import { api } from './api';
import { droppedFiles, type DroppedFiles } from './file-drop';
import type { ApiAction } from './api-action.svelte';
import { ProbabilityCache } from './shot-probabilities';

/** What the main area shows for an open project. */
export type View =
  | { name: 'survey' }
  /**
   * One shot's gather; `pickId` is selected on opening (from the travel-time view), `qc` opens
   * it with the QC's flags and corrections drawn (from the QC panel).
   */
  | { name: 'gather'; shotId: number; pickId: number | null; qc: boolean }
  | { name: 'travel-times' }
  /** Training on the project's picks, and the models with their evaluations. */
  | { name: 'training' }
  /** Velocity sections inverted from the picks: Vp, Vs, Vp/Vs, each pick's misfit. */
  | { name: 'sections' };

/** State shared by the shell's components; every change comes from an API call or event. */
class AppState {
  info = $state<AppInfo | null>(null);
  /** The services have said which project is open (none, or one): until then, neither view. */
  ready = $state(false);
  backend = $state<MlBackendReport | null>(null);
  backendError = $state<string | null>(null);
  project = $state<ProjectInfo | null>(null);
  jobs = $state<JobRecord[]>([]);
  summary = $state<ProjectSummary | null>(null);
  shots = $state<ShotSummary[]>([]);
  models = $state<ModelInfo[]>([]);
  view = $state<View>({ name: 'survey' });
  /** The shot last opened in the gather view: the travel-time view highlights it. */
  currentShotId = $state<number | null>(null);
  /**
   * Counts changes to picks made outside the gather view's own edits (an auto-pick run,
   * picks imported from the dialog): an open gather reads its picks back when it changes.
   */
  picksChanged = $state(0);
  /** The last auto-pick job started in this project, whose progress the panel shows. */
  autoPickJobId = $state<string | null>(null);
  /** The last "teach this line" job started from the gather. */
  teachJobId = $state<string | null>(null);
  /** The last inversion started from the Sections view. */
  sectionJobId = $state<string | null>(null);
  /** The last training started from the Training view: its loss curve outlives the view. */
  trainingJobId = $state<string | null>(null);
  /** The last evaluation job of each model (by id), whose progress its row shows. */
  evaluationJobIds = $state<Record<number, string>>({});

  /** The network's probabilities of recently shown shots, for the gather overlay. */
  readonly probabilities = new ProbabilityCache((shotId, model) =>
    api.call('shots.probabilities', model ? { shotId, model } : { shotId }),
  );

  readonly transport = api.transport;

  get runningJobs(): JobRecord[] {
    return this.jobs.filter((job) => job.state === 'running' || job.state === 'queued');
  }

  /** Picks changed outside the gather's own edits: gathers, plots and shot counts reread. */
  picksChangedElsewhere(): void {
    this.picksChanged++;
    void this.refreshSurvey();
  }

  async load(): Promise<void> {
    api.onEvent((event) => {
      if (event.event !== 'job.updated') return;
      const job = event.payload;
      this.upsertJob(job);
      if (!job.endedAt) return;
      // An import changes the survey, and an auto-pick run the pick counts (a cancelled run
      // keeps the shots it finished): show them as soon as the job ends.
      if (job.kind === 'catalogue.import') void this.refreshSurvey();
      // Self-training picks every round and registers models.
      if (job.kind === 'picking.run' || job.kind === 'pseudolabel.run' || job.kind === 'teach.run')
        this.picksChangedElsewhere();
      // Teaching registers its model as the default.
      if (job.kind === 'teach.run') void this.refreshModels();
      // A training on a project registers its model; an evaluation stores its report.
      if (job.kind === 'training.run' || job.kind === 'evaluation.run') void this.refreshModels();
    });
    [this.info, this.project, this.jobs] = await Promise.all([
      api.call('app.info', {}),
      api.call('project.current', {}),
      api.call('jobs.list', {}),
    ]);
    this.ready = true;
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
    [this.summary, this.shots, this.models] = await Promise.all([
      api.call('project.summary', {}),
      api.call('shots.list', {}),
      api.call('models.list', {}),
    ]);
  }

  async refreshModels(): Promise<void> {
    this.models = await api.call('models.list', {});
  }

  openGather(shotId: number, pickId: number | null = null, options: { qc?: boolean } = {}): void {
    this.currentShotId = shotId;
    this.view = { name: 'gather', shotId, pickId, qc: options.qc ?? false };
  }

  /**
   * Files dropped on the window, for the survey's import form to import (through the same
   * call as typed paths); null once it has taken them.
   */
  dropped = $state.raw<DroppedFiles | null>(null);

  /** A drop imports into the open project, from its survey; without one there is nothing to do. */
  dropFiles(files: File[]): void {
    if (!this.project) return;
    this.view = { name: 'survey' };
    this.dropped = droppedFiles(files, api.pathForFile);
  }

  show(name: 'survey' | 'travel-times' | 'training' | 'sections'): void {
    this.view = { name };
  }

  /** The project was opened or closed: start again from its survey. */
  resetView(): void {
    this.view = { name: 'survey' };
    this.currentShotId = null;
    this.autoPickJobId = null;
    this.teachJobId = null;
    this.sectionJobId = null;
    this.trainingJobId = null;
    this.evaluationJobIds = {};
  }

  /** Puts a shot's new summary (QC status, pick counts) into the list. */
  updateShot(shot: ShotSummary): void {
    const index = this.shots.findIndex((s) => s.id === shot.id);
    if (index !== -1) this.shots[index] = shot;
  }

  /** Starts a job through a form's action: the job list shows it at once. */
  async startJob(
    action: ApiAction,
    start: () => Promise<JobRecord>,
  ): Promise<JobRecord | undefined> {
    const started = await action.run(start);
    if (started) this.upsertJob(started);
    return started;
  }

  upsertJob(job: JobRecord): void {
    const index = this.jobs.findIndex((j) => j.id === job.id);
    if (index === -1) this.jobs = [job, ...this.jobs];
    // A start call's reply can arrive after the job's first events: never go back from an
    // ended job to its start.
    else if (!(this.jobs[index]!.endedAt && !job.endedAt)) this.jobs[index] = job;
  }
}

export const appState = new AppState();
