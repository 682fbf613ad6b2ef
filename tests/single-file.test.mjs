// The single-file build (www/tools/single-file.mjs, `./x single`): one HTML file that works from
// file:// with no request but the file itself, under its own strict CSP, with no service worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSingleFile } from '../www/tools/single-file.mjs';
import { DIST, launchBrowser, waitReady, paste, collectConsole, openView, inspectToken, makeHs256Jwt, RAW_OUTPUTS_401 } from './support/harness.mjs';

let dir;
let file;
let built;
let browser;
before(async () => {
  // Built from the release dist/ the other tests use, into a temporary folder.
  built = buildSingleFile(DIST);
  dir = mkdtempSync(join(tmpdir(), 'authlens-single-'));
  file = join(dir, 'authlens.html');
  writeFileSync(file, built.html);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function directives(csp) {
  return Object.fromEntries(
    csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...values] = d.split(/\s+/);
      return [name, values];
    }),
  );
}

test('the single file inlines everything under a hash-only CSP', () => {
  const d = directives(built.csp);
  assert.deepEqual(d['default-src'], ["'none'"]);
  assert.deepEqual(d['connect-src'], ["'none'"]);
  assert.deepEqual(d['worker-src'], ["'none'"]);
  assert.deepEqual(d['base-uri'], ["'none'"]);
  assert.deepEqual(d['form-action'], ["'none'"]);
  assert.deepEqual(d['img-src'], ['data:']);
  assert.ok(d['script-src'].includes("'wasm-unsafe-eval'"));
  for (const s of [...d['script-src'], ...d['style-src']]) {
    assert.match(s, /^'sha256-[A-Za-z0-9+/]+=*'$|^'wasm-unsafe-eval'$/);
  }
  assert.ok(!/unsafe-inline|'unsafe-eval'|'self'/.test(built.csp));
  assert.ok(!/sw-register|serviceWorker\.register/.test(built.html), 'no service worker in the single file');
  assert.ok(!/<link[^>]+rel="(stylesheet|modulepreload|preload)"/.test(built.html));
});

test('opened from file://: ready, analyses a paste, no request but the file itself', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('request', (r) => requests.push(r.url()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => requests.push(e.request.url));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const logs = collectConsole(page);
  const url = pathToFileURL(file).href;

  await page.goto(url);
  await waitReady(page);
  assert.equal(await page.evaluate(() => window.AUTHLENS_SINGLE_FILE), true);
  await paste(page, RAW_OUTPUTS_401);
  assert.ok((await page.getByTestId('diagnose-findings').locator('li').count()) > 0, 'findings');
  assert.match(await page.getByTestId('input-kind').textContent(), /\S/);
  const report = await page.evaluate((t) => window.wasmBindings.diagnose(t), RAW_OUTPUTS_401);
  assert.ok(report.findings.length > 0);

  // Nothing else was requested, and a fetch is refused by the CSP.
  const blocked = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/');
      return 'not blocked';
    } catch {
      return 'blocked';
    }
  });
  assert.equal(blocked, 'blocked');
  assert.ok(requests.includes(url), 'the recorder saw the file load');
  const others = [...new Set(requests)].filter((u) => u !== url && !u.startsWith('data:'));
  assert.deepEqual(others, [], 'requests besides the file itself');
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations.filter((v) => !v.includes('example.com')), [], 'CSP violations while working');
  assert.deepEqual(logs.filter((l) => /^pageerror/.test(l) || (/^error/.test(l) && !/example\.com|Content Security Policy/.test(l))), []);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline ?? null), null);
  await context.close();
});

test('from file://, a pasted key verifies the signature with the inlined verifier, no request', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const logs = collectConsole(page);
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await waitReady(page);
  await openView(page, 'token');
  await inspectToken(page, makeHs256Jwt({ sub: 'single-file' }, 'a shared test secret'));
  await page.getByTestId('token-key').fill('a shared test secret');
  await page.getByRole('button', { name: 'Inspect token' }).click();
  await page.locator('[data-check="signature"][data-status="pass"]').waitFor({ timeout: 30_000 });
  assert.deepEqual([...new Set(requests)].filter((u) => u !== url && !u.startsWith('data:')), []);
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('a page module such as analysis-client.js is inlined and falls back to the main thread', async () => {
  // The way the page may include it: a same-folder module script (the lead wires it in index.html).
  const copy = join(dir, 'dist-copy');
  cpSync(DIST, copy, { recursive: true });
  const index = join(copy, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('</head>', '<script type="module" src="./analysis-client.js"></script></head>'));
  const withClient = join(dir, 'with-client.html');
  writeFileSync(withClient, buildSingleFile(copy).html);

  const context = await browser.newContext();
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(pathToFileURL(withClient).href);
  await waitReady(page);
  const out = await page.evaluate(async (t) => {
    const a = window.authlensAnalysis;
    const progress = [];
    const report = await a.analyzeInWorker(t, { onProgress: (p) => progress.push(p.message) });
    return { worker: a.workerAvailable(), findings: report.findings.length };
  }, RAW_OUTPUTS_401);
  assert.equal(out.worker, false, 'no worker from file://');
  assert.ok(out.findings > 0);
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});
