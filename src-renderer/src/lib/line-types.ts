import type { ShotSummary } from '../../../src-main/api/contract';

/** What each line type means to the crew, as the import form and the shot list say it. */
export const LINE_TYPE_LABELS: Record<ShotSummary['lineType'], string> = {
  P: 'P line (vertical source and geophones)',
  S: 'S line (SH source, horizontal geophones: first breaks are S)',
  '3C': '3-component line (P and S on Z, E and N)',
};
