import type { Section } from '../api/sections-contract';

/**
 * A velocity section as text. Only cells in the ground are written (those above the surface
 * have no velocity), one per line, x ascending within each elevation row.
 */

const number = (v: number) => String(+v.toPrecision(8));

function cells(section: Section): { x: number; z: number; v: number; coverage: number | null }[] {
  const out = [];
  for (let j = 0; j < section.z.length; j++) {
    for (let i = 0; i < section.x.length; i++) {
      const k = j * section.x.length + i;
      const v = section.velocity[k];
      if (v === null || v === undefined) continue;
      out.push({ x: section.x[i]!, z: section.z[j]!, v, coverage: section.coverage?.[k] ?? null });
    }
  }
  return out;
}

/** Grid CSV with a header: x_m, elevation_m, velocity_m_s, ray_coverage_m (tomography only). */
export function sectionCsv(section: Section): { text: string; cells: number } {
  const rows = cells(section);
  const tomography = section.coverage !== null;
  const header = ['x_m', 'elevation_m', 'velocity_m_s', ...(tomography ? ['ray_coverage_m'] : [])];
  const lines = rows.map((c) =>
    [c.x, c.z, c.v, ...(tomography ? [c.coverage ?? 0] : [])].map(number).join(','),
  );
  return { text: [header.join(','), ...lines].join('\n') + '\n', cells: rows.length };
}

/**
 * "x z v" columns with a commented header, as NumPy's loadtxt reads them: pyGIMLi takes them
 * with `pg.interpolate` onto its own mesh, or as a starting model.
 */
export function sectionXyz(section: Section): { text: string; cells: number } {
  const rows = cells(section);
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
