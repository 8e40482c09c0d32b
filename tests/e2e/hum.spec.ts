import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { writeHummedShot2001 } from '../helpers/hum';
import { consoleErrors, openApp, scratch } from './page-api';

/**
 * A shot recorded beside a power line: the gather draws it as the picker reads it. With hum
 * left in (the default) the shot is drawn as recorded; asked for in the auto-pick form, the
 * hum is subtracted from what is drawn at once, the gather header says so, and picking
 * reports the same hum. Real traces: refrapy's shot 2001 with 50 Hz hum at a fifth of RMS.
 */
test('hum asked for is subtracted from the gather drawn, as from the picks', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  const dir = path.join(scratch(), 'hum');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '2001-hum.sg2');
  writeHummedShot2001(file);

  await openApp(page);
  await page.getByTestId('project-dir').fill(path.join(dir, 'project'));
  await page.getByTestId('project-name-input').fill('Beside the power line');
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('Beside the power line');
  await page.getByTestId('import-files').fill(file);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-summary')).toHaveText(
    /^1 file imported: 1 shot, 24 traces/,
    {
      timeout: 30_000,
    },
  );

  await page.getByTestId('shot-row').first().click();
  await expect(page.getByTestId('gather-chart')).toHaveAttribute('data-render-ms', /\d/);
  await expect(page.getByTestId('gather-hum')).toHaveCount(0);

  await page.getByTestId('open-auto-pick').click();
  const dialog = page.getByTestId('auto-pick-dialog');
  await dialog.getByTestId('autopick-hum').selectOption({ label: 'found and subtracted' });
  const drawn = page.getByTestId('gather-hum');
  await expect(drawn).toContainText('50.0 Hz power-line hum subtracted on 24 of 24 traces');
  await expect(drawn).toContainText('as the picker reads the shot');
  await dialog.getByTestId('autopick-start').click();
  await expect(dialog.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
  await expect(dialog.getByTestId('autopick-hum-removed')).toContainText(
    '50.0 Hz power-line hum subtracted on 1 of 1 shots',
  );
  await page.screenshot({ path: testInfo.outputPath('01-hum-subtracted.png') });

  // Left in again: the shot is drawn as recorded.
  await dialog.getByTestId('autopick-hum').selectOption('off');
  await expect(drawn).toHaveCount(0);
  expect(errors).toEqual([]);
});
