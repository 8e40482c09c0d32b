import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { Input, MethodName, Output } from '../../src-main/api/contract';
import { testData } from '../helpers/test-data';

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

/** Starts from the project picker: the server keeps the project an earlier test opened. */
export async function openApp(page: Page) {
  await page.goto(url());
  await expect(page.getByTestId('status-transport')).toContainText('WebSocket');
  await closeOpenProject(page);
}

/** Back to the picker: the server keeps the project an earlier test left open. */
export async function closeOpenProject(page: Page) {
  // The picker or an open project's survey, once the app knows which.
  const close = page.getByRole('button', { name: 'Close project' });
  await expect(page.getByTestId('project-dir').or(close)).toBeVisible();
  if (await close.isVisible()) await close.click();
  await expect(page.getByTestId('project-dir')).toBeVisible();
}

/** The page's console errors from now on: a walk ends by expecting none. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** The selected pick's time as the view shows it (ms). */
export async function selectedTime(page: Page): Promise<number> {
  return Number.parseFloat((await page.getByTestId('selected-pick-time').textContent()) ?? '');
}

export async function expectSelectedTime(page: Page, ms: number) {
  await expect(page.getByTestId('selected-pick-time')).toHaveText(`${+ms.toFixed(3)} ms`);
}

/**
 * Creates a project in the scratch folder from the picker and imports refrapy-ex01 shots
 * (all five unless named) through the import form, with a geometry file when given, waiting
 * for its report.
 */
export async function newRefrapyProject(
  page: Page,
  folder: string,
  name: string,
  shots: string[] = fs.readdirSync(testData('refraction/refrapy-ex01/data')),
  geometry?: string,
) {
  await page.getByTestId('project-dir').fill(path.join(scratch(), folder));
  await page.getByTestId('project-name-input').fill(name);
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
  const data = testData('refraction/refrapy-ex01/data');
  await page.getByTestId('import-files').fill(shots.map((f) => path.join(data, f)).join('\n'));
  if (geometry) await page.getByTestId('import-geometry').fill(geometry);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-summary')).toHaveText(
    new RegExp(
      `^${shots.length} files? imported: ${shots.length} shots?, ${24 * shots.length} traces`,
    ),
    { timeout: 30_000 },
  );
}

/** A CSS colour variable of the page's theme as [r, g, b] (from a #rrggbb value). */
export async function themeColour(page: Page, name: string): Promise<[number, number, number]> {
  const hex = await page.evaluate(
    (n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(),
    name,
  );
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`${name} is not a #rrggbb colour: ${hex}`);
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)];
}

/** Pixels of a chart's canvases (the gather's unless named) within a small distance of a colour. */
export function pixelsOfColour(
  page: Page,
  rgb: readonly [number, number, number],
  chart = 'gather-chart',
): Promise<number> {
  return page.evaluate(
    ([target, testid]) => {
      let count = 0;
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>(
        `[data-testid=${testid}] canvas`,
      )) {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          const d =
            Math.abs(data[i]! - target[0]) +
            Math.abs(data[i + 1]! - target[1]) +
            Math.abs(data[i + 2]! - target[2]);
          if (d < 40 && data[i + 3]! > 200) count++;
        }
      }
      return count;
    },
    [rgb, chart] as const,
  );
}
