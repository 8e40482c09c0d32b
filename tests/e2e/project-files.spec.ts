import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_DATA, testData } from '../helpers/test-data';
import { consoleErrors, newRefrapyProject, openApp, scratch } from './page-api';

const TOPOGRAPHY_SGT = testData(
  'refraction/refrapy-ex01-topography/field_example_01_topography.sgt',
);

/**
 * Issue 20: the start of a crew's day and the files it brings. Projects come back from the
 * recent list; folders and files are chosen in the folder browser (browser mode); a Refrapy
 * line with topography imports onto SEG-2 files without elevations; an export with nothing
 * accepted says what to do; each project keeps its own display settings.
 */
test('recent projects, the folder browser, picks with topography, per-project settings', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await openApp(page);
  await newRefrapyProject(page, 'day-a', 'Line A');
  // Line A draws wiggles at gain 4: its own settings.
  await page.getByTestId('shot-row').first().click();
  await page.getByTestId('mode-select').selectOption('wiggle');
  await page.getByLabel('Gain').fill('4');

  // Nothing accepted yet: the export says how to get something to export.
  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-error')).toHaveText(
    'No P picks to export yet: pick the shots (auto-pick, or by hand in the gather) first.',
  );

  // Refrapy's picks of the line with topography: the SEG-2 headers have no elevations, so
  // they match along the line and bring their elevations into the geometry.
  await dialog.getByTestId('import-picks-file').fill(TOPOGRAPHY_SGT);
  await dialog.getByTestId('import-picks-start').click();
  const result = dialog.getByTestId('import-picks-result');
  await expect(result).toContainText('120 of 120 picks matched a trace (sgt)');
  await expect(result).toContainText('matched along the line: the project had no elevations');
  await expect(result).toContainText(
    'elevations taken into the geometry: 24 receiver positions and 5 source positions, 99 to 105.6 m',
  );
  await page.screenshot({ path: testInfo.outputPath('01-picks-with-topography.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Line B: the defaults, not line A's wiggles.
  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  await page.getByTestId('project-dir').fill(path.join(scratch(), 'day-b'));
  await page.getByTestId('project-name-input').fill('Line B');
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('Line B');
  const data = testData('refraction/refrapy-ex01/data');

  // Shot files chosen in the folder browser: the test data is a browse root of this server.
  await page.getByTestId('import-files-browse').click();
  const browser = page.getByTestId('folder-browser');
  await expect(browser).toBeVisible();
  await browser.getByRole('button', { name: TEST_DATA }).click();
  for (const folder of ['refraction', 'refrapy-ex01', 'data']) {
    // The whole name: refrapy-ex01-topography sits beside refrapy-ex01.
    await browser
      .getByTestId('browser-entry')
      .filter({ hasText: new RegExp(`\\s${folder}$`) })
      .click();
  }
  await expect(browser.getByTestId('browser-path')).toHaveText(data);
  await browser.getByTestId('browser-all').click();
  await page.screenshot({ path: testInfo.outputPath('02-folder-browser.png') });
  await browser.getByTestId('browser-choose').click();
  await expect(page.getByTestId('import-files')).toHaveValue(
    ['2001', '2002', '2003', '2004', '2005'].map((f) => path.join(data, `${f}.dat`)).join('\n'),
  );
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-summary')).toContainText('5 files imported', {
    timeout: 30_000,
  });
  await page.getByTestId('shot-row').first().click();
  await expect(page.getByTestId('mode-select')).toHaveValue('area');
  await expect(page.getByLabel('Gain')).toHaveValue('1.5');

  // Back to line A from the recent projects: its wiggles at gain 4 come back.
  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  const recent = page.getByTestId('recent-project');
  await expect(recent.first()).toContainText('Line B');
  await expect(recent.nth(1)).toContainText('Line A');
  await page.screenshot({ path: testInfo.outputPath('03-recent-projects.png') });
  await recent.nth(1).click();
  await expect(page.getByTestId('project-name')).toHaveText('Line A');
  await page.getByTestId('shot-row').first().click();
  await expect(page.getByTestId('mode-select')).toHaveValue('wiggle');
  await expect(page.getByLabel('Gain')).toHaveValue('4');

  // A project folder chosen in the browser: projects are marked as such.
  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  await page.getByTestId('project-browse').click();
  const tmp = path.dirname(scratch());
  await browser.getByRole('button', { name: tmp, exact: true }).click();
  await browser
    .getByTestId('browser-entry')
    .filter({ hasText: path.basename(scratch()) })
    .click();
  await expect(browser.getByTestId('browser-entry').filter({ hasText: 'day-b' })).toHaveText(
    '◆ day-b (project)',
  );
  await browser.getByTestId('browser-entry').filter({ hasText: 'day-b' }).click();
  await browser.getByTestId('browser-choose').click();
  await expect(page.getByTestId('project-dir')).toHaveValue(path.join(scratch(), 'day-b'));
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Line B');
  expect(errors).toEqual([]);
});
