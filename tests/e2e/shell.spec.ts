import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { testData } from '../helpers/test-data';
import { closeOpenProject, consoleErrors, openApp, scratch, url } from './page-api';

test('the browser shell shows its transport and ML backend, creates a project and runs a job', async ({
  page,
}, testInfo) => {
  const errors = consoleErrors(page);

  await page.goto(url());
  // The token moved from the URL into a cookie of this bridge's own name, which no page
  // script can read and no other site's request carries.
  expect(new URL(page.url()).search).toBe('');
  const port = new URL(url()).port;
  expect(await page.context().cookies()).toContainEqual(
    expect.objectContaining({
      name: `pickline_token_${port}`,
      httpOnly: true,
      sameSite: 'Strict',
    }),
  );
  await expect(page.getByTestId('status-transport')).toHaveText(
    'Transport: browser (WebSocket bridge)',
  );
  await expect(page.getByTestId('status-backend')).toHaveText(
    /ML backend:\s*(tensorflow-gpu|tensorflow|wasm|cpu)$/,
  );
  await expect(page.getByTestId('status-engine')).toHaveText(
    /Picking engine:\s*(ONNX Runtime|TensorFlow\.js)$/,
  );
  await expect(page.getByTestId('status-jobs')).toHaveText('No jobs running');
  await closeOpenProject(page);
  await page.screenshot({ path: testInfo.outputPath('01-project-picker.png') });

  // Opening a folder without a project says so.
  const dir = path.join(scratch(), 'line-A');
  await page.getByTestId('project-dir').fill(dir);
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('project-error')).toHaveText(
    `no Pickline project in ${dir} (project.sqlite is missing)`,
  );

  await page.getByTestId('project-name-input').fill('Line A');
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('Line A');
  await expect(page.getByTestId('project-dir-shown')).toHaveText(dir);
  await expect(page.getByTestId('survey-empty')).toBeVisible();

  // The self-check's result is beside its button, in words.
  await page.getByTestId('selfcheck').click();
  await expect(page.getByTestId('selfcheck-result')).toContainText(/windows a second/, {
    timeout: 30_000,
  });

  // Import the refrapy line; one path is wrong and is reported by name, the rest import.
  const data = testData('refraction/refrapy-ex01/data');
  const files = fs.readdirSync(data).map((f) => path.join(data, f));
  await page.getByTestId('import-files').fill([...files, '/nonexistent/shot.dat'].join('\n'));

  // Check the geometry first: a CSV moves shot 2001's source and channel 3 on every shot.
  const csv = path.join(path.dirname(dir), 'geometry.csv');
  fs.writeFileSync(
    csv,
    'shot,channel,source_x,source_z,receiver_x,receiver_z\n2001,,-21.5,100,,\n,3,,,8.5,99\n',
  );
  await page.getByTestId('import-geometry').fill(csv);
  await page.getByTestId('geometry-check').click();
  const preview = page.getByTestId('geometry-preview');
  await expect(preview).toContainText('/nonexistent/shot.dat: no such file');
  await expect(page.getByTestId('geometry-summary')).toHaveText(
    'Source x -20 in the headers, -21.5 from the geometry file; 1 of 24 receivers from the geometry file, moved by up to 0.5 m.',
  );
  await expect(page.getByTestId('geometry-row').nth(2)).toHaveText(
    /^\s*3\s*8\s*8\.5\s*99\s*override\s*$/,
  );
  await page.getByTestId('geometry-file').selectOption({ label: '2002.dat (seg2)' });
  await expect(page.getByTestId('geometry-summary')).toContainText('1 of 24 receivers');
  await page.screenshot({ path: testInfo.outputPath('01b-geometry-preview.png') });
  // Import without it: editing the form hides the preview.
  await page.getByTestId('import-geometry').fill('');
  await expect(preview).toHaveCount(0);
  await page.getByTestId('import-start').click();
  // The result is beside the form, in words: names, not a list of paths.
  await expect(page.getByTestId('import-summary')).toHaveText(
    '5 files imported: 5 shots, 120 traces, 24 new receiver positions; 1 could not be imported.',
    { timeout: 30_000 },
  );
  await expect(page.locator('[data-testid=import-file][data-status=failed]')).toHaveText(
    'shot.dat: not imported, no such file',
  );
  await expect(page.getByTestId('shot-row')).toHaveCount(5);
  await expect(page.getByTestId('shot-row').first()).toContainText('2001.dat');
  await expect(page.getByTestId('survey-counts')).toContainText('120 traces');
  await page.screenshot({ path: testInfo.outputPath('02-survey.png'), fullPage: true });

  expect(errors).toEqual([]);
});

test('the bridge refuses a page load without the session token', async ({ page }) => {
  const bare = new URL(url());
  bare.search = '';
  const response = await page.goto(bare.toString());
  expect(response?.status()).toBe(401);
});

test('a file dropped on the window never replaces the app; a browser is asked for paths', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('project-dir').fill(path.join(scratch(), 'drop'));
  await page.getByTestId('project-name-input').fill('Drop');
  await page.getByTestId('project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('Drop');
  const before = page.url();
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['<h1>not the app</h1>'], 'evil.html', { type: 'text/html' }));
    return transfer;
  });
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  // A browser does not say where a dropped file is; the desktop app does, and imports it.
  await expect(page.getByTestId('import-drop-problem')).toContainText(
    'a browser does not tell Pickline where dropped files are',
  );
  expect(page.url()).toBe(before);
  await expect(page.getByTestId('project-name')).toHaveText('Drop');
});
