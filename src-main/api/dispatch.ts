import type { z } from 'zod';
import {
  methodInputs,
  type Envelope,
  type MethodName,
  type Output,
  type ParsedInput,
} from './contract';
import { toErrorBody } from './errors';

/** One implementation per contract method; inputs arrive already validated. */
export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<Output<M>> | Output<M>;
};

export function isMethodName(method: unknown): method is MethodName {
  return typeof method === 'string' && Object.hasOwn(methodInputs, method);
}

/** "dir: must not be empty; name: expected string" — short enough for a status line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

/**
 * The single entry point both transports call: checks the method name, validates the
 * payload against the contract, runs the handler and wraps the outcome in an envelope.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  input: unknown,
): Promise<Envelope> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'unknown-method', message: `unknown API method ${JSON.stringify(method)}` },
    };
  }
  const parsed = methodInputs[method].safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: `${method}: ${describeIssues(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}
