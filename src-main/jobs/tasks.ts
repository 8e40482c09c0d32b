import type { JobKind } from '../api/contract';
import { selfcheck } from '../ml/selfcheck';
import { demoTask } from '../services/demo-service';
import { importTask } from '../services/import-service';
import { evaluationTask } from '../services/model-evaluation';
import { pickingTask } from '../services/picking-service';
import { pseudoLabelTask } from '../services/pseudo-label-service';
import { sectionTask } from '../services/section-service';
import { teachTask } from '../services/teach-service';
import { trainingTask } from '../training/train-task';
import type { Task } from './task';

/** Every job kind and the task that runs it inside a worker thread. */
export const tasks: Record<JobKind, Task> = {
  'ml.selfcheck': selfcheck,
  'catalogue.import': importTask,
  'picking.run': pickingTask,
  'demo.create': demoTask,
  'training.run': trainingTask,
  'pseudolabel.run': pseudoLabelTask,
  'evaluation.run': evaluationTask,
  'teach.run': teachTask,
  'sections.run': sectionTask,
};
