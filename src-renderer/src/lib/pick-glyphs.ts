import type { PickOrigin, PickStatus } from '../../../src-main/api/contract';

/**
 * How a pick looks, shared by the gather's pick layer (ECharts paths) and the legend (SVG),
 * so the two can never disagree. Colour says the phase, shape the origin, fill the status.
 */

/** Shape by origin: auto ○, manual ◇, pseudo △, imported □. */
export function glyphPath(origin: PickOrigin, cx: number, cy: number, r: number): string {
  switch (origin) {
    case 'auto':
      return `M${cx - r} ${cy}A${r} ${r} 0 1 0 ${cx + r} ${cy}A${r} ${r} 0 1 0 ${cx - r} ${cy}Z`;
    case 'manual': {
      const d = r * 1.3;
      return `M${cx} ${cy - d}L${cx + d} ${cy}L${cx} ${cy + d}L${cx - d} ${cy}Z`;
    }
    case 'pseudo': {
      const d = r * 1.25;
      return `M${cx} ${cy - d}L${cx + d} ${cy + d * 0.75}L${cx - d} ${cy + d * 0.75}Z`;
    }
    case 'imported': {
      const d = r * 0.9;
      return `M${cx - d} ${cy - d}H${cx + d}V${cy + d}H${cx - d}Z`;
    }
  }
}

/** The X drawn over a rejected pick. */
export function crossPath(cx: number, cy: number, r: number): string {
  const d = r * 1.5;
  return `M${cx - d} ${cy - d}L${cx + d} ${cy + d}M${cx + d} ${cy - d}L${cx - d} ${cy + d}`;
}

export interface GlyphStyle {
  fill: string;
  stroke: string;
  lineWidth: number;
  opacity: number;
  crossed: boolean;
  /** Dash pattern of the outline (px), or null for a solid one. */
  lineDash: number[] | null;
}

/** A weak proposal's outline: the gather picker put it on its neighbours' line, unsure. */
const WEAK_DASH = [2, 2];

/**
 * Fill by status: a proposal is hollow (still to be judged), an accepted pick filled with a
 * dark outline that keeps it visible on light wiggles, a rejected one faded and crossed out.
 * A weak proposal (its probability under the low-confidence level) has a dashed outline.
 */
export function glyphStyle(
  colour: string,
  status: PickStatus,
  background: string,
  weak = false,
): GlyphStyle {
  const solid = { crossed: false, lineDash: null };
  switch (status) {
    case 'proposed':
      return {
        ...solid,
        fill: background,
        stroke: colour,
        lineWidth: 2,
        opacity: 1,
        lineDash: weak ? WEAK_DASH : null,
      };
    case 'accepted':
      return { ...solid, fill: colour, stroke: background, lineWidth: 1, opacity: 1 };
    case 'rejected':
      return {
        ...solid,
        fill: background,
        stroke: colour,
        lineWidth: 1.5,
        opacity: 0.5,
        crossed: true,
      };
  }
}

export const ORIGINS: readonly PickOrigin[] = ['auto', 'manual', 'pseudo', 'imported'];
export const STATUSES: readonly PickStatus[] = ['proposed', 'accepted', 'rejected'];
