import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { testData } from '../helpers/test-data';
import {
  call,
  consoleErrors,
  expectSelectedTime,
  newRefrapyProject,
  openApp,
  pixelsOfColour,
  scratch,
  selectedTime,
  themeColour,
} from './page-api';

/**
 * The whole session of issue 7 through the UI: a project with proposals from a network, a
 * shot's proposals and probabilities, a pick moved with the mouse and the keyboard, undo,
 * the shot accepted, QC in the travel-time view, the picks exported as pyGIMLi .sgt (which
 * the test reads back from disk) and the line's manual picks imported.
 */

/** One sample of the refrapy line (0.125 ms), in ms. */
const SAMPLE_MS = 0.125;
const BUNDLED_MODEL = path.resolve(__dirname, '../../resources/models/near-surface/model.json');

/** A pyGIMLi unified data file: sensor positions, and (s, g, t) rows with 1-based indices. */
function readSgt(text: string) {
  const lines = text.split('\n').map((l) => l.trim());
  const sensorCount = Number.parseInt(lines[0]!, 10);
  expect(lines[1]).toBe('#x y');
  const sensors = lines.slice(2, 2 + sensorCount).map((l) => l.split(/\s+/).map(Number));
  const rowsAt = 2 + sensorCount;
  const rowCount = Number.parseInt(lines[rowsAt]!, 10);
  const columns = lines[rowsAt + 1]!.replace('#', '').trim().split(/\s+/);
  const rows = lines.slice(rowsAt + 2, rowsAt + 2 + rowCount).map((l) => {
    const values = l.split(/\s+/).map(Number);
    return Object.fromEntries(columns.map((c, i) => [c, values[i]!])) as Record<string, number>;
  });
  return { sensors, rows };
}

/**
 * From the survey of a project whose shots carry network proposals: shot 2001's proposals
 * and probabilities, a proposal moved with the mouse and nudged, undo, the shot accepted,
 * QC, the .sgt export read back, picks imported. Closes the project at the end.
 */
async function walkShot2001(page: Page, testInfo: TestInfo, folder: string) {
  await page.getByTestId('shot-row').filter({ hasText: '2001.dat' }).click();
  await expect(page.getByTestId('gather-title')).toContainText('2001.dat');
  const chart = page.getByTestId('gather-chart');
  await expect(chart).toHaveAttribute('data-render-ms', /\d/);

  // The network's proposals are on the gather.
  const acceptAll = page.getByTestId('accept-all');
  await expect(acceptAll).toBeEnabled();
  const proposals = Number(/\((\d+)\)/.exec((await acceptAll.textContent()) ?? '')![1]);
  expect(proposals).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('01-gather-proposals.png') });

  // The probability overlay draws a curve on every trace, in the phase colours.
  // The S colour of the theme (--s-colour), which only S picks and S probabilities use.
  const S_RGB = await themeColour(page, '--s-colour');
  const sBefore = await pixelsOfColour(page, S_RGB);
  await page.getByTestId('probability-toggle').check();
  await expect(chart).toHaveAttribute('data-probability-traces', '24', { timeout: 30_000 });
  await expect.poll(() => pixelsOfColour(page, S_RGB)).toBeGreaterThan(sBefore + 300);
  await page.screenshot({ path: testInfo.outputPath('02-gather-probabilities.png') });

  // ] selects the first P proposal; drag it 40 px later: the person's pick replaces it.
  await page.keyboard.press(']');
  await expect(page.getByTestId('selected-pick')).toContainText('auto · proposed');
  const proposed = await selectedTime(page);
  // The network's confidence: in the status line, and on hover over the pick.
  await expect(page.getByTestId('selected-pick-confidence')).toContainText(/probability 0\.\d\d/);
  const marker = (await page.getByTestId('selected-pick-marker').boundingBox())!;
  const cx = marker.x + marker.width / 2;
  const cy = marker.y + marker.height / 2;
  await page.mouse.move(cx, cy);
  await expect(page.getByTestId('pick-tooltip')).toContainText(
    /auto · proposed.*probability 0\.\d\d/s,
  );
  await page.screenshot({ path: testInfo.outputPath('02b-pick-confidence.png') });
  await page.mouse.down();
  await page.mouse.move(cx + 2, cy + 20, { steps: 4 });
  await page.mouse.move(cx + 2, cy + 40, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('selected-pick')).toContainText('manual · accepted');
  await expect.poll(() => selectedTime(page)).toBeGreaterThan(proposed);
  const dragged = await selectedTime(page);
  expect(Math.abs(dragged / SAMPLE_MS - Math.round(dragged / SAMPLE_MS))).toBeLessThan(1e-6);

  // Nudge one sample later, then undo the nudge.
  await page.keyboard.press('ArrowDown');
  await expectSelectedTime(page, dragged + SAMPLE_MS);
  await page.keyboard.press('Control+z');
  await expectSelectedTime(page, dragged);

  // L steps to the network's low-confidence picks (probability under 0.5), or says there are
  // none left.
  const shotId = (await call(page, 'shots.list', {})).find((s) => s.recordId === '2001')!.id;
  const low = (await call(page, 'shots.gather', { shotId, samples: false })).picks.filter(
    (p) =>
      p.phase === 'P' &&
      p.origin !== 'manual' &&
      p.status !== 'rejected' &&
      p.probability !== null &&
      p.probability < 0.5,
  );
  await page.keyboard.press('Escape');
  await page.keyboard.press('l');
  if (low.length > 0) {
    const confidence = page.getByTestId('selected-pick-confidence');
    await expect(confidence).toContainText(/probability 0\.\d\d/);
    // Shown to two decimals: a probability just under 0.5 reads 0.50.
    const shown = Number(/probability (0\.\d\d)/.exec((await confidence.textContent())!)![1]);
    expect(shown).toBeLessThanOrEqual(0.5);
  } else {
    await expect(page.getByTestId('gather-notice')).toContainText('below probability 0.5');
  }
  await page.keyboard.press('Escape');

  await acceptAll.click();
  await expect(acceptAll).toHaveText('Accept all (0)');
  await expect(page.getByText('saving…')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('03-gather-accepted.png') });

  // QC of the P picks marks what it flags, as many as the service reports.
  await page.getByTestId('tab-travel-times').click();
  await expect(page.getByTestId('tt-summary')).toContainText('P picks on 5 shots');
  await page.getByTestId('qc-run').click();
  await expect(page.getByTestId('qc-summary')).toContainText(/\d+ picks on 5 shots: \d+ flagged/);
  await expect(page.getByTestId('legend-flagged')).toBeVisible();
  await expect(page.getByTestId('reciprocity-summary')).toBeVisible();
  const report = await call(page, 'qc.run', { phase: 'P' });
  await expect(page.getByTestId('travel-time-chart')).toHaveAttribute(
    'data-flagged',
    String(report.flagged),
  );
  await page.screenshot({ path: testInfo.outputPath('04-travel-times-qc.png') });

  // With corrections stored, the fit's times become pseudo proposals, as many as reported.
  await page.getByTestId('qc-correct').check();
  await page.getByTestId('qc-run').click();
  await expect(page.getByTestId('qc-corrections')).toContainText(
    report.corrected ? 'stored as pseudo proposals' : '0 corrections proposed',
  );
  const stored = /(\d+) stored as pseudo/.exec(
    (await page.getByTestId('qc-corrections').textContent())!,
  );
  const pseudo = (await call(page, 'picks.travelTimes', { phase: 'P' })).filter(
    (p) => p.origin === 'pseudo',
  );
  expect(pseudo).toHaveLength(stored ? Number(stored[1]) : 0);

  // The panel never accepts corrections unseen: each flagged gather opens for review.
  if (report.flagged > 0) {
    await expect(page.getByTestId('qc-flagged-shots')).toBeVisible();
    await expect(page.getByTestId('qc-accept-all-corrections')).toHaveCount(0);
  }

  // Export the accepted P picks as .sgt through the dialog.
  const out = path.join(scratch(), folder, 'exported-P.sgt');
  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-format').selectOption('sgt');
  await dialog.getByTestId('export-phase').selectOption('P');
  await dialog.getByTestId('export-accepted').check();
  await dialog.getByTestId('export-out').fill(out);
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-written')).toContainText(`written to ${out}`);
  const written = Number.parseInt((await dialog.getByTestId('export-written').textContent())!, 10);
  await page.screenshot({ path: testInfo.outputPath('05-export-dialog.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // The edited pick is in the file: its shot and receiver positions and its time.
  const points = await call(page, 'picks.travelTimes', { phase: 'P' });
  const edited = points.filter((p) => p.origin === 'manual');
  expect(edited).toHaveLength(1);
  expect(edited[0]!.time * 1000).toBeCloseTo(dragged, 9);
  expect(edited[0]!.status).toBe('accepted');
  const sgt = readSgt(fs.readFileSync(out, 'utf8'));
  expect(sgt.rows).toHaveLength(written);
  expect(written).toBe(points.filter((p) => p.status === 'accepted').length);
  const sensorAt = (x: number) => sgt.sensors.findIndex(([sx]) => Math.abs(sx! - x) < 1e-6) + 1;
  const row = sgt.rows.find(
    (r) => r.s === sensorAt(edited[0]!.sourceX!) && r.g === sensorAt(edited[0]!.receiverX!),
  );
  expect(row).toBeDefined();
  expect(Math.abs(row!.t! - dragged / 1000)).toBeLessThan(1e-6);

  // The line's 120 manual picks, made in Refrapy, import onto the project's traces.
  await page.getByTestId('open-export').click();
  await dialog
    .getByTestId('import-picks-file')
    .fill(testData('refraction/refrapy-ex01/picks/field_example_01.sgt'));
  await dialog.getByTestId('import-picks-start').click();
  await expect(dialog.getByTestId('import-picks-result')).toContainText(
    '120 of 120 picks matched a trace (sgt)',
  );
  await page.screenshot({ path: testInfo.outputPath('06-import-picks.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  const imported = (await call(page, 'picks.travelTimes', { phase: 'P' })).filter(
    (p) => p.origin === 'imported',
  );
  expect(imported).toHaveLength(120);

  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  await expect(page.getByTestId('project-dir')).toBeVisible();
}

test('the demo project: created from the picker, auto-picked by the bundled model, walked through', async ({
  page,
}, testInfo) => {
  // The bundled model (resources/models/near-surface/) is still being trained; `project.demo`
  // refuses to start without it, so this walk waits for it. The next test walks the same
  // session on a converted PhaseNet registered through the UI.
  test.fixme(!fs.existsSync(BUNDLED_MODEL), 'the bundled model is not in resources/ yet');
  test.setTimeout(240_000);
  const errors = consoleErrors(page);
  await openApp(page);

  await page.getByTestId('demo-dir').fill(path.join(scratch(), 'demo'));
  await page.getByTestId('demo-create').click();
  await expect(page.getByTestId('job-progress')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('00-demo-progress.png') });
  await expect(page.getByTestId('project-name')).toHaveText('Demo: Refrapy field example 1', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('shot-row')).toHaveCount(5);
  await expect(page.getByTestId('model-row')).toHaveAttribute('data-default', 'true');
  // The bundled model's card validates P only: auto-pick offers S unchecked, and says why.
  await expect(page.getByTestId('autopick-P')).toBeChecked();
  await expect(page.getByTestId('autopick-S')).not.toBeChecked();
  await expect(page.getByTestId('autopick-S-unvalidated')).toBeVisible();

  await walkShot2001(page, testInfo, 'demo');
  expect(errors).toEqual([]);
});

test('a picking session on a converted PhaseNet: register, auto-pick, walk through', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const errors = consoleErrors(page);
  const modelDir = path.join(scratch(), 'phasenet-model');
  execFileSync(process.execPath, [
    path.resolve(__dirname, '../../bin/pickline.js'),
    'convert-phasenet',
    testData('phasenet/checkpoint/model_95.ckpt.index').replace(/\.index$/, ''),
    '--out',
    modelDir,
  ]);

  await openApp(page);
  await page.screenshot({ path: testInfo.outputPath('00-project-picker.png') });
  await newRefrapyProject(page, 'phasenet-session', 'PhaseNet session');

  // Without a registered model the network picks with the bundled one.
  await expect(page.getByTestId('autopick-no-model')).toContainText('shipped with Pickline');
  await expect(page.getByTestId('autopick-start')).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath('00-no-model.png') });
  await page.getByTestId('shot-row').filter({ hasText: '2001.dat' }).click();
  await page.getByTestId('tab-survey').click();

  // Register the converted network as the default through the model manager.
  await page.getByTestId('model-dir').fill(modelDir);
  await page.getByTestId('model-make-default').check();
  await page.getByTestId('model-register').click();
  await expect(page.getByTestId('model-row')).toHaveCount(1);
  await expect(page.getByTestId('model-row')).toHaveAttribute('data-default', 'true');
  await expect(page.getByTestId('autopick-model')).toContainText('(default)');
  // The published PhaseNet picks S too: both boxes follow its card.
  await expect(page.getByTestId('autopick-S')).toBeChecked();
  await expect(page.getByTestId('autopick-S-unvalidated')).toHaveCount(0);

  // From the gather: auto-pick the shot on screen; its proposals appear when the job ends.
  await page.getByTestId('tab-gather').click();
  await expect(page.getByTestId('accept-all')).toHaveText('Accept all (0)');
  await page.getByTestId('open-auto-pick').click();
  const dialog = page.getByTestId('auto-pick-dialog');
  await expect(dialog.getByTestId('autopick-scope-current')).toBeChecked();
  // A fastest velocity far below the line's: nothing is picked before offset / v, and the
  // project keeps the choice.
  await expect(dialog.getByTestId('autopick-vmax')).toHaveValue('6000');
  await dialog.getByTestId('autopick-vmax').fill('300');
  // Power-line hum is left in unless asked for; asked for, this line has none to subtract.
  await expect(dialog.getByTestId('autopick-hum')).toHaveValue('off');
  await dialog.getByTestId('autopick-hum').selectOption({ label: 'found and subtracted' });
  await dialog.getByTestId('autopick-start').click();
  await expect(dialog.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
  await expect(dialog.getByTestId('autopick-summary')).toContainText('on 1 shot with');
  await expect.poll(async () => (await call(page, 'settings.get', {})).picking.vMax).toBe(300);
  expect((await call(page, 'settings.get', {})).picking.hum).toBe('auto');
  await expect(dialog.getByTestId('autopick-hum-removed')).toHaveCount(0);
  const slowShot = (await call(page, 'shots.list', {})).find((s) => s.recordId === '2001')!.id;
  const slow = await call(page, 'shots.gather', { shotId: slowShot, samples: false });
  const offsetOf = new Map(slow.traces.map((t) => [t.id, Math.abs(t.offset!)]));
  expect(slow.picks.length).toBeGreaterThan(0);
  for (const pick of slow.picks) {
    expect(pick.time).toBeGreaterThanOrEqual(offsetOf.get(pick.traceId)! / 300 - 1e-9);
  }
  // Back to the default: the run of every shot below replaces these proposals.
  await dialog.getByTestId('autopick-vmax').fill('6000');
  await dialog.getByTestId('autopick-hum').selectOption('off');
  await page.screenshot({ path: testInfo.outputPath('00-gather-auto-pick.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('accept-all')).not.toHaveText('Accept all (0)');
  await page.getByTestId('tab-survey').click();

  // Auto-pick every shot, P and S, at the default threshold; progress shows until done.
  await page.getByTestId('autopick-method').selectOption('phasenet');
  await page.getByTestId('autopick-scope-all').check();
  await page.getByTestId('autopick-start').click();
  const progress = page.getByTestId('job-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('autopick-summary')).toContainText(/\d+ P and \d+ S proposals/);
  await page.screenshot({ path: testInfo.outputPath('00-survey-picked.png'), fullPage: true });
  const row = page.getByTestId('shot-row').filter({ hasText: '2001.dat' });
  await expect(row.locator('td').nth(4)).not.toHaveText('0');

  await walkShot2001(page, testInfo, 'phasenet-session');
  expect(errors).toEqual([]);
});

test('self-training from the travel-time view: a round of pseudo-labels, a new default model', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await newRefrapyProject(page, 'self-training', 'Self-training', [
    '2001.dat',
    '2002.dat',
    '2005.dat',
  ]);

  await page.getByTestId('tab-travel-times').click();
  const panel = page.getByTestId('self-training');
  await panel.getByLabel('Rounds').fill('1');
  await panel.getByTestId('self-training-epochs').fill('1');
  // A shot the line does not have is refused at once, before any picking.
  const holdOut = panel.getByTestId('self-training-hold-out');
  await holdOut.fill('2005, 9');
  await panel.getByTestId('self-training-start').click();
  await expect(panel.getByRole('alert')).toContainText('no shot "9"');
  await expect(panel.getByTestId('job-progress')).toHaveCount(0);
  // Shot 2005 is only scored: the two others are the labels.
  await holdOut.fill(' 2005 ');
  await panel.getByTestId('self-training-start').click();
  await expect(panel.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 150_000,
  });
  await expect(panel.getByRole('alert')).toHaveCount(0);
  // Round 0 picks with the bundled model and trains; round 1 scores the new model, whose
  // picks the plot then shows (on the held-out shot too).
  await expect(panel.getByTestId('self-training-report').locator('tbody tr')).toHaveCount(2);
  await expect(panel.getByTestId('self-training-held-out')).toHaveText(
    'Held out (scored, not trained on): shot 2005',
  );
  await expect(page.getByTestId('tt-summary')).toContainText(/[1-9]\d*\s+P picks on 3 shots/);
  await page.screenshot({ path: testInfo.outputPath('07-self-training.png') });
  const models = await call(page, 'models.list', {});
  expect(models.map((m) => m.name)).toEqual(['near-surface', 'near-surface-pseudo-1']);
  expect(models.filter((m) => m.isDefault)).toHaveLength(1);

  await page.getByTestId('tab-survey').click();
  await page.getByRole('button', { name: 'Close project' }).click();
  await expect(page.getByTestId('project-dir')).toBeVisible();
});
