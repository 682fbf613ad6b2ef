// What a first-time admin tripped over (issue 17): a share link says it holds a shared, redacted
// paste and carries only its view's inputs; where to find what to paste, the examples on the
// first screen (a history one too), Clear; an empty Analyze says so, an example asks before it
// replaces a paste, times in local time beside UTC, no internal ids, no repeated evidence text,
// a search in Rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, waitReady, paste, makeTimedJwt, openView, inspectToken } from './support/harness.mjs';

const env = useBrowser();

function open({ timezoneId, width = 1100, height = 900 } = {}) {
  return openPage(env, { viewport: { width, height }, timezoneId });
}

async function shareLink(page) {
  await page.getByTestId('share-link').evaluate((e) => { e.value = ''; });
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  return { link, state: JSON.parse(Buffer.from(new URL(link).hash.slice(3), 'base64url').toString('utf8')) };
}

const codes = (page) => page.locator('[data-testid="diagnose-findings"] > li').evaluateAll((ls) => ls.map((l) => l.dataset.code));

const SECRET_EXPIRED =
  '{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app ' +
  "'00000000-0000-0000-0000-0000000000bb' are expired.\",\"error_codes\":[7000222]," +
  '"client_secret":"Qk8Q~clientSECRETvalue.123456"}';

test('a share link opened says it holds a shared, redacted paste, and gives the same top finding', async () => {
  const { context, page } = await open();
  assert.ok(await page.getByTestId('shared-banner').isHidden(), 'no banner on a plain visit');
  await paste(page, SECRET_EXPIRED);
  const sent = await codes(page);
  const { link } = await shareLink(page);
  await context.close();

  const fresh = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page2 = await fresh.newPage();
  await page2.goto(link);
  await waitReady(page2);
  await page2.getByTestId('result').waitFor({ state: 'visible' });
  const banner = page2.getByTestId('shared-banner');
  assert.ok(await banner.isVisible(), 'the banner shows');
  assert.match(await banner.textContent(), /share link/i);
  assert.match(await banner.textContent(), /redacted/i);
  assert.ok(!(await page2.getByTestId('diagnose-input').inputValue()).includes('clientSECRETvalue'));
  assert.equal((await codes(page2))[0], sent[0], 'the recipient sees the sender\'s top finding');
  // Clearing the shared paste takes the banner away: what follows is the person's own.
  await page2.getByTestId('clear-diagnose').click();
  assert.ok(await banner.isHidden());
  await fresh.close();
});

test('one share link per view: a Token link carries the token only, not the Diagnose paste or the Compare pair', async () => {
  const { context, page } = await open();
  await paste(page, SECRET_EXPIRED);
  await openView(page, 'compare');
  await page.getByTestId('compare-left').fill('curl https://graph.microsoft.com/v1.0/me');
  await page.getByTestId('compare-right').fill('{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET"}');
  await openView(page, 'token');
  await page.getByTestId('token-url').fill('GET https://graph.microsoft.com/v1.0/me');
  await inspectToken(page, `Bearer ${makeTimedJwt()}`);
  const { link, state } = await shareLink(page);
  assert.equal(state.view, 'token');
  assert.deepEqual(Object.keys(state).filter((k) => !['v', 'view', 't', 'u', 'k', 'rt'].includes(k)), [], JSON.stringify(state));
  assert.ok(state.t && state.u);
  const contents = await page.getByTestId('share-contents').textContent();
  assert.ok(!contents.includes('AADSTS7000222') && !contents.includes('curl'), contents);

  await openView(page, 'diagnose');
  const d = await shareLink(page);
  assert.equal(d.state.view, 'diagnose');
  assert.deepEqual(Object.keys(d.state).sort(), ['d', 'v', 'view'], JSON.stringify(d.state));
  await context.close();

  // Opened, the Token link fills the Token view only.
  const fresh = await env.browser.newContext();
  const page2 = await fresh.newPage();
  await page2.goto(link);
  await waitReady(page2);
  await page2.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.equal(await page2.getByTestId('compare-left').inputValue(), '');
  assert.equal(await page2.getByTestId('diagnose-input').inputValue(), '');
  await fresh.close();
});

test('where to find it, the examples on the first screen, a history example, and Clear', async () => {
  const { context, page, logs } = await open();
  const where = page.getByTestId('where-to-find');
  const box = await where.boundingBox();
  assert.ok(box && box.y + box.height <= 900, 'near the box, on the first screen');
  await where.locator('summary').click();
  const text = await where.textContent();
  for (const needle of ['Power Automate', 'Logic Apps', 'Power BI', 'HTTP action', 'Show raw outputs', 'Show raw inputs', 'Refresh history']) {
    assert.ok(text.includes(needle), `${needle} in "where to find it"`);
  }
  await where.locator('summary').click();
  const first = await page.locator('[data-action="example"]').first().boundingBox();
  assert.ok(first && first.y + first.height <= 900, `the first example is on the first screen (y ${first?.y})`);

  await page.locator('[data-example="refresh-history"]').click();
  await page.getByTestId('history').waitFor({ state: 'visible' });
  const patterns = await page.getByTestId('history-patterns').locator(':scope > li').evaluateAll((ls) => ls.map((l) => l.dataset.pattern));
  assert.ok(patterns.includes('began-after-successes'), `${patterns}`);

  await page.getByTestId('clear-diagnose').click();
  assert.equal(await page.getByTestId('diagnose-input').inputValue(), '');
  assert.ok(await page.getByTestId('history').isHidden());
  assert.ok(await page.getByTestId('result').isHidden());
  assert.match(await page.getByTestId('status').textContent(), /Cleared/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'input');

  await openView(page, 'token');
  await inspectToken(page, makeTimedJwt());
  await page.getByTestId('token-url').fill('https://graph.microsoft.com/v1.0/me');
  await page.getByTestId('clear-token').click();
  assert.equal(await page.getByTestId('token-input').inputValue(), '');
  assert.equal(await page.getByTestId('token-url').inputValue(), '');
  assert.equal(await page.getByTestId('token-skew').inputValue(), '5');
  assert.ok(await page.getByTestId('token-result').isHidden());
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('polish: empty Analyze says so, examples ask before replacing a paste, local times, no internal ids, no "status 429 429"', async () => {
  const { context, page } = await open({ timezoneId: 'Asia/Kolkata' });
  await page.getByRole('button', { name: 'Analyze' }).click();
  assert.match(await page.getByTestId('status').textContent(), /Nothing to analyse/);
  await openView(page, 'token');
  await page.getByRole('button', { name: 'Inspect token' }).click();
  assert.match(await page.getByTestId('status').textContent(), /Nothing to inspect/);
  await openView(page, 'diagnose');

  // The person's own paste: the example asks first; "Cancel" keeps the paste.
  const own = '{"statusCode":401,"body":"my own paste"}';
  await paste(page, own);
  const questions = [];
  page.once('dialog', (d) => { questions.push(d.message()); d.dismiss(); });
  await page.locator('[data-example="mfa"]').click();
  await page.waitForFunction(() => /not loaded/.test(document.getElementById('status').textContent));
  assert.equal(questions.length, 1);
  assert.match(questions[0], /Replace what is in Diagnose/);
  assert.equal(await page.getByTestId('diagnose-input').inputValue(), own);
  page.once('dialog', (d) => d.accept());
  await page.locator('[data-example="mfa"]').click();
  await page.waitForFunction(() => document.getElementById('input').value.includes('AADSTS50076'));
  // An example replacing an example does not ask.
  page.once('dialog', (d) => { questions.push(d.message()); d.dismiss(); });
  await page.locator('[data-example="dlp"]').click();
  await page.waitForFunction(() => document.getElementById('input').value.includes('DlpViolation'));
  assert.equal(questions.length, 1, 'no second question');
  page.removeAllListeners('dialog');

  // Evidence labels never repeat their text ("status 429 429").
  await paste(page, '{"statusCode":429,"headers":{"Retry-After":"30"},"body":{"error":{"code":"TooManyRequests","message":"Rate limit is exceeded. Try again in 30 seconds."}}}');
  const evidence = await page.locator('li.evidence').evaluateAll((ls) => ls.map((l) => ({
    label: l.querySelector('.ev-label').textContent.trim(),
    text: l.querySelector('.ev-text').textContent.trim(),
  })));
  assert.ok(evidence.length > 0);
  for (const e of evidence) assert.ok(!e.label.endsWith(e.text), `"${e.label} ${e.text}"`);

  // Token view: check names in words, the ids only as data; times local beside UTC.
  await page.locator('[data-example="expired-token"]').click();
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.equal(await page.locator('[data-check="time.expired"]').getAttribute('data-status'), 'fail');
  const checksText = await page.getByTestId('token-checks').textContent();
  const ids = await page.locator('[data-check]').evaluateAll((ls) => ls.map((l) => l.dataset.check));
  for (const id of ids.filter((i) => i.includes('.'))) assert.ok(!checksText.includes(id), `${id} shown as text`);
  const times = await page.locator('#token-result time[datetime]').evaluateAll((ts) => ts.map((t) => ({
    iso: t.getAttribute('datetime'),
    local: t.nextElementSibling?.classList.contains('local-time') ? t.nextElementSibling.textContent : null,
    kolkata: new Date(t.getAttribute('datetime')).toLocaleString('default', { timeZone: 'Asia/Kolkata' }),
    utc: new Date(t.getAttribute('datetime')).toLocaleString('default', { timeZone: 'UTC' }),
  })));
  assert.ok(times.length >= 3, JSON.stringify(times));
  for (const t of times) {
    assert.ok(t.local?.includes(t.kolkata), `local time beside ${t.iso}: ${t.local} (expected ${t.kolkata})`);
    assert.ok(!t.local.includes(t.utc), 'the local time is not UTC again');
  }
  await context.close();
});

test('Rules: a search box filters the rules by code, words and category', async () => {
  const { context, page } = await open();
  await openView(page, 'rules');
  const items = page.locator('.rule-index > li');
  // The index is rendered by the full module, loaded when Rules first opens.
  await items.first().waitFor({ state: 'attached' });
  const total = await items.count();
  assert.ok(total > 50);
  await page.getByTestId('rules-search').fill('multi-factor');
  await page.waitForFunction(() => /of \d+ rules/.test(document.getElementById('rules-count').textContent));
  const shown = await page.locator('.rule-index > li:not([hidden])').evaluateAll((ls) => ls.map((l) => l.dataset.code));
  assert.ok(shown.includes('AL104'), `${shown}`);
  assert.ok(shown.length < total);
  await page.getByTestId('rules-search').fill('al104');
  await page.waitForFunction(() => document.querySelectorAll('.rule-index > li:not([hidden])').length === 1);
  await page.getByTestId('rules-search').fill('zzzz-no-such-rule');
  await page.waitForFunction(() => /No rule matches/.test(document.getElementById('rules-count').textContent));
  assert.equal(await page.locator('.rule-index > li:not([hidden])').count(), 0);
  await page.getByTestId('rules-search').fill('');
  await page.waitForFunction((n) => document.querySelectorAll('.rule-index > li:not([hidden])').length === n, total);
  await context.close();
});

test('Compare: explanations read as sentences, request formats are named in words', async () => {
  const { context, page } = await open();
  await page.locator('[data-example="compare-quoted"]').click();
  await page.locator('[data-testid="compare-diff"] [data-expected="false"]').first().waitFor({ timeout: 30_000 });
  const explanations = await page.locator('[data-testid="compare-diff"] .explanation').evaluateAll((ls) => ls.map((l) => l.textContent.trim()));
  assert.ok(explanations.length > 0);
  // A sentence starts with a capital, unless its first word is a header name, which keeps its
  // own spelling (`x-ms-workflow-name is added by the client …`).
  for (const e of explanations) assert.match(e, /^([^a-z]|[a-z0-9]+(-[a-z0-9]+)+ ).*[.!?:)]$/s, e);
  const kinds = await page.locator('[data-testid="compare-result"] [data-kind]').evaluateAll((ls) => ls.map((l) => [l.dataset.kind, l.textContent.trim()]));
  assert.ok(kinds.length >= 2);
  for (const [id, shown] of kinds) if (id.includes('-')) assert.ok(!shown.includes(id), `${id} shown as "${shown}"`);
  await context.close();
});
