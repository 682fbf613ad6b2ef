// Sharing without leaking: the share link carries the state in the fragment only, redacted by
// the core's one redaction function; opening it restores the view and the analysis. The
// Markdown report carries the verdict and no secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, makeTimedJwt, openView, inspectToken } from './support/harness.mjs';

const env = useBrowser();

const PASSWORD = 'Hunter2-Sup3rSecret';
const BASIC = Buffer.from(`svc-flow:${PASSWORD}`).toString('base64');
const CLIENT_SECRET = 'Qk8Q~clientSECRETvalue.123456';
const SIG = 'sv0SASsignatureSECRETvalue789';

function secretPaste(jwt) {
  return [
    `POST https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token?sig=${SIG}`,
    `Authorization: Bearer ${jwt}`,
    `Proxy-Authorization: Basic ${BASIC}`,
    '',
    `client_id=00000000-0000-0000-0000-0000000000bb&client_secret=${CLIENT_SECRET}&grant_type=client_credentials`,
    '',
    `{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app '00000000-0000-0000-0000-0000000000bb' are expired."}`,
  ].join('\n');
}

async function newPage() {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const page = await context.newPage();
  return { context, page };
}

function decodeFragment(link) {
  const u = new URL(link);
  assert.equal(u.search, '', 'no query string');
  assert.ok(!link.includes('?'), 'no ? anywhere in the link');
  assert.ok(u.hash.startsWith('#s='), u.hash);
  return { hash: u.hash, state: JSON.parse(Buffer.from(u.hash.slice(3), 'base64url').toString('utf8')) };
}

function assertNoSecret(where, text, jwt) {
  const signature = jwt.split('.')[2];
  for (const [name, secret] of [
    ['JWT signature', signature], ['Basic credentials', BASIC], ['password', PASSWORD],
    ['client secret', CLIENT_SECRET], ['sig', SIG],
  ]) {
    assert.ok(!text.includes(secret), `${where} contains the ${name}`);
  }
}

test('the share link holds the redacted state in the fragment and restores the analysis', async () => {
  const jwt = makeTimedJwt();
  const pasted = secretPaste(jwt);
  const { context, page } = await newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  await paste(page, pasted);
  const verdict = (await page.getByTestId('verdict').textContent()).trim();
  const codes = await page.locator('[data-testid="diagnose-findings"] > li').evaluateAll((ls) => ls.map((l) => l.dataset.code));
  assert.ok(codes.includes('AL110'), `${codes}`);
  const urlBefore = page.url();

  await page.getByRole('button', { name: 'Copy share link' }).click();
  const field = page.getByTestId('share-link');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await field.inputValue();
  assert.equal(await field.getAttribute('readonly'), '', 'the link is shown read-only');
  assert.ok(link.startsWith(`${env.server.origin}/`), link);
  const { hash, state } = decodeFragment(link);
  assertNoSecret('the fragment', hash, jwt);
  assertNoSecret('the decoded fragment', JSON.stringify(state), jwt);
  assert.equal(state.view, 'diagnose');
  assert.ok(state.d.includes(jwt.split('.').slice(0, 2).join('.')), 'header and payload stay readable');
  // The person sees what the link holds.
  const contents = await page.getByTestId('share-contents').textContent();
  assert.ok(contents.includes('[redacted]') && contents.includes('AADSTS7000222'));
  assertNoSecret('the "what the link contains" list', contents, jwt);
  // Copying did not touch the page's own URL, and the clipboard holds the link.
  assert.equal(page.url(), urlBefore);
  await page.getByTestId('share-message').filter({ hasText: /copied|Ctrl\+C/ }).waitFor();
  const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  if (clip !== null) assert.equal(clip, link);

  // The Markdown report: verdict, no secret.
  const md = await page.getByTestId('report-markdown').inputValue();
  assert.ok(md.includes(verdict), 'the report carries the verdict');
  assertNoSecret('the Markdown report', md, jwt);
  assertNoSecret('the JSON report', await page.getByTestId('report-json').inputValue(), jwt);
  await context.close();

  // A fresh page opened on the link: same view, analysis restored, nothing secret in the box.
  const fresh = await newPage();
  await fresh.page.goto(link);
  await waitReady(fresh.page);
  assert.equal(await fresh.page.locator('#view-diagnose').isVisible(), true);
  await fresh.page.getByTestId('result').waitFor({ state: 'visible' });
  const restored = await fresh.page.getByTestId('diagnose-input').inputValue();
  assert.equal(restored, state.d);
  assertNoSecret('the restored paste', restored, jwt);
  const codes2 = await fresh.page.locator('[data-testid="diagnose-findings"] > li').evaluateAll((ls) => ls.map((l) => l.dataset.code));
  assert.ok(codes2.includes('AL110'), `${codes2}`);
  assert.ok((await fresh.page.getByTestId('verdict').textContent()).trim());
  await fresh.context.close();
});

test('a Token view share link reopens the Token view with its checks, and never carries the key', async () => {
  const jwt = makeTimedJwt();
  const { context, page } = await newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  await openView(page, 'token');
  await page.getByTestId('token-url').fill('GET https://graph.microsoft.com/v1.0/me');
  await page.getByTestId('token-key').fill('{"kty":"oct","k":"c2VjcmV0LWtleS1uZXZlci1zaGFyZWQ"}');
  await inspectToken(page, `Bearer ${jwt}`);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  const { hash, state } = decodeFragment(link);
  assertNoSecret('the token fragment', hash, jwt);
  assert.equal(state.view, 'token');
  assert.ok(!JSON.stringify(state).includes('c2VjcmV0LWtleS1uZXZlci1zaGFyZWQ'), 'the key is never shared');
  await context.close();

  const fresh = await newPage();
  await fresh.page.goto(link);
  await waitReady(fresh.page);
  assert.equal(await fresh.page.locator('#view-token').isVisible(), true);
  assert.equal(await fresh.page.locator('#tab-token').getAttribute('aria-selected'), 'true');
  await fresh.page.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.equal(await fresh.page.locator('[data-check="time.expired"]').getAttribute('data-status'), 'fail');
  assert.equal(await fresh.page.getByTestId('token-url').inputValue(), 'GET https://graph.microsoft.com/v1.0/me');
  assert.equal(await fresh.page.getByTestId('token-key').inputValue(), '');
  await fresh.context.close();
});

test('a hand-made link cannot smuggle a secret or markup into the page', async () => {
  const state = { view: 'diagnose', d: `<img src=x onerror="window.__pwned=1"> client_secret=${CLIENT_SECRET}` };
  const link = `${env.server.url}#s=${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
  const { context, page } = await newPage();
  await page.goto(link);
  await waitReady(page);
  await page.getByTestId('result').waitFor({ state: 'visible' });
  const restored = await page.getByTestId('diagnose-input').inputValue();
  assert.ok(!restored.includes(CLIENT_SECRET), restored);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#result img').count(), 0);
  await context.close();
});
