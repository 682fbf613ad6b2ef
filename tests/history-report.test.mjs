// A run or refresh history goes past the story (issue 17, items 6 and 10): the top failure's fix
// steps, a legend in words, runs read / charted / listed in one wording, pattern names instead of
// ids, a Markdown and JSON report (redacted, keeping run and trace ids), each failed run opened in
// Diagnose, and a share link that brings the history back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, openPage, ROOT, waitReady, makeTimedJwt } from './support/harness.mjs';

const FIXTURES = join(ROOT, 'crates', 'authlens-core', 'tests', 'fixtures', 'history');
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');

const env = useBrowser();

function newPage() {
  return openPage(env);
}

async function pasteHistory(page, text) {
  await page.getByTestId('diagnose-input').fill(text);
  await page.waitForFunction(() => !document.getElementById('history').hidden, null, { timeout: 15_000 });
}

test('a history shows the top failure fix, a legend in words, consistent counts and readable pattern names', async () => {
  const { context, page, logs } = await newPage();
  await pasteHistory(page, fixture('pbi_began_after_successes.json'));

  const fix = page.getByTestId('history-fix');
  assert.equal(await fix.getAttribute('data-category'), 'mfa-required');
  assert.match(await fix.textContent(), /most frequent failure/i);
  assert.ok((await fix.locator('ol.steps > li').count()) >= 2, 'numbered fix steps');
  assert.match(await fix.textContent(), /Fix in .*:/);

  const legend = page.getByTestId('history-legend');
  const entries = await legend.locator('li').evaluateAll((els) => els.map((e) => [e.dataset.legend, e.textContent.trim()]));
  const keys = entries.map(([k]) => k);
  assert.ok(keys.includes('success') && keys.includes('mfa-required'), JSON.stringify(entries));
  for (const [, text] of entries) assert.match(text, /[a-z].*: \d+$/, `legend entries are words with a count: ${text}`);

  // One wording for the counts: the coverage line and the table's summary agree.
  const coverage = await page.getByTestId('history-coverage').textContent();
  const m = coverage.match(/^(\d[\d,]*) runs read · the chart shows (all of them|\d[\d,]*).*the table has (all of them|the latest \d[\d,]*)/);
  assert.ok(m, coverage);
  const rows = await page.getByTestId('history-table').locator('tbody tr').count();
  const summary = await page.locator('.history-runs > summary').textContent();
  assert.match(summary, new RegExp(`the latest ${rows} of ${m[1]} runs read`), summary);

  // Change points are labelled with the pattern's title, never its id.
  const labels = await page.locator('[data-testid="history-chart"] text.change-label').allTextContents();
  assert.ok(labels.length > 0);
  for (const l of labels) assert.doesNotMatch(l, /^[a-z]+(-[a-z]+)+$/, `slug on the chart: ${l}`);
  assert.ok(labels.includes('Failing since a point in time'), labels.join(' | '));

  assert.deepEqual(logs.filter((l) => /error|violat/i.test(l)), [], 'no errors or CSP violations');
  await context.close();
});

test('the history report: Markdown and JSON, redacted, with run and trace ids', async () => {
  const { context, page } = await newPage();
  const jwt = makeTimedJwt();
  const sig = jwt.split('.')[2];
  // A history whose error texts carry a bearer token: the report keeps ids, never the signature.
  const runs = [];
  for (let d = 1; d <= 8; d++) runs.push({ id: `ok-${d}`, startTime: `2026-11-0${d}T02:00:00Z`, status: 'Completed', refreshType: 'Scheduled' });
  for (let d = 10; d <= 15; d++) {
    runs.push({
      id: `run-${d}`, startTime: `2026-11-${d}T02:00:00Z`, status: 'Failed', refreshType: 'Scheduled',
      serviceExceptionJson: JSON.stringify({ errorCode: 'ModelRefresh_ShortMessage_ProcessingError', errorDescription: `AADSTS50076: you must use multi-factor authentication. Authorization: Bearer ${jwt} Trace ID: 0b0c3e5a-1111-2222-3333-4444555566${d} Correlation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeff${d} Timestamp: 2026-11-${d} 02:00:05Z` }),
    });
  }
  await pasteHistory(page, JSON.stringify({ value: runs }));

  const md = await page.getByTestId('history-report-markdown').inputValue();
  assert.match(md, /^## AuthLens history analysis/);
  assert.match(md, /What to do about the most frequent failure/);
  assert.match(md, /\| run-15 \|/, 'run ids kept');
  assert.match(md, /Correlation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeff15/, 'correlation ids kept');
  assert.match(md, /2026-11-15T02:00:00Z/, 'timestamps kept');
  const json = JSON.parse(await page.getByTestId('history-report-json').inputValue());
  assert.equal(json.top_fix.category, 'mfa-required');
  assert.equal(json.runs, 14);
  for (const report of [md, JSON.stringify(json)]) assert.ok(!report.includes(sig), 'no token signature in a report');

  // Copy goes through the page's one copy mechanism.
  await page.getByTestId('copy-history-report-markdown').click();
  await page.waitForFunction(() => /Copied/.test(document.getElementById('status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), md);
  await context.close();
});

test('a failed run opens in Diagnose with its whole error text, analysed in the page', async () => {
  const { context, page } = await newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await pasteHistory(page, fixture('pbi_began_after_successes.json'));
  await page.locator('.history-runs > summary').click();
  const failedRows = page.locator('[data-testid="history-table"] tbody tr[data-outcome="failure"]');
  assert.ok((await failedRows.count()) > 0);
  assert.equal(await failedRows.first().getByTestId('open-run').count(), 1, 'each failed run has a button');
  assert.equal(await page.locator('[data-testid="history-table"] tbody tr[data-outcome="success"] [data-testid="open-run"]').count(), 0);
  const before = requests.length;
  await failedRows.first().getByTestId('open-run').click();
  await page.waitForFunction(() => !document.getElementById('result').hidden && document.getElementById('history').hidden);
  const input = await page.getByTestId('diagnose-input').inputValue();
  assert.match(input, /AADSTS50076/);
  assert.match(input, /Trace ID: 00000077-1111-2222-3333-000000000011/, 'the whole error text of the latest failed run');
  const code = await page.getByTestId('diagnose-findings').locator('li.finding').first().getAttribute('data-code');
  assert.equal(code, 'AL104');
  assert.equal(requests.length, before, 'nothing fetched: the run is read from the paste in the page');
  await context.close();
});

test('a history share link brings the history and its report back', async () => {
  const { context, page } = await newPage();
  await pasteHistory(page, fixture('pbi_began_after_successes.json'));
  const md = await page.getByTestId('history-report-markdown').inputValue();
  await page.getByTestId('share-copy').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(new URL(link).hash.startsWith('#s='));

  const other = await context.newPage();
  await other.goto(link);
  await waitReady(other);
  await other.waitForFunction(() => !document.getElementById('history').hidden, null, { timeout: 15_000 });
  assert.ok(await other.getByTestId('shared-banner').isVisible());
  assert.equal(await other.getByTestId('history-report-markdown').inputValue(), md, 'the same report from the link');
  await context.close();
});

// axe on what this pass added (the history's fix, legend, table buttons and report; the Token
// view's source, other tokens and marked claims), in both themes. tests/a11y.test.mjs covers the
// views as the gallery fills them.
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
for (const colorScheme of ['light', 'dark']) {
  test(`axe: the history and a token response have no serious or critical violation (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await waitReady(page);
    await page.addScriptTag({ content: AXE });
    const axe = () => page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
        .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    await pasteHistory(page, fixture('pbi_began_after_successes.json'));
    await page.locator('.history-runs > summary').click();
    assert.deepEqual(await axe(), [], 'history');
    await page.evaluate(() => { location.hash = 'token'; });
    await page.locator('#view-token').waitFor({ state: 'visible' });
    const jwt = makeTimedJwt();
    await page.getByTestId('token-input').fill(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: jwt, refresh_token: `0.AXoA${'abcdefghij_-'.repeat(10)}` }));
    await page.getByRole('button', { name: 'Inspect token' }).click();
    await page.getByTestId('token-source').waitFor({ state: 'visible' });
    assert.deepEqual(await axe(), [], 'token response');
    await context.close();
  });
}

test('after opening a failed run, Back to the run history brings the history back', async () => {
  const { context, page } = await newPage();
  const history = fixture('pbi_began_after_successes.json');
  await pasteHistory(page, history);
  assert.ok(await page.getByTestId('history-back').isHidden());
  await page.locator('.history-runs > summary').click();
  await page.locator('[data-testid="history-table"] tbody tr[data-outcome="failure"]').first().getByTestId('open-run').click();
  await page.waitForFunction(() => !document.getElementById('result').hidden);
  assert.ok(await page.getByTestId('history-back').isVisible());
  await page.getByTestId('history-back').getByRole('button').click();
  await page.waitForFunction(() => !document.getElementById('history').hidden && document.getElementById('result').hidden);
  assert.equal(await page.getByTestId('diagnose-input').inputValue(), history);
  assert.ok(await page.getByTestId('history-back').isHidden());
  await context.close();
});
