/**
 * What a line records, which decides the phase of its first break. A P line has a vertical
 * source and vertical geophones; an S line a horizontal (SH) source and horizontal geophones,
 * where the strong first arrival is S and P is weak or absent; a 3-component line records
 * both on each receiver's Z, E and N.
 */
export type LineType = 'P' | 'S' | '3C';

export const LINE_TYPES: readonly LineType[] = ['P', 'S', '3C'];

/** Horizontal component codes (X: SPECFEM2D's horizontal; H, R, T: unrotated and rotated). */
const HORIZONTAL = new Set(['E', 'N', 'X', 'H', 'R', 'T']);

/**
 * A line's type from its traces' components: vertical and horizontal ones together make a
 * 3-component line, horizontals alone an S line; anything else is taken for a P line (most
 * files say nothing of the component, and most lines are P lines). A person confirms it.
 */
export function guessLineType(components: readonly string[]): LineType {
  const known = components.map((c) => c.toUpperCase()).filter((c) => c !== '');
  const horizontal = known.some((c) => HORIZONTAL.has(c));
  const vertical = known.some((c) => !HORIZONTAL.has(c));
  if (horizontal && vertical) return '3C';
  return horizontal ? 'S' : 'P';
}

/** The phase of a line's first break: S on an S line, P otherwise. */
export function firstBreakPhase(lineType: LineType): 'P' | 'S' {
  return lineType === 'S' ? 'S' : 'P';
}

/** The lines a model is made for when its card does not say: those whose first break is P. */
const FIRST_BREAK_P_LINES: readonly LineType[] = ['P', '3C'];

/**
 * Whether a model is made for a line type, from its card's `lineTypes`: a model trained on
 * SH-source records says ['S'], and its S output is then an S line's first break.
 */
export function modelMadeFor(lineTypes: readonly LineType[] | undefined, line: LineType): boolean {
  return (lineTypes ?? FIRST_BREAK_P_LINES).includes(line);
}

/**
 * How a shot of a line is picked for its first break: on an S line a model made for S lines
 * picks S from its S output, any other picker (a P model, a classical one: `model` null)
 * picks its first break, which is stored as S; other lines are picked as asked (null).
 */
export function sLinePicking(
  line: LineType,
  model: { lineTypes?: readonly LineType[] | undefined } | null,
): { pick: 'P' | 'S'; store: 'S' } | null {
  if (firstBreakPhase(line) !== 'S') return null;
  return { pick: model && modelMadeFor(model.lineTypes, 'S') ? 'S' : 'P', store: 'S' };
}
