import { z } from 'zod';
import { PickFileError } from './pick-file-error';
import { checkPickTable, type Pick, type PickTable } from './pick-table';

/**
 * Pickline's JSON pick file: everything a `PickTable` holds, self-describing and exact
 * (JSON numbers are written in JavaScript's shortest round-trip form). One pick per line, so
 * a diff or an error's line number points at a pick:
 *
 *   {
 *     "format": "pickline-picks",
 *     "version": 1,
 *     "units": { "length": "m", "time": "s" },
 *     "picks": [
 *       {"shot":"2001","trace":3,"phase":"P","source":{"x":-20,"y":0,"z":0},
 *        "receiver":{"x":12,"y":0,"z":0},"time_s":0.0654,"uncertainty_s":0.001}
 *     ]
 *   }
 *
 * Positions follow Pickline's axes (x along the line or easting, y across it or northing,
 * z elevation, positive up). `shot`, `trace` and `uncertainty_s` may be left out of a pick
 * (read as null, "not known"); other keys are refused so a misspelt one is not lost silently.
 */

const PositionSchema = z.strictObject({ x: z.number(), y: z.number(), z: z.number() });

const PickJsonSchema = z.strictObject({
  shot: z.string().nullable().default(null),
  trace: z.number().int().min(0).nullable().default(null),
  phase: z.enum(['P', 'S']),
  source: PositionSchema,
  receiver: PositionSchema,
  time_s: z.number(),
  uncertainty_s: z.number().min(0).nullable().default(null),
});

export const PicksJsonSchema = z.strictObject({
  format: z.literal('pickline-picks'),
  version: z.literal(1),
  units: z.strictObject({ length: z.literal('m'), time: z.literal('s') }),
  picks: z.array(PickJsonSchema),
});

/** The JSON text of a table, one pick per line. */
export function writePicksJson(table: PickTable): string {
  checkPickTable(table);
  const picks = table.map((p) =>
    JSON.stringify({
      shot: p.shot,
      trace: p.trace,
      phase: p.phase,
      source: p.source,
      receiver: p.receiver,
      time_s: p.time,
      uncertainty_s: p.uncertainty,
    } satisfies z.input<typeof PickJsonSchema>),
  );
  const list = picks.length === 0 ? '[]' : `[\n    ${picks.join(',\n    ')}\n  ]`;
  return (
    '{\n' +
    '  "format": "pickline-picks",\n' +
    '  "version": 1,\n' +
    '  "units": { "length": "m", "time": "s" },\n' +
    `  "picks": ${list}\n` +
    '}\n'
  );
}

/** Parses the JSON pick file; `file` names it in errors. */
export function readPicksJson(text: string, file: string): Pick[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? lineAt(body, Number(at[1])) : lineAt(body, body.length);
    throw new PickFileError(file, line, `not valid JSON: ${message}`);
  }
  const parsed = PicksJsonSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`));
    throw new PickFileError(
      file,
      lineOfPath(body, issue.path),
      `${where.join('').replace(/^\./, '') || 'the document'}: ${issue.message}`,
    );
  }
  return parsed.data.picks.map((p) => ({
    source: p.source,
    receiver: p.receiver,
    phase: p.phase,
    time: p.time_s,
    uncertainty: p.uncertainty_s,
    shot: p.shot,
    trace: p.trace,
  }));
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * The line where the value at `path` starts in valid JSON text, or where the deepest part of
 * the path that exists starts (a missing key points at its object). JSON.parse keeps no
 * positions, so this walks the text.
 */
function lineOfPath(text: string, path: readonly PropertyKey[]): number {
  let i = 0;
  const space = () => {
    while (/\s/.test(text.charAt(i))) i++;
  };
  const skipString = () => {
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
  };
  const skipValue = () => {
    if (text[i] === '"') return skipString();
    let depth = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        skipString();
        continue;
      }
      if (depth === 0 && /[,\]}]/.test(c)) return;
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
      i++;
      if (depth === 0 && /[}\]]/.test(c)) return;
    }
  };
  const member = () => {
    space();
    if (text[i] === ',') i++;
    space();
  };
  space();
  for (const step of path) {
    const start = i;
    if (text[i] === '{') {
      i++;
      member();
      let found = false;
      while (!found && text[i] === '"') {
        const start = i;
        skipString();
        found = JSON.parse(text.slice(start, i)) === String(step);
        space();
        i++; // the colon
        space();
        if (!found) {
          skipValue();
          member();
        }
      }
      if (!found) {
        i = start;
        break;
      }
    } else if (text[i] === '[') {
      i++;
      member();
      for (let k = 0; k < Number(step) && text[i] !== ']'; k++) {
        skipValue();
        member();
      }
      if (text[i] === ']') {
        i = start;
        break;
      }
    } else {
      break;
    }
  }
  return lineAt(text, i);
}
