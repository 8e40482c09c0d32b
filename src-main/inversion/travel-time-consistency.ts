/**
 * Picks that no earth can produce. First-arrival times are the least time over every path, so
 * they obey the triangle inequality: going from A to C cannot take longer than going from A
 * to B and on from B to C (t_AC ≤ t_AB + t_BC), and a path takes as long both ways (t_AB =
 * t_BA, reciprocity, the case C = A). A pick breaking either by more than its uncertainty,
 * 3σ of the combined picks plus 1 ms for the picking grid and the shot's timing, is wrong.
 *
 * Times between shot positions are read off the gathers as the QC's reciprocity does
 * (qc/reciprocity.ts: a receiver there, else a line through two), within one receiver
 * spacing.
 */
import type { LayerPick } from './layer-picks';
import { POSITION_TOLERANCE } from './stations';
import {
  reciprocalPairs,
  receiverSpacing,
  timeAtPosition,
  type ShotGather,
  type TimeAtPosition,
} from '../qc/reciprocity';

export const ABSOLUTE_TOLERANCE = 0.001;
const SIGMAS = 3;

export interface ReciprocityViolation {
  a: number;
  b: number;
  /** t(A→B) − t(B→A), s. */
  difference: number;
}

export interface TriangleViolation {
  /** Source A, receiver C of the offending pick, and the shot B it was compared through. */
  a: number;
  b: number;
  c: number;
  /** t_AC and t_AB + t_BC, s. */
  direct: number;
  via: number;
}

interface Gathers {
  gathers: ShotGather[];
  /** Per gather: receiver position key → pick index. */
  byReceiver: Map<number, number>[];
  tolerance: number;
}

function gathersOf(picks: readonly LayerPick[]): Gathers {
  const byShot = new Map<number, ShotGather>();
  picks.forEach((p, i) => {
    let gather = byShot.get(p.shotId);
    if (!gather) {
      gather = { source: p.shotX, picks: [] };
      byShot.set(p.shotId, gather);
    }
    gather.picks.push({ id: i, receiver: p.receiverX, time: p.time });
  });
  const gathers = [...byShot.values()];
  return {
    gathers,
    byReceiver: gathers.map((g) => new Map(g.picks.map((p) => [key(p.receiver), p.id as number]))),
    tolerance: receiverSpacing(picks.map((p) => p.receiverX)) ?? POSITION_TOLERANCE,
  };
}

const key = (x: number): number => Math.round(x / POSITION_TOLERANCE);

/** σ of a time read off a gather: the largest of the picks it came from. */
function sigmaOf(picks: readonly LayerPick[], time: TimeAtPosition): number {
  return time.pickIds.reduce<number>((s, id) => Math.max(s, picks[id as number]!.sigma), 0);
}

/** The reciprocal pairs that differ beyond their uncertainty, and how many pairs there are. */
export function reciprocityViolations(picks: readonly LayerPick[]): {
  pairs: number;
  violations: ReciprocityViolation[];
} {
  const { gathers, tolerance } = gathersOf(picks);
  const pairs = reciprocalPairs(gathers, { positionTolerance: tolerance });
  return {
    pairs: pairs.length,
    violations: pairs
      .filter((pair) => {
        const sigma = Math.hypot(sigmaOf(picks, pair.forward), sigmaOf(picks, pair.reverse));
        return Math.abs(pair.difference) > SIGMAS * sigma + ABSOLUTE_TOLERANCE;
      })
      .map(({ a, b, difference }) => ({ a, b, difference })),
  };
}

/**
 * Every pick A→C that takes longer than A→B→C through another shot B (recorded by A, and
 * itself recorded at C), once per pick: the worst B.
 */
export function triangleViolations(picks: readonly LayerPick[]): TriangleViolation[] {
  const { gathers, byReceiver, tolerance } = gathersOf(picks);
  const found: TriangleViolation[] = [];
  gathers.forEach((a) => {
    const toShots = gathers.flatMap((b, gb) => {
      if (Math.abs(b.source - a.source) <= tolerance) return [];
      const ab = timeAtPosition(a, b.source, tolerance);
      return ab ? [{ b, gb, ab, sigma: sigmaOf(picks, ab) }] : [];
    });
    for (const pick of a.picks) {
      const ac = picks[pick.id as number]!;
      let worst: TriangleViolation | null = null;
      let worstExcess = 0;
      for (const { b, gb, ab, sigma } of toShots) {
        const bc = byReceiver[gb]!.get(key(pick.receiver));
        if (bc === undefined) continue;
        const via = ab.time + picks[bc]!.time;
        const bound = SIGMAS * Math.hypot(ac.sigma, sigma, picks[bc]!.sigma) + ABSOLUTE_TOLERANCE;
        const excess = ac.time - via - bound;
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = { a: a.source, b: b.source, c: pick.receiver, direct: ac.time, via };
        }
      }
      if (worst) found.push(worst);
    }
  });
  return found;
}
