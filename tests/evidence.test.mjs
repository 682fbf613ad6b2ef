// Evidence in long pastes (issue 17, item 5): a forwarded e-mail opens the highlighted paste at
// its first mark, not at the signature; each finding's marks carry its number and colour; each
// evidence item is a button that focuses and shows its mark (keyboard too); long stretches
// without evidence are folded behind "… N lines without evidence", which opens in place. The
// highlighted paste's text stays exactly the paste.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, ROOT, waitReady, paste, collectConsole } from './support/harness.mjs';

const env = useBrowser();

async function open() {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  return { context, page, logs };
}

const ERROR =
  '{"statusCode":401,"headers":{"WWW-Authenticate":"Bearer error=\\"invalid_token\\", error_description=\\"The token is expired\\""},' +
  '"body":{"error":"invalid_grant","error_description":"AADSTS50076: Due to a configuration change made by your administrator, ' +
  "or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.\"}}";

function email(quoted, signature) {
  const lines = ['From: Flow Owner <owner@contoso.example>', 'Subject: FW: flow keeps failing', ''];
  for (let i = 0; i < quoted; i++) lines.push(`> earlier message line ${i}: thanks, we will look into the report again next week.`);
  lines.push('', "The flow 'Sync invoices' failed again. Raw outputs of the HTTP action:", ERROR, '');
  for (let i = 0; i < signature; i++) lines.push(`-- signature line ${i}: Contoso Ltd, 1 Example Road, Springfield`);
  return `${lines.join('\n')}\n`;
}

/** Whether `el` is inside the visible part of `box` (both locators' first elements). */
const insideBox = (el) => el.evaluate((m) => {
  const pre = document.getElementById('highlighted');
  const a = m.getBoundingClientRect();
  const b = pre.getBoundingClientRect();
  return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
});

test('a long forwarded e-mail: folds, numbered marks per finding, evidence buttons jump to their mark', async () => {
  const { context, page, logs } = await open();
  const text = email(150, 80);
  await paste(page, text); // waits until the highlighted text is exactly the paste
  const pre = page.getByTestId('highlighted');

  // Two findings, each its own number and colour on its marks.
  const marks = await pre.locator('mark').evaluateAll((ms) => ms.map((m) => [m.id, m.dataset.n, m.className]));
  assert.ok(marks.length >= 2, JSON.stringify(marks));
  const numbers = new Set(marks.map(([, n]) => n));
  assert.ok(numbers.has('1') && numbers.has('2'), JSON.stringify(marks));
  assert.ok(marks.some(([, n, c]) => n === '1' && /\bf1\b/.test(c)) && marks.some(([, n, c]) => n === '2' && /\bf2\b/.test(c)));
  // The number is drawn by CSS, not added to the text.
  for (const m of await pre.locator('mark').all()) {
    assert.equal(await m.evaluate((e) => getComputedStyle(e, '::before').content), `"${await m.getAttribute('data-n')}"`);
  }

  // The quoted history and the signature are folded; the first mark is in view in the box.
  const folds = pre.getByTestId('fold');
  assert.equal(await folds.count(), 2);
  assert.match(await folds.first().getAttribute('aria-label'), /^Show \d+ lines without evidence$/);
  assert.match(await folds.first().evaluate((b) => getComputedStyle(b, '::before').content), /… \d+ lines without evidence/);
  assert.ok(await insideBox(pre.locator('mark').first()), 'the first mark is shown');

  // Each evidence item goes to its mark: keyboard Enter focuses it and flashes it.
  const jumps = page.getByTestId('evidence-jump');
  assert.ok((await jumps.count()) >= 2);
  const second = jumps.nth(1);
  const target = await second.getAttribute('data-mark');
  await pre.evaluate((p) => { p.scrollTop = 0; });
  await second.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.activeElement && document.activeElement.id === id, target);
  assert.ok(await page.locator(`#${target}`).evaluate((m) => m.classList.contains('flash')));
  assert.ok(await insideBox(page.locator(`#${target}`)), 'the mark is scrolled into view');
  const inViewport = await page.locator(`#${target}`).evaluate((m) => {
    const r = m.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.ok(inViewport, 'the page shows the mark');

  // A fold opens in place, keeps the text, and takes the focus.
  const fold = folds.first();
  const body = await fold.getAttribute('aria-controls');
  await fold.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.activeElement && document.activeElement.id === id, body);
  assert.ok(await page.locator(`#${body}`).isVisible());
  assert.equal(await folds.count(), 1, 'the opened fold leaves no button behind');
  assert.equal(await pre.textContent(), text);
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('a paste too short to fold but taller than its box opens at its first mark', async () => {
  const { context, page } = await open();
  // 40 long wrapping lines above the error: no fold, yet the mark is far down the box.
  const long = Array.from({ length: 40 }, (_, i) => `> ${i} ${'quoted text of the earlier message, '.repeat(8)}`).join('\n');
  const text = `${long}\n${ERROR}\n`;
  await paste(page, text);
  const pre = page.getByTestId('highlighted');
  assert.equal(await pre.getByTestId('fold').count(), 0);
  assert.ok((await pre.evaluate((p) => p.scrollTop)) > 0, 'the box scrolled');
  assert.ok(await insideBox(pre.locator('mark').first()), 'the first mark is shown');
  await context.close();
});

test('no fold without evidence, and a short paste is left as it is', async () => {
  const { context, page } = await open();
  const quiet = Array.from({ length: 120 }, (_, i) => `line ${i} of a note about lunch`).join('\n');
  await paste(page, quiet);
  assert.equal(await page.getByTestId('highlighted').getByTestId('fold').count(), 0);
  await context.close();
});

// axe on what these views add (folds, numbered marks, evidence buttons, "what AuthLens saw"),
// in both themes. bypassCSP only to inject axe-core, as tests/a11y.test.mjs does.
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
for (const colorScheme of ['light', 'dark']) {
  test(`axe: folds, marks, evidence buttons and "what AuthLens saw" (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await waitReady(page);
    await page.addScriptTag({ content: AXE });
    const violations = [];
    const check = async (what) => {
      const v = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((x) => ['serious', 'critical'].includes(x.impact))
          .map((x) => `${x.id}: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      violations.push(...v.map((x) => `${what}: ${x}`));
    };
    await paste(page, email(150, 80));
    await check('long e-mail');
    await page.getByTestId('fold').first().click();
    await check('opened fold');
    await paste(page, '{"status":409,"error":{"code":"ContosoWidgetLocked","message":"The widget is stuck."}}\nhttps://contoso.sharepoint.com/sites/x\n');
    await page.getByTestId('seen').waitFor({ state: 'visible' });
    await check('what AuthLens saw');
    assert.deepEqual(violations, []);
    await context.close();
  });
}
