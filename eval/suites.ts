import { bundledModels } from './bundled-models.eval';
import { classicalRefrapy } from './classical-refrapy.eval';
import { fieldAccuracy } from './field-accuracy.eval';
import { formikojPickImport } from './formikoj-pick-import.eval';
import { phasenetDemo } from './phasenet-demo.eval';
import { readers } from './readers.eval';
import { sections } from './sections.eval';
import { sLines } from './s-lines.eval';
import type { EvalSuite } from './suite';
import { synthSections } from './synthetic-sections.eval';

/** Every suite of `npm run eval`, in the order they run. Add a new suite here. */
export const SUITES: readonly EvalSuite[] = [
  readers,
  formikojPickImport,
  phasenetDemo,
  classicalRefrapy,
  bundledModels,
  fieldAccuracy,
  sections,
  synthSections,
  sLines,
];
