// Hosting anywhere (issue 17, point 16): the built host settings (www/hosting/, filled in by
// www/tools/host-config.mjs) send the page's CSP as a header with frame-ancestors 'none',
// Referrer-Policy and X-Content-Type-Options; the page works under them and cannot be framed.
// The bundled server redirects a sub-folder asked for without its trailing slash.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../www/tools/static-server.mjs';
import { DIST, launchBrowser, waitReady, paste, collectConsole, RAW_OUTPUTS_401 } from './support/harness.mjs';

let browser;
const cleanup = [];
after(async () => {
  await browser?.close();
  for (const f of cleanup) await f();
});

const metaCsp = () => readFileSync(join(DIST, 'index.html'), 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];

test('the build ships host settings carrying the page\'s own CSP, frame-ancestors \'none\' and the other headers', () => {
  const meta = metaCsp();
  const expected = `${meta}; frame-ancestors 'none'`;
  const swa = JSON.parse(readFileSync(join(DIST, 'staticwebapp.config.json'), 'utf8'));
  assert.equal(swa.globalHeaders['Content-Security-Policy'], expected);
  assert.equal(swa.globalHeaders['Referrer-Policy'], 'no-referrer');
  assert.equal(swa.globalHeaders['X-Content-Type-Options'], 'nosniff');
  assert.equal(swa.mimeTypes['.wasm'], 'application/wasm');
  for (const file of ['_headers', 'web.config', 'hosting/nginx.conf']) {
    const text = readFileSync(join(DIST, file), 'utf8');
    assert.ok(text.includes(expected), `${file} carries the CSP`);
    assert.ok(!text.includes('__AUTHLENS_'), `${file} has no placeholder left`);
    assert.match(text, /Referrer-Policy/);
    assert.match(text, /X-Content-Type-Options/);
  }
  assert.match(readFileSync(join(DIST, 'hosting/github-pages.yml'), 'utf8'), /deploy-pages/);
  // The host settings are for the host: not precached by the service worker.
  assert.ok(!readFileSync(join(DIST, 'sw.js'), 'utf8').includes('staticwebapp.config.json'));
});

test('served with the _headers file: the headers arrive, the page works, and it cannot be framed', async () => {
  const server = await serveStatic(DIST, 0, { hostHeaders: true });
  cleanup.push(() => server.close());
  browser ??= await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  const logs = collectConsole(page);
  const response = await page.goto(server.url);
  const h = response.headers();
  assert.equal(h['content-security-policy'], `${metaCsp()}; frame-ancestors 'none'`);
  assert.equal(h['referrer-policy'], 'no-referrer');
  assert.equal(h['x-content-type-options'], 'nosniff');
  await waitReady(page);
  await paste(page, RAW_OUTPUTS_401);
  assert.ok((await page.getByTestId('diagnose-findings').locator('li').count()) > 0);
  // The worker (large pastes) runs under the header policy too.
  const inWorker = await page.evaluate(async () => {
    const report = await window.authlensAnalysis.analyzeInWorker('{"statusCode":401}');
    // A worker that cannot start marks itself unusable and the analysis falls back.
    return !!report?.input && window.authlensAnalysis.workerAvailable();
  });
  assert.equal(inWorker, true, 'the worker ran under the header policy');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l) || /Content Security Policy/.test(l)), []);

  // Framed by another page: the browser refuses to render it.
  const framer = await context.newPage();
  await framer.goto('about:blank');
  await framer.setContent(`<iframe id="f" src="${server.url}" width="600" height="400"></iframe>`);
  await framer.waitForTimeout(1500);
  const frame = framer.frames().find((f) => f !== framer.mainFrame());
  const framedReady = await frame?.evaluate(() => window.authlensReady === true).catch(() => false);
  assert.notEqual(framedReady, true, 'the page ran inside a frame');
  await context.close();
});

test('the bundled server redirects a sub-folder without its trailing slash, and the page works there', async () => {
  const site = mkdtempSync(join(tmpdir(), 'authlens-host-'));
  cleanup.push(() => rmSync(site, { recursive: true, force: true }));
  symlinkSync(DIST, join(site, 'authlens'), 'dir');
  const server = await serveStatic(site, 0);
  cleanup.push(() => server.close());
  const r = await fetch(`${server.origin}/authlens?x=1`, { redirect: 'manual' });
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/authlens/?x=1');
  browser ??= await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/authlens`);
  assert.equal(new URL(page.url()).pathname, '/authlens/');
  await waitReady(page);
  // Styled: the stylesheet loaded (relative URLs resolved inside the folder).
  const styled = await page.evaluate(() => getComputedStyle(document.body).maxWidth !== 'none');
  assert.ok(styled, 'the page is styled');
  await paste(page, RAW_OUTPUTS_401);
  await context.close();
});
