import { expect, test, type Page } from '@playwright/test';
import { testData } from '../helpers/test-data';
import { call, consoleErrors, newRefrapyProject, openApp } from './page-api';

/**
 * Issue 20: readable in sunlight. A light high-contrast theme that follows the system setting
 * and can be chosen in the header, at a laptop's 1366x768, with every text of every view at
 * 13 px or more, measured from the computed styles of the page's text.
 */

/** Texts on screen smaller than 13 px, as "tag: size px 'text'". */
function smallTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const check = (el: Element, text: string) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return;
      const size = Number.parseFloat(style.fontSize);
      if (size < 13) small.push(`${el.tagName.toLowerCase()}: ${size} px '${text.slice(0, 40)}'`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = node.textContent?.trim() ?? '';
      if (text && node.parentElement) check(node.parentElement, text);
    }
    for (const field of document.querySelectorAll('input, select, textarea, button')) {
      check(field, (field as HTMLInputElement).value ?? field.textContent ?? '');
    }
    return small;
  });
}

/** How many texts were measured: a measurement of nothing proves nothing. */
function textCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (walker.currentNode.textContent?.trim()) n++;
    return n;
  });
}

async function expectReadable(page: Page, view: string) {
  expect(await textCount(page), `${view}: texts measured`).toBeGreaterThan(20);
  expect(await smallTexts(page), `${view}: texts under 13 px`).toEqual([]);
}

test('the light theme at 1366x768: system-following, switchable, no text under 13 px', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  // The system asks for light: the app follows.
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
  const root = page.locator('html');
  await expect(page.getByTestId('theme-select')).toHaveValue('system');
  await expect(root).toHaveAttribute('data-theme', 'light');
  // The system turns dark: so does the app; chosen light, it stays light.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-select').selectOption('light');
  await expect(root).toHaveAttribute('data-theme', 'light');
  const colours = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return {
      text: s.color,
      background: getComputedStyle(document.documentElement).backgroundColor,
    };
  });
  expect(colours).toEqual({ text: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });
  // The measurement finds a small text when there is one.
  await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.id = 'probe';
    probe.style.fontSize = '12px';
    probe.textContent = 'tiny';
    document.body.append(probe);
  });
  expect(await smallTexts(page)).toEqual(["p: 12 px 'tiny'"]);
  await page.evaluate(() => document.getElementById('probe')!.remove());
  await expectReadable(page, 'project picker');
  await page.screenshot({ path: testInfo.outputPath('01-picker-light.png') });

  await newRefrapyProject(page, 'light-theme', 'Light theme');
  await call(page, 'picks.importFile', {
    file: testData('refraction/refrapy-ex01/picks/field_example_01.sgt'),
  });
  await page.reload();
  await expect(page.getByTestId('shot-row')).toHaveCount(5);
  // The choice outlives a reload.
  await expect(root).toHaveAttribute('data-theme', 'light');
  await expectReadable(page, 'survey');
  await page.screenshot({ path: testInfo.outputPath('02-survey-light.png'), fullPage: true });

  await page.getByTestId('shot-row').first().click();
  await expect(page.getByTestId('gather-chart')).toHaveAttribute('data-render-ms', /\d/);
  await page.keyboard.press('q');
  await expect(page.getByTestId('gather-qc-summary')).toContainText('of 24 flagged', {
    timeout: 30_000,
  });
  await page.keyboard.press(']');
  await expectReadable(page, 'gather');
  await page.screenshot({ path: testInfo.outputPath('03-gather-light.png') });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await expectReadable(page, 'shortcut help');
  await page.keyboard.press('Escape');

  await page.getByTestId('tab-travel-times').click();
  await page.getByTestId('qc-run').click();
  await expect(page.getByTestId('reciprocity-summary')).toBeVisible();
  await expectReadable(page, 'travel times');
  await page.screenshot({ path: testInfo.outputPath('04-travel-times-light.png') });

  await page.getByTestId('open-export').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await expectReadable(page, 'export dialog');
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('tab-training').click();
  await expectReadable(page, 'training');
  await page.screenshot({ path: testInfo.outputPath('05-training-light.png') });
  expect(errors).toEqual([]);
});
