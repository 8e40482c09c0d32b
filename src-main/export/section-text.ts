import type { RatioSection, Section } from '../api/sections-contract';

/**
 * A velocity section, or a Vp/Vs section, as text. Only cells with a value are written (those
 * above the surface have none), one per line, x ascending within each elevation row.
 */

const number = (v: number) => String(+v.toPrecision(8));

/** The grid's cells where `values` has one: row-major, x ascending within each elevation row. */
function gridCells(
  grid: { x: number[]; z: number[] },
  values: (number | null)[],
): { x: number; z: number; k: number; v: number }[] {
  const out = [];
  for (let j = 0; j < grid.z.length; j++) {
    for (let i = 0; i < grid.x.length; i++) {
      const k = j * grid.x.length + i;
      const v = values[k];
      if (v === null || v === undefined) continue;
      out.push({ x: grid.x[i]!, z: grid.z[j]!, k, v });
    }
  }
  return out;
}

/** Grid CSV with a header: x_m, elevation_m, velocity_m_s, ray_coverage_m (tomography only). */
export function sectionCsv(section: Section): { text: string; cells: number } {
  const rows = gridCells(section, section.velocity);
  const tomography = section.coverage !== null;
  const header = ['x_m', 'elevation_m', 'velocity_m_s', ...(tomography ? ['ray_coverage_m'] : [])];
  const lines = rows.map((c) =>
    [c.x, c.z, c.v, ...(tomography ? [section.coverage?.[c.k] ?? 0] : [])].map(number).join(','),
  );
  return { text: [header.join(','), ...lines].join('\n') + '\n', cells: rows.length };
}

/**
 * "x z v" columns with a commented header, as NumPy's loadtxt reads them: pyGIMLi takes them
 * with `pg.interpolate` onto its own mesh, or as a starting model.
 */
export function sectionXyz(section: Section): { text: string; cells: number } {
  const rows = gridCells(section, section.velocity);
  const header = [
    `# Pickline ${section.phase} ${section.method} section ${section.id} (${section.createdAt})`,
    `# RMS ${number(section.rms * 1000)} ms, chi2 ${number(section.chi2)}, ${section.picks} picks`,
    '# x_m elevation_m velocity_m_s',
  ];
  const lines = rows.map((c) => [c.x, c.z, c.v].map(number).join(' '));
  return { text: [...header, ...lines].join('\n') + '\n', cells: rows.length };
}

/** Each pick's fit, worst first: where a bad pick shows as an outlier. */
export function misfitCsv(section: Pick<Section, 'misfits'>): string {
  const ms = (s: number) => String(+(s * 1000).toFixed(4));
  const rows = [...section.misfits]
    .sort((a, b) => Math.abs(b.observed - b.modelled) - Math.abs(a.observed - a.modelled))
    .map((m) =>
      [
        m.pickId,
        m.shotId,
        number(m.sourceX),
        number(m.receiverX),
        ms(m.observed),
        ms(m.modelled),
        ms(m.observed - m.modelled),
      ].join(','),
    );
  const header = 'pick,shot,source_x_m,receiver_x_m,observed_ms,modelled_ms,residual_ms';
  return [header, ...rows].join('\n') + '\n';
}

/**
 * Vp/Vs grid CSV with a header: x_m, elevation_m, vp_vs, poisson (empty where Vp/Vs ≤ 1,
 * which no isotropic medium has). Only cells where both sections have a value.
 */
export function ratioCsv(ratio: RatioSection): { text: string; cells: number } {
  const rows = gridCells(ratio, ratio.vpVs);
  const lines = rows.map((c) => {
    const nu = ratio.poisson[c.k];
    return [number(c.x), number(c.z), number(c.v), nu == null ? '' : number(nu)].join(',');
  });
  const text = ['x_m,elevation_m,vp_vs,poisson', ...lines].join('\n') + '\n';
  return { text, cells: rows.length };
}

/** Vp/Vs or Poisson's ratio as "x z v" columns with a commented header, like sectionXyz. */
export function ratioXyz(
  ratio: RatioSection,
  quantity: 'vpVs' | 'poisson',
): { text: string; cells: number } {
  const rows = gridCells(ratio, ratio[quantity]);
  const name = quantity === 'vpVs' ? 'Vp/Vs' : "Poisson's ratio";
  const header = [
    `# Pickline ${name} of P section ${ratio.pSection} and S section ${ratio.sSection}`,
    `# x_m elevation_m ${quantity === 'vpVs' ? 'vp_vs' : 'poisson'}`,
  ];
  const lines = rows.map((c) => [c.x, c.z, c.v].map(number).join(' '));
  return { text: [...header, ...lines].join('\n') + '\n', cells: rows.length };
}

/** The water-table hint per x: x_m, elevation_m (empty where the column gives none). */
export function waterTableCsv(ratio: RatioSection): { text: string; cells: number } {
  const lines = ratio.waterTable.map((w) => `${number(w.x)},${w.z === null ? '' : number(w.z)}`);
  const text = ['x_m,elevation_m', ...lines].join('\n') + '\n';
  return { text, cells: ratio.waterTable.filter((w) => w.z !== null).length };
}
