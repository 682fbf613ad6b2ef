// Tokens are judged at the run's time, not the time of pasting (issue 17, item 2), and the
// headline fix follows the input kind and the platform, which the person can correct with one
// choice that travels in the share link (item 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, waitReady, paste, makeJwt, openView } from './support/harness.mjs';

const env = useBrowser();

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** A token that lived from `iat` to `exp` (seconds since the epoch), with a signature of an
 * RS256 signature's length (made up: nothing signs it), so it is not taken for a cut one. */
function token(iat, exp) {
  const [h, p] = makeJwt({
    aud: 'https://graph.microsoft.com',
    iss: 'https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/',
    tid: '00000000-0000-0000-0000-0000000000aa',
    iat, nbf: iat, exp, scp: 'User.Read',
  }).split('.');
  const sig = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) % 256)).toString('base64url');
  return `${h}.${p}.${sig}`;
}

/** The raw inputs of an HTTP action that sent a static bearer token (no time in them). */
function rawInputs(jwt) {
  return JSON.stringify({
    uri: 'https://graph.microsoft.com/v1.0/me',
    method: 'GET',
    headers: { Authorization: `Bearer ${jwt}` },
  }, null, 2);
}

/** A failed HTTP action from the run history, with its start time, inputs and outputs. */
function runAction(jwt, startTime) {
  return JSON.stringify({
    name: 'HTTP', startTime: iso(startTime), endTime: iso(startTime + 1), status: 'Failed', code: 'Unauthorized',
    inputs: { method: 'GET', uri: 'https://graph.microsoft.com/v1.0/me', headers: { Authorization: `Bearer ${jwt}` } },
    outputs: { statusCode: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } } },
  }, null, 2);
}

function newPage(options = {}) {
  return openPage(env, { locale: 'en-US', timezoneId: 'UTC', ...options });
}

const codes = (page) =>
  page.locator('[data-testid="diagnose-findings"] > li').evaluateAll((ls) => ls.map((l) => l.dataset.code));
const text = async (page, id) => ((await page.getByTestId(id).textContent()) ?? '').trim();

/** Types a run time into Diagnose and waits for the analysis to take it. */
async function setRunTime(page, value, expectNote) {
  await page.getByTestId('diagnose-run-time').fill(value);
  await page.getByTestId('diagnose-run-time-note').filter({ hasText: expectNote }).waitFor({ timeout: 10_000 });
}

test('a token pasted a day later is judged at the run time the paste carries', async () => {
  const { context, page } = await newPage();
  const run = now() - 25 * HOUR;
  // Valid when the run made its request (expired 30 minutes after it), expired now.
  await paste(page, runAction(token(run - HOUR, run + 30 * 60), run));
  assert.ok(!(await codes(page)).includes('AL601'), `no expiry finding: ${await codes(page)}`);
  assert.ok(!(await text(page, 'verdict')).includes('expired'), await text(page, 'verdict'));
  const note = await text(page, 'diagnose-run-time-note');
  assert.ok(note.includes(`From the paste: ${iso(run)}`) && note.includes("the run's startTime"), note);
  assert.ok((await text(page, 'notes')).includes("judged at the run's time"), await text(page, 'notes'));

  // The same run with a token that had already expired then: the expiry is the finding.
  await paste(page, runAction(token(run - 3 * HOUR, run - 2 * HOUR), run));
  assert.equal((await codes(page))[0], 'AL601');
  const first = await page.locator('[data-testid="diagnose-findings"] > li').first().textContent();
  assert.ok(first.includes('had expired when the request was made'), first);
  await context.close();
});

test('without a run time the token is "expired now; unknown at run time", and a typed time decides', async () => {
  const { context, page } = await newPage();
  const exp = now() - 25 * HOUR;
  await paste(page, rawInputs(token(exp - HOUR, exp)));
  const verdict = await text(page, 'verdict');
  assert.ok(verdict.includes('expired now; unknown at run time'), verdict);
  assert.ok(!/expired 25 h ago/.test(verdict), verdict);
  // The headline fix is the HTTP action's token, not a connection.
  assert.ok(verdict.includes('The HTTP action: get a fresh token'), verdict);
  assert.ok(!verdict.includes('Fix connection'), verdict);
  assert.ok((await text(page, 'diagnose-run-time-note')).includes('Not in the paste'));

  // The run time as the run history displays it (en-US, UTC browser): before exp → not expired.
  const d = new Date((exp - 10 * 60) * 1000);
  const hour12 = d.getUTCHours() % 12 || 12;
  const pad = (n) => String(n).padStart(2, '0');
  const shown = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hour12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
  await setRunTime(page, shown, `${iso(exp - 10 * 60)} UTC`);
  await page.waitForFunction(() => !document.getElementById('verdict').textContent.includes('expired now'));
  assert.ok(!(await codes(page)).includes('AL601'), `${await codes(page)}`);
  assert.ok((await text(page, 'notes')).includes('(from the run time you set)'), await text(page, 'notes'));

  // After exp → expired at run time.
  await setRunTime(page, iso(exp + HOUR), `Read as ${iso(exp + HOUR)} UTC.`);
  await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('had expired when the request was made'));

  // Unreadable: said under the field, and the analysis goes on without it.
  await setRunTime(page, 'the day before yesterday', 'Could not read');
  await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('expired now; unknown at run time'));
  await context.close();
});

test('a large paste analysed in the worker is judged at the run time and platform the person set', async () => {
  const { context, page } = await newPage();
  const exp = now() - 25 * HOUR;
  // Over the worker threshold (256 KB): the analysis runs in the worker, with the settings.
  const big = JSON.stringify({
    uri: 'https://graph.microsoft.com/v1.0/me', method: 'POST',
    headers: { Authorization: `Bearer ${token(exp - HOUR, exp)}` },
    body: { items: 'x'.repeat(300 * 1024) },
  });
  await page.getByTestId('diagnose-input').fill(big);
  await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('expired now; unknown at run time'), null, { timeout: 30_000 });
  await page.getByTestId('diagnose-run-time').fill(iso(exp + HOUR));
  await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('had expired when the request was made'), null, { timeout: 30_000 });
  await page.getByTestId('diagnose-platform-choice').selectOption('logic-apps');
  await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('managed identity'), null, { timeout: 30_000 });
  assert.ok((await text(page, 'diagnose-platform')).startsWith('Platform: Logic Apps (your choice'));
  await context.close();
});

test("the Token view's run-time field reads portal formats in the person's locale or says why not", async () => {
  const cases = [
    // [locale, time zone, typed, what the note says]
    ['en-GB', 'Europe/London', '03/04/2026 10:00', 'Read as 2026-04-03 10:00:00 in your time zone: 2026-04-03T09:00:00Z UTC.'],
    ['en-US', 'America/New_York', '03/04/2026 10:00', 'Read as 2026-03-04 10:00:00 in your time zone: 2026-03-04T15:00:00Z UTC.'],
    ['en-US', 'UTC', '11/23/2026 5:30:00 AM', '2026-11-23T05:30:00Z UTC.'],
    ['de-DE', 'UTC', '23.11.2026 05:30', '2026-11-23T05:30:00Z UTC.'],
    ['en-US', 'UTC', 'Mon, 23 Nov 2026 05:30:00 GMT', 'Read as 2026-11-23T05:30:00Z UTC.'],
    ['en-US', 'UTC', '31/02/2026 05:30', 'February 2026 has 28 days'],
    ['en-US', 'UTC', 'next tuesday', 'Could not read “next tuesday” as a date and time'],
  ];
  for (const [locale, timezoneId, typed, want] of cases) {
    const { context, page } = await newPage({ locale, timezoneId });
    await openView(page, 'token');
    await page.getByTestId('token-input').fill(`Bearer ${token(now() - HOUR, now() + HOUR)}`);
    await page.getByTestId('token-run').fill(typed);
    await page.getByTestId('token-run-note').filter({ hasText: want }).waitFor({ timeout: 10_000 })
      .catch(async () => assert.fail(`${locale} ${typed}: ${await text(page, 'token-run-note')}`));
    await context.close();
  }
});

test('the detected platform can be corrected with one choice, which the share link keeps', async () => {
  const { context, page } = await newPage();
  const pasted = JSON.stringify({
    statusCode: 401,
    headers: { Date: 'Mon, 23 Nov 2026 05:30:00 GMT' },
    body: { status: 401, message: 'The refresh token has expired. AADSTS700082: The refresh token has expired due to inactivity. Flow run failed; fix the connection shared_office365.' },
  });
  await paste(page, pasted);
  assert.ok((await text(page, 'diagnose-platform')).startsWith('Platform: Power Automate (detected) — '), await text(page, 'diagnose-platform'));
  assert.ok((await text(page, 'verdict')).includes('Power Automate → Connections → Fix connection'));

  await page.getByTestId('diagnose-platform-choice').selectOption('logic-apps');
  await page.waitForFunction(() => document.getElementById('verdict').textContent.includes('Edit API connection'));
  const verdict = await text(page, 'verdict');
  assert.ok(verdict.includes("Azure portal → the logic app's API connection → Edit API connection → Authorize"), verdict);
  assert.ok(!verdict.includes('Power Automate'), verdict);
  assert.ok((await text(page, 'diagnose-platform')).startsWith('Platform: Logic Apps (your choice; detected: Power Automate)'));
  const findings = await text(page, 'diagnose-findings');
  assert.ok(!findings.includes('Fix connection'), 'no Power Automate path in the Logic Apps fixes');

  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').value !== '');
  const link = await page.getByTestId('share-link').inputValue();
  const state = JSON.parse(Buffer.from(new URL(link).hash.slice(3), 'base64url').toString('utf8'));
  assert.equal(state.dp, 'logic-apps');
  await context.close();

  const fresh = await newPage();
  await fresh.page.goto(link);
  await waitReady(fresh.page);
  await fresh.page.getByTestId('result').waitFor({ state: 'visible' });
  await fresh.page.waitForFunction(() => document.getElementById('verdict').textContent.includes('Edit API connection'));
  assert.equal(await fresh.page.getByTestId('diagnose-platform-choice').inputValue(), 'logic-apps');
  // Back to the detected platform.
  await fresh.page.getByTestId('diagnose-platform-choice').selectOption('');
  await fresh.page.waitForFunction(() => document.getElementById('verdict').textContent.includes('Fix connection'));
  assert.ok((await text(fresh.page, 'diagnose-platform')).startsWith('Platform: Power Automate (detected)'));
  await fresh.context.close();
});
