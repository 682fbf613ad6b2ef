// Accessibility: axe-core on every view in light and dark (no serious or critical violation), a
// keyboard-only walkthrough (Tab to the fields, run the analysis and copy without the mouse), and
// a visible focus outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, ROOT, waitReady, makeTimedJwt } from './support/harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const env = useBrowser();

/** Loads an example (or a hash) and waits for the view's result. */
const SCENES = {
  diagnose: async (page) => {
    await page.locator('[data-example="mfa"]').click();
    await page.getByTestId('result').waitFor({ state: 'visible' });
  },
  // An Entra sign-in log with its run (the gallery's joined example): both panels at once.
  signins: async (page) => {
    await page.locator('[data-example="signin-log"]').click();
    await page.getByTestId('signins').waitFor({ state: 'visible' });
    await page.getByTestId('result').waitFor({ state: 'visible' });
  },
  token: async (page) => {
    await page.locator('[data-example="wrong-audience"]').click();
    await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  },
  compare: async (page) => {
    await page.locator('[data-example="compare-quoted"]').click();
    await page.getByTestId('compare-diff').waitFor({ state: 'attached' });
    await page.locator('details.noise summary').click(); // the folded noise too
  },
  rules: async (page) => {
    await page.evaluate(() => { location.hash = 'rule/AL104'; });
    await page.locator('#rules-heading').waitFor({ state: 'visible' });
  },
};

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no serious or critical violation on any view (${colorScheme})`, async () => {
    // bypassCSP for this context only: the page's CSP (rightly) forbids the inline script that
    // injecting axe-core needs, and Playwright's addScriptTag adds exactly such a script. The CSP
    // itself is covered by csp.test.mjs; every other test runs under it.
    const context = await env.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await waitReady(page);
    await page.addScriptTag({ content: AXE });
    const report = [];
    for (const [view, scene] of Object.entries(SCENES)) {
      await scene(page);
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
        }));
      });
      for (const v of violations) report.push({ view, ...v });
    }
    const bad = report.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    await context.close();
  });
}

async function tabTo(page, predicate, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  throw new Error(`Tab never reached the element (${predicate})`);
}

test('keyboard only: analyse, copy the report, inspect a token, with a visible focus ring', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await waitReady(page);

  await tabTo(page, () => document.activeElement.id === 'input');
  await page.keyboard.insertText('AADSTS50076: you must use multi-factor authentication to access the resource.');
  await tabTo(page, () => document.activeElement.id === 'analyze');
  // The focused button shows a visible outline (:focus-visible).
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: document.activeElement.matches(':focus-visible') };
  });
  assert.ok(ring.visible, 'the button matches :focus-visible');
  assert.notEqual(ring.style, 'none');
  assert.ok(ring.width >= 2, `outline ${ring.width}px`);
  await page.keyboard.press('Enter');
  await page.getByTestId('result').waitFor({ state: 'visible' });
  assert.match((await page.getByTestId('status').textContent()).trim(), /^\d+ findings?$/);

  await tabTo(page, () => document.activeElement.dataset.testid === 'copy-report-markdown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Copied|Ctrl\+C/.test(document.getElementById('status').textContent));

  // To the Token view with the arrow keys, then into its box.
  await page.locator('#tab-diagnose').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => !document.getElementById('view-token').hidden);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'token-input');
  await page.keyboard.insertText(makeTimedJwt());
  await tabTo(page, () => document.activeElement.id === 'token-analyze');
  await page.keyboard.press('Enter');
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.match((await page.getByTestId('status').textContent()).trim(), /^Token: /);
  // A claim's explanation opens from the keyboard.
  await tabTo(page, () => document.activeElement.classList.contains('claim'));
  const tip = await page.evaluate(() => document.activeElement.getAttribute('aria-describedby'));
  assert.ok(await page.locator(`#${tip}`).isVisible());
  await context.close();
});

test('narrow screen and 200% zoom: no horizontal scrolling', async () => {
  // 640 CSS px wide at device scale 2 is what a 1280 px window shows at 200% zoom; 360 is a phone.
  for (const width of [640, 360]) {
    const context = await env.browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await waitReady(page);
    for (const scene of Object.values(SCENES)) {
      await scene(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px at ${width}px`);
    }
    await context.close();
  }
});
