// Nothing pasted leaves the page: every request is recorded (Playwright and raw CDP), and none may
// go elsewhere than the test server or carry any 8-character piece of the paste. Storage and the
// console must not keep the token either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchPersistent, waitReady, paste, makeJwt } from './support/harness.mjs';

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

  await page.goto(server.url);
  await waitReady(page);
  await paste(page, pasted);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.waitForTimeout(600); // past the debounce: anything late would show up now
  // A second, different paste: still nothing.
  await paste(page, `Authorization: Bearer ${jwt}`);
  await page.waitForTimeout(600);

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
  const logs = consoleText.join('\n');
  for (const c of chunks(jwt)) assert.ok(!logs.includes(c), `console shows a piece of the token (${c})`);

});
