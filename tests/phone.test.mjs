// Phone width (issue 17, point 15): at 390 CSS px no view scrolls sideways, whatever it shows (a
// diagnosis, a run history with its table open, token checks, a comparison, the rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, waitReady, openView, ROOT } from './support/harness.mjs';

const env = useBrowser();
const WIDTH = 390;

async function example(page, id) {
  await page.locator(`[data-example="${id}"]`).click();
}

const SCENES = {
  'diagnose (empty)': async () => {},
  diagnose: async (page) => {
    await example(page, 'quoted-header');
    await page.getByTestId('result').waitFor({ state: 'visible' });
  },
  history: async (page) => {
    await example(page, 'refresh-history');
    await page.getByTestId('history').waitFor({ state: 'visible' });
    await page.locator('.history-runs summary').click();
  },
  token: async (page) => {
    await example(page, 'wrong-audience');
    await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  },
  compare: async (page) => {
    await example(page, 'compare-quoted');
    await page.locator('[data-testid="compare-diff"] [data-expected="false"]').first().waitFor({ timeout: 30_000 });
  },
  rules: async (page) => {
    await openView(page, 'rules');
  },
  rule: async (page) => {
    await openView(page, 'rule/AL104');
    await page.locator('.rule-doc').waitFor();
  },
};

test(`phone width (${WIDTH} px): no view scrolls sideways`, async () => {
  const context = await env.browser.newContext({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  const wide = [];
  for (const [name, scene] of Object.entries(SCENES)) {
    await scene(page);
    const w = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
    if (w > WIDTH) {
      const culprits = await page.evaluate((max) => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > max + 1 && e.offsetParent !== null)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`), WIDTH);
      wide.push(`${name}: ${w}px (${culprits.join('; ')})`);
    }
    if (name === 'history') {
      // For people checking the layout by eye; not committed (a full-page phone shot is large).
      mkdirSync(join(ROOT, 'target', 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'target', 'screenshots', 'history-phone.png') });
    }
  }
  assert.deepEqual(wide, []);
  await context.close();
});
