// The secret corpus (crates/authlens-core/tests/fixtures/secrets/corpus.jsonl: every kind of
// secret issue 14 lists, in Diagnose, Compare and Token form) through the share link round trip
// in the real page: no secret, and no 12-character piece of one, in the link, in its decoded
// state (base64 runs decoded too), or anywhere in the page the link restores (fields and text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, waitReady, openView, ROOT } from './support/harness.mjs';

const env = useBrowser();
const PIECE = 12;
const NEUTRAL = '{"inputs": {"uri": "https://api.contoso.example/v1/orders", "method": "GET"}}';

const corpus = readFileSync(join(ROOT, 'crates/authlens-core/tests/fixtures/secrets/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

/** `text` plus every base64 / base64url run of 16 characters or more, decoded. */
function withDecoded(text) {
  let all = text;
  for (const run of text.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
    const b = run.replace(/-/g, '+').replace(/_/g, '/');
    all += `\n${Buffer.from(b.slice(0, b.length - (b.length % 4)), 'base64').toString('utf8')}`;
  }
  return all;
}

function leakedPiece(text, secret) {
  for (let i = 0; i + PIECE <= secret.length; i += 1) {
    const piece = secret.slice(i, i + PIECE);
    if (text.includes(piece)) return piece;
  }
  return null;
}

/** Every field value and the visible text of `page`. */
async function everything(page) {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('textarea, input')].map((e) => e.value);
    return `${values.join('\n')}\n${document.body.innerText}`;
  });
}

async function makeLink(page, c) {
  const view = c.view === 'token' ? 'token' : c.view === 'compare' ? 'compare' : 'diagnose';
  await openView(page, view);
  if (view === 'token') {
    await page.getByTestId('token-input').fill(c.input);
  } else if (view === 'compare') {
    await page.getByTestId('compare-left').fill(c.input);
    await page.getByTestId('compare-right').fill(NEUTRAL);
  } else {
    await page.getByTestId('diagnose-input').fill(c.input);
  }
  await page.evaluate(() => { document.querySelector('[data-testid="share-link"]').value = ''; });
  await page.getByRole('button', { name: 'Copy share link' }).click();
  // Polled on a timer: the maker and the opener are two pages, and a page in the background gets
  // few animation frames.
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== ''
    || document.querySelector('[data-testid="share-message"]').textContent.includes('too large'), undefined, { polling: 20 });
  return { view, link: await page.getByTestId('share-link').inputValue() };
}

test('no secret of the corpus survives the share link round trip', async () => {
  assert.ok(corpus.length >= 80, `${corpus.length} cases`);
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const maker = await context.newPage();
  await maker.goto(env.server.url);
  await waitReady(maker);
  const opener = await context.newPage();
  const leaks = [];
  for (const [i, c] of corpus.entries()) {
    const { view, link } = await makeLink(maker, c);
    assert.ok(link, `${c.id}: no link made`);
    const hash = new URL(link).hash;
    const state = Buffer.from(hash.slice(3), 'base64url').toString('utf8');
    const shown = await maker.getByTestId('share-contents').textContent();
    // The first cases open in a new document; the rest through the fragment alone (hashchange),
    // the same restore path, faster.
    if (i < 5) {
      await opener.goto('about:blank');
      await opener.goto(link);
      await waitReady(opener);
    } else {
      if (i === 5) {
        await opener.goto(env.server.url);
        await waitReady(opener);
      }
      await opener.evaluate((h) => { location.hash = h; }, hash);
    }
    const field = view === 'token' ? 'token-input' : view === 'compare' ? 'compare-left' : 'diagnose-input';
    await opener.waitForFunction((f) => document.querySelector(`[data-testid="${f}"]`).value !== '', field, { polling: 20 });
    await opener.waitForTimeout(150);
    const restored = await everything(opener);
    for (const [where, text] of [
      ['link', link], ['decoded state', withDecoded(state)], ['link contents shown', withDecoded(shown)],
      ['restored page', withDecoded(restored)],
    ]) {
      for (const s of c.secrets) {
        const p = leakedPiece(text, s);
        if (p) leaks.push(`${c.id} / ${where}: ${p}`);
      }
    }
  }
  await context.close();
  assert.deepEqual(leaks, []);
});

test('a damaged or cut share link says so', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}#s=eyJ2IjoxLCJ2aWV3IjoiZGlhZ25vc2UiLCJkIjoiQUFEU1RTNTAw`);
  await waitReady(page);
  const note = page.getByTestId('share-damaged');
  await note.waitFor({ state: 'visible' });
  assert.match(await note.textContent(), /damaged or cut off/);
  await page.close();
});

test('output boxes are not remembered by the browser and are emptied when the page is left', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  for (const id of ['report-markdown', 'report-json', 'share-link', 'error-details']) {
    assert.equal(await page.getByTestId(id).getAttribute('autocomplete'), 'off', id);
  }
  await page.getByTestId('diagnose-input').fill('Authorization: Bearer abcdefgh12345678\nAADSTS50076');
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  assert.equal(await page.getByTestId('share-link').inputValue(), '');
  assert.equal(await page.getByTestId('report-markdown').inputValue(), '');
  await page.close();
});

test('a 1,500-character value does not make the page scroll sideways', async () => {
  const page = await env.browser.newPage({ viewport: { width: 800, height: 900 } });
  await page.goto(env.server.url);
  await waitReady(page);
  const x5c = 'MII' + 'A'.repeat(1500);
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [x5c] })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ aud: 'https://graph.microsoft.com', exp: 1 })).toString('base64url');
  await openView(page, 'token');
  await page.getByTestId('token-input').fill(`${header}.${payload}.c2ln`);
  await page.getByRole('button', { name: 'Inspect token' }).click();
  await page.getByTestId('token-checks').waitFor({ state: 'visible' });
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide in a ${client}px window`);
  await page.close();
});

test('personal data can be left out of the link', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  await page.getByTestId('diagnose-input').fill(
    '{"error":"AADSTS50076","upn":"ada.lovelace@contoso.example","ip":"203.0.113.7","userId":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}',
  );
  await page.getByTestId('share-personal').check();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  const state = Buffer.from(new URL(link).hash.slice(3), 'base64url').toString('utf8');
  for (const p of ['ada.lovelace', '203.0.113.7', '3fa85f64']) assert.ok(!state.includes(p), p);
  assert.ok(state.includes('AADSTS50076'));
  assert.ok((await page.locator('#share-contents mark.redaction').count()) >= 3);
  await page.close();
});
