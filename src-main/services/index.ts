import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pkg from '../../package.json';
import {
  JobParamsSchemas,
  type AppInfo,
  type JobKind,
  type JobRecord,
  type ProjectInfo,
} from '../api/contract';
import { userConfigDir } from '../user/config-dir';
import { browseFolder, browseRoots } from '../user/folder-browser';
import { recentProjects, rememberProject } from '../user/recent-projects';
import type { Handlers } from '../api/dispatch';
import { describeIssues } from '../api/dispatch';
import { ApiError } from '../api/errors';
import { EventHub } from '../api/events';
import { JobRunner } from '../jobs/runner';
import { readSettings, writeSettings } from '../catalogue/settings-store';
import { listSections } from '../catalogue/section-store';
import { ensureBackend } from '../ml/backend';
import { CARD_FILE, readCard } from '../picking/model-dir';
import { ProjectService } from './project-service';
import { exportPicks, importPicks } from './pick-exchange';
import { ProbabilityService } from './picking-service';
import { previewGeometry } from './geometry-preview';
import { acceptShownCorrections, qcShot, runQc } from './qc-service';
import { bundledModel } from './bundled-models';
import { heldOutShotIds } from './held-out-shots';
import { deleteRegisteredModel, renameRegisteredModel, requireModel } from './model-service';
import { projectTrainingParams } from './training-service';
import { SurveyService } from './survey-service';
import { exportRatio, exportSection, ratioSection, requireSection } from './section-service';

export interface ServicesOptions {
  host: AppInfo['host'];
  /** The built job worker script (see AppPaths). */
  workerScript: string;
  /** Bundled models and sample data (see AppPaths). */
  resourcesDir: string;
  /** Project to open at start-up. */
  projectDir?: string;
  /** The user's config folder (recent projects); default: userConfigDir(). */
  configDir?: string;
  /** Folders besides the home, media and temporary ones that the folder browser may show. */
  browseRoots?: string[];
}

/**
 * All main-side logic behind the API, shared by the Electron IPC transport, the browser
 * bridge and the CLI. Transports only validate, dispatch and forward events.
 */
export class Services {
  readonly events = new EventHub();
  readonly projects = new ProjectService();
  readonly survey = new SurveyService(() => this.projects.require());
  readonly probabilities: ProbabilityService;
  readonly jobs: JobRunner;
  readonly handlers: Handlers;

  constructor(private readonly options: ServicesOptions) {
    this.probabilities = new ProbabilityService(bundledModel(options.resourcesDir));
    this.jobs = new JobRunner(
      options.workerScript,
      (job) => {
        // Progress ticks are not worth a write; state changes are.
        if (job.progress === 0 || job.endedAt) this.projects.recordJob(job);
        this.events.emit('job.updated', job);
      },
      // Inference and training use every core (ONNX Runtime's threads = cores): one at a time.
      {
        exclusive: [
          'picking.run',
          'demo.create',
          'training.run',
          'pseudolabel.run',
          'evaluation.run',
          'teach.run',
        ],
      },
    );
    if (options.projectDir) this.projects.open(options.projectDir);
    this.handlers = {
      'app.info': () => this.appInfo(),
      'ml.backend': () => ensureBackend(),
      'project.create': ({ dir, name }) => this.remembered(this.projects.create(dir, name)),
      'project.open': ({ dir }) => this.remembered(this.projects.open(dir)),
      'projects.recent': () => recentProjects(this.configDir),
      'files.browse': ({ dir, files, extensions }) =>
        browseFolder(dir, browseRoots(options.browseRoots ?? []), { files, extensions }),
      'project.current': () => this.projects.current(),
      'project.close': () => ({ closed: this.projects.close() }),
      'project.summary': () => this.projects.summary(),
      'settings.get': () => readSettings(this.projects.require().db),
      'settings.set': (patch) => writeSettings(this.projects.require().db, patch),
      'training.start': (input) => this.startJob('training.run', input),
      'training.startOnProject': (input) =>
        this.startJob(
          'training.run',
          projectTrainingParams(this.projects.require(), input, bundledModel(options.resourcesDir)),
        ),
      'pseudolabel.start': (input) => {
        const project = this.projects.require();
        // A shot that is not there fails now, not in the worker after a round of picking.
        if (input.holdOutShots) heldOutShotIds(project, input.holdOutShots);
        return this.startJob('pseudolabel.run', {
          ...input,
          projectDir: project.dir,
          bundledModel: bundledModel(options.resourcesDir),
        });
      },
      'teach.start': (input) => {
        const project = this.projects.require();
        return this.startJob('teach.run', {
          ...input,
          projectDir: project.dir,
          bundledModel: bundledModel(options.resourcesDir),
        });
      },
      'project.demo': ({ dir }) =>
        this.startJob('demo.create', { dir, resourcesDir: this.options.resourcesDir }),
      'project.import': (input) =>
        this.startJob('catalogue.import', { ...input, projectDir: this.projects.require().dir }),
      'project.previewGeometry': (input) => previewGeometry(input),
      'shots.list': () => this.projects.shots(),
      'shots.gather': ({ shotId, samples }) => this.survey.gather(shotId, samples),
      'shots.setQc': (input) => this.survey.setShotQc(input),
      'shots.setLineType': (input) => this.survey.setLineType(input),
      'traces.setStatus': (input) => this.survey.setTraceStatus(input),
      'picks.setManual': (input) => this.survey.setManual(input),
      'picks.setStatus': (input) => this.survey.setStatus(input),
      'picks.setShotStatus': (input) => this.survey.setShotStatus(input),
      'picks.delete': (input) => this.survey.remove(input),
      'picks.undo': () => this.survey.undo(),
      'picks.redo': () => this.survey.redo(),
      'picks.travelTimes': ({ phase }) => this.survey.travelTimes(phase),
      'layers.assign': (input) => this.survey.assignLayers(input),
      'layers.segments': ({ phase }) => this.survey.layerSegments(phase),
      'sections.start': (input) =>
        this.startJob('sections.run', { ...input, projectDir: this.projects.require().dir }),
      'sections.list': () => listSections(this.projects.require().db),
      'sections.get': ({ id }) => requireSection(this.projects.require(), id),
      'sections.ratio': (ids) => ratioSection(this.projects.require(), ids),
      'sections.export': (input) => exportSection(this.projects.require(), input),
      'sections.exportRatio': (input) => exportRatio(this.projects.require(), input),
      'picking.start': (input) =>
        this.startJob('picking.run', {
          ...input,
          projectDir: this.projects.require().dir,
          bundledModel: bundledModel(options.resourcesDir),
        }),
      'qc.run': (input) => runQc(this.projects.require(), input),
      'qc.shot': (input) => qcShot(this.projects.require(), input),
      'qc.acceptShown': (input) => acceptShownCorrections(this.projects.require(), input),
      'shots.probabilities': ({ shotId, model }) =>
        this.probabilities.forShot(this.projects.require(), shotId, model),
      'picks.export': ({ format, out, phase, status }) =>
        exportPicks(this.projects.require(), { format, out, status, ...(phase ? { phase } : {}) }),
      'picks.importFile': ({ file, ...options }) =>
        importPicks(this.projects.require(), file, options),
      'models.list': () => this.projects.models(),
      'models.register': ({ dir, makeDefault }) => this.projects.registerModel(dir, makeDefault),
      'models.setDefault': ({ id }) => this.projects.setDefaultModel(id),
      'models.rename': ({ id, name }) => renameRegisteredModel(this.projects.require(), id, name),
      'models.delete': ({ id }) => {
        // The overlay's cached network may be this one, and SQLite may hand its id to the next.
        this.probabilities.dispose();
        return deleteRegisteredModel(
          this.projects.require(),
          id,
          bundledModel(options.resourcesDir),
        );
      },
      'models.evaluate': ({ id, tolerance }) => {
        const project = this.projects.require();
        requireModel(project, id);
        return this.startJob('evaluation.run', { projectDir: project.dir, model: id, tolerance });
      },
      'jobs.start': ({ kind, params }) => this.startJob(kind, params),
      'jobs.cancel': ({ id }) => ({ cancelled: this.jobs.cancel(id) }),
      'jobs.list': () => {
        const live = this.jobs.list();
        const known = new Set(live.map((j) => j.id));
        return [...live, ...this.projects.recordedJobs().filter((j) => !known.has(j.id))];
      },
    };
  }

  private get configDir(): string {
    return this.options.configDir ?? userConfigDir();
  }

  /** A project opened or created in the app goes to the top of the recent list. */
  private remembered(info: ProjectInfo): ProjectInfo {
    rememberProject(this.configDir, info);
    return info;
  }

  private startJob(kind: JobKind, params: unknown): JobRecord {
    const parsed = JobParamsSchemas[kind].safeParse(params);
    if (!parsed.success) {
      throw new ApiError('invalid-input', `${kind}: ${describeIssues(parsed.error)}`);
    }
    return this.jobs.start(kind, parsed.data);
  }

  private appInfo(): AppInfo {
    return {
      name: 'Pickline',
      version: pkg.version,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      host: this.options.host,
      homeDir: os.homedir(),
      bundledModel: this.bundledCard(),
    };
  }

  private bundledCard(): AppInfo['bundledModel'] {
    const dir = bundledModel(this.options.resourcesDir);
    if (!fs.existsSync(path.join(dir, CARD_FILE))) return null;
    const card = readCard(dir);
    return { name: card.name, validatedPhases: card.validatedPhases ?? ['P', 'S'] };
  }

  async close(): Promise<void> {
    this.probabilities.dispose();
    await this.jobs.close();
    this.projects.close();
  }
}
