import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { rayTimesSgt, SATURATED_UNDER_REFRAPY } from '../helpers/ray-times-sgt';
import { REFRAPY_SGT, scaledRefrapySgt } from '../helpers/scaled-sgt';
import {
  call,
  consoleErrors,
  expectSelectedTime,
  newRefrapyProject,
  openApp,
  pixelsOfColour,
  scratch,
} from './page-api';

/**
 * Issue 19's walk: the demo project (the sample line, auto-picked) → Sections → a Vp section
 * by tomography is drawn with its fit; a pick placed 15 ms late stands out among the worst
 * fits, and a click opens it in its gather, selected.
 */
test('the demo line as a Vp section; a misfit outlier opens its gather', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const errors = consoleErrors(page);
  await openApp(page);
  await page.getByTestId('demo-dir').fill(path.join(scratch(), 'sections-demo'));
  await page.getByTestId('demo-create').click();
  await expect(page.getByTestId('shot-row')).toHaveCount(5, { timeout: 180_000 });

  // One bad pick: the auto pick of a mid-spread trace of the second shot, 15 ms late.
  const shots = await call(page, 'shots.list', {});
  const shot = shots[1]!;
  const gather = await call(page, 'shots.gather', { shotId: shot.id, samples: false });
  const auto = gather.picks.find((p) => p.phase === 'P' && p.traceId === gather.traces[12]!.id)!;
  const late = +(auto.time + 0.015).toFixed(6);
  await call(page, 'picks.setManual', { traceId: auto.traceId, phase: 'P', time: late });

  await page.getByTestId('tab-sections').click();
  await page.getByTestId('section-picks').selectOption('all');
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-summary')).toContainText('P tomography: ', {
    timeout: 120_000,
  });
  const chart = page.getByTestId('section-chart');
  await expect(chart).toBeVisible();
  expect(Number(await chart.getAttribute('data-cells'))).toBeGreaterThan(100);
  await expect(page.getByTestId('section-fit')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('01-vp-section.png') });

  // Again from the time-term layers: a second section, shown as soon as it is made.
  await page.getByTestId('section-start-model').selectOption('timeterm');
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-select').locator('option')).toHaveCount(2, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('section-select')).toHaveValue('2');
  await page.screenshot({ path: testInfo.outputPath('02-vp-from-time-terms.png') });

  const outlier = page.getByTestId('section-outlier').filter({
    hasText: `Shot at ${shot.source!.x} m, receiver ${gather.traces[12]!.receiver!.x} m:`,
  });
  await expect(outlier).toHaveCount(1);
  await outlier.click();
  await expect(page.getByTestId('tab-gather')).toHaveAttribute('aria-current', 'page');
  await expectSelectedTime(page, late * 1000);

  // S times over the same stations (the P times × 1.8, as from an S line there): an S
  // section, then Vp/Vs on screen and exported as a grid.
  const rows = ['file,trace,channel,phase,time_s'];
  for (const s of await call(page, 'shots.list', {})) {
    const g = await call(page, 'shots.gather', { shotId: s.id, samples: false });
    for (const t of g.traces) {
      const pick = g.picks.find((p) => p.phase === 'P' && p.traceId === t.id);
      if (pick)
        rows.push(`${s.file},${t.traceIndex},${t.channel},S,${(pick.time * 1.8).toFixed(6)}`);
    }
  }
  const sPicks = path.join(scratch(), 'sections-demo-s.csv');
  fs.writeFileSync(sPicks, `${rows.join('\n')}\n`);
  await call(page, 'picks.importFile', { file: sPicks, format: 'csv' });
  await page.getByTestId('tab-sections').click();
  await page.getByTestId('section-phase').selectOption('S');
  // Started as the newest P section was, so their ratio compares like with like.
  await page.getByTestId('section-start-model').selectOption('timeterm');
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-summary')).toContainText('S tomography: ', {
    timeout: 120_000,
  });
  await page.getByTestId('section-quantity').selectOption('vpVs');
  await expect(page.getByTestId('section-chart')).toHaveAttribute('data-cells', /[1-9]/);
  await page.getByTestId('ratio-export-csv').click();
  await expect(page.getByTestId('section-exported')).toContainText('vp-vs-');
  const exported = (await page.getByTestId('section-exported').textContent())!;
  const file = exported.slice(exported.indexOf(' to ') + 4).trim();
  const cells = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .slice(1);
  expect(cells.length).toBeGreaterThan(100);
  await page.screenshot({ path: testInfo.outputPath('03-vp-vs.png') });
  await expect(page.getByRole('link', { name: 'PNG' })).toHaveAttribute(
    'download',
    /^vp-vs-\d+-\d+\.png$/,
  );
  // The water-table hint: per x, an elevation or none.
  await page.getByTestId('ratio-export-water-table').click();
  await expect(page.getByTestId('section-exported')).toHaveText(
    /^Wrote the water-table hint at \d+ positions to .*water-table-\d+-\d+\.csv$/,
  );
  const hint = (await page.getByTestId('section-exported').textContent())!;
  const rowsOfHint = fs
    .readFileSync(hint.slice(hint.indexOf(' to ') + 4).trim(), 'utf8')
    .trim()
    .split('\n');
  expect(rowsOfHint[0]).toBe('x_m,elevation_m');
  expect(rowsOfHint.length).toBeGreaterThan(10);
  expect(rowsOfHint.slice(1).every((r) => /^-?[\d.]+,(-?[\d.]+)?$/.test(r))).toBe(true);

  // P time-terms with the bedrock of the S time-terms: the S times are the P times × 1.8, so
  // no layer lies between their refractors, and the section says why none was placed.
  await page.getByTestId('section-quantity').selectOption('velocity');
  await page.getByTestId('section-method').selectOption('timeterm');
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-summary')).toContainText('S time-terms: ');
  const sTimeTerms = (await call(page, 'sections.list', {}))[0]!;
  await page.getByTestId('section-phase').selectOption('P');
  await page.getByTestId('section-picks').selectOption('all');
  await page.getByTestId('section-bedrock-from').selectOption(String(sTimeTerms.id));
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-summary')).toContainText('P time-terms: ');
  await expect(
    page.getByTestId('section-warning').filter({
      hasText: `no layer placed with S section ${sTimeTerms.id}'s bedrock`,
    }),
  ).toHaveCount(1);
  await expect(page.getByTestId('section-hidden-layer')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a saturated layer hidden from P is placed over the bedrock of the S section', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await openApp(page);
  await newRefrapyProject(page, 'hidden-layer', 'Hidden layer');
  // Ray-theory P and S times over 2 m dry, 3 m saturated ground and bedrock at its stations.
  for (const phase of ['P', 'S'] as const) {
    const file = rayTimesSgt(SATURATED_UNDER_REFRAPY, phase, scratch());
    await call(page, 'picks.importFile', { file, format: 'sgt', phase });
  }
  await page.getByTestId('tab-sections').click();
  await page.getByTestId('section-phase').selectOption('S');
  await page.getByTestId('section-method').selectOption('timeterm');
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-summary')).toContainText('S time-terms: 120 picks');
  const [s] = await call(page, 'sections.list', {});
  // P alone sees dry ground over bedrock: the S section's bedrock is offered, not placed.
  await page.getByTestId('section-phase').selectOption('P');
  await page.getByTestId('section-start').click();
  await expect(page.getByTestId('section-summary')).toContainText('P time-terms: 120 picks');
  await expect(page.getByTestId('section-hidden-layer-hint')).toContainText(
    `S section ${s!.id} puts the bedrock below P's deepest refractor, and a layer of 1`,
  );
  await expect(page.getByTestId('section-hidden-layer')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('04-hidden-layer-offered.png') });
  await page.getByTestId('section-place-hidden-layer').click();
  await expect(page.getByTestId('section-bedrock-from')).toHaveValue(String(s!.id));
  await expect(page.getByTestId('section-hidden-layer-hint')).toHaveCount(0);
  await expect(page.getByTestId('section-hidden-layer')).toHaveText(
    new RegExp(
      `^Layer 2 \\(1[0-9]{3} m/s\\) is hidden from P: placed over the bedrock of S section ${s!.id}$`,
    ),
  );
  // The whole grid is drawn, down to the bedrock (the fastest colour of the scale), on screen
  // and in the PNG export, taken as soon as the chart has its data.
  await expect
    .poll(() => pixelsOfColour(page, [0xf5, 0x69, 0x18], 'section-chart'))
    .toBeGreaterThan(10_000);
  const png = (await page.getByRole('link', { name: 'PNG' }).getAttribute('href'))!;
  const exported = await page.evaluate(async (url) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let bedrock = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d =
        Math.abs(data[i]! - 0xf5) + Math.abs(data[i + 1]! - 0x69) + Math.abs(data[i + 2]! - 0x18);
      if (d < 40) bedrock++;
    }
    return bedrock;
  }, png);
  expect(exported).toBeGreaterThan(10_000);
  // Vp/Vs marks the saturated layer: Vp near 1,600 over a Vs of 230 m/s.
  await page.getByTestId('section-quantity').selectOption('vpVs');
  await expect(page.getByTestId('section-chart')).toHaveAttribute('data-cells', /[1-9]/);
  // The two sections agree on the ground: no Vp/Vs under √2 to warn about.
  await expect(page.getByTestId('ratio-warning')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('05-hidden-layer-vp-vs.png') });
  expect(errors).toEqual([]);
});

test('Vp/Vs under √2 over much of the line is warned about, not drawn as dry ground', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await openApp(page);
  await newRefrapyProject(page, 'low-ratio', 'Low ratio');
  // The analyst's P picks, and S picks at 1.2 times their times: Vp/Vs 1.2, which no ground has.
  const sFile = scaledRefrapySgt(1.2, scratch());
  await call(page, 'picks.importFile', { file: REFRAPY_SGT, format: 'sgt', phase: 'P' });
  await call(page, 'picks.importFile', { file: sFile, format: 'sgt', phase: 'S' });
  await page.getByTestId('tab-sections').click();
  await page.getByTestId('section-method').selectOption('timeterm');
  for (const phase of ['P', 'S']) {
    await page.getByTestId('section-phase').selectOption(phase);
    await page.getByTestId('section-start').click();
    await expect(page.getByTestId('section-summary')).toContainText(
      `${phase} time-terms: 120 picks`,
    );
  }
  await page.getByTestId('section-quantity').selectOption('vpVs');
  await expect(page.getByTestId('ratio-warning')).toHaveText(
    /^Vp\/Vs is under √2 \(Poisson's ratio below 0, which no ground has\) in \d+ of \d+ cells \(x /,
  );
  expect(errors).toEqual([]);
});

test('an S line: guessed at import, its first breaks picked by the S-line model and shown as S; changed back to P', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  // A simulated S line (SH source, crossline geophones): weak P, then the SH first break.
  const synth = path.join(scratch(), 'synth-sh');
  execFileSync(process.execPath, [
    path.resolve(__dirname, '../../bin/pickline.js'),
    ...['synth', '--out', synth, '--seed', '3', '--shots', '1', '--channels', '24'],
    ...['--dt', '0.00025', '--source', 'sh', '--dead-rate', '0'],
  ]);
  await openApp(page);
  await page.getByTestId('project-dir').fill(path.join(scratch(), 's-line'));
  await page.getByTestId('project-name-input').fill('S line');
  await page.getByTestId('project-create').click();
  await page.getByTestId('import-files').fill(path.join(synth, 's0001-001.sg2'));
  await page.getByTestId('geometry-check').click();
  await expect(page.getByTestId('line-type-guess')).toContainText('S line');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-summary')).toContainText('1 file imported');
  const row = page.getByTestId('shot-row').first();
  await expect(row.getByTestId('shot-line-type')).toHaveValue('S');

  // Auto-picked from the gather: the S line's first breaks come from the S-line model.
  await row.click();
  await expect(page.getByTestId('phase-S')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('open-auto-pick').click();
  const dialog = page.getByTestId('auto-pick-dialog');
  await dialog.getByTestId('autopick-start').click();
  await expect(dialog.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
  await expect(dialog.getByTestId('autopick-summary')).toContainText(
    'its S lines with near-surface-sh',
  );
  const [picked] = await call(page, 'shots.list', {});
  expect(picked!.picksS).toBeGreaterThan(15);
  expect(picked!.picksP).toBe(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Said to be a P line after all: the S proposals go, and its gather opens on P.
  await page.getByTestId('tab-survey').click();
  await page.getByTestId('shot-row').first().getByTestId('shot-line-type').selectOption('P');
  await expect.poll(async () => (await call(page, 'shots.list', {}))[0]!.picksS).toBe(0);
  await page.getByTestId('shot-row').first().click();
  await expect(page.getByTestId('phase-P')).toHaveAttribute('aria-checked', 'true');
  expect(errors).toEqual([]);
});
