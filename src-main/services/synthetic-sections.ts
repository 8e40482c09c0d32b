import type { Section } from '../api/sections-contract';
import { resample, vpVsRatio } from '../inversion/elastic';
import {
  interfaceDepthErrors,
  relativeRms,
  sampleModel,
  saturationMarks,
  type GridValues,
} from '../metrics/section-accuracy';
import { maxOf } from '../numeric/extent';
import type { RefractionLine } from '../training/synth/refraction-line';
import type { WaveType } from '../training/synth/velocity-model';
import { ApiError } from '../api/errors';
import {
  deepestRefractor,
  invertPicks,
  type Bedrocks,
  type SBedrock,
  type SectionPick,
} from './section-service';

/**
 * Sections of a simulated line measured against its truth (issue 19): the P and the S picks
 * inverted by the section service as the app would, each method's Vp, Vs and Vp/Vs compared
 * with the model in the cells the rays cover, and its refractor depths under the spread.
 */
export const SECTION_METHODS = [
  { label: 'tomography', method: 'tomography', start: 'gradient', sBedrock: false },
  {
    label: 'tomography from time-terms',
    method: 'tomography',
    start: 'timeterm',
    sBedrock: false,
  },
  { label: 'time-terms', method: 'timeterm', start: 'gradient', sBedrock: false },
  // P's layers with the S time-terms' bedrock: a layer hidden from P placed over it.
  {
    label: 'tomography from time-terms, S bedrock',
    method: 'tomography',
    start: 'timeterm',
    sBedrock: true,
  },
  { label: 'time-terms, S bedrock', method: 'timeterm', start: 'gradient', sBedrock: true },
] as const;
export type SectionMethod = (typeof SECTION_METHODS)[number];

export interface SectionAccuracy {
  method: SectionMethod['label'];
  /** RMS of v/v_true − 1 over covered cells. */
  vp: number;
  vs: number;
  vpVs: number;
  /** Worst interface's RMS relative depth error, per wave (NaN: no refractor seen). */
  depth: Record<WaveType, number>;
  /** Shares of covered cells with Vp/Vs ≥ 2.5 where the model has it and where not. */
  marked: { inside: number; outside: number };
  chi2: Record<WaveType, number>;
  /**
   * Whether the P section, made without the S bedrock, offered a layer hidden from P over it
   * (as the app does when the S section is at hand); null where no time-terms were made.
   */
  hint: boolean | null;
}

/**
 * Every method is judged on the same cells of its wave: those the rays of its gradient
 * tomography cross (ray length per node above 0, what the section draws unfaded). A
 * threshold of a few rays would drop the top metre or two, where a thin dry layer and a
 * shallow water table are.
 */
const COVERED = 0;
/**
 * The measuring cells, in receiver spacings: fixed, so that a change of the cell size
 * tomography chooses for itself changes the sections measured and not the ruler.
 */
const MEASURING_CELL = 0.5;
/** A refractor is scored where this many true first arrivals are its head wave. */
const SEEN_BY = 5;

const values = (v: readonly (number | null)[]) => Float64Array.from(v, (x) => x ?? NaN);
const gridOf = (s: Section): GridValues => ({
  x: Float64Array.from(s.x),
  z: Float64Array.from(s.z),
  values: values(s.velocity),
});

function sectionPicks(line: RefractionLine, wave: WaveType): SectionPick[] {
  return line.picks[wave].map((p, i) => ({
    pickId: i + 1,
    traceId: i + 1,
    shotId: p.shotId,
    sourceX: p.sourceX,
    sourceZ: 0,
    receiverX: p.receiverX,
    receiverZ: 0,
    time: p.time,
    sigma: p.sigma,
    layer: null,
  }));
}

/** The section, or null when the service refuses the picks (a line with no refractor). */
function invert(
  line: RefractionLine,
  wave: WaveType,
  method: SectionMethod,
  cellSize?: number,
  bedrocks: Bedrocks = {},
): Section | null {
  try {
    const section = invertPicks(
      sectionPicks(line, wave),
      {
        phase: wave,
        method: method.method,
        start: method.start,
        picks: 'all',
        ...(cellSize ? { cellSize } : {}),
        ...(bedrocks.asked ? { bedrockFrom: bedrocks.asked.section } : {}),
      },
      undefined,
      bedrocks,
    );
    return { ...section, id: 0, createdAt: '' };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'invalid-input') return null;
    throw err;
  }
}

/** The deepest refractor of the S time-terms, as the app reads it off an S section. */
function sBedrockOf(timeTerms: Section | null): SBedrock | undefined {
  const deepest = timeTerms && deepestRefractor(timeTerms);
  return deepest ? { section: 1, points: deepest } : undefined;
}

/** The interfaces whose head wave is the first arrival of enough picks of this wave. */
function seenInterfaces(line: RefractionLine, wave: WaveType): number[] {
  return line.model.interfaces.flatMap((_, j) =>
    line.picks[wave].filter((p) => p.refractor === j).length >= SEEN_BY ? [j] : [],
  );
}

export function measureSections(
  line: RefractionLine,
  methods: readonly SectionMethod[] = SECTION_METHODS,
): SectionAccuracy[] {
  const { model } = line;
  const spacings = line.receivers.slice(1).map((x, i) => x - line.receivers[i]!);
  const cellSize = MEASURING_CELL * spacings.sort((a, b) => a - b)[spacings.length >> 1]!;
  const gradient = (wave: WaveType) => {
    const section = invert(line, wave, SECTION_METHODS[0], cellSize);
    if (!section) throw new Error(`the ${wave} picks of this line allow no tomography`);
    return section;
  };
  const reference = { P: gradient('P'), S: gradient('S') };
  const grid = { P: gridOf(reference.P), S: gridOf(reference.S) };
  const coverage = {
    P: Float64Array.from(reference.P.coverage!),
    S: resample({ ...grid.S, values: Float64Array.from(reference.S.coverage!) }, grid.P),
  };
  const truth = {
    vp: sampleModel(model, grid.P, (l) => l.vp),
    vs: sampleModel(model, grid.S, (l) => l.vs),
    ratio: sampleModel(model, grid.P, (l) => l.vp / l.vs),
  };
  const spread: [number, number] = [0, maxOf(line.receivers)];
  const coveredP = (k: number) => coverage.P[k]! > COVERED;
  const coveredS = (k: number) => reference.S.coverage![k]! > COVERED;
  const coveredBoth = (k: number) => coveredP(k) && coverage.S[k]! > COVERED;

  // S sections do not depend on the S bedrock option: each is inverted once.
  const sSections = new Map<string, Section | null>();
  const sSection = (method: SectionMethod) => {
    const key = `${method.method} ${method.start}`;
    if (!sSections.has(key)) sSections.set(key, invert(line, 'S', method));
    return sSections.get(key)!;
  };
  const bedrock = sBedrockOf(sSection(SECTION_METHODS[2]));

  return methods.map((method) => {
    const s = sSection(method);
    const layered = method.method === 'timeterm' || method.start === 'timeterm';
    const bedrocks = !bedrock ? {} : method.sBedrock ? { asked: bedrock } : { offered: bedrock };
    const p = invert(line, 'P', method, undefined, bedrocks);
    // A refused run leaves its wave's numbers NaN.
    const none = (on: GridValues) => new Float64Array(on.values.length).fill(NaN);
    const vp = p ? resample(gridOf(p), grid.P) : none(grid.P);
    const vs = s ? resample(gridOf(s), grid.S) : none(grid.S);
    const ratio = s ? vpVsRatio(vp, resample(gridOf(s), grid.P)) : none(grid.P);
    const depth = (wave: WaveType, section: Section | null) => {
      const seen = seenInterfaces(line, wave);
      return section && seen.length
        ? maxOf(interfaceDepthErrors(gridOf(section), model, wave, seen, spread))
        : NaN;
    };
    return {
      method: method.label,
      vp: relativeRms(vp, truth.vp, coveredP),
      vs: relativeRms(vs, truth.vs, coveredS),
      vpVs: relativeRms(ratio, truth.ratio, coveredBoth),
      depth: { P: depth('P', p), S: depth('S', s) },
      marked: saturationMarks(ratio, truth.ratio, coveredBoth),
      chi2: { P: p?.chi2 ?? NaN, S: s?.chi2 ?? NaN },
      hint: p && layered && !method.sBedrock ? p.hiddenLayerHint !== undefined : null,
    };
  });
}
