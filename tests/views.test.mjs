// The three views (plus the rule docs) on one page: fragment routing, keyboard tabs, what each
// view shows for known inputs, the example gallery, file open/drop, hand-offs, screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, collectConsole, makeTimedJwt, openView, inspectToken, compareRequests, screenshot, GALLERY, RAW_OUTPUTS_401 } from './support/harness.mjs';

const env = useBrowser();

async function open(hash = '', options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url + hash);
  await waitReady(page);
  return { context, page, logs };
}

const visibleView = (page) =>
  page.evaluate(() => [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.id));

const DLP = 'Flow client error returned with status code "Forbidden" and details "{"error":{"code":"DlpViolation","message":"Flow cannot be activated due to admin API policies."}}".';
const MFA = 'AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.';

test('each view is reachable by its URL fragment, and back/forward follow', async () => {
  const { context, page } = await open('#token');
  assert.deepEqual(await visibleView(page), ['view-token']);
  assert.equal(await page.locator('#tab-token').getAttribute('aria-selected'), 'true');
  for (const [hash, panel] of [['compare', 'view-compare'], ['rules', 'view-rules'], ['diagnose', 'view-diagnose']]) {
    await openView(page, hash);
    assert.deepEqual(await visibleView(page), [panel], hash);
    assert.equal(await page.locator(`#tab-${panel.slice(5)}`).getAttribute('aria-selected'), 'true');
  }
  await openView(page, 'rule/AL104');
  assert.match(await page.locator('#rules-heading').textContent(), /AL104/);
  assert.match(await page.locator('#rules-content').textContent(), /What it means/);
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById('view-diagnose').hidden);
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById('view-rules').hidden);
  await page.goForward();
  await page.waitForFunction(() => !document.getElementById('view-diagnose').hidden);
  await context.close();
});

test('the tabs work from the keyboard: Tab, arrows, Home/End, Enter', async () => {
  const { context, page } = await open();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-diagnose');
  // One tab stop for the whole tab list (roving tabindex).
  assert.deepEqual(
    await page.locator('[role="tab"]').evaluateAll((ts) => ts.map((t) => t.tabIndex)),
    [0, -1, -1, -1],
  );
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => !document.getElementById('view-token').hidden);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-token');
  assert.equal(new URL(page.url()).hash, '#token');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => !document.getElementById('view-compare').hidden);
  await page.keyboard.press('End');
  await page.waitForFunction(() => !document.getElementById('view-rules').hidden);
  await page.keyboard.press('Home');
  await page.waitForFunction(() => !document.getElementById('view-diagnose').hidden);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => !document.getElementById('view-rules').hidden);
  // Enter on a focused tab follows it too.
  await page.locator('#tab-compare').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.getElementById('view-compare').hidden);
  // Tab from the tab list goes into the view's first field.
  await page.locator('#tab-compare').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-left');
  await context.close();
});

test('Diagnose: DLP and MFA pastes show their rule codes, which link to the rule docs', async () => {
  const { context, page } = await open();
  await paste(page, DLP);
  const codes = () => page.locator('[data-testid="diagnose-findings"] > li').evaluateAll((ls) => ls.map((l) => l.dataset.code));
  assert.ok((await codes()).includes('AL401'), `DLP: ${await codes()}`);
  await paste(page, MFA);
  assert.ok((await codes()).includes('AL104'), `MFA: ${await codes()}`);
  const first = page.locator('[data-testid="diagnose-findings"] > li').first();
  assert.ok(await first.getAttribute('data-category'));
  // Verdict first, numbered fix steps.
  assert.ok(await page.evaluate(() => {
    const v = document.getElementById('verdict');
    return v.compareDocumentPosition(document.getElementById('findings')) & Node.DOCUMENT_POSITION_FOLLOWING;
  }));
  assert.ok(await first.locator('ol.steps > li').count() > 0);
  // The Markdown report carries the verdict.
  const verdict = (await page.getByTestId('verdict').textContent()).trim();
  assert.ok((await page.getByTestId('report-markdown').inputValue()).includes(verdict));
  JSON.parse(await page.getByTestId('report-json').inputValue());
  await page.locator('[data-code="AL104"] a.code').click();
  await page.waitForFunction(() => !document.getElementById('view-rules').hidden);
  assert.equal(new URL(page.url()).hash, '#rule/AL104');
  // The rule's page comes from the full module (loaded when Rules first opens), then takes focus.
  await page.waitForFunction(() => document.activeElement?.id === 'rules-heading', null, { timeout: 10_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement.id), 'rules-heading');
  // The rule's example goes back to Diagnose and is analysed.
  await page.getByRole('button', { name: 'Try this example in Diagnose' }).click();
  await page.waitForFunction(() => !document.getElementById('view-diagnose').hidden);
  assert.ok((await codes()).includes('AL104'));
  await context.close();
});

test('Token: an expired JWT fails time.expired, shows claims and the redacted form without signature', async () => {
  const { context, page, logs } = await open('#token');
  const jwt = makeTimedJwt();
  await inspectToken(page, jwt);
  const expired = page.locator('[data-testid="token-checks"] [data-check="time.expired"]');
  assert.equal(await expired.getAttribute('data-status'), 'fail');
  assert.ok((await expired.textContent()).trim().length > 20);
  // Failed checks come first.
  assert.equal(await page.locator('[data-testid="token-checks"] > li').first().getAttribute('data-status'), 'fail');
  const rows = page.locator('[data-testid="token-claims"] tbody tr');
  assert.ok(await rows.count() >= 5);
  // The explanation is reachable by focus (aria-describedby), not a title tooltip.
  const aud = page.locator('tr[data-claim="aud"] button.claim');
  await aud.focus();
  const tipId = await aud.getAttribute('aria-describedby');
  assert.ok(await page.locator(`#${tipId}`).isVisible(), 'explanation shows on focus');
  assert.match(await page.locator(`#${tipId}`).textContent(), /Audience/);
  await page.keyboard.press('Escape');
  // Timeline: an SVG, no inline styles.
  assert.equal(await page.locator('svg.timeline').count(), 1);
  assert.equal(await page.locator('#token-result [style]').count(), 0);
  const redacted = await page.getByTestId('token-redacted').inputValue();
  const [h, p, sig] = jwt.split('.');
  assert.ok(redacted.startsWith(`${h}.${p}.`), redacted);
  assert.ok(!redacted.includes(sig), 'the redacted form has no signature');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('Compare: a quoted Authorization is the first difference; identical requests show none that matter', async () => {
  const { context, page } = await open('#compare');
  const jwt = makeTimedJwt({ expIn: 3000 });
  const curl = `curl -X GET 'https://graph.microsoft.com/v1.0/me/messages?$top=10' -H 'Authorization: Bearer ${jwt}' -H 'Accept: application/json'`;
  const flow = (auth) => JSON.stringify({
    uri: 'https://graph.microsoft.com/v1.0/me/messages?$top=10',
    method: 'GET',
    headers: { Authorization: auth, Accept: 'application/json', 'x-ms-workflow-name': 'abc' },
  });
  await compareRequests(page, curl, flow(`"Bearer ${jwt}"`));
  const real = page.locator('[data-testid="compare-diff"] [data-expected="false"]');
  assert.ok(await real.count() >= 1);
  assert.equal(await real.first().getAttribute('data-part'), 'auth');
  assert.ok(await real.first().getAttribute('data-name'));
  assert.match(await page.getByTestId('compare-left-kind').textContent(), /cURL/);
  assert.equal(await page.getByTestId('compare-left-kind').getAttribute('data-kind'), 'curl');
  assert.match(await page.getByTestId('compare-right-kind').textContent(), /the flow's raw inputs/);
  assert.equal(await page.getByTestId('compare-right-kind').getAttribute('data-kind'), 'flow-raw-inputs');
  // Expected noise is folded by default.
  const noise = page.locator('[data-testid="compare-diff"] details.noise');
  assert.equal(await noise.count(), 1);
  assert.equal(await noise.evaluate((d) => d.open), false);
  // Secrets masked in the side-by-side; differing lines marked.
  const table = page.getByTestId('compare-side-by-side');
  assert.ok(!(await table.textContent()).includes(jwt.split('.')[2]));
  assert.ok(await table.locator('tr.differs').count() >= 1);
  // Reveal shows the pasted text only while ticked.
  await page.getByTestId('compare-reveal').check();
  assert.ok((await page.locator('#reveal-right').textContent()).includes(jwt));
  await page.getByTestId('compare-reveal').uncheck();
  assert.equal(await page.locator('#reveal-right').textContent(), '');

  await compareRequests(page, curl, flow(`Bearer ${jwt}`));
  await page.waitForFunction(() => /no differences that matter/i.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('[data-testid="compare-diff"] [data-expected="false"]').count(), 0);
  await context.close();
});

test('every gallery example loads into its view and shows a result', async () => {
  const { context, page } = await open();
  for (const [id, view] of Object.entries(GALLERY)) {
    await page.locator(`[data-example="${id}"]`).click();
    await page.waitForFunction((v) => !document.getElementById(`view-${v}`).hidden, view);
    if (view === 'diagnose') {
      await page.getByTestId('result').waitFor({ state: 'visible' });
      assert.ok(await page.locator('[data-testid="diagnose-findings"] > li').count() > 0, id);
    } else if (view === 'token') {
      assert.ok(await page.locator('[data-testid="token-checks"] [data-status="fail"]').count() > 0, id);
    } else {
      // Compare loads its own wasm on first use (crates/authlens-compare-web): its answer is async.
      const diffs = page.locator('[data-testid="compare-diff"] [data-expected="false"]');
      await diffs.first().waitFor({ timeout: 30_000 });
      assert.ok(await diffs.count() > 0, id);
    }
  }
  await context.close();
});

test('files: open with the file picker, drop on a paste area, refuse files over the limit', async () => {
  const { context, page } = await open();
  await page.locator('#input-file').setInputFiles({
    name: 'outputs.json', mimeType: 'application/json', buffer: Buffer.from(RAW_OUTPUTS_401),
  });
  await page.waitForFunction((t) => document.getElementById('highlighted').textContent === t, RAW_OUTPUTS_401);
  assert.equal(await page.getByTestId('diagnose-input').inputValue(), RAW_OUTPUTS_401);
  assert.match(await page.locator('#input-file-info').textContent(), /outputs\.json/);

  await openView(page, 'token');
  const jwt = makeTimedJwt();
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'token.txt', { type: 'text/plain' }));
    document.getElementById('token-input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, jwt);
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('token-input').inputValue(), jwt);
  assert.match(await page.locator('#token-input-file-info').textContent(), /token\.txt/);

  // Over the limit: refused with a message, the box keeps what it had.
  const limit = await page.getByTestId('size-limit').textContent();
  assert.match(limit, /64 MiB/);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(64 * 1024 * 1024 + 1)], 'huge.json'));
    document.getElementById('token-input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  assert.match(await page.locator('#token-input-file-info').textContent(), /huge\.json .*larger than the 64 MiB limit/);
  assert.equal(await page.getByTestId('token-input').inputValue(), jwt);
  await context.close();
});

test('Diagnose hands a token to the Token view and a request to the Compare view', async () => {
  const { context, page } = await open();
  const jwt = makeTimedJwt();
  const inputs = JSON.stringify({ uri: 'https://graph.microsoft.com/v1.0/me', method: 'GET', headers: { Authorization: `Bearer ${jwt}` } });
  await paste(page, inputs);
  await page.getByTestId('to-token').click();
  await page.waitForFunction(() => !document.getElementById('view-token').hidden);
  assert.equal(await page.getByTestId('token-input').inputValue(), `Bearer ${jwt}`);
  assert.equal(await page.getByTestId('token-url').inputValue(), 'GET https://graph.microsoft.com/v1.0/me');
  assert.equal(await page.locator('[data-check="time.expired"]').getAttribute('data-status'), 'fail');
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById('view-diagnose').hidden);
  await page.getByTestId('to-compare').click();
  await page.waitForFunction(() => !document.getElementById('view-compare').hidden);
  assert.equal(await page.getByTestId('compare-right').inputValue(), inputs);
  await context.close();
});

test('screenshots of each view, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open('', { colorScheme });
    await page.locator('[data-example="expired-401"]').click();
    await page.getByTestId('result').waitFor({ state: 'visible' });
    await page.evaluate(() => document.activeElement?.blur());
    await screenshot(page, `diagnose-${colorScheme}`);
    await page.locator('[data-example="wrong-audience"]').click();
    await page.getByTestId('token-checks').waitFor({ state: 'visible' });
    await page.evaluate(() => document.activeElement?.blur());
    await screenshot(page, `token-${colorScheme}`);
    await page.locator('[data-example="compare-quoted"]').click();
    await page.getByTestId('compare-diff').waitFor({ state: 'attached' });
    await page.evaluate(() => document.activeElement?.blur());
    await screenshot(page, `compare-${colorScheme}`);
    await context.close();
  }
});
