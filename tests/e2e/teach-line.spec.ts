import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FORMIKOJ } from '../helpers/formikoj';
import { call, consoleErrors, openApp, scratch } from './page-api';

/**
 * A crew's line in the gather view: the shot's time base shown as the first breaks decided
 * it, then "Teach this line" on a gather whose picks were accepted (the analyst's, imported):
 * the model learns them (a minute or two here), becomes the default, and the other shot gets
 * its proposals from it. Real traces: two formikoj shots (tests/data/refraction/formikoj-soda-lakes-excerpts).
 */

test('the time base in the gather header, then teach this line', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = consoleErrors(page);
  await openApp(page);
  await page.getByTestId('project-dir').fill(path.join(scratch(), 'teach-line'));
  await page.getByTestId('project-name-input').fill('Soda lakes');
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('Soda lakes');
  await page
    .getByTestId('import-files')
    .fill(['shot-1070.sg2', 'shot-1100.sg2'].map((f) => path.join(FORMIKOJ, f)).join('\n'));
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-summary')).toHaveText(
    '2 files imported: 2 shots, 48 traces, 48 new receiver positions.',
    {
      timeout: 30_000,
    },
  );
  await expect(page.getByTestId('import-file-note').filter({ hasText: 'clipped' })).toHaveText([
    /^clipped: channel 70 \(flat tops at full scale/,
  ]);
  await call(page, 'picks.importFile', { file: path.join(FORMIKOJ, 'picks.csv'), format: 'csv' });

  await page.getByTestId('shot-row').first().click();
  await expect(page.getByTestId('gather-chart')).toHaveAttribute('data-render-ms', /\d/);
  const timeBase = page.getByTestId('gather-time-base');
  await expect(timeBase).toContainText('Time base: geometrics (chosen by the first breaks)');
  await expect(timeBase).toContainText('at zero offset');
  // The geophone at the hammer is clipped: the gather says which, as the import did.
  await expect(page.getByTestId('gather-clipped')).toHaveText(
    'Clipped: channel 70 (flat tops at full scale; the first break comes before them)',
  );

  // 22 accepted picks on live traces: enough to teach from.
  const teach = page.getByTestId('teach');
  await expect(teach).toBeEnabled();
  await teach.click();
  await expect(page.getByTestId('teach-status')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('01-teaching.png') });
  const result = page.getByTestId('teach-result');
  await expect(result).toContainText('near-surface-taught-1 learnt from 22 receivers', {
    timeout: 280_000,
  });
  await expect(result).toContainText('Manual and accepted picks are as they were');
  await page.screenshot({ path: testInfo.outputPath('02-taught.png') });

  const models = await call(page, 'models.list', {});
  const taught = models.find((m) => m.isDefault)!;
  expect(taught.name).toBe('near-surface-taught-1');
  const other = (await call(page, 'shots.list', {})).find((s) => s.recordId === '1100')!;
  const gather = await call(page, 'shots.gather', { shotId: other.id, samples: false });
  expect(gather.picks.some((p) => p.origin === 'auto' && p.modelId === taught.id)).toBe(true);
  expect(gather.picks.filter((p) => p.origin === 'imported')).toHaveLength(24);

  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  expect(errors).toEqual([]);
});
