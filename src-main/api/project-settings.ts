/**
 * What a project remembers about how it is worked on, apart from its data: one typed,
 * validated store (the catalogue's `project_settings`), read and written through the API
 * (`settings.get`, `settings.set`), so that opening another project never carries one
 * project's gain, phase or model into the other.
 *
 * Settings come in groups; each group is a zod object whose fields carry their defaults, so a
 * new setting is one line here (its schema with `.default(…)`): stored projects without it
 * read the default, and a stored value the schema no longer accepts falls back to the default
 * field by field instead of failing the project.
 */
import { z } from 'zod';
import { DEFAULT_V_MAX } from '../picking/search-start';
import type { HumSetting } from '../dsp/hum';

const Phase = z.enum(['P', 'S']);

/** Power-line hum subtracted before picking: found (auto), 50 or 60 Hz, or off (dsp/hum.ts). */
export const HumSettingSchema: z.ZodType<HumSetting> = z.union([
  z.enum(['auto', 'off']),
  z.literal(50),
  z.literal(60),
]);

export const PROJECT_SETTINGS = {
  /** How the gather is drawn (see the renderer's gather-settings). */
  display: z.object({
    /** The component drawn on multi-component lines, or 'all'. */
    component: z.string().min(1).max(20).default('Z'),
    axis: z.enum(['offset', 'channel']).default('offset'),
    mode: z.enum(['wiggle', 'area', 'density']).default('area'),
    /**
     * 'first-breaks' scales each trace by its largest amplitude around its first break, so a
     * far trace's weak onset is as tall as a near one's (the later, larger waves clip).
     */
    normalisation: z.enum(['first-breaks', 'trace', 'global']).default('first-breaks'),
    gain: z.number().positive().max(100).default(1.5),
    /** Largest wiggle deflection, in trace spacings. */
    clip: z.number().positive().max(10).default(1),
    agc: z.boolean().default(false),
    agcWindowMs: z.number().positive().max(10_000).default(50),
    bandpass: z.boolean().default(false),
    lowHz: z.number().nonnegative().max(100_000).default(10),
    highHz: z.number().nonnegative().max(100_000).default(250),
    reduce: z.boolean().default(false),
    /** Reduction velocity, m/s. */
    velocity: z.number().positive().max(100_000).default(1000),
    probabilities: z.boolean().default(false),
  }),
  /** How picks are placed and proposed. */
  picking: z.object({
    /** The phase a click or the pick keys place. */
    phase: Phase.default('P'),
    snap: z.enum(['off', 'onset', 'peak', 'trough', 'zero']).default('off'),
    method: z.enum(['phasenet', 'stalta', 'aic', 'stalta-aic', 'mer']).default('phasenet'),
    /** A registered model's name; null: the project's default model. */
    model: z.string().min(1).max(200).nullable().default(null),
    threshold: z.number().gt(0).lt(1).default(0.3),
    /** Below this probability a network pick is "low confidence" (the L key steps to it). */
    lowConfidence: z.number().gt(0).lt(1).default(0.5),
    /** First breaks as one line through each gather, or each trace alone (picking/gather/). */
    strategy: z.enum(['gather', 'trace']).default('gather'),
    /**
     * Nothing is picked before offset / vMax after the shot, m/s; null: from the shot on,
     * whatever the offset (picking/search-start.ts).
     */
    vMax: z.number().positive().max(100_000).nullable().default(DEFAULT_V_MAX),
    hum: HumSettingSchema.default('off'),
  }),
  /** The travel-time view. */
  travelTimes: z.object({
    axis: z.enum(['receiver', 'offset']).default('receiver'),
    /**
     * Largest gap from a shot to the receivers read for reciprocity, m; null: one receiver
     * spacing of the line (interpolation between the receivers around a shot).
     */
    reciprocityTolerance: z.number().nonnegative().max(1000).nullable().default(null),
  }),
};

export type SettingsGroup = keyof typeof PROJECT_SETTINGS;
export type ProjectSettings = { [G in SettingsGroup]: z.output<(typeof PROJECT_SETTINGS)[G]> };

export const SETTINGS_GROUPS = Object.keys(PROJECT_SETTINGS) as SettingsGroup[];

export type ProjectSettingsPatchInput = {
  [G in SettingsGroup]?: Partial<ProjectSettings[G]>;
};

/** A group's fields, each optional and without its default: a patch names what it changes. */
function patchOf(group: SettingsGroup): z.ZodType {
  const shape = Object.fromEntries(
    Object.entries(PROJECT_SETTINGS[group].shape).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault
        ? (field.unwrap() as z.ZodType)
        : (field as z.ZodType)
      ).optional(),
    ]),
  );
  return z.object(shape).strict().optional();
}

/** A change to some settings: any fields of any groups, each checked against its schema. */
export const ProjectSettingsPatch = z
  .object(Object.fromEntries(SETTINGS_GROUPS.map((g) => [g, patchOf(g)])))
  .strict() as unknown as z.ZodType<ProjectSettingsPatchInput>;

/**
 * A group's settings from what is stored: each stored field its schema accepts, the default
 * for the rest (a field added since, or one whose allowed values changed).
 */
export function readGroup<G extends SettingsGroup>(group: G, stored: unknown): ProjectSettings[G] {
  const schema = PROJECT_SETTINGS[group];
  const defaults = schema.parse({}) as Record<string, unknown>;
  const given =
    stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, field] of Object.entries(schema.shape)) {
    if (!(key in given)) continue;
    const parsed = (field as z.ZodType).safeParse(given[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as ProjectSettings[G];
}
