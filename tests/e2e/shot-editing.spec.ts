import { expect, test } from '@playwright/test';
import {
  call,
  closeOpenProject,
  consoleErrors,
  expectSelectedTime,
  newRefrapyProject,
  selectedTime,
  url,
} from './page-api';

/** One sample of the refrapy line (0.125 ms), in ms. */
const SAMPLE_MS = 0.125;

test('a QC session: open a shot, pick, drag, nudge, undo, accept, travel times', async ({
  page,
}, testInfo) => {
  const errors = consoleErrors(page);
  await page.goto(url());
  await expect(page.getByTestId('status-transport')).toContainText('WebSocket');

  // The server keeps the project an earlier test opened: start from the picker.
  await closeOpenProject(page);
  await newRefrapyProject(page, 'qc-session', 'QC session');

  // Open shot 2001 from its row.
  await page.getByTestId('shot-row').filter({ hasText: '2001.dat' }).click();
  await expect(page.getByTestId('gather-title')).toContainText('2001.dat');
  const chart = page.getByTestId('gather-chart');
  await expect(chart).toHaveAttribute('data-render-ms', /\d/);
  testInfo.annotations.push({
    type: 'render of the 24-trace gather (ms)',
    description: (await chart.getAttribute('data-render-ms')) ?? '',
  });
  await page.screenshot({ path: testInfo.outputPath('01-gather.png') });

  // Click sets a P pick on the nearest trace, selected and shown as the person's pick.
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.3);
  await expect(page.getByTestId('selected-pick')).toContainText('manual · accepted');
  await expect(page.getByTestId('selected-pick')).toContainText('P');
  const placed = await selectedTime(page);
  // Picks land on samples.
  expect(Math.abs(placed / SAMPLE_MS - Math.round(placed / SAMPLE_MS))).toBeLessThan(1e-6);

  // Drag the pick 60 px down: later, still one pick on that trace.
  const marker = (await page.getByTestId('selected-pick-marker').boundingBox())!;
  const cx = marker.x + marker.width / 2;
  const cy = marker.y + marker.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 3, cy + 30, { steps: 4 });
  await page.mouse.move(cx + 3, cy + 60, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => selectedTime(page)).toBeGreaterThan(placed + 1);
  const dragged = await selectedTime(page);
  const afterDrag = await call(page, 'picks.travelTimes', { phase: 'P' });
  expect(afterDrag).toHaveLength(1);
  expect(afterDrag[0]!.time * 1000).toBeCloseTo(dragged, 9);

  // Nudge one sample later with the keyboard, then undo the nudge.
  await page.keyboard.press('ArrowDown');
  await expectSelectedTime(page, dragged + SAMPLE_MS);
  await page.keyboard.press('Control+z');
  await expectSelectedTime(page, dragged);

  // A trace marked reversed from its menu; the shot accepted.
  await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.6, { button: 'right' });
  await page
    .getByTestId('trace-menu')
    .getByRole('menuitemradio', { name: /Reversed/ })
    .click();
  await page.getByTestId('qc-accept').click();
  await expect(page.getByTestId('shot-qc')).toHaveText('accepted');
  await expect(page.getByText('saving…')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('02-gather-edited.png') });

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('03-shortcut-help.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);

  await page.getByTestId('mode-select').selectOption('density');
  await expect(page.getByTestId('selected-pick-marker')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('04-gather-density.png') });
  await page.getByTestId('mode-select').selectOption('area');

  await page.getByTestId('tab-travel-times').click();
  await expect(page.getByTestId('tt-summary')).toHaveText('1 P pick on 1 shot');
  await page.screenshot({ path: testInfo.outputPath('05-travel-times.png') });

  // The catalogue holds what the person did.
  const [pick] = await call(page, 'picks.travelTimes', { phase: 'P' });
  expect(pick!.time * 1000).toBeCloseTo(dragged, 9);
  expect(pick!.origin).toBe('manual');
  expect(pick!.status).toBe('accepted');
  const shots = await call(page, 'shots.list', {});
  expect(shots.find((s) => s.file === '2001.dat')!.qcStatus).toBe('accepted');
  const gather = await call(page, 'shots.gather', { shotId: pick!.shotId });
  expect(gather.traces.filter((t) => t.status === 'reversed')).toHaveLength(1);

  await page.getByTestId('tab-survey').click();
  await expect(page.getByTestId('shot-row').filter({ hasText: '2001.dat' })).toContainText(
    'accepted',
  );
  await page.getByRole('button', { name: 'Close project' }).click();
  expect(errors).toEqual([]);
});
