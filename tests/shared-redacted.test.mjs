// A share link carries the paste redacted: a token keeps `header.payload.` and its signature
// becomes `[signature-removed]`. The recipient's page must read that marker as "signature not
// shown", never as a malformed or cut-off token (issue 17, item 1): the same top finding as the
// sender's, no "The Authorization header is malformed" (AL603), no failing `header.truncated`,
// and the page says it holds a shared, redacted paste.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, makeTimedJwt, openView, inspectToken } from './support/harness.mjs';

const env = useBrowser();

async function open(url = env.server.url) {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const page = await context.newPage();
  await page.goto(url);
  await waitReady(page);
  return { context, page };
}

async function shareLink(page) {
  await page.getByTestId('share-link').evaluate((e) => { e.value = ''; });
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  return page.getByTestId('share-link').inputValue();
}

const codes = (page) => page.locator('[data-testid="diagnose-findings"] > li').evaluateAll((ls) => ls.map((l) => l.dataset.code));
const truncated = (page) => page.locator('[data-testid="token-checks"] [data-check="header.truncated"]');

const request = (jwt) =>
  'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token", error_description="The token is expired"\n\n' +
  `GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer ${jwt}\n`;

test('a Diagnose share link with a token gives the recipient the same top finding, never "malformed"', async () => {
  const jwt = makeTimedJwt();
  const sender = await open();
  await paste(sender.page, request(jwt));
  const sent = await codes(sender.page);
  assert.ok(sent.length > 0 && sent[0] !== 'AL603', `${sent}`);
  const link = await shareLink(sender.page);
  await sender.context.close();

  const { context, page } = await open(link);
  await page.getByTestId('result').waitFor({ state: 'visible' });
  const restored = await page.getByTestId('diagnose-input').inputValue();
  assert.ok(restored.includes('.[signature-removed]'), restored);
  assert.ok(!restored.includes(jwt.split('.')[2]), 'the signature is not in the link');
  const banner = page.getByTestId('shared-banner');
  assert.ok(await banner.isVisible());
  assert.match(await banner.textContent(), /redacted/i);
  const got = await codes(page);
  assert.equal(got[0], sent[0], `sender ${sent}, recipient ${got}`);
  assert.ok(!got.includes('AL603'), `${got}`);
  assert.doesNotMatch(await page.getByTestId('diagnose-findings').textContent(), /malformed/i);

  // The token handed to the Token view: its signature "not shown", not cut short.
  await page.getByTestId('to-token').click();
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.equal(await truncated(page).getAttribute('data-status'), 'unknown');
  assert.match(await truncated(page).textContent(), /not shown/);
  await context.close();
});

test('a Token view share link: the redacted signature is "not shown", the checks do not fail on it', async () => {
  const sender = await open();
  await openView(sender.page, 'token');
  await inspectToken(sender.page, `Bearer ${makeTimedJwt({ expIn: 3600 })}`);
  assert.notEqual(await truncated(sender.page).getAttribute('data-status'), 'unknown');
  const link = await shareLink(sender.page);
  await sender.context.close();

  const { context, page } = await open(link);
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  assert.ok((await page.getByTestId('token-input').inputValue()).includes('[signature-removed]'));
  assert.equal(await truncated(page).getAttribute('data-status'), 'unknown');
  assert.match(await truncated(page).textContent(), /removed when this paste was redacted/);
  const signature = page.locator('[data-testid="token-checks"] [data-check="signature"]');
  assert.match(await signature.textContent(), /Not shown/);
  assert.ok(await page.getByTestId('shared-banner').isVisible());
  await context.close();
});
