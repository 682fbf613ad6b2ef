// The parts of the page loaded on demand by www/analysis-client.js, each a wasm of its own:
// signature verification (crates/authlens-verify-web, when a key is pasted in the Token view),
// Compare (crates/authlens-compare-web, when it is first used) and the full page layer
// (crates/authlens-full-web: the worker's module, which makes every analysis: the page's start
// module is the page shell). A visit that does not use Compare or the verifier never downloads
// them; once used, the service worker keeps them, so they work offline too. The full module is
// started right after ready and precached with the page's files.
// Keys and signed tokens: the TEST-ONLY fixtures of the core's verification tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, DIST, ROOT, waitReady, collectConsole, openView, inspectToken, compareRequests, makeHs256Jwt, paste, RAW_OUTPUTS_401 } from './support/harness.mjs';
import { COMPARE_PAIR, isCompare, isFull, isVerifier, openOnline, signatureWith, signedToken as signed, tokenFixture as fixture, waitDifference } from './support/offline.mjs';

const hs256 = (secret) => makeHs256Jwt({ sub: 'verify-test', aud: 'api://authlens-test' }, secret);

const env = useBrowser();

test('the on-demand modules are built with hashed names; the full module is precached, the others are not', () => {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const list = (name) => JSON.parse(sw.match(new RegExp(`const ${name} = (\\[[^\\]]*\\]);`))[1].replaceAll("'", '"'));
  const lazy = list('LAZY');
  const assets = list('ASSETS');
  assert.equal(lazy.filter(isVerifier).length, 2, `${lazy}`);
  assert.equal(lazy.filter(isCompare).length, 2, `${lazy}`);
  assert.ok(!assets.some((f) => isVerifier(f) || isCompare(f)), 'Compare and the verifier must not be precached');
  // The full module is every analysis's (the page's start module is the page shell): precached
  // with the page's files, so that a page opened offline once can analyse.
  const full = assets.filter(isFull);
  assert.equal(full.length, 2, `${assets}`);
  assert.ok(!lazy.some(isFull), `${lazy}`);
  // The worker runs the full module, not the page's start module.
  const worker = readFileSync(join(DIST, 'worker.js'), 'utf8');
  assert.ok(full.every((f) => worker.includes(`'${f}'`)), 'worker.js runs the full module');
  const client = readFileSync(join(DIST, 'analysis-client.js'), 'utf8');
  for (const f of [...lazy, ...full]) assert.ok(client.includes(`'${f}'`), `analysis-client.js names ${f}`);
});

test('a key loads the verifier once; RS256, ES384 and HS256 verify, a wrong key fails', async () => {
  // This test counts the verifier's downloads: no idle precache (precache.test.mjs covers it).
  const { context, page, logs, served } = await openOnline(env, { precache: false });
  await openView(page, 'token');
  await inspectToken(page, signed('RS256'));
  assert.equal(await page.locator('[data-check="signature"]').getAttribute('data-status'), 'unknown');
  assert.deepEqual(served().filter(isVerifier), [], 'no key, no verifier download');

  let r = await signatureWith(page, fixture('rsa.pub.pem'));
  assert.equal(r.status, 'pass', r.text);
  assert.match(r.text, /Signature verified/);
  r = await signatureWith(page, fixture('jwks.json'));
  assert.equal(r.status, 'pass', r.text);
  await inspectToken(page, signed('ES384'));
  r = await signatureWith(page, fixture('ec384.pub.pem'));
  assert.equal(r.status, 'pass', r.text);
  r = await signatureWith(page, fixture('ec256.pub.pem'));
  assert.notEqual(r.status, 'pass', r.text);

  await inspectToken(page, `Bearer ${hs256('correct horse battery staple')}`);
  r = await signatureWith(page, 'correct horse battery staple');
  assert.equal(r.status, 'pass', r.text);
  r = await signatureWith(page, 'another secret');
  assert.equal(r.status, 'fail', r.text);

  const loaded = served().filter(isVerifier);
  assert.equal(loaded.length, 2, `glue and wasm, once each: ${loaded}`);
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('once used, the verifier works offline', async () => {
  const { context, page } = await openOnline(env);
  await openView(page, 'token');
  await inspectToken(page, signed('RS256'));
  assert.equal((await signatureWith(page, fixture('rsa.pub.pem'))).status, 'pass');

  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await openView(page, 'token');
  await inspectToken(page, signed('PS256'));
  const r = await signatureWith(page, fixture('rsa.cert.pem'));
  assert.equal(r.status, 'pass', r.text);
  await context.close();
});

test('Compare loads its module on first use (or for a paste that may hold a request), once, and works offline after', async () => {
  const { context, page, logs, served } = await openOnline(env, { precache: false });
  assert.deepEqual(served().filter(isCompare), [], 'not loaded at start');
  // A paste that holds no request (request::detect) does not load it either.
  await paste(page, RAW_OUTPUTS_401);
  assert.equal(await page.getByTestId('to-compare').isHidden(), true);
  assert.deepEqual(served().filter(isCompare), [], 'not loaded for a response paste');
  await openView(page, 'compare');
  const { left, right } = COMPARE_PAIR;
  await compareRequests(page, left, right);
  await waitDifference(page);
  await compareRequests(page, left, left);
  assert.equal(served().filter(isCompare).length, 2, 'glue and wasm, once each');

  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await openView(page, 'compare');
  await compareRequests(page, right, left);
  await waitDifference(page);
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('the page shell has no engine; the full module is started right after ready, and analyses every paste', async () => {
  const { context, page, logs, served } = await openOnline(env, { precache: false });
  // The page's own module is the shell: no analysis of its own.
  assert.deepEqual(await page.evaluate(() => ['diagnose', 'analyzeView', 'tokenView', 'engine'].filter((f) => f in window.wasmBindings)), []);
  // Ready, then the engine (the worker with the full module) without any paste.
  await page.waitForFunction(() => document.body.dataset.engine === 'ready', null, { timeout: 30_000 });
  assert.ok(served().some(isFull), 'the full module was fetched');
  const loaded = served().filter(isFull).length;
  await paste(page, RAW_OUTPUTS_401);
  const history = readFileSync(join(ROOT, 'crates/authlens-core/tests/fixtures/history/logic_scheduled_only.json'), 'utf8');
  await page.getByTestId('diagnose-input').fill(history);
  await page.getByTestId('history-chart').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('history-kind').textContent(), /\d+ runs/);
  await paste(page, RAW_OUTPUTS_401);
  await page.getByTestId('diagnose-input').fill(history);
  await page.getByTestId('history-chart').waitFor({ state: 'visible', timeout: 30_000 });
  // Every paste went to the engine already there: nothing more was fetched.
  assert.equal(served().filter(isFull).length, loaded, 'no further download of the full module');
  assert.equal(await page.evaluate(() => window.authlensAnalysis.lastRun?.where), 'worker');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('a paste before the engine answered says the analyser is loading, then shows its result', async () => {
  // No worker: the full module loads on the main thread, where the test can hold it back.
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.AUTHLENS_NO_WORKER = true;
    window.AUTHLENS_NO_PRECACHE = true;
  });
  let release;
  const held = new Promise((ok) => { release = ok; });
  await context.route(/authlens-full-web-[0-9a-f]{16}_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.body.dataset.engine ?? null), null, 'no engine before the full module answered');
  await page.getByTestId('diagnose-input').fill(RAW_OUTPUTS_401);
  await page.waitForFunction(() => /^Loading the analyser…/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 10_000 });
  assert.ok(await page.getByTestId('result').isHidden(), 'no result yet');
  release();
  await page.waitForFunction(() => !document.getElementById('result').hidden, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.engine), 'ready');
  assert.ok((await page.locator('[data-testid="diagnose-findings"] > li').count()) > 0, 'findings');
  assert.match((await page.getByTestId('status').textContent()).trim(), /^\d+ findings?$/);
  assert.equal(await page.evaluate(() => window.authlensAnalysis.lastRun?.where), 'main');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('the Rules view comes from the full module', async () => {
  const { context, page, logs } = await openOnline(env, { precache: false });
  await openView(page, 'rules');
  await page.locator('.rule-index > li[data-code="AL104"]').waitFor({ state: 'attached', timeout: 30_000 });
  await openView(page, 'rule/AL104');
  await page.getByRole('button', { name: 'Try this example in Diagnose' }).click();
  await page.waitForFunction(() => !document.getElementById('view-diagnose').hidden);
  await page.locator('[data-testid="diagnose-findings"] > li[data-code="AL104"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});
