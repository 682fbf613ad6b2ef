// Nothing pasted leaves the page: every request is recorded (Playwright and raw CDP), and none may
// go elsewhere than the test server or carry any 8-character piece of the paste. Storage and the
// console must not keep the token either. The Token and Compare views are exercised with the same
// token; no storage API is even called; the URL only ever shows view names, and a share link is
// made only on request without changing the page URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchPersistent, waitReady, paste, makeJwt, inspectToken, compareRequests } from './support/harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

/** Every 8-character window of `text`, except windows that are only JSON punctuation/space. */
function chunks(text, size = 8) {
  const out = new Set();
  for (let i = 0; i + size <= text.length; i++) {
    const c = text.slice(i, i + size);
    if (/[A-Za-z0-9]{3}/.test(c)) out.add(c);
  }
  return [...out];
}

test('a paste with a bearer token never leaves the page', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  const jwt = makeJwt({
    aud: 'https://graph.microsoft.com',
    iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    iat: now - 7200, nbf: now - 7200, exp: now - 3600,
    upn: 'privacy.canary@contoso.example', scp: 'User.Read',
  });
  const pasted = JSON.stringify({
    statusCode: 401,
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'x-canary': 'zq7PrivacyCanaryXk2' },
    body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } },
    request: { headers: { Authorization: `Bearer ${jwt}` } },
  });
  const secrets = chunks(pasted);

  const { context, close } = await launchPersistent();
  t.after(close);
  const requests = [];
  const record = (source, url, headers, postData) =>
    requests.push({ source, url, text: `${url}\n${JSON.stringify(headers ?? {})}\n${postData ?? ''}` });
  context.on('request', (r) => record('context', r.url(), r.headers(), r.postData()));
  context.on('serviceworker', (w) => record('serviceworker', w.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (r) => record('page', r.url(), r.headers(), r.postData()));
  page.on('websocket', (ws) => record('websocket', ws.url()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) =>
    record('cdp', e.request.url, e.request.headers, e.request.postData));
  cdp.on('Network.webSocketCreated', (e) => record('cdp-websocket', e.url));
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));
  // Every URL the page shows, and every attempt to store anything.
  const urls = [];
  page.on('framenavigated', (f) => urls.push(f.url()));
  await context.addInitScript(() => {
    window.__writes = [];
    const note = (what) => window.__writes.push(what);
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { note(`storage ${k}`); return setItem.call(this, k, v); };
    const idbOpen = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (name, ...rest) { note(`indexedDB ${name}`); return idbOpen.call(this, name, ...rest); };
    if (window.caches) {
      const cacheOpen = CacheStorage.prototype.open;
      CacheStorage.prototype.open = function (name) { note(`caches ${name}`); return cacheOpen.call(this, name); };
    }
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(Document.prototype, 'cookie', {
      get() { return cookie.get.call(this); },
      set(v) { note('cookie'); cookie.set.call(this, v); },
    });
  });

  await page.goto(server.url);
  await waitReady(page);
  await paste(page, pasted);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.waitForTimeout(600); // past the debounce: anything late would show up now
  // A second, different paste: still nothing.
  await paste(page, `Authorization: Bearer ${jwt}`);
  await page.waitForTimeout(600);
  urls.push(page.url());

  // The Token and Compare views with the same token: still nothing leaves, nothing is stored.
  await page.getByRole('tab', { name: 'Token' }).click();
  await inspectToken(page, `Bearer ${jwt}`);
  await page.getByTestId('token-url').fill('GET https://graph.microsoft.com/v1.0/me');
  await page.waitForTimeout(600);
  urls.push(page.url());
  await page.getByRole('tab', { name: 'Compare' }).click();
  await compareRequests(
    page,
    `curl -H 'Authorization: Bearer ${jwt}' https://graph.microsoft.com/v1.0/me`,
    JSON.stringify({ uri: 'https://graph.microsoft.com/v1.0/me', method: 'GET', headers: { Authorization: `"Bearer ${jwt}"`, 'x-canary': 'zq7PrivacyCanaryXk2' } }),
  );
  await page.getByTestId('compare-reveal').check();
  await page.waitForTimeout(600);
  urls.push(page.url());
  // No URL the page showed carries any piece of what was pasted: only view names.
  for (const u of urls) {
    for (const c of secrets) assert.ok(!u.includes(c), `the URL carries a piece of the paste (${c}): ${u}`);
    assert.match(new URL(u).hash, /^(#(diagnose|token|compare))?$/, u);
    assert.equal(new URL(u).search, '', u);
  }
  // The share link is made only on request, shown in its field, and the page URL stays as it was.
  const before = page.url();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  assert.equal(page.url(), before, 'making a share link does not change the page URL');
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(new URL(link).hash.startsWith('#s=') && new URL(link).search === '');
  assert.ok(!link.includes(jwt.split('.')[2]), 'the share link carries no signature');
  await page.waitForTimeout(300);

  assert.ok(requests.length > 0, 'the recorder saw the page load');
  for (const r of requests) {
    const u = new URL(r.url);
    assert.ok(u.protocol === 'data:' || u.origin === server.origin, `request to another origin: ${r.source} ${r.url}`);
    for (const c of secrets) assert.ok(!r.text.includes(c), `request carries a piece of the paste (${c}): ${r.url}`);
  }
  assert.ok(!requests.some((r) => r.source.includes('websocket')));
  // The only service worker is the page's own offline cache (www/sw.js), from the page's origin.
  for (const r of requests.filter((r) => r.source === 'serviceworker')) {
    assert.equal(r.url, `${server.origin}/sw.js`, `unexpected service worker ${r.url}`);
  }

  const storage = await page.evaluate(() => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`).join('\n');
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };
  });
  for (const where of ['local', 'session', 'cookie']) {
    assert.ok(!storage[where].includes(jwt.slice(0, 20)), `${where} storage holds the token`);
    assert.ok(!storage[where].includes('zq7PrivacyCanaryXk2'), `${where} storage holds the paste`);
  }
  assert.deepEqual(await page.evaluate(() => window.__writes), [], 'the page tried to store something');
  assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), []);
  // Cache Storage holds only the offline cache of the site's own files (www/sw.js): same origin,
  // and no cached URL carries any piece of the paste.
  const cached = await page.evaluate(async () => {
    const out = [];
    for (const name of window.caches ? await caches.keys() : []) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) out.push([name, req.url]);
    }
    return out;
  });
  for (const [name, url] of cached) {
    assert.match(name, /^authlens-static-[0-9a-f]+$/, `unexpected cache ${name}`);
    assert.equal(new URL(url).origin, server.origin, `cached file from another origin: ${url}`);
    for (const c of secrets) assert.ok(!url.includes(c), `a cached URL carries a piece of the paste: ${url}`);
  }
  const logs = consoleText.join('\n');
  for (const c of chunks(jwt)) assert.ok(!logs.includes(c), `console shows a piece of the token (${c})`);

});
