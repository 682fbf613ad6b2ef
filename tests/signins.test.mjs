// Entra sign-in logs pasted into Diagnose: the sign-in panel (summary, errors, Conditional Access
// policies with grant controls, patterns, timeline, failed sign-ins), a failed run pasted with
// the log diagnosed first and naming the failing policy, and no person in what leaves the page
// (share link, reports), while the page itself shows the log as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, openPage, ROOT, waitReady, screenshot } from './support/harness.mjs';

const FIXTURES = join(ROOT, 'crates', 'authlens-core', 'tests', 'fixtures', 'signins');
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');
const LOG = fixture('portal-interactive-mfa.json');
const RUN = fixture('run-output-401.json');
const POLICY = 'Require MFA for all users';
// Every personal value of the log: account, display name, addresses, places.
const PERSONAL = ['flow.owner@contoso.com', 'Flow Owner', '198.51.100.7', 'Dublin', 'Noord-Holland'];

const env = useBrowser();

function open(colorScheme = 'light') {
  return openPage(env, { colorScheme });
}

/** Pastes `text` and waits for the sign-in panel of exactly this paste. */
async function pasteLog(page, text) {
  await page.getByTestId('diagnose-input').fill(text);
  await page.waitForFunction(
    () => !document.getElementById('signins').hidden && /sign-in/.test(document.getElementById('status')?.textContent ?? ''),
    null,
    { timeout: 15_000 },
  );
}

const patternCodes = (page) =>
  page.getByTestId('signins-patterns').locator(':scope > li').evaluateAll((els) => els.map((e) => e.dataset.code));

function assertNoPerson(where, text) {
  for (const v of PERSONAL) assert.ok(!text.includes(v), `${where} contains ${v}`);
}

test('a sign-in log: summary, policies with grant controls, patterns, timeline, failed sign-ins', async () => {
  const { context, page, logs } = await open();
  await pasteLog(page, LOG);
  assert.ok(await page.getByTestId('result').isHidden(), 'a log alone has no run diagnosis');
  assert.match(await page.getByTestId('signins-kind').textContent(), /portal JSON download\) · 5 sign-ins · 3 failed/);
  assert.match(await page.getByTestId('signins-summary').textContent(), /3 of 5 sign-ins failed.*AADSTS50076/);
  const row = page.getByTestId('signins-policies').locator(`tr[data-policy="${POLICY}"]`);
  assert.equal(await row.getAttribute('data-failures'), '3');
  assert.match(await row.textContent(), /Mfa/);
  assert.ok((await patternCodes(page)).includes('policy-started-failing'), `${await patternCodes(page)}`);
  const err = page.getByTestId('signins-errors').locator('li[data-code="AADSTS50076"]');
  assert.equal(await err.getAttribute('data-category'), 'mfa-required');
  assert.match(await err.textContent(), /Fix:/);
  const svg = page.getByTestId('signins-timeline').locator('svg[role="img"]');
  assert.equal(await svg.count(), 1);
  assert.equal(await svg.locator('rect.run-failure').count(), 3);
  assert.equal(await page.getByTestId('signins-failures').locator('tbody tr').count(), 3);
  // Shown locally as in the log.
  assert.match(await page.getByTestId('signins-failures').textContent(), /flow\.owner@contoso\.com/);
  // The reports carry stand-ins.
  const md = await page.getByTestId('signins-report-markdown').inputValue();
  assert.match(md, /user 1/);
  assert.ok(md.includes(POLICY));
  assertNoPerson('the Markdown report', md);
  const json = JSON.parse(await page.getByTestId('signins-report-json').inputValue());
  assert.equal(json.analysis, 'sign-ins');
  assertNoPerson('the JSON report', JSON.stringify(json));
  assert.deepEqual(logs.filter((l) => /error|violat/i.test(l)), [], 'no errors or CSP violations');
  await screenshot(page, 'signins-light');
  await context.close();
});

test('the CSV download and a Graph response are read too', async () => {
  const { context, page } = await open();
  await pasteLog(page, fixture('portal-interactive.csv'));
  assert.match(await page.getByTestId('signins-kind').textContent(), /CSV/);
  assert.ok(await page.getByTestId('signins-no-policies').isVisible(), 'the CSV has no policy details, and the page says so');
  await pasteLog(page, fixture('graph-two-pages.json'));
  await page.waitForFunction(() => /Graph/.test(document.querySelector('[data-testid="signins-kind"]').textContent));
  assert.ok((await page.getByTestId('signins-policies').locator('tbody tr').count()) > 0);
  // Back to an ordinary paste: the sign-in panel goes away.
  await page.getByTestId('diagnose-input').fill('AADSTS50076: you must use multi-factor authentication.');
  await page.waitForFunction(() => !document.getElementById('result').hidden && document.getElementById('signins').hidden);
  await context.close();
});

test('a failed run pasted with its log: the top finding names the failing policy', async () => {
  const { context, page } = await open();
  await pasteLog(page, `${RUN}\n${LOG}`);
  await page.getByTestId('result').waitFor({ state: 'visible' });
  const top = page.getByTestId('diagnose-findings').locator('li.finding').first();
  assert.match(await top.textContent(), new RegExp(POLICY));
  const match = page.getByTestId('signins-match');
  assert.equal(await match.getAttribute('data-by'), 'correlation id');
  assert.match(await match.textContent(), new RegExp(POLICY));
  const md = await page.getByTestId('report-markdown').inputValue();
  assert.ok(md.includes(POLICY), 'the run report names the policy');
  assertNoPerson('the run report', md);
  await context.close();
});

test('share link round trip: no account, address or place in the link, same reading', async () => {
  const { context, page } = await open();
  await pasteLog(page, `${RUN}\n${LOG}`);
  await page.getByTestId('result').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  const hash = new URL(link).hash;
  assert.ok(hash.startsWith('#s='), hash);
  const state = JSON.parse(Buffer.from(hash.slice(3), 'base64url').toString('utf8'));
  assertNoPerson('the link', state.d);
  assert.ok(state.d.includes('user 1') && state.d.includes('IP 1'), 'stand-ins in their place');
  assertNoPerson('what the link contains', await page.getByTestId('share-contents').textContent());
  await context.close();

  const fresh = await open();
  await fresh.page.goto(link);
  await waitReady(fresh.page);
  await fresh.page.locator('#signins').waitFor({ state: 'visible' });
  await fresh.page.getByTestId('result').waitFor({ state: 'visible' });
  assert.equal(await fresh.page.getByTestId('diagnose-input').inputValue(), state.d);
  const top = fresh.page.getByTestId('diagnose-findings').locator('li.finding').first();
  assert.match(await top.textContent(), new RegExp(POLICY), 'the recipient gets the same joined reading');
  assert.ok((await patternCodes(fresh.page)).includes('policy-started-failing'));
  assertNoPerson('the recipient page', await fresh.page.locator('#view-diagnose').textContent());
  await fresh.context.close();
});

test('the gallery has a sign-in log example, joined to its run', async () => {
  const { context, page } = await open();
  await page.locator('[data-example="signin-log"]').click();
  await page.locator('#signins').waitFor({ state: 'visible' });
  await page.getByTestId('result').waitFor({ state: 'visible' });
  assert.match(await page.getByTestId('diagnose-findings').locator('li.finding').first().textContent(), /Require MFA for all cloud apps/);
  assert.ok((await patternCodes(page)).includes('policy-started-failing'));
  await context.close();
});
