/**
 * Velocity sections: what the Sections view and `pickline invert` ask for and get back
 * (services/section-service.ts). A section is inverted from one phase's picks of the open
 * project, by eikonal tomography or by time-terms, and kept in the catalogue so P and S
 * sections of one survey meet in a Vp/Vs section.
 */
import { z } from 'zod';

export const InversionMethodSchema = z.enum(['tomography', 'timeterm']);
export type InversionMethod = z.infer<typeof InversionMethodSchema>;

/** What one inversion is asked to do. */
export const SectionInput = z
  .object({
    phase: z.enum(['P', 'S']),
    method: InversionMethodSchema.default('tomography'),
    /**
     * 'decided': the picks a person made or accepted (what goes to an inversion by default);
     * 'all': every current pick, proposals included.
     */
    picks: z.enum(['decided', 'all']).default('decided'),
    /** Uncertainty of a pick that has none of its own, s (data weights and chi²). */
    sigma: z.number().positive().max(0.1).optional(),
    /** Tomography: grid cell, m; model depth below the lowest station, m. */
    cellSize: z.number().positive().max(1000).optional(),
    depth: z.number().positive().max(10_000).optional(),
    /** Tomography: smoothness strength and its vertical-to-horizontal weight. */
    smoothness: z.number().positive().max(1e6).optional(),
    verticalWeight: z.number().positive().max(10).optional(),
    iterations: z.number().int().min(1).max(50).optional(),
    /**
     * Tomography's starting model: velocity growing with depth ('gradient'), or the layers of
     * a time-term inversion of the same picks ('timeterm'), which keeps sharp refractors
     * where the rays do not ask otherwise.
     */
    start: z.enum(['gradient', 'timeterm']).default('gradient'),
    /**
     * P time-terms (or tomography starting from them): the id of an S time-term section whose
     * deepest refractor is the bedrock. Where it lies below P's deepest refractor, a layer
     * hidden from P (thin saturated ground) is placed between them (inversion/hidden-layer.ts).
     */
    bedrockFrom: z.number().int().positive().optional(),
  })
  .strict();
export type SectionRequest = z.input<typeof SectionInput>;

/** A point of a section's drawing (m; z is elevation). */
export interface SectionPoint {
  x: number;
  z: number;
}

/** One pick's fit: its observed and modelled time (s). */
export interface SectionMisfit {
  pickId: number;
  traceId: number;
  shotId: number;
  sourceX: number;
  receiverX: number;
  observed: number;
  modelled: number;
}

/** What the list of sections shows. */
export interface SectionSummary {
  id: number;
  phase: 'P' | 'S';
  method: InversionMethod;
  createdAt: string;
  picks: number;
  shots: number;
  /** s */
  rms: number;
  chi2: number;
  /** The run went through with warnings (e.g. one-sided coverage): read them before use. */
  partial: boolean;
}

/**
 * A velocity section on a regular grid: `x` ascending, `z` elevations descending, values
 * row-major (one row per z). null: above the ground, or no value.
 */
export interface Section extends SectionSummary {
  x: number[];
  z: number[];
  /** m/s */
  velocity: (number | null)[];
  /** Ray length in each cell, m (tomography); null for time-terms. */
  coverage: number[] | null;
  surface: SectionPoint[];
  sources: SectionPoint[];
  receivers: SectionPoint[];
  /** Time-terms: each layer's velocity, and the refractors' elevations along the line. */
  layers: { layer: number; velocity: number; picks: number }[];
  interfaces: { layer: number; points: SectionPoint[] }[];
  /** chi² and RMS (s) of the starting model and after each iteration. */
  iterations: { chi2: number; rms: number }[];
  misfits: SectionMisfit[];
  warnings: string[];
  /**
   * The layer placed under P's picks with an S section's bedrock (request `bedrockFrom`):
   * its number and speed, and the S section. Absent when none was asked for or placed.
   */
  hiddenLayer?: HiddenLayer;
  /**
   * A P section's layers made without `bedrockFrom` while an S time-term section of the
   * project has a bedrock under which a layer hidden from P fits the P picks: the newest such
   * S section and the layer it would place. Inverting again with `bedrockFrom: sSection`
   * places it; nothing is placed unasked, as two lines seldom agree to the metre.
   */
  hiddenLayerHint?: HiddenLayer;
}

/** A layer hidden from P over an S section's bedrock: its number and speed (m/s). */
export interface HiddenLayer {
  layer: number;
  velocity: number;
  sSection: number;
}

/** Vp/Vs and Poisson's ratio where a P and an S section both have values. */
export interface RatioSection {
  pSection: number;
  sSection: number;
  x: number[];
  z: number[];
  vpVs: (number | null)[];
  poisson: (number | null)[];
  surface: SectionPoint[];
  /** Per x: where Vp reaches 1,500 m/s with no matching step in Vs (a water-table hint). */
  waterTable: { x: number; z: number | null }[];
  /** What to read before trusting the ratios, e.g. where Vp/Vs is one no ground has. */
  warnings: string[];
}

export const SectionExportInput = z
  .object({
    id: z.number().int().positive(),
    format: z.enum(['csv', 'json', 'xyz']),
    file: z.string().trim().min(1).max(4096),
  })
  .strict();

/** Formats of a Vp/Vs export: the grid CSV of both ratios, x z v of one, the water-table hint. */
export const RATIO_FORMATS = ['csv', 'vp-vs-xyz', 'poisson-xyz', 'water-table-csv'] as const;

export const RatioExportInput = z
  .object({
    p: z.number().int().positive(),
    s: z.number().int().positive(),
    format: z.enum(RATIO_FORMATS),
    file: z.string().trim().min(1).max(4096),
  })
  .strict();
