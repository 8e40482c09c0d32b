import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { call, consoleErrors, openApp, pixelsOfColour, scratch, themeColour } from './page-api';

/**
 * A line of 3-component geophones in the QC view: one component of each receiver at a time
 * (the three share an offset), the receiver's probabilities and picks drawn on whichever is
 * shown, and an S pick placed on the crossline stored on the receiver's pick trace, where the
 * pickers and the exports look for it.
 */
test('a 3-component shot: choose the component, pick S on a horizontal', async ({
  page,
}, testInfo) => {
  const errors = consoleErrors(page);
  const synth = path.join(scratch(), 'synth-3c');
  execFileSync(process.execPath, [
    path.resolve(__dirname, '../../bin/pickline.js'),
    ...['synth', '--out', synth, '--seed', '3', '--shots', '1', '--channels', '24'],
    ...['--components', '3', '--s-waves', '--dead-rate', '0'],
  ]);

  await openApp(page);
  await page.getByTestId('project-dir').fill(path.join(scratch(), 'three-component'));
  await page.getByTestId('project-name-input').fill('Three components');
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('Three components');
  await page.getByTestId('import-files').fill(path.join(synth, 's0001-001.sg2'));
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-summary')).toHaveText(
    '1 file imported: 1 shot, 72 traces, 24 new receiver positions.',
    { timeout: 30_000 },
  );
  // A 3-component geophone is one station, not three.
  await expect(page.getByTestId('survey-counts')).toContainText('24 stations');
  await page.getByTestId('shot-row').first().click();
  const chart = page.getByTestId('gather-chart');
  await expect(chart).toHaveAttribute('data-render-ms', /\d/);

  // The vertical first: one trace per receiver.
  const component = page.getByTestId('component-select');
  await expect(component).toHaveValue('Z');
  await expect(chart).toHaveAttribute('data-traces', '24');
  // All components: Z, E and N each in its colour, with a key under the plot.
  const [east, north] = [
    await themeColour(page, '--component-e'),
    await themeColour(page, '--component-n'),
  ];
  const eastOnZ = await pixelsOfColour(page, east);
  await component.selectOption('all');
  await expect(chart).toHaveAttribute('data-traces', '72');
  await expect(page.getByTestId('component-legend')).toHaveText(/▬ Z\s*▬ E\s*▬ N/);
  await expect.poll(() => pixelsOfColour(page, east)).toBeGreaterThan(eastOnZ + 500);
  await expect.poll(() => pixelsOfColour(page, north)).toBeGreaterThan(500);
  await page.screenshot({ path: testInfo.outputPath('00-all-components-coloured.png') });
  await component.selectOption('N');
  await expect(chart).toHaveAttribute('data-traces', '24');

  // The receivers' probabilities (computed on all three components) over the crossline.
  await page.getByTestId('probability-toggle').check();
  await expect(chart).toHaveAttribute('data-probability-traces', '24', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('01-crossline.png') });

  // An S pick on the crossline of a receiver lands on its vertical trace, as one pick.
  await page.keyboard.press('s');
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(page.getByTestId('selected-pick')).toContainText('manual · accepted');
  await expect(page.getByTestId('selected-pick')).toContainText('S');
  const shot = (await call(page, 'shots.list', {}))[0]!;
  const gather = await call(page, 'shots.gather', { shotId: shot.id, samples: false });
  expect(gather.picks).toHaveLength(1);
  const picked = gather.traces.find((t) => t.id === gather.picks[0]!.traceId)!;
  expect(picked.component).toBe('Z');
  expect(picked.pickTraceId).toBe(picked.id);

  // Shown on the vertical too, still selected.
  await component.selectOption('Z');
  await expect(page.getByTestId('selected-pick-marker')).toBeVisible();
  await expect(page.getByTestId('selected-pick')).toContainText('S');
  await page.screenshot({ path: testInfo.outputPath('02-vertical.png') });
  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  expect(errors).toEqual([]);
});
