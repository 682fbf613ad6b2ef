// Run and refresh histories pasted into Diagnose: the page shows the history analysis (patterns,
// the timeline chart and the table behind it) for each input kind, and invents no pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, ROOT, waitReady, collectConsole, screenshot } from './support/harness.mjs';

const FIXTURES = join(ROOT, 'crates', 'authlens-core', 'tests', 'fixtures', 'history');
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');

const env = useBrowser();

async function pasteHistory(page, text) {
  await page.getByTestId('diagnose-input').fill(text);
  await page.waitForFunction(() => !document.getElementById('history').hidden, null, { timeout: 15_000 });
}

async function patterns(page) {
  return page.getByTestId('history-patterns').locator(':scope > li').evaluateAll((els) => els.map((e) => e.dataset.pattern));
}

for (const [name, kind, pattern] of [
  ['pbi_began_after_successes.json', /Power BI/, 'began-after-successes'],
  ['logic_scheduled_only.json', /Logic Apps|flow engine/i, 'scheduled-only'],
  ['pa_export.csv', /CSV/i, null],
]) {
  test(`history ${name}: detected, charted, tabled${pattern ? `, pattern ${pattern}` : ''}`, async () => {
    const context = await env.browser.newContext({ colorScheme: 'light', viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const logs = collectConsole(page);
    await page.goto(env.server.url);
    await waitReady(page);
    await pasteHistory(page, fixture(name));

    assert.match(await page.getByTestId('history-kind').textContent(), kind);
    assert.ok(await page.locator('#result').isHidden(), 'a history replaces the single diagnosis');
    const svg = page.getByTestId('history-chart').locator('svg[role="img"]');
    assert.equal(await svg.count(), 1, 'the timeline chart is drawn');
    assert.ok((await svg.locator('rect').count()) > 0, 'the chart has marks');
    const rows = await page.getByTestId('history-table').locator('tbody tr').count();
    assert.ok(rows > 0, 'the table behind the chart has rows');
    if (pattern) assert.ok((await patterns(page)).includes(pattern), `${pattern} in ${await patterns(page)}`);
    assert.match(await page.getByTestId('status').textContent(), /runs/);
    assert.deepEqual(logs.filter((l) => /error|violat/i.test(l)), [], 'no errors or CSP violations');
    if (name.startsWith('pbi_began')) await screenshot(page, 'history-light');
    await context.close();
  });
}

test('a history with no pattern shows none, and a normal paste brings the diagnosis back', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  await pasteHistory(page, fixture('pbi_sparse_mixed.json'));
  assert.deepEqual(await patterns(page), []);
  assert.ok(await page.getByTestId('history-no-pattern').isVisible());

  await page.getByTestId('diagnose-input').fill('AADSTS50076: you must use multi-factor authentication.');
  await page.waitForFunction(() => !document.getElementById('result').hidden && document.getElementById('history').hidden);
  const code = await page.getByTestId('diagnose-findings').locator('li.finding').first().getAttribute('data-code');
  assert.equal(code, 'AL104');
  await page.close();
});
