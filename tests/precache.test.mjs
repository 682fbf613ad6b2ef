// Offline is whole (issue 17, point 7): after one visit, once the browser was idle, Compare and
// signature verification work offline, though neither was used online; readiness never waited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, openView, inspectToken, compareRequests } from './support/harness.mjs';
import { COMPARE_PAIR, isOnDemand, openOnline, signatureWith, signedToken, tokenFixture, waitDifference } from './support/offline.mjs';

const env = useBrowser();

test('the on-demand modules are precached when idle: Compare and verification work offline without prior use', async () => {
  const { context, page, logs, served } = await openOnline(env);
  assert.equal(await page.evaluate(() => window.authlensPrecache), true, 'precached');
  assert.match(await page.getByTestId('offline-status').textContent(), /Compare and signature verification included/);
  const fetched = served().filter(isOnDemand);
  assert.equal(fetched.length, 4, `glue and wasm of both modules, once each: ${fetched}`);

  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await openView(page, 'compare');
  await compareRequests(page, COMPARE_PAIR.left, COMPARE_PAIR.right);
  await waitDifference(page);

  await openView(page, 'token');
  await inspectToken(page, signedToken('RS256'));
  const r = await signatureWith(page, tokenFixture('rsa.pub.pem'));
  assert.equal(r.status, 'pass', r.text);
  assert.equal(served().filter(isOnDemand).length, 4, 'nothing downloaded twice');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});
