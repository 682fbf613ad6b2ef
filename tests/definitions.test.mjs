// Definitions and credential lists pasted into Diagnose: a flow definition and a Logic Apps
// Standard workflow.json + connections.json get the audit (summary, findings pointing at their
// actions, who each connection signs in as); `az ad app credential list` output and a Graph
// servicePrincipals response get the inventory (items by status against a date the person can
// set, the timeline of expiry dates). What leaves the page (share link, reports) names no person,
// and the recipient of a link gets the same reading. axe-clean in both themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, openPage, ROOT, waitReady, screenshot } from './support/harness.mjs';

const FIXTURES = join(ROOT, 'crates', 'authlens-core', 'tests', 'fixtures');
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');
const FLOW = fixture('audit/flow-package-risky.json');
const STANDARD = fixture('audit/standard-workflow-and-connections.json');
const ARM = fixture('audit/logicapp-arm-risky.json');
const CREDENTIALS = fixture('inventory/az-ad-app-credential-list.json');
const SERVICE_PRINCIPALS = fixture('inventory/graph-service-principals.json');
const PP_CONNECTIONS = fixture('inventory/get-adminpowerappconnection.json');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
// The people in these pastes: accounts behind connections, their creators' names and ids.
const PERSONAL = [
  'maker.one@contoso.example',
  'maker.two@contoso.example',
  'service.mailbox@contoso.example',
  'Maker Two',
  'Service Mailbox',
  '9a9a0000-aaaa-4bbb-8ccc-000000000002',
];
const DAY = '2026-11-30';

const env = useBrowser();

function open(colorScheme = 'light', extra = {}) {
  return openPage(env, { colorScheme, ...extra });
}

/** Pastes `text` and waits for the panel (`audit` or `inventory`) of exactly this paste. */
async function pasteInto(page, text, panel) {
  const status = panel === 'audit' ? /^Definition audit/ : /^Credentials and connections/;
  await page.getByTestId('diagnose-input').fill(text);
  await page.waitForFunction(
    ([id, re]) => !document.getElementById(id).hidden && new RegExp(re).test(document.getElementById('status')?.textContent ?? ''),
    [panel, status.source],
    { timeout: 15_000 },
  );
}

/** Sets the inventory's date and waits for the panel judged against it. */
async function judgeOn(page, day) {
  await page.getByTestId('inventory-now').fill(day);
  // The chosen day is judged from its midnight (UTC): a clock-judged list of the same day shows
  // the time of day instead, so this waits for the re-analysis even when the day is today.
  await page.waitForFunction(
    (d) => (document.querySelector('[data-testid="inventory-kind"]')?.textContent ?? '').includes(`${d}T00:00:00`),
    day,
    { timeout: 15_000 },
  );
}

const attrs = (locator, name) => locator.evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);

function assertNoPerson(where, text) {
  for (const v of PERSONAL) assert.ok(!text.includes(v), `${where} contains ${v}`);
}

test('a flow definition: summary, findings at their actions, who each connection signs in as', async () => {
  const { context, page, logs } = await open();
  await pasteInto(page, FLOW, 'audit');
  assert.ok(await page.getByTestId('result').isHidden(), 'a definition has no run diagnosis');
  assert.ok(await page.getByTestId('inventory').isHidden());
  assert.match(await page.getByTestId('audit-kind').textContent(), /export package definition\.json.*“Sync invoices to Graph”/);
  const summary = page.getByTestId('audit-summary');
  assert.equal(await summary.getAttribute('data-errors'), '7');
  assert.match(await summary.textContent(), /fixed bearer token/);
  const findings = page.getByTestId('audit-findings').locator(':scope > li');
  const codes = await attrs(findings, 'data-code');
  for (const c of ['AU001', 'AU002', 'AU003', 'AU004', 'AU005', 'AU006', 'AU007', 'AU008', 'AU011', 'AU012', 'AU014', 'AU015']) {
    assert.ok(codes.includes(c), `${c} in ${codes}`);
  }
  // Errors (that fail runs) before warnings.
  const sev = await attrs(findings, 'data-severity');
  assert.deepEqual(sev, [...sev].sort((a, b) => (a === 'error' ? 0 : 1) - (b === 'error' ? 0 : 1)));
  const au001 = page.getByTestId('audit-findings').locator('li[data-code="AU001"]');
  assert.equal(await au001.getAttribute('data-action'), 'Call_Graph_with_pasted_token');
  assert.match(await au001.textContent(), /actions\['Call_Graph_with_pasted_token'\]\.inputs\.headers\['Authorization'\]/);
  assert.match(await au001.textContent(), /Fix:/);
  assert.ok(!(await au001.textContent()).includes('c2lnbmF0dXJl'), 'the token is shown without its signature');
  const nested = page.getByTestId('audit-findings').locator('li[data-code="AU006"]');
  assert.match(await nested.textContent(), /cases\['Case_EU'\]/, 'a nested action is found by its path');
  const office = page.getByTestId('audit-connections').locator('tr[data-connection="shared_office365"]');
  assert.equal(await office.getAttribute('data-identity'), 'user');
  assert.match(await office.textContent(), /Send_an_email_\(V2\)/);
  const md = await page.getByTestId('audit-report-markdown').inputValue();
  assert.match(md, /^# AuthLens definition audit/);
  assert.match(md, /AU001/);
  const json = JSON.parse(await page.getByTestId('audit-report-json').inputValue());
  assert.equal(json.analysis, 'audit');
  assert.equal(json.findings.length, codes.length);
  assert.deepEqual(logs.filter((l) => /error|violat/i.test(l)), [], 'no errors or CSP violations');
  await context.close();
});

test('a Logic Apps Standard workflow.json with its connections.json; back to a plain paste', async () => {
  const { context, page } = await open();
  await pasteInto(page, STANDARD, 'audit');
  assert.match(await page.getByTestId('audit-kind').textContent(), /Logic Apps Standard workflow\.json/);
  const findings = page.getByTestId('audit-findings').locator(':scope > li');
  assert.deepEqual(await attrs(findings, 'data-code'), ['AU003', 'AU011']);
  assert.deepEqual(await attrs(findings, 'data-action'), ['Get_secret', 'Notify_team']);
  const rows = page.getByTestId('audit-connections').locator('tbody tr');
  assert.deepEqual(await attrs(rows, 'data-identity'), ['user', 'managed-identity', 'key']);
  // An ordinary paste: the audit panel goes away.
  await page.getByTestId('diagnose-input').fill('AADSTS50076: you must use multi-factor authentication.');
  await page.waitForFunction(() => !document.getElementById('result').hidden && document.getElementById('audit').hidden);
  await context.close();
});

test('az ad app credential list: items by status, the timeline, judged against a chosen date', async () => {
  const { context, page } = await open();
  await pasteInto(page, CREDENTIALS, 'inventory');
  await judgeOn(page, DAY);
  assert.ok(await page.getByTestId('result').isHidden() && (await page.getByTestId('audit').isHidden()));
  const items = page.getByTestId('inventory-items').locator(':scope > li');
  assert.deepEqual(await attrs(items, 'data-status'), ['expired', 'expires-within-7-days', 'healthy']);
  assert.deepEqual(await attrs(items, 'data-category'), ['client-secret-expired', 'client-secret-expired', null]);
  assert.match(await items.first().textContent(), /logic-app-orders.*expired.*10 days ago/s);
  const summary = page.getByTestId('inventory-summary');
  assert.equal(await summary.getAttribute('data-expired'), '1');
  assert.equal(await summary.getAttribute('data-week'), '1');
  const svg = page.getByTestId('inventory-timeline').locator('svg[role="img"]');
  assert.equal(await svg.count(), 1);
  assert.equal(await svg.locator('rect.inv-expired').count(), 1);
  assert.equal(await svg.locator('rect.inv-week').count(), 1);
  assert.equal(await svg.locator('rect.inv-healthy').count(), 1);
  assert.match(await svg.locator('desc').textContent(), /Judged against 2026-11-30/);
  // A later date: everything has expired by then.
  await judgeOn(page, '2027-07-01');
  assert.deepEqual(await attrs(items, 'data-status'), ['expired', 'expired', 'expired']);
  assert.equal(await svg.locator('rect.inv-expired').count(), 3);
  const json = JSON.parse(await page.getByTestId('inventory-report-json').inputValue());
  assert.equal(json.analysis, 'inventory');
  assert.equal(json.now, '2027-07-01T00:00:00Z');
  await context.close();
});

test('a Graph servicePrincipals response, and credentials with the connections they run', async () => {
  const { context, page, logs } = await open();
  await pasteInto(page, SERVICE_PRINCIPALS, 'inventory');
  await judgeOn(page, DAY);
  const items = page.getByTestId('inventory-items').locator(':scope > li');
  assert.deepEqual(await attrs(items, 'data-kind'), ['certificate']);
  assert.deepEqual(await attrs(items, 'data-status'), ['expires-within-7-days']);
  assert.match(await items.first().textContent(), /saml-portal · certificate/);
  assert.match(await page.getByTestId('inventory-kind').textContent(), /service principal/);
  // The credentials with a Power Platform connection list: both, failed connections first.
  await pasteInto(page, `${CREDENTIALS}\n${PP_CONNECTIONS}`, 'inventory');
  await judgeOn(page, DAY);
  const conns = page.getByTestId('inventory-items').locator('li[data-item="connection"]');
  assert.equal(await conns.first().getAttribute('data-status'), 'error');
  assert.equal(await conns.first().getAttribute('data-category'), 'user-disabled-or-deleted');
  assert.match(await conns.first().textContent(), /Fix:/);
  // Shown locally as listed; the reports carry stand-ins.
  assert.match(await page.getByTestId('inventory').textContent(), /maker\.two@contoso\.example/);
  const md = await page.getByTestId('inventory-report-markdown').inputValue();
  assert.match(md, /user 1/);
  assertNoPerson('the Markdown report', md);
  assertNoPerson('the JSON report', await page.getByTestId('inventory-report-json').inputValue());
  assert.deepEqual(logs.filter((l) => /error|violat/i.test(l)), [], 'no errors or CSP violations');
  await screenshot(page, 'inventory-light');
  // The report boxes are not remembered by the browser, and are emptied when the page is left.
  for (const id of ['inventory-report-markdown', 'inventory-report-json', 'audit-report-markdown', 'audit-report-json']) {
    assert.equal(await page.getByTestId(id).getAttribute('autocomplete'), 'off', id);
  }
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  assert.equal(await page.getByTestId('inventory-report-markdown').inputValue(), '');
  await context.close();
});

test('a large credential list is judged in the worker against the chosen date', async () => {
  const { context, page } = await open();
  await page.evaluate(async () => {
    window.client = await import('./analysis-client.js');
  });
  // 1 500 secrets of one app (over the 256 KB that sends a paste to the worker), ending a day
  // apart from 2026-12-01 on.
  const day0 = Date.parse('2026-12-01T00:00:00Z');
  const items = Array.from({ length: 1500 }, (_, i) => ({
    customKeyIdentifier: null,
    displayName: `secret-${i}`,
    endDateTime: new Date(day0 + i * 86_400_000).toISOString().replace('.000', ''),
    hint: 'abc',
    keyId: `5b0e0000-1111-4222-8333-${String(i).padStart(12, '0')}`,
    secretText: null,
    startDateTime: '2025-01-01T00:00:00Z',
  }));
  const text = JSON.stringify(items, null, 2);
  assert.ok(text.length > 256 * 1024, `${text.length}`);
  await page.getByTestId('inventory-now').evaluate((el) => { el.value = '2026-12-31'; });
  await page.evaluate((t) => {
    const box = document.querySelector('[data-testid="diagnose-input"]');
    box.value = t;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.waitForFunction(
    () => !document.getElementById('inventory').hidden && document.querySelector('[data-testid="inventory-kind"]').textContent.includes('2026-12-31'),
    null,
    { timeout: 60_000 },
  );
  assert.equal(await page.evaluate(() => window.client.lastRun.where), 'worker');
  // Ended by 2026-12-31 00:00 UTC: the first 31 (2026-12-01 … 2026-12-31); by the clock
  // (before 2026-12-01) none would have.
  assert.equal(await page.getByTestId('inventory-summary').getAttribute('data-expired'), '31');
  await context.close();
});

test('the gallery has a definition and a credential list', async () => {
  const { context, page } = await open();
  await page.locator('[data-example="flow-definition"]').click();
  await page.locator('#audit').waitFor({ state: 'visible' });
  const codes = await attrs(page.getByTestId('audit-findings').locator(':scope > li'), 'data-code');
  assert.ok(codes.includes('AU001') && codes.includes('AU011'), `${codes}`);
  await page.locator('[data-example="app-credentials"]').click();
  await page.locator('#inventory').waitFor({ state: 'visible' });
  // Its dates are relative to today: one expired, one within 7 days, one healthy.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="inventory-items"] > li').length === 3);
  const statuses = await attrs(page.getByTestId('inventory-items').locator(':scope > li'), 'data-status');
  assert.deepEqual(statuses, ['expired', 'expires-within-7-days', 'healthy']);
  await context.close();
});

/** Copies the share link and returns it with the state it carries. */
async function shareLink(page) {
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  const hash = new URL(link).hash;
  assert.ok(hash.startsWith('#s='), hash);
  return { link, state: JSON.parse(Buffer.from(hash.slice(3), 'base64url').toString('utf8')) };
}

test('share link round trip of a definition: no account in the link, same findings', async () => {
  const { context, page } = await open();
  await pasteInto(page, ARM, 'audit');
  const codes = await attrs(page.getByTestId('audit-findings').locator(':scope > li'), 'data-code');
  assert.deepEqual(codes, ['AU008', 'AU013', 'AU015', 'AU014', 'AU014', 'AU011', 'AU015']);
  await screenshot(page, 'audit-light');
  const { link, state } = await shareLink(page);
  assertNoPerson('the link', state.d);
  assert.ok(state.d.includes('user 1'), 'a stand-in in its place');
  assertNoPerson('what the link contains', await page.getByTestId('share-contents').textContent());
  await context.close();

  const fresh = await open();
  await fresh.page.goto(link);
  await waitReady(fresh.page);
  await fresh.page.locator('#audit').waitFor({ state: 'visible' });
  assert.deepEqual(await attrs(fresh.page.getByTestId('audit-findings').locator(':scope > li'), 'data-code'), codes);
  const office = fresh.page.getByTestId('audit-connections').locator('tr[data-connection="office365"]');
  assert.equal(await office.getAttribute('data-identity'), 'user', 'the recipient reads the same identity');
  assertNoPerson('the recipient page', await fresh.page.locator('#view-diagnose').textContent());
  await fresh.context.close();
});

test('share link round trip of a connection list: the chosen date travels, no person does', async () => {
  const { context, page } = await open();
  await pasteInto(page, `${CREDENTIALS}\n${PP_CONNECTIONS}`, 'inventory');
  await judgeOn(page, DAY);
  const statuses = await attrs(page.getByTestId('inventory-items').locator(':scope > li'), 'data-status');
  const { link, state } = await shareLink(page);
  assert.equal(state.n, DAY);
  assertNoPerson('the link', state.d);
  await context.close();

  const fresh = await open();
  await fresh.page.goto(link);
  await waitReady(fresh.page);
  await fresh.page.locator('#inventory').waitFor({ state: 'visible' });
  assert.equal(await fresh.page.getByTestId('inventory-now').inputValue(), DAY);
  await fresh.page.waitForFunction((d) => document.querySelector('[data-testid="inventory-kind"]').textContent.includes(`${d}T00:00:00`), DAY);
  assert.deepEqual(await attrs(fresh.page.getByTestId('inventory-items').locator(':scope > li'), 'data-status'), statuses);
  assertNoPerson('the recipient page', await fresh.page.locator('#view-diagnose').textContent());
  await fresh.context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe: the audit and the inventory have no serious or critical violation (${colorScheme})`, async () => {
    // bypassCSP for this context only, as in a11y.test.mjs: injecting axe-core needs an inline
    // script the page's CSP rightly forbids.
    const { context, page } = await open(colorScheme, { bypassCSP: true });
    await page.addScriptTag({ content: AXE });
    const report = [];
    for (const [panel, text] of [['audit', FLOW], ['inventory', `${CREDENTIALS}\n${PP_CONNECTIONS}`]]) {
      await pasteInto(page, text, panel);
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
        }));
      });
      for (const v of violations) report.push({ panel, ...v });
    }
    const bad = report.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    await context.close();
  });
}
