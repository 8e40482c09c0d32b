import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  JobParamsSchemas,
  MAX_JSON_BYTES_PER_CHAR,
  MAX_MESSAGE_BYTES,
  methodInputs,
} from '../../../src-main/api/contract';

type JsonSchema = Record<string, unknown>;

/** Bytes of JSON a number can take: -1.2345678901234567e-308. */
const NUMBER_BYTES = 24;

/**
 * The most bytes a value of this (JSON) schema can take as JSON: every string at its longest
 * and made of characters JSON escapes, every list at its longest. Infinity when the schema
 * sets no bound. A schema may state its own bound (`maxJsonBytes`) when a refinement the JSON
 * schema cannot show keeps it lower, such as a path list's total length.
 */
function largestJson(schema: JsonSchema): number {
  if (typeof schema.maxJsonBytes === 'number') return schema.maxJsonBytes;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return Math.max(...alternatives.map(largestJson));
  if (Array.isArray(schema.enum)) {
    return Math.max(...schema.enum.map((v) => JSON.stringify(v).length));
  }
  if ('const' in schema) return JSON.stringify(schema.const).length;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return Math.max(...types.map((type) => largestOfType(schema, type as string | undefined)));
}

function largestOfType(schema: JsonSchema, type: string | undefined): number {
  switch (type) {
    case 'string':
      return typeof schema.maxLength === 'number'
        ? schema.maxLength * MAX_JSON_BYTES_PER_CHAR + 2
        : Infinity;
    case 'number':
    case 'integer':
      return NUMBER_BYTES;
    case 'boolean':
      return 5;
    case 'null':
      return 4;
    case 'array': {
      if (typeof schema.maxItems !== 'number') return Infinity;
      return 2 + schema.maxItems * (largestJson(schema.items as JsonSchema) + 1);
    }
    case 'object': {
      if (schema.additionalProperties !== false) return Infinity;
      const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
      return properties.reduce((n, [key, value]) => n + key.length + 4 + largestJson(value), 2);
    }
    default:
      return Infinity;
  }
}

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/**
 * Defect 4 of issue 21: the contract let `project.import` take 100,000 paths of 4096
 * characters, hundreds of megabytes, while the bridge carries at most 16 MB per call. Every
 * input the contract accepts must fit in one message.
 */
describe('defect 4: every call the contract accepts fits in one message', () => {
  const jobParams = Object.entries(JobParamsSchemas).map(
    ([kind, schema]) => [kind, largestJson(jsonSchema(schema))] as const,
  );

  it.each(Object.entries(methodInputs))('%s', (method, schema) => {
    let largest = largestJson(jsonSchema(schema));
    // jobs.start carries any job's parameters, which the job's own schema then checks.
    if (method === 'jobs.start') {
      const withoutParams = jsonSchema(schema);
      delete (withoutParams.properties as Record<string, unknown>).params;
      largest =
        largestJson(withoutParams) + 'params'.length + 4 + Math.max(...jobParams.map(([, n]) => n));
    }
    // The envelope around it: {"id": ..., "method": "...", "input": ...}.
    const message = largest + 64 + method.length;
    expect(message, `${method}: largest input ${largest} bytes`).toBeLessThanOrEqual(
      MAX_MESSAGE_BYTES,
    );
  });

  it.each(jobParams)('job %s', (_, largest) => {
    expect(largest).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it('refuses path lists longer than the cap, with a message that says what to do', () => {
    const path = `/data/${'x'.repeat(4000)}`;
    const result = methodInputs['project.import'].safeParse({ files: Array(300).fill(path) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/give fewer files per call/);
    const fits = methodInputs['project.import'].safeParse({ files: Array(200).fill(path) });
    expect(fits.success).toBe(true);
  });
});
