import path from 'node:path';
import { expect, test } from '@playwright/test';
import { testData } from '../helpers/test-data';
import { call, consoleErrors, newRefrapyProject, openApp } from './page-api';

const BUNDLED = path.resolve(__dirname, '../../resources/models/near-surface');

/**
 * Issue 7's training dashboard and issue 6's per-model report: a short fine-tuning of the
 * bundled model on two shots' manual picks started from the Training view, its loss curve
 * fed by the job's epochs, the new model registered, renamed and evaluated in the model
 * manager, and the default model's deletion refused.
 */
test('fine-tune on the project’s picks, watch the losses, rename and evaluate the new model', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const errors = consoleErrors(page);
  await openApp(page);
  await newRefrapyProject(page, 'training', 'Training', ['2001.dat', '2005.dat']);
  // The line's manual picks (48 on these shots) are the labels and the reference.
  const imported = await call(page, 'picks.importFile', {
    file: testData('refraction/refrapy-ex01/picks/field_example_01.sgt'),
  });
  expect(imported.matched).toBe(48);
  await call(page, 'models.register', { dir: BUNDLED, makeDefault: true });

  await page.getByTestId('tab-training').click();
  const form = page.getByTestId('training');
  await expect(form.getByTestId('training-labels')).toContainText('Labels: 48 manual and accepted');
  await expect(form.getByTestId('training-name')).toHaveValue('near-surface-tuned');
  await form.getByTestId('training-epochs').fill('2');
  await form.getByTestId('training-steps').fill('1');
  await form.getByTestId('training-batch').fill('2');
  await form.getByTestId('training-window').fill('256');
  await form.getByTestId('training-freeze').selectOption('encoder');
  const started = Date.now();
  await form.getByTestId('training-start').click();

  // The first epoch's losses, as the job record carries them, in the text and the chart.
  const epochsDone = page.getByTestId('training-epochs-done');
  await expect(epochsDone).not.toHaveAttribute('data-epochs', '0', { timeout: 45_000 });
  await expect(page.getByTestId('loss-chart').locator('canvas')).toHaveCount(1);
  const job = (await call(page, 'jobs.list', {})).find((j) => j.kind === 'training.run')!;
  const first = job.epochs[0]!;
  expect(first).toMatchObject({ epoch: 1, epochs: 2, best: true });
  expect(first.loss).toBeGreaterThan(0);
  await expect(epochsDone).toContainText(/^Epoch [12] of 2: loss \d\.\d{4}/);
  await expect(page.getByTestId('training-registered')).toHaveText(
    'Registered as near-surface-tuned: see Models.',
    { timeout: 45_000 },
  );
  await expect(epochsDone).toHaveAttribute('data-epochs', '2');
  const finished = (await call(page, 'jobs.list', {})).find((j) => j.id === job.id)!;
  await expect(epochsDone).toHaveText(
    `Epoch 2 of 2: loss ${finished.epochs[1]!.loss.toFixed(4)}, validation loss ${finished.epochs[1]!.valLoss.toFixed(4)}${finished.epochs[1]!.best ? ' (best so far, kept)' : ''}.`,
  );
  testInfo.annotations.push({
    type: 'training seconds',
    description: `${(Date.now() - started) / 1000}`,
  });

  // The new model in the model manager: rename it.
  const rows = page.getByTestId('model-manager').getByTestId('model-row');
  await expect(rows.getByTestId('model-name')).toHaveText(['near-surface', 'near-surface-tuned']);
  const tuned = rows.nth(1);
  await tuned.getByTestId('model-rename').click();
  await tuned.getByTestId('model-rename-input').fill('line-7 tuned');
  await tuned.getByTestId('model-rename-save').click();
  await expect(tuned.getByTestId('model-name')).toHaveText('line-7 tuned');
  expect((await call(page, 'models.list', {})).map((m) => m.name)).toEqual([
    'near-surface',
    'line-7 tuned',
  ]);

  // Its evaluation on the 48 reference picks, stored with it.
  await tuned.getByTestId('model-evaluation-toggle').locator('summary').click();
  await tuned.getByTestId('evaluation-start').click();
  const table = tuned.getByTestId('evaluation-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  const [stored] = (await call(page, 'models.list', {}))[1]!.evaluations;
  const p = stored!.phases[0]!;
  expect(stored!.tolerance).toBe(0.005);
  expect(p.labels).toBe(48);
  expect(p.tp + p.fn).toBe(48);
  const cell = (label: string) =>
    table.locator('tr', { has: page.locator(`th:text-is("${label}")`) }).locator('td');
  await expect(cell('reference picks')).toHaveText(['48']);
  await expect(cell('model picks')).toHaveText([String(p.picks)]);
  await expect(cell('F1')).toHaveText([p.f1 === null ? '–' : p.f1.toFixed(3)]);
  await expect(cell('within 2 ms')).toHaveText([
    p.withinMs[1]!.share === null ? '–' : `${(100 * p.withinMs[1]!.share).toFixed(1)} %`,
  ]);
  await expect(tuned.getByTestId('evaluation-caption')).toContainText(
    'At 5 ms on 2 shots of Training',
  );
  // The model learnt from these picks: the view says the scores are not an independent test.
  await expect(tuned.getByTestId('evaluation-trained-here')).toBeVisible();
  await expect(tuned.getByTestId('residual-histogram').locator('canvas')).toHaveCount(1);
  await tuned.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('01-training-evaluated.png') });

  // The default model stays: the services say why.
  await rows.nth(0).getByTestId('model-delete').click();
  await rows.nth(0).getByTestId('model-delete-confirm').click();
  await expect(page.getByTestId('model-error')).toHaveText(
    '"near-surface" is the default model: make another model the default before deleting it',
  );
  expect(errors).toEqual([]);

  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  await expect(page.getByTestId('project-dir')).toBeVisible();
});
