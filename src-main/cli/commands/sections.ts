import path from 'node:path';
import type { RatioSection, SectionSummary } from '../../api/sections-contract';
import { listSections } from '../../catalogue/section-store';
import { sectionLine } from '../../inversion/section-line';
import { maxOf, minOf } from '../../numeric/extent';
import { ratioSection, writeRatio } from '../../services/section-service';
import { UsageError, type Command, type CommandContext } from '../command';
import { idOption, requiredOption, withProject } from './options';

/** "  3  P tomography: 120 picks of 5 shots, RMS 0.98 ms, chi² 0.97  (2024-05-02T…)" */
const listLine = (s: SectionSummary) =>
  `${String(s.id).padStart(4)}  ${sectionLine(s)}  (${s.createdAt})`;

/** The section of a phase to take: the one named, else the project's newest. */
function chosen(
  sections: readonly SectionSummary[],
  phase: 'P' | 'S',
  given: number | undefined,
  dir: string,
): number {
  const id = given ?? sections.find((s) => s.phase === phase)?.id;
  if (id === undefined) {
    throw new Error(
      `no ${phase} section in ${dir}: run pickline invert --project ${dir} --phase ${phase} first`,
    );
  }
  return id;
}

/** The files of a Vp/Vs section in `out`: grid CSV, x z v of each ratio, the water table. */
function writeAll(ratio: RatioSection, out: string): string[] {
  return [
    writeRatio(ratio, 'csv', path.join(out, 'vp-vs.csv')).file,
    writeRatio(ratio, 'vp-vs-xyz', path.join(out, 'vp-vs.xyz')).file,
    writeRatio(ratio, 'poisson-xyz', path.join(out, 'poisson.xyz')).file,
    writeRatio(ratio, 'water-table-csv', path.join(out, 'water-table.csv')).file,
  ];
}

const range = (values: (number | null)[]): [number, number] | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? [minOf(known), maxOf(known)] : null;
};

function ratioCommand(values: CommandContext['values'], dir: string) {
  const ratio = withProject(dir, (project) => {
    const sections = listSections(project.db);
    return ratioSection(project, {
      p: chosen(sections, 'P', idOption(values, 'p-section'), dir),
      s: chosen(sections, 'S', idOption(values, 's-section'), dir),
    });
  });
  const out = typeof values.out === 'string' ? values.out : undefined;
  const files = out ? writeAll(ratio, out) : [];
  const vpVs = range(ratio.vpVs);
  const poisson = range(ratio.poisson);
  const cells = ratio.vpVs.filter((v) => v !== null).length;
  const hinted = ratio.waterTable.filter((w) => w.z !== null).length;
  const span = (r: [number, number] | null, digits: number) =>
    r ? `${r[0].toFixed(digits)} to ${r[1].toFixed(digits)}` : 'none';
  const text = [
    `Vp/Vs of P section ${ratio.pSection} and S section ${ratio.sSection}: ${cells} cells, ` +
      `Vp/Vs ${span(vpVs, 2)}, Poisson's ratio ${span(poisson, 3)}`,
    `water-table hint in ${hinted} of ${ratio.waterTable.length} columns`,
    ...ratio.warnings.map((w) => `warning: ${w}`),
    ...files.map((f) => `wrote ${f}`),
  ].join('\n');
  const data = {
    pSection: ratio.pSection,
    sSection: ratio.sSection,
    cells,
    vpVs,
    poisson,
    waterTableColumns: hinted,
    warnings: ratio.warnings,
    files,
  };
  return { text, data };
}

export const sectionsCommand: Command = {
  name: 'sections',
  summary:
    "a project's velocity sections, or Vp/Vs and Poisson's ratio from a P and an S one (--ratio)",
  usage:
    'sections --project DIR [--ratio [--p-section ID] [--s-section ID] [--out DIR]] [--json]\n' +
    '  --ratio: the newest P and S sections unless named; --out writes vp-vs.csv (Vp/Vs and\n' +
    "  Poisson's ratio per cell), vp-vs.xyz, poisson.xyz and water-table.csv",
  options: {
    project: { type: 'string' },
    ratio: { type: 'boolean' },
    'p-section': { type: 'string' },
    's-section': { type: 'string' },
    out: { type: 'string' },
  },
  run({ values }) {
    const dir = requiredOption(values, 'project');
    if (values.ratio === true) return Promise.resolve(ratioCommand(values, dir));
    for (const name of ['p-section', 's-section', 'out']) {
      if (values[name] !== undefined) throw new UsageError(`--${name} goes with --ratio`);
    }
    const sections = withProject(dir, (project) => listSections(project.db));
    const text = sections.length
      ? sections.map(listLine).join('\n')
      : `no sections in ${dir}: make one with pickline invert --project ${dir} --phase P`;
    return Promise.resolve({ text, data: sections });
  },
};
