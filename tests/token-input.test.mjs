// The Token view reads token responses (issue 17, item 11) and every view has a report (item 10):
// a token endpoint response, an MSAL cache entry, `az account get-access-token` output, an
// Authorization header line and a HAR entry each get their access token inspected; the others are
// offered (a refresh token is said to be opaque); the decoded header and payload are shown as JSON
// with the claims a check read marked and linked from the check; Token and Compare have a
// redacted Markdown report, and the Token view's share link restores it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, collectConsole, makeTimedJwt, makeJwt, openView, compareRequests } from './support/harness.mjs';

const env = useBrowser();

async function newPage() {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  await openView(page, 'token');
  return { context, page, logs };
}

async function inspect(page, text) {
  await page.getByTestId('token-input').fill(text);
  await page.getByRole('button', { name: 'Inspect token' }).click();
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
}

const expired = makeTimedJwt({ iatAgo: 7200, expIn: -3600 });
const idToken = makeJwt({ aud: '11111111-2222-3333-4444-555555555555', iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000aa/v2.0', nonce: 'abc', exp: Math.floor(Date.now() / 1000) + 3600, name: 'Maker' });
const refresh = `0.AXoA${'Zm9vYmFyYmF6cXV4_-'.repeat(12)}`;
const sig = expired.split('.')[2];

test('a token endpoint response: the access token is inspected, the others offered, claims marked and linked', async () => {
  const { context, page, logs } = await newPage();
  const response = JSON.stringify({ token_type: 'Bearer', scope: 'User.Read', expires_in: 3599, ext_expires_in: 3599, access_token: expired, refresh_token: refresh, id_token: idToken });
  await inspect(page, response);

  const source = page.getByTestId('token-source');
  assert.equal(await source.getAttribute('data-container'), 'token-response');
  assert.equal(await source.getAttribute('data-picked'), 'access');
  assert.equal(await page.getByTestId('token-kind').getAttribute('data-kind'), 'jwt', 'not called an opaque token');
  const others = page.getByTestId('token-others').locator('li');
  assert.deepEqual(await others.evaluateAll((els) => els.map((e) => e.dataset.role).sort()), ['id', 'refresh']);
  assert.match(await page.locator('[data-testid="token-others"] li[data-role="refresh"]').textContent(), /opaque/i);

  // The failing expiry check links to the exp line of the decoded payload, marked as read by it.
  const check = page.locator('[data-testid="token-checks"] [data-check="time.expired"]');
  assert.equal(await check.getAttribute('data-status'), 'fail');
  const link = check.locator('a.claim-link');
  assert.equal(await link.getAttribute('href'), '#tok-claim-exp');
  const mark = page.getByTestId('token-payload').locator('mark#tok-claim-exp');
  assert.match(await mark.getAttribute('class'), /claim-used st-fail/);
  assert.match(await mark.textContent(), /"exp": \d+/);
  assert.match(await mark.textContent(), /read by: Time, expired \(fail\)/);
  assert.match(await page.getByTestId('token-header').textContent(), /"alg": "RS256"/);
  await link.click();
  assert.equal(new URL(page.url()).hash, '#tok-claim-exp');
  assert.ok(await page.locator('#view-token').isVisible(), 'following a claim link stays in the Token view');

  // Inspect the ID token instead.
  await page.locator('[data-testid="token-others"] li[data-role="id"] button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="token-source"]')?.dataset.picked === 'id');
  assert.match(await page.getByTestId('token-payload').textContent(), /"nonce": "abc"/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'token-source', 'focus moves to the new result');

  assert.deepEqual(logs.filter((l) => /error|violat/i.test(l)), [], 'no errors or CSP violations');
  await context.close();
});

test('MSAL cache entries, az output, a header line and a HAR entry give their access token', async () => {
  const { context, page } = await newPage();
  const cases = [
    ['msal-cache', JSON.stringify({ AccessToken: { 'uid.utid-login.microsoftonline.com-accesstoken-client-tenant-user.read': { home_account_id: 'uid.utid', environment: 'login.microsoftonline.com', credential_type: 'AccessToken', client_id: 'c', secret: expired, target: 'User.Read', expires_on: '1700000000' } }, RefreshToken: { k: { credential_type: 'RefreshToken', secret: refresh } } }, null, 2)],
    ['az-cli', JSON.stringify({ accessToken: expired, expiresOn: '2026-11-30 09:00:00.000000', expires_on: 1764493200, subscription: 'sub', tenant: '00000000-0000-0000-0000-0000000000aa', tokenType: 'Bearer' }, null, 2)],
    [null, `Authorization: Bearer ${expired}`],
    ['har', JSON.stringify({ request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', headers: [{ name: 'Accept', value: '*/*' }, { name: 'Authorization', value: `Bearer ${expired}` }] }, response: { status: 401, headers: [] } })],
  ];
  for (const [container, text] of cases) {
    await inspect(page, text);
    await page.waitForFunction(() => document.querySelector('[data-testid="token-kind"]'));
    assert.equal(await page.getByTestId('token-kind').getAttribute('data-kind'), 'jwt', container ?? 'header');
    assert.equal(await page.locator('[data-testid="token-checks"] [data-check="time.expired"]').getAttribute('data-status'), 'fail');
    if (container) assert.equal(await page.getByTestId('token-source').getAttribute('data-container'), container);
    else assert.equal(await page.getByTestId('token-source').count(), 0, 'a header line is read as before');
    assert.ok(await page.getByTestId('token-result').isVisible());
  }
  await context.close();
});

test('the Token view has a redacted report and a share link that restores it', async () => {
  const { context, page } = await newPage();
  await inspect(page, JSON.stringify({ token_type: 'Bearer', access_token: expired, refresh_token: refresh }));
  const md = await page.getByTestId('token-report-markdown').inputValue();
  assert.match(md, /^## AuthLens token check/);
  assert.match(md, /time\.expired/);
  assert.match(md, /a token endpoint response/);
  const json = JSON.parse(await page.getByTestId('token-report-json').inputValue());
  assert.equal(json.kind, 'jwt');
  for (const r of [md, JSON.stringify(json)]) {
    assert.ok(!r.includes(sig), 'no signature');
    assert.ok(!r.includes(refresh), 'no refresh token');
  }
  await page.getByTestId('share-copy').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(!link.includes(sig));
  const other = await context.newPage();
  await other.goto(link);
  await waitReady(other);
  await other.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.equal(await other.locator('[data-testid="token-checks"] [data-check="time.expired"]').getAttribute('data-status'), 'fail');
  assert.match(await other.getByTestId('token-report-markdown').inputValue(), /^## AuthLens token check/);
  await context.close();
});

test('Compare has a redacted report', async () => {
  const { context, page } = await newPage();
  await openView(page, 'compare');
  const secret = 'Q8Q~compareSECRETvalue123456789';
  await compareRequests(
    page,
    `curl -H "Authorization: Bearer ${expired}" -H "x-api-key: ${secret}" https://graph.microsoft.com/v1.0/me`,
    JSON.stringify({ method: 'GET', uri: 'https://graph.microsoft.com/v1.0/me', headers: { Authorization: `"Bearer ${expired}"` } }),
  );
  const md = await page.getByTestId('compare-report-markdown').inputValue();
  assert.match(md, /^## AuthLens request comparison/);
  assert.match(md, /graph\.microsoft\.com/);
  for (const r of [md, await page.getByTestId('compare-report-json').inputValue()]) {
    assert.ok(r.length > 0);
    assert.ok(!r.includes(sig) && !r.includes(secret), 'no secret in the Compare report');
  }
  await context.close();
});

test('a token picked from a container travels in the share link as a choice, not as the token', async () => {
  const { context, page } = await newPage();
  // Two ID tokens: the link must name the second one, although redaction moves every offset.
  const firstId = makeJwt({ aud: '11111111-2222-3333-4444-555555555555', nonce: 'first-id', exp: Math.floor(Date.now() / 1000) + 3600 });
  const secondId = makeJwt({ aud: '11111111-2222-3333-4444-555555555555', nonce: 'second-id', exp: Math.floor(Date.now() / 1000) + 3600 });
  const text = JSON.stringify([
    { token_type: 'Bearer', access_token: expired, id_token: firstId },
    { token_type: 'Bearer', id_token: secondId },
  ], null, 2);
  await inspect(page, text);
  assert.equal(await page.getByTestId('token-source').getAttribute('data-picked'), 'access');
  const buttons = page.locator('[data-testid="token-others"] li[data-role="id"] button');
  assert.equal(await buttons.count(), 2);
  await buttons.nth(1).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="token-source"]')?.dataset.picked === 'id');
  assert.match(await page.getByTestId('token-payload').textContent(), /"nonce": "second-id"/);

  await page.getByTestId('share-copy').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  const state = JSON.parse(Buffer.from(new URL(link).hash.slice(3), 'base64url').toString());
  assert.equal(state.tp, 'id#1', 'the choice: the second ID token');
  for (const t of [expired, firstId, secondId]) assert.ok(!link.includes(t.split('.')[2]), 'no signature in the link');

  const other = await context.newPage();
  await other.goto(link);
  await waitReady(other);
  await other.getByTestId('token-source').waitFor({ state: 'visible' });
  assert.equal(await other.getByTestId('token-source').getAttribute('data-picked'), 'id', 'the recipient sees the token picked');
  assert.match(await other.getByTestId('token-payload').textContent(), /"nonce": "second-id"/);
  assert.match(await other.getByTestId('token-report-markdown').inputValue(), /inspected its ID token/);

  // A new paste goes back to the access token; its link carries no choice.
  await inspect(other, JSON.stringify({ token_type: 'Bearer', access_token: expired, id_token: firstId }));
  assert.equal(await other.getByTestId('token-source').getAttribute('data-picked'), 'access');
  await other.getByTestId('share-copy').click();
  await other.waitForFunction((old) => { const v = document.querySelector('[data-testid="share-link"]').value; return v !== '' && v !== old; }, link);
  const again = JSON.parse(Buffer.from(new URL(await other.getByTestId('share-link').inputValue()).hash.slice(3), 'base64url').toString());
  assert.equal(again.tp, undefined);
  await context.close();
});
