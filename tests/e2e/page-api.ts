import { expect, type Page } from '@playwright/test';
import type { Input, MethodName, Output } from '../../src-main/api/contract';

/** The server `global-setup.ts` started, and a scratch folder for projects. */
export const url = () => process.env.PICKLINE_E2E_URL!;
export const scratch = () => process.env.PICKLINE_E2E_SCRATCH!;

/** Calls the bridge's HTTP API from the page, with the page's session cookie. */
export async function call<M extends MethodName>(
  page: Page,
  method: M,
  input: Input<M>,
): Promise<Output<M>> {
  const envelope = await page.evaluate(
    async ([m, body]) => {
      const response = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return response.json();
    },
    [method, input] as const,
  );
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as Output<M>;
}

/** The selected pick's time as the view shows it (ms). */
export async function selectedTime(page: Page): Promise<number> {
  return Number.parseFloat((await page.getByTestId('selected-pick-time').textContent()) ?? '');
}

export async function expectSelectedTime(page: Page, ms: number) {
  await expect(page.getByTestId('selected-pick-time')).toHaveText(`${+ms.toFixed(3)} ms`);
}
