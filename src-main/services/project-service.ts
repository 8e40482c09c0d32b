import type {
  JobRecord,
  ModelInfo,
  ProjectInfo,
  ProjectSummary,
  ShotSummary,
} from '../api/contract';
import { ApiError } from '../api/errors';
import { Project } from '../catalogue/project';
import { listModels, registerModel, setDefaultModel } from '../catalogue/models';
import { catalogueCounts, listShots } from '../catalogue/queries';
import { modelInfo, requireModel } from './model-service';

/**
 * Holds the one open project of this process; opening another closes the previous one. Its
 * connection answers the user, so it waits less for another writer (see BUSY_TIMEOUT_MS).
 */
export class ProjectService {
  private project: Project | null = null;

  create(dir: string, name?: string): ProjectInfo {
    return this.replace(Project.create(dir, name, 'interactive')).info();
  }

  open(dir: string): ProjectInfo {
    return this.replace(Project.open(dir, 'interactive')).info();
  }

  current(): ProjectInfo | null {
    return this.project?.info() ?? null;
  }

  /** The open project, or a clear error for methods that need one. */
  require(): Project {
    if (!this.project)
      throw new ApiError('conflict', 'no project is open: open or create one first');
    return this.project;
  }

  summary(): ProjectSummary {
    const project = this.require();
    return { project: project.info(), ...catalogueCounts(project.db) };
  }

  shots(): ShotSummary[] {
    return listShots(this.require().db);
  }

  models(): ModelInfo[] {
    return listModels(this.require()).map(modelInfo);
  }

  registerModel(dir: string, makeDefault: boolean): ModelInfo {
    return modelInfo(registerModel(this.require(), dir, { makeDefault }));
  }

  setDefaultModel(id: number): ModelInfo {
    const project = this.require();
    requireModel(project, id);
    setDefaultModel(project, id);
    return modelInfo(requireModel(project, id));
  }

  /** Keeps the project's job table in step with the runner, so a restart shows past jobs. */
  recordJob(job: JobRecord): void {
    this.project?.db
      .prepare(
        `INSERT INTO jobs (id, kind, state, progress, message, error, result, started_at, ended_at)
         VALUES (@id, @kind, @state, @progress, @message, @error, @result, @startedAt, @endedAt)
         ON CONFLICT (id) DO UPDATE SET state = @state, progress = @progress,
           message = @message, error = @error, result = @result, ended_at = @endedAt`,
      )
      .run({ ...job, result: job.result === null ? null : JSON.stringify(job.result) });
  }

  /** Jobs on record in the open project, newest first. */
  recordedJobs(): JobRecord[] {
    if (!this.project) return [];
    const rows = this.project.db.prepare('SELECT * FROM jobs ORDER BY started_at DESC').all() as {
      id: string;
      kind: JobRecord['kind'];
      state: JobRecord['state'];
      progress: number;
      message: string;
      error: string | null;
      result: string | null;
      started_at: string;
      ended_at: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      // A job still 'running' on record belonged to a process that is gone.
      state: r.state === 'running' || r.state === 'queued' ? 'failed' : r.state,
      progress: r.progress,
      message: r.message,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      error:
        r.state === 'running' || r.state === 'queued'
          ? 'interrupted: Pickline stopped while it ran'
          : r.error,
      result: r.result === null ? null : (JSON.parse(r.result) as unknown),
      epochs: [],
    }));
  }

  close(): boolean {
    if (!this.project) return false;
    this.project.close();
    this.project = null;
    return true;
  }

  private replace(next: Project): Project {
    this.project?.close();
    this.project = next;
    return next;
  }
}
