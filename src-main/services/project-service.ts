import type { ProjectInfo } from '../api/contract';
import { Project } from '../catalogue/project';

/** Holds the one open project of this process; opening another closes the previous one. */
export class ProjectService {
  private project: Project | null = null;

  create(dir: string, name?: string): ProjectInfo {
    return this.replace(Project.create(dir, name)).info();
  }

  open(dir: string): ProjectInfo {
    return this.replace(Project.open(dir)).info();
  }

  current(): ProjectInfo | null {
    return this.project?.info() ?? null;
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
