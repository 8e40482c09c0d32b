import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { testData } from '../helpers/test-data';
import { call, consoleErrors, newRefrapyProject, openApp, scratch } from './page-api';

/**
 * Issue 20's travel-time view on refrapy-ex01 with the analyst's picks: every shot in its
 * colour with its label, branches assigned to layers with their apparent velocities, a pick
 * edited there, and reciprocity on a line whose shots sit between receivers.
 */

async function projectWithManualPicks(page: Page, folder: string) {
  await openApp(page);
  await newRefrapyProject(page, folder, folder);
  const imported = await call(page, 'picks.importFile', {
    file: testData('refraction/refrapy-ex01/picks/field_example_01.sgt'),
  });
  expect(imported.matched).toBe(120);
}

async function selectRange(page: Page, shot: string, side: string, from: number, to: number) {
  await page.getByTestId('range-shot').selectOption({ label: shot });
  await page.getByTestId('range-side').selectOption(side);
  await page.getByTestId('range-from').fill(String(from));
  await page.getByTestId('range-to').fill(String(to));
  await page.getByTestId('range-select').click();
}

test('travel times: shot colours and labels, branches with their velocities, an edit', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await projectWithManualPicks(page, 'tt-branches');
  await page.getByTestId('tab-travel-times').click();
  await expect(page.getByTestId('tt-summary')).toHaveText('120 P picks on 5 shots');
  // A colour per shot, each different, with the shots' record ids.
  const key = page.getByTestId('shot-key-item');
  await expect(key).toHaveCount(5);
  const colours = await key.evaluateAll((items) => items.map((i) => i.getAttribute('data-colour')));
  expect(new Set(colours).size).toBe(5);
  await expect(key.first()).toHaveText('2001');
  await page.screenshot({ path: testInfo.outputPath('01-shot-colours.png') });

  // Shot 2001 (source at −20 m): the direct wave near the source is layer 1 (key 1), the
  // refraction far out layer 2 (button).
  const chart = page.getByTestId('travel-time-chart');
  await selectRange(page, '2001', 'positive', 0, 40);
  await expect(page.getByTestId('selection-summary')).toContainText('6 picks selected');
  await chart.hover();
  await page.keyboard.press('1');
  await expect(chart).toHaveAttribute('data-segments', '1');
  await selectRange(page, '2001', 'positive', 80, 120);
  await expect(page.getByTestId('selection-summary')).toContainText('9 picks selected');
  await page.getByTestId('assign-layer-2').click();
  await expect(chart).toHaveAttribute('data-segments', '2');
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(2);
  const segments = await call(page, 'layers.segments', { phase: 'P' });
  expect(segments.map((s) => [s.layer, s.picks])).toEqual([
    [1, 6],
    [2, 9],
  ]);
  for (const [i, s] of segments.entries()) {
    await expect(rows.nth(i)).toContainText(String(Math.round(s.velocity!)));
  }
  // A near-surface line: a slow top over a faster refractor.
  expect(segments[0]!.velocity!).toBeGreaterThan(200);
  expect(segments[1]!.velocity!).toBeGreaterThan(1.5 * segments[0]!.velocity!);
  testInfo.annotations.push({
    type: 'shot 2001 apparent velocities (m/s)',
    description: segments.map((s) => Math.round(s.velocity!)).join(', '),
  });
  await page.screenshot({ path: testInfo.outputPath('02-branches.png') });

  // A box dragged over the whole plot selects every pick; Escape lets go.
  await page.getByTestId('tt-select-mode').check();
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
  await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 3 });
  await page.mouse.up();
  await expect(chart).toHaveAttribute('data-selected', '120');
  await page.keyboard.press('Escape');
  await expect(chart).toHaveAttribute('data-selected', '0');
  await page.getByTestId('tt-select-mode').uncheck();

  // Editing here: one pick of shot 2002 one sample later with ↓; it stays on its layer.
  await selectRange(page, '2002', 'positive', 40, 41);
  await expect(page.getByTestId('selection-summary')).toContainText('1 pick selected');
  const before = (await call(page, 'picks.travelTimes', { phase: 'P' })).filter(
    (p) => p.status !== 'rejected',
  );
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () =>
      (await call(page, 'picks.travelTimes', { phase: 'P' })).filter((p) => p.origin === 'manual'),
    )
    .toHaveLength(1);
  const manual = (await call(page, 'picks.travelTimes', { phase: 'P' })).find(
    (p) => p.origin === 'manual',
  )!;
  const original = before.find((p) => p.traceId === manual.traceId)!;
  expect(manual.time - original.time).toBeCloseTo(0.000125, 9);
  expect(manual.sourceX).toBe(-4);
  await expect(chart).toHaveAttribute('data-selected', '1');
  expect(errors).toEqual([]);
});

test('reciprocity on refrapy-ex01, whose shots sit between receivers', async ({
  page,
}, testInfo) => {
  const errors = consoleErrors(page);
  await projectWithManualPicks(page, 'tt-reciprocity');
  await page.getByTestId('tab-travel-times').click();
  await page.getByTestId('qc-run').click();
  // Shots at −20, −4, 46, 96 and 112 m, receivers every 4 m from 0 to 92 m: the three pairs
  // read within one spacing, between the receivers around a shot or past the spread's end.
  const pairs = page.getByTestId('reciprocity-pair');
  await expect(pairs).toHaveCount(3);
  await expect(pairs.nth(0)).toContainText('-4 ↔ 46');
  await expect(pairs.nth(1)).toContainText('-4 ↔ 96');
  await expect(pairs.nth(2)).toContainText('46 ↔ 96');
  await expect(page.getByTestId('reciprocity-summary')).toContainText(/pairs\s*3/);
  const report = await call(page, 'qc.run', { phase: 'P' });
  expect(report.reciprocity.positionTolerance).toBe(4);
  testInfo.annotations.push({
    type: 'reciprocity |dt| (ms)',
    description: report.reciprocity.pairs
      .map((p) => `${p.a}↔${p.b}: ${(p.difference * 1000).toFixed(2)}`)
      .join(', '),
  });
  await page.screenshot({ path: testInfo.outputPath('01-reciprocity.png') });
  // Half a spacing is too tight for shots 2 m from the nearest receiver.
  await page.getByTestId('reciprocity-tolerance').fill('0.5');
  await page.getByTestId('reciprocity-tolerance').blur();
  await page.getByTestId('qc-run').click();
  await expect(page.getByTestId('reciprocity-summary')).toContainText('No reciprocal pairs');
  expect(errors).toEqual([]);
});

test('a QC correction is previewed in the gather and accepted there', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await projectWithManualPicks(page, 'qc-preview');
  // One of the analyst's picks of shot 2001 moved 6 ms late (receiver at 72 m).
  const points = await call(page, 'picks.travelTimes', { phase: 'P' });
  const victim = points.find((p) => p.sourceX === -20 && p.receiverX === 72)!;
  await call(page, 'picks.setManual', {
    traceId: victim.traceId,
    phase: 'P',
    time: victim.time + 0.006,
  });

  await page.getByTestId('tab-travel-times').click();
  await page.getByTestId('qc-run').click();
  await page.getByTestId('qc-shot-2001').getByRole('button', { name: 'Review in gather' }).click();
  await expect(page.getByTestId('gather-title')).toContainText('2001.dat');
  const panel = page.getByTestId('gather-qc');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('gather-qc-summary')).toContainText(/[1-9]\d* of 24 flagged/);
  const shot = await call(page, 'qc.shot', { phase: 'P', shotId: victim.shotId });
  const item = shot!.items.find((i) => i.traceId === victim.traceId)!;
  expect(item.flags).toContain('residual');
  expect(item.corrected).not.toBeNull();
  // The correction is on screen before anything is accepted: its row, and the drawing.
  const row = page.getByTestId('qc-correction-row').filter({ hasText: 'ch 19' });
  await expect(row).toContainText(/→/);
  await page.screenshot({ path: testInfo.outputPath('01-correction-previewed.png') });

  // Select the pick from its row, then C accepts that one correction.
  await row.getByRole('button', { name: 'ch 19' }).click();
  await expect(page.getByTestId('selected-pick')).toContainText('channel 19 ');
  await page.keyboard.press('c');
  await expect(page.getByTestId('qc-accepted')).toContainText('1 accepted');
  await page.screenshot({ path: testInfo.outputPath('02-correction-accepted.png') });
  const after = (await call(page, 'picks.travelTimes', { phase: 'P' })).filter(
    (p) => p.traceId === victim.traceId,
  );
  const accepted = after.find((p) => p.origin === 'pseudo')!;
  expect(accepted.status).toBe('accepted');
  expect(accepted.time).toBeCloseTo(item.corrected!, 9);
  expect(after.filter((p) => p.status !== 'rejected')).toHaveLength(1);
  // The accepted time is nearer the analyst's than the displaced pick was.
  expect(Math.abs(accepted.time - victim.time)).toBeLessThan(0.006);
  // Nothing else of the shot changed.
  const others = (await call(page, 'picks.travelTimes', { phase: 'P' })).filter(
    (p) => p.shotId === victim.shotId && p.traceId !== victim.traceId,
  );
  expect(others.every((p) => p.origin === 'imported' && p.status === 'accepted')).toBe(true);

  // The velocity ruler, from the first trace's pick (Home, V) to the last one's (End): the
  // apparent velocity between them.
  await page.keyboard.press('Home');
  await expect(page.getByTestId('selected-pick')).toContainText('channel 1 ');
  await page.keyboard.press('v');
  await page.keyboard.press('End');
  await expect(page.getByTestId('selected-pick')).toContainText('channel 24 ');
  const first = others.find((p) => p.receiverX === 0)!;
  const last = others.find((p) => p.receiverX === 92)!;
  const expected = Math.round(92 / (last.time - first.time));
  await expect(page.getByTestId('ruler-velocity')).toHaveText(`Ruler: ${expected} m/s`);
  await expect(page.getByTestId('ruler-line')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('03-velocity-ruler.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ruler-velocity')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the QC names a shot whose geometry puts its source away from its first breaks', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await openApp(page);
  // Shot 2003 (source at 46 m) given shot 2001's position, as a mixed-up geometry file would,
  // and shot 2004 (4 m past the last receiver) put 400 m off the line, as a mistyped one would.
  const csv = path.join(scratch(), 'source-doubt-geometry.csv');
  fs.writeFileSync(
    csv,
    'shot,channel,source_x,source_y,source_z,receiver_x,receiver_z\n2003,,-20,0,0,,\n' +
      '2004,,96,400,0,,\n',
  );
  await newRefrapyProject(page, 'source-doubt', 'Source doubt', undefined, csv);
  // Every shot auto-picked by the bundled model.
  await page.getByTestId('shot-row').first().click();
  await page.getByTestId('open-auto-pick').click();
  const dialog = page.getByTestId('auto-pick-dialog');
  await dialog.getByTestId('autopick-scope-all').check();
  await dialog.getByTestId('autopick-start').click();
  await expect(dialog.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
  // The run says so as soon as the first breaks are in, and picked both with the source where
  // their first breaks put it.
  const checks = dialog.getByTestId('autopick-source-doubt');
  await expect(checks).toHaveCount(2);
  await expect(checks.nth(0)).toHaveText(
    /^Shot 2003: the first breaks are earliest at the receiver at x (44|48) m, (64|68) m from the source the headers give.*; picked with the source at that receiver\.$/,
  );
  await expect(checks.nth(1)).toHaveText(
    'Shot 2004: the first breaks come earlier than the offsets the headers give allow (at ' +
      'v_max): picked with the source at the receiver at x 92 m, where they are earliest; ' +
      'check the source position and the trigger.',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('tab-travel-times').click();
  await page.getByTestId('qc-run').click();
  const doubts = page.getByTestId('qc-source-doubts').locator('li');
  await expect(doubts).toHaveCount(1);
  const doubt = page.getByTestId('qc-source-doubt-2003');
  await expect(doubt).toContainText(
    /^shot 2003: the first breaks are earliest at the receiver at x (44|48) m, (64|68) m from the source the headers give, [\d.]+ ms before the receiver nearest it: check the source position/,
  );
  await page.screenshot({ path: testInfo.outputPath('04-source-doubt.png') });
  await doubt.getByRole('button', { name: 'Review in gather' }).click();
  await expect(page.getByTestId('gather-title')).toContainText('2003.dat');
  // The gather's QC panel says it too, beside the first breaks it is about.
  await expect(page.getByTestId('gather-qc-source-doubt')).toContainText(
    /^Geometry: the first breaks are earliest at the receiver at x (44|48) m/,
  );
  expect(errors).toEqual([]);
});
