import { JobParamsSchemas } from '../api/contract';
import { ApiError } from '../api/errors';
import {
  SectionInput,
  type RATIO_FORMATS,
  type RatioSection,
  type Section,
  type SectionMisfit,
  type SectionPoint,
  type SectionRequest,
  type SectionSummary,
} from '../api/sections-contract';
import { currentPicks, receiverPoint, sourcePoint } from '../catalogue/current-picks';
import { layersOf } from '../catalogue/pick-layers';
import { Project } from '../catalogue/project';
import { projectLineFrame } from '../catalogue/queries';
import { alongLine, straightness } from '../geometry/line-frame';
import {
  insertSection,
  latestSection,
  listSections,
  readSection,
} from '../catalogue/section-store';
import { ratioCsv, ratioXyz, sectionCsv, sectionXyz, waterTableCsv } from '../export/section-text';
import type { Task, TaskContext } from '../jobs/task';
import { layeredSection, layerVelocityAt } from '../inversion/layered-section';
import {
  belowLowestRatio,
  poissonRatio,
  resample,
  vpVsRatio,
  waterTableHint,
} from '../inversion/elastic';
import { InversionError } from '../inversion/errors';
import type { LayerPick } from '../inversion/layer-picks';
import { checkPicks } from '../inversion/pick-checks';
import { withHiddenLayer } from '../inversion/hidden-layer';
import { timeTerms, type TimeTermResult } from '../inversion/time-terms';
import { surfaceAt } from '../inversion/section-grid';
import { tomography } from '../inversion/tomography';
import { maxOf, minOf } from '../numeric/extent';
import { writeFileAtomic } from './atomic-file';

/**
 * Velocity sections from the picks: one phase's picks of the open project (or of a pick file,
 * `pickline invert --picks`) through time-terms or eikonal tomography (`inversion/`), checked
 * first for what would make the result meaningless. A failed or refused run writes nothing;
 * a finished one is kept in the catalogue, where a P and an S section meet as Vp/Vs.
 */

/** Uncertainty of a pick that carries none (a person's pick): a hammer line's reading error. */
export const DEFAULT_PICK_SIGMA = 0.001;

/** One pick as the inversions take it, with where it came from. */
export interface SectionPick {
  pickId: number;
  traceId: number;
  shotId: number;
  sourceX: number;
  sourceZ: number | null;
  receiverX: number;
  receiverZ: number | null;
  /** s */
  time: number;
  /** s, or null for the request's default. */
  sigma: number | null;
  /** The refraction branch a person assigned, or null. */
  layer: number | null;
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

/** An S section's deepest refractor, the bedrock a P inversion's `bedrockFrom` names. */
export interface SBedrock {
  section: number;
  points: SectionPoint[];
}

/** The S bedrocks a P inversion through time-terms meets. */
export interface Bedrocks {
  /** The one the request's `bedrockFrom` names: a hidden layer is placed over it. */
  asked?: SBedrock;
  /**
   * One at hand when none is asked for (the project's newest): a hidden layer that would fit
   * over it comes back as the section's hint, and nothing is placed.
   */
  offered?: SBedrock;
}

/**
 * The picks of a phase a section is made from: positioned, decided by a person unless 'all',
 * at their distances along the project's line (geometry/line-frame.ts); and a warning when
 * the stations do not lie on one straight line.
 */
export function projectSectionPicks(
  project: Project,
  phase: 'P' | 'S',
  which: 'decided' | 'all',
): { picks: SectionPick[]; warnings: string[] } {
  const layers = layersOf(project.db, phase);
  const frame = projectLineFrame(project.db);
  const chosen = currentPicks(project.db, phase)
    .filter((p) => p.sourceX !== null && p.receiverX !== null)
    .filter((p) => which === 'all' || p.origin === 'manual' || p.status === 'accepted');
  const picks = chosen.map((p) => ({
    pickId: p.pickId,
    traceId: p.traceId,
    shotId: p.shotId,
    sourceX: alongLine(frame, sourcePoint(p)),
    sourceZ: p.sourceZ,
    receiverX: alongLine(frame, receiverPoint(p)),
    receiverZ: p.receiverZ,
    time: p.time,
    sigma: p.uncertainty,
    layer: layers.get(p.traceId) ?? null,
  }));
  const { across, straight } = straightness(
    frame,
    chosen.flatMap((p) => [sourcePoint(p), receiverPoint(p)]),
  );
  const warnings = !straight
    ? [
        `the stations lie up to ${across.toFixed(1)} m off the straight line through them ` +
          '(a crossed or crooked layout): the section puts each at its distance along that ' +
          'line, which holds for a straight line only',
      ]
    : [];
  return { picks, warnings };
}

/**
 * Elevations for every station: as given; where some are missing, interpolated along the line
 * from the stations that have one (a station's given elevations averaged); 0 when none has.
 * The section warns about the gaps.
 */
function elevations(picks: readonly SectionPick[]): (x: number, z: number | null) => number {
  const known = new Map<number, { sum: number; count: number }>();
  const add = (x: number, z: number | null) => {
    if (z === null) return;
    const station = known.get(x) ?? { sum: 0, count: 0 };
    known.set(x, { sum: station.sum + z, count: station.count + 1 });
  };
  for (const p of picks) {
    add(p.sourceX, p.sourceZ);
    add(p.receiverX, p.receiverZ);
  }
  const points = [...known]
    .map(([x, { sum, count }]) => ({ x, z: sum / count }))
    .sort((a, b) => a.x - b.x);
  return (x, z) => (z !== null ? z : points.length ? surfaceAt(points, x) : 0);
}

/** The ground along the line: one point per station position (sources and receivers). */
function surfaceOf(stations: readonly SectionPoint[]): SectionPoint[] {
  const byX = new Map<number, number>();
  for (const s of stations) if (!byX.has(s.x)) byX.set(s.x, s.z);
  return [...byX].map(([x, z]) => ({ x, z })).sort((a, b) => a.x - b.x);
}

const uniquePoints = (points: readonly SectionPoint[]) =>
  [...new Map(points.map((p) => [`${p.x},${p.z}`, p])).values()].sort((a, b) => a.x - b.x);

const orNull = (values: Float64Array) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));

/**
 * Inverts picks into a section (not stored). Refuses, with every reason, picks the method
 * cannot use; warnings make the result partial. `bedrocks`: the S section the request's
 * `bedrockFrom` names and the one offered without it, read by the caller.
 */
export function invertPicks(
  picks: readonly SectionPick[],
  rawRequest: SectionRequest,
  ctx: Progress = { progress: () => {} },
  bedrocks: Bedrocks = {},
): Omit<Section, 'id' | 'createdAt'> {
  const request = SectionInput.parse(rawRequest);
  checkBedrockRequest(request);
  if (request.bedrockFrom !== undefined && bedrocks.asked?.section !== request.bedrockFrom) {
    throw new Error(`S section ${request.bedrockFrom} was named but its bedrock not given`);
  }
  const sigma = request.sigma ?? DEFAULT_PICK_SIGMA;
  const z = elevations(picks);
  const layerPicks: LayerPick[] = picks.map((p) => ({
    shotX: p.sourceX,
    shotZ: z(p.sourceX, p.sourceZ),
    receiverX: p.receiverX,
    receiverZ: z(p.receiverX, p.receiverZ),
    time: p.time,
    // A picker may report no spread at all (σ = 0): such a pick weighs as one without σ.
    sigma: p.sigma !== null && p.sigma > 0 ? p.sigma : sigma,
    layer: p.layer,
    shotId: p.shotId,
  }));
  const check = checkPicks(layerPicks, request.method);
  const missingZ = picks.some((p) => p.sourceZ === null || p.receiverZ === null);
  const warnings = [
    ...check.warnings,
    ...(missingZ && picks.some((p) => p.receiverZ !== null)
      ? ['some stations have no elevation: interpolated along the line from the others']
      : []),
  ];
  if (check.errors.length > 0) {
    throw new ApiError(
      'invalid-input',
      `${request.phase} ${request.method}: ${check.errors.join('; ')}`,
    );
  }
  const sources = uniquePoints(layerPicks.map((p) => ({ x: p.shotX, z: p.shotZ })));
  const receivers = uniquePoints(layerPicks.map((p) => ({ x: p.receiverX, z: p.receiverZ })));
  const surface = surfaceOf([...receivers, ...sources]);
  // A pick no branch took (time-terms) has no modelled time, and no misfit.
  const misfits = (modelled: Float64Array): SectionMisfit[] =>
    picks.flatMap((p, i) =>
      Number.isFinite(modelled[i])
        ? [
            {
              pickId: p.pickId,
              traceId: p.traceId,
              shotId: p.shotId,
              sourceX: p.sourceX,
              receiverX: p.receiverX,
              observed: p.time,
              modelled: modelled[i]!,
            },
          ]
        : [],
    );
  const common = {
    phase: request.phase,
    method: request.method,
    picks: picks.length,
    shots: new Set(picks.map((p) => p.shotId)).size,
    sources,
    receivers,
  };

  try {
    if (request.method === 'tomography') {
      const start =
        request.start === 'timeterm' ? timeTermStart(layerPicks, surface, warnings, bedrocks) : {};
      const result = tomography(
        layerPicks.map((p) => ({
          sourceX: p.shotX,
          sourceZ: p.shotZ,
          receiverX: p.receiverX,
          receiverZ: p.receiverZ,
          time: p.time,
          sigma: p.sigma,
        })),
        surface,
        {
          ...(request.cellSize ? { cellSize: request.cellSize } : {}),
          ...(request.depth ? { depth: request.depth } : {}),
          ...(request.smoothness ? { smoothness: request.smoothness } : {}),
          ...(request.verticalWeight ? { verticalWeight: request.verticalWeight } : {}),
          ...(request.iterations ? { iterations: request.iterations } : {}),
          ...(start.model ? { startModel: start.model } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          onProgress: (fraction, message) => ctx.progress(fraction, message),
        },
      );
      const last = result.iterations[result.iterations.length - 1]!;
      return {
        ...common,
        x: Array.from(result.x),
        z: Array.from(result.z),
        velocity: orNull(result.velocity),
        coverage: Array.from(result.coverage),
        surface: Array.from(result.x, (x, i) => ({ x, z: result.surface[i]! })),
        layers: [],
        interfaces: [],
        iterations: result.iterations.map((it) => ({ chi2: it.chi2, rms: it.rms })),
        misfits: misfits(result.modelled),
        rms: last.rms,
        chi2: last.chi2,
        warnings,
        partial: warnings.length > 0,
        ...hiddenLayers(start),
      };
    }

    ctx.progress(0, 'time-terms');
    // Branches a person left unassigned come from the QC's fits (inside timeTerms).
    const layers = timeTermLayers(layerPicks, warnings, bedrocks);
    const { result } = layers;
    const all = [...warnings, ...result.warnings];
    const grid = layeredSection(surface, result.layers, result.interfaces);
    ctx.progress(1, 'time-terms done');
    return {
      ...common,
      x: Array.from(grid.x),
      z: Array.from(grid.z),
      velocity: orNull(grid.velocity),
      coverage: null,
      surface,
      layers: result.layers,
      interfaces: result.interfaces,
      iterations: [{ chi2: result.chi2, rms: result.rms }],
      misfits: misfits(result.modelled),
      rms: result.rms,
      chi2: result.chi2,
      warnings: all,
      partial: all.length > 0,
      ...hiddenLayers(layers),
    };
  } catch (err) {
    if (err instanceof InversionError) {
      throw new ApiError('invalid-input', `${request.phase} ${request.method}: ${err.message}`);
    }
    throw err;
  }
}

/**
 * The layers of a time-term inversion of the same picks, as tomography's starting model, and
 * the layer an S bedrock placed in them. When the picks allow no time-terms the gradient
 * stands, and the section says why.
 */
function timeTermStart(
  picks: readonly LayerPick[],
  surface: readonly SectionPoint[],
  warnings: string[],
  bedrocks: Bedrocks,
): { model?: (x: number, z: number) => number } & HiddenLayers {
  try {
    const { result, ...hidden } = timeTermLayers(picks, warnings, bedrocks);
    return { model: layerVelocityAt(surface, result.layers, result.interfaces), ...hidden };
  } catch (err) {
    if (!(err instanceof InversionError)) throw err;
    warnings.push(`started from the gradient: no time-term layers (${err.message})`);
    return {};
  }
}

/** Only a P inversion through time-terms takes a bedrock from an S section. */
function checkBedrockRequest(request: ReturnType<typeof SectionInput.parse>): void {
  if (request.bedrockFrom === undefined) return;
  if (request.phase !== 'P') {
    throw new ApiError(
      'invalid-input',
      'a bedrock from an S section is placed under P picks only (bedrockFrom with phase S)',
    );
  }
  if (request.method === 'tomography' && request.start !== 'timeterm') {
    throw new ApiError(
      'invalid-input',
      'a bedrock from an S section shapes time-term layers: invert with time-terms, or with ' +
        'tomography starting from them',
    );
  }
}

/** The layer placed over an asked S bedrock, or the one an offered S bedrock would place. */
type HiddenLayers = Pick<Section, 'hiddenLayer' | 'hiddenLayerHint'>;

/** A section's hidden-layer fields, present only when there is one. */
const hiddenLayers = ({ hiddenLayer, hiddenLayerHint }: HiddenLayers): HiddenLayers => ({
  ...(hiddenLayer ? { hiddenLayer } : {}),
  ...(hiddenLayerHint ? { hiddenLayerHint } : {}),
});

/**
 * The picks' time-term layers. With an asked S bedrock, a layer hidden from P placed over it
 * (and which), or the plain layers and a warning saying why none was; with an offered one,
 * the plain layers and, where a hidden layer would fit over it, that layer as a hint.
 */
function timeTermLayers(
  picks: readonly LayerPick[],
  warnings: string[],
  { asked, offered }: Bedrocks,
): { result: TimeTermResult } & HiddenLayers {
  const plain = timeTerms(picks);
  const bedrock = asked ?? offered;
  if (!bedrock) return { result: plain };
  try {
    const placed = withHiddenLayer(picks, plain, bedrock.points);
    const layer = { ...placed.hidden, sSection: bedrock.section };
    return asked
      ? { result: placed, hiddenLayer: layer }
      : { result: plain, hiddenLayerHint: layer };
  } catch (err) {
    if (!(err instanceof InversionError)) throw err;
    if (asked) {
      warnings.push(`no layer placed with S section ${asked.section}'s bedrock: ${err.message}`);
    }
    return { result: plain };
  }
}

/**
 * The deepest refractor of an S time-term section, refused with the reason for a P section
 * or one without refractors (a tomography, or an S line with one layer).
 */
function sBedrockOf(project: Project, id: number): SBedrock {
  const section = requireSection(project, id);
  const deepest = deepestRefractor(section);
  if (section.phase !== 'S' || !deepest) {
    const what =
      section.phase !== 'S'
        ? 'a P section'
        : section.method === 'tomography'
          ? 'an S tomography (no refractors to read)'
          : 'an S section with no refractor';
    throw new ApiError(
      'invalid-input',
      `section ${id} is ${what}: the bedrock is read from the deepest refractor of an S ` +
        'time-term section',
    );
  }
  return { section: id, points: deepest };
}

/**
 * The newest S time-term section with a refractor, offered to a P inversion that names none:
 * where a layer hidden from P fits over its bedrock the P section says so.
 */
function offeredBedrock(project: Project): Bedrocks {
  for (const summary of listSections(project.db)) {
    if (summary.phase !== 'S' || summary.method !== 'timeterm') continue;
    const points = deepestRefractor(requireSection(project, summary.id));
    if (points) return { offered: { section: summary.id, points } };
  }
  return {};
}

/**
 * A time-term section's deepest refractor with depths (one no faster than the layer above
 * has none), or null: tomography and one-layer sections have no refractor.
 */
export function deepestRefractor(section: Pick<Section, 'interfaces'>): SectionPoint[] | null {
  return section.interfaces.filter((i) => i.points.length > 0).at(-1)?.points ?? null;
}

/** Inverts the open project's picks of a phase and keeps the section. */
export function invertProject(
  project: Project,
  rawRequest: SectionRequest,
  ctx?: Progress,
): Section {
  const request = SectionInput.parse(rawRequest);
  checkBedrockRequest(request);
  const { picks, warnings } = projectSectionPicks(project, request.phase, request.picks);
  if (picks.length === 0) {
    throw new ApiError(
      'invalid-input',
      `no ${request.phase} picks with positions to invert` +
        (request.picks === 'decided'
          ? ' among the manual and accepted ones: accept picks first, or invert all picks'
          : ''),
    );
  }
  const bedrocks: Bedrocks =
    request.bedrockFrom !== undefined
      ? { asked: sBedrockOf(project, request.bedrockFrom) }
      : request.phase === 'P'
        ? offeredBedrock(project)
        : {};
  let section;
  try {
    section = invertPicks(picks, request, ctx, bedrocks);
  } catch (err) {
    // Picks a bent layout puts out of place fail the checks: say why they may.
    if (!(err instanceof ApiError) || warnings.length === 0) throw err;
    throw new ApiError(err.code, `${err.message}; ${warnings.join('; ')}`);
  }
  const all = [...warnings, ...section.warnings];
  return insertSection(project.db, request, { ...section, warnings: all, partial: all.length > 0 });
}

export function requireSection(project: Project, id: number): Section {
  const section = readSection(project.db, id);
  if (!section) throw new ApiError('not-found', `no section with id ${id}`);
  return section;
}

const article = (phase: 'P' | 'S') => (phase === 'S' ? 'an S' : 'a P');

/** A section by id, refused when it is of the other phase (Vp/Vs takes one of each). */
function requirePhase(project: Project, id: number, phase: 'P' | 'S'): Section {
  const section = requireSection(project, id);
  if (section.phase !== phase) {
    throw new ApiError(
      'invalid-input',
      `section ${id} is ${article(section.phase)} section; Vp/Vs needs ${article(phase)} section there`,
    );
  }
  return section;
}

/**
 * Vp/Vs and Poisson's ratio from the newest P and S sections (or the ones named), the S
 * section resampled on the P grid; null where either has no value. Sections that share no
 * cell (of different lines, or placed apart) are refused rather than drawn empty.
 */
export function ratioSection(project: Project, ids: { p?: number; s?: number } = {}): RatioSection {
  const p =
    ids.p !== undefined ? requirePhase(project, ids.p, 'P') : latestSection(project.db, 'P');
  const s =
    ids.s !== undefined ? requirePhase(project, ids.s, 'S') : latestSection(project.db, 'S');
  if (!p || !s) {
    throw new ApiError(
      'not-found',
      `Vp/Vs needs a P and an S section; this project has ${p ? 'no S section (invert the S picks, from an S line, first)' : 'no P section yet'}`,
    );
  }
  const values = (v: (number | null)[]) => Float64Array.from(v, (x) => x ?? NaN);
  const grid = { x: Float64Array.from(p.x), z: Float64Array.from(p.z) };
  const vp = values(p.velocity);
  const vs = resample(
    { x: Float64Array.from(s.x), z: Float64Array.from(s.z), values: values(s.velocity) },
    grid,
  );
  const ratio = vpVsRatio(vp, vs);
  if (!ratio.some(Number.isFinite)) {
    throw new ApiError(
      'invalid-input',
      `P section ${p.id} and S section ${s.id} do not overlap: no cell has both a Vp and a Vs ` +
        '(are they sections of the same line, with the same station positions?)',
    );
  }
  return {
    pSection: p.id,
    sSection: s.id,
    x: p.x,
    z: p.z,
    vpVs: orNull(ratio),
    poisson: orNull(poissonRatio(ratio)),
    surface: p.surface,
    waterTable: waterTableHint(grid, vp, vs),
    warnings: lowRatioWarnings(grid, ratio),
  };
}

/**
 * Cells where one section's interface sits a cell from the other's can dip under √2 alone;
 * past this share of the shared cells the two sections disagree about the ground.
 */
const LOW_RATIO_SHARE = 0.01;

/** The warning that the ratio falls below √2 over more than a few cells, and where. */
function lowRatioWarnings(grid: { x: Float64Array; z: Float64Array }, ratio: Float64Array) {
  const low = belowLowestRatio(ratio);
  const shared = ratio.filter(Number.isFinite).length;
  if (low.length <= LOW_RATIO_SHARE * shared) return [];
  const nx = grid.x.length;
  const xs = low.map((k) => grid.x[k % nx]!);
  const zs = low.map((k) => grid.z[Math.floor(k / nx)]!);
  const span = (v: number[]) => `${minOf(v).toFixed(1)} to ${maxOf(v).toFixed(1)} m`;
  return [
    `Vp/Vs is under √2 (Poisson's ratio below 0, which no ground has) in ${low.length} of ` +
      `${shared} cells (x ${span(xs)}, elevation ${span(zs)}): there the P and S sections see ` +
      "different ground, e.g. a bedrock below P's deepest refractor that only S resolves",
  ];
}

/** The 'sections.run' job: inverts in a worker with its own connection to the project. */
export const sectionTask: Task = async (rawParams, ctx) => {
  const { projectDir, ...request } = JobParamsSchemas['sections.run'].parse(rawParams);
  const project = Project.open(projectDir);
  try {
    const { id, phase, method, createdAt, picks, shots, rms, chi2, partial } = invertProject(
      project,
      request,
      ctx,
    );
    return {
      id,
      phase,
      method,
      createdAt,
      picks,
      shots,
      rms,
      chi2,
      partial,
    } satisfies SectionSummary;
  } finally {
    project.close();
  }
};

/** Writes a section to a file: grid CSV, the whole section as JSON, or x z v columns. */
export function writeSection(
  section: Section,
  format: 'csv' | 'json' | 'xyz',
  file: string,
): { file: string; cells: number } {
  const written =
    format === 'csv'
      ? sectionCsv(section)
      : format === 'xyz'
        ? sectionXyz(section)
        : {
            text: JSON.stringify(section),
            cells: section.velocity.filter((v) => v !== null).length,
          };
  writeFileAtomic(file, written.text);
  return { file, cells: written.cells };
}

export function exportSection(
  project: Project,
  { id, format, file }: { id: number; format: 'csv' | 'json' | 'xyz'; file: string },
): { file: string; cells: number } {
  return writeSection(requireSection(project, id), format, file);
}

/**
 * Writes a Vp/Vs section to a file: grid CSV of Vp/Vs and Poisson's ratio, x z v columns of
 * one of them, or the water-table hint per x.
 */
export function writeRatio(
  ratio: RatioSection,
  format: (typeof RATIO_FORMATS)[number],
  file: string,
): { file: string; cells: number } {
  const written =
    format === 'csv'
      ? ratioCsv(ratio)
      : format === 'water-table-csv'
        ? waterTableCsv(ratio)
        : ratioXyz(ratio, format === 'vp-vs-xyz' ? 'vpVs' : 'poisson');
  writeFileAtomic(file, written.text);
  return { file, cells: written.cells };
}

/** The Vp/Vs of a P and an S section of the project, written as `writeRatio` does. */
export function exportRatio(
  project: Project,
  {
    p,
    s,
    format,
    file,
  }: { p: number; s: number; format: (typeof RATIO_FORMATS)[number]; file: string },
): { file: string; cells: number } {
  return writeRatio(ratioSection(project, { p, s }), format, file);
}
