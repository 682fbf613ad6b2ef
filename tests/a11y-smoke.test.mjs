// Accessibility smoke test: names, keyboard reach, live status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, RAW_OUTPUTS_401 } from './support/harness.mjs';

const env = useBrowser();

test('the paste box is named, reachable by Tab, and results are announced', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);

  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  const box = page.getByRole('textbox', { name: /Paste what the failed run shows/ });
  assert.equal(await box.count(), 1, 'the textarea has an accessible name');
  assert.equal(await box.getAttribute('data-testid'), 'diagnose-input');

  const seen = [];
  for (let i = 0; i < 10 && !seen.includes('analyze'); i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  assert.ok(seen.includes('input'), `Tab reaches the paste box (${seen})`);
  assert.ok(seen.includes('analyze'), `Tab reaches the Analyze button (${seen})`);
  assert.ok(seen.indexOf('input') < seen.indexOf('analyze'), 'paste box comes before the button');
  assert.equal(await page.getByRole('button', { name: 'Analyze' }).count(), 1);

  const status = page.getByTestId('status');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  await box.focus();
  await paste(page, RAW_OUTPUTS_401);
  assert.match((await status.textContent()).trim(), /^\d+ findings?$/);
  // Keyboard users can run the analysis from the button.
  await page.getByRole('button', { name: 'Analyze' }).focus();
  await page.keyboard.press('Enter');
  assert.match((await status.textContent()).trim(), /^\d+ findings?$/);
  await page.close();
});
