// Compare reads PowerShell (`Invoke-RestMethod`) and the browser's "Copy as fetch" / "Copy as
// fetch (Node.js)", and from a collection holding many requests picks the one most like the other
// side (issue 17, item 13); pairs whose differences are about the tokens' contents (audience,
// tenant, app, expiry, roles) are read in the page as natively. The page must show what the
// core's Compare snapshot of the same pair says: each side's format, every difference in order
// (part, name, severity, values, explanation), and the Markdown report byte for byte
// (`snapshot.md`, which `authlens compare --markdown` is held to in crates/authlens-cli/tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, waitReady, openView, compareRequests, collectConsole, ROOT } from './support/harness.mjs';

const env = useBrowser();
const PAIRS = join(ROOT, 'crates/authlens-core/tests/fixtures/compare');
// The clock of the core's snapshots when a pair names none (compare_snapshots.rs `NOW`).
const NOW = 1_899_995_000;

// The pairs' `%%JWT_…%%` stand-ins, made as crates/authlens-core/tests/support/compare_pairs.rs
// makes them: the same claims, keys in serde_json's (sorted) order, the same fake signature, so
// the page receives byte for byte the tokens the core's snapshot was made from.
const T1 = '11111111-1111-1111-1111-111111111111';
const T2 = '22222222-2222-2222-2222-222222222222';
const A2 = 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb';
const SIG = 'c2lnbmF0dXJlLW5vdC1yZWFs';
const sortedJson = (o) => JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));
const b64 = (s) => Buffer.from(s).toString('base64url');
function graph(extra = {}) {
  const claims = {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${T1}/`,
    iat: 1_899_990_000, nbf: 1_899_990_000, exp: 1_900_000_000,
    tid: T1, appid: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', scp: 'User.Read Mail.Read', upn: 'someone@contoso.example',
    ...extra,
  };
  return `${b64(sortedJson({ typ: 'JWT', alg: 'RS256', kid: 'k1' }))}.${b64(sortedJson(claims))}.${SIG}`;
}
const TOKENS = {
  '%%JWT_GRAPH%%': graph(),
  '%%JWT_GRAPH_LATER%%': graph({ iat: 1_899_995_000, exp: 1_900_005_000 }),
  '%%JWT_ARM%%': graph({ aud: 'https://management.azure.com/', scp: 'user_impersonation' }),
  '%%JWT_DATAVERSE%%': graph({ aud: 'https://org1.crm4.dynamics.com', scp: 'user_impersonation' }),
  '%%JWT_TENANT2_APP2%%': graph({ tid: T2, iss: `https://sts.windows.net/${T2}/`, appid: A2 }),
  '%%JWT_EXPIRED%%': graph({ exp: 1_600_000_000 }),
  '%%JWT_ROLES%%': graph({ aud: '00000003-0000-0ff1-ce00-000000000000', scp: null, roles: ['Sites.Read.All'] }),
  '%%JWT_NO_ROLES%%': graph({ aud: '00000003-0000-0ff1-ce00-000000000000', scp: null }),
};
function materialise(text) {
  for (const [k, v] of Object.entries(TOKENS)) text = text.replaceAll(k, v);
  assert.ok(!text.includes('%%JWT'), 'an unknown stand-in');
  return text;
}

function side(dir, prefix) {
  for (const f of [`${prefix}.txt`, `${prefix}.json`, `${prefix}.har`]) {
    try {
      return materialise(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`${dir}: no ${prefix}.* side`);
}

function pair(name) {
  const dir = join(PAIRS, name);
  const expected = readFileSync(join(dir, 'expected.txt'), 'utf8');
  const directive = (k) => expected.match(new RegExp(`^${k}=(.+)$`, 'm'))?.[1];
  return {
    left: side(dir, 'left'),
    right: side(dir, 'right'),
    snapshot: JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')),
    markdown: readFileSync(join(dir, 'snapshot.md'), 'utf8'),
    expected,
    now: directive('now') ? Date.parse(directive('now')) : NOW * 1000,
    picks: [directive('pick_left') ?? '', directive('pick_right') ?? ''],
  };
}

for (const name of [
  '28-powershell-postman-snippet-vs-flow',
  '32-fetch-node-vs-collection-best-match',
  // About the tokens' contents.
  '04-token-audience',
  '05-token-tenant-app',
  '06-token-expired',
  '07-roles-missing',
  '31-copy-as-fetch-vs-flow',
]) {
  test(`Compare in the page: ${name}`, async () => {
    const { left, right, snapshot, markdown, expected, now, picks } = pair(name);
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const logs = collectConsole(page);
    // The page judges tokens against its clock: the snapshot's.
    await page.clock.setFixedTime(new Date(now));
    await page.goto(env.server.url);
    await waitReady(page);
    await openView(page, 'compare');
    await page.getByTestId('compare-pick-left').fill(picks[0]);
    await page.getByTestId('compare-pick-right').fill(picks[1]);
    await compareRequests(page, left, right);
    // Each side's format, as the core reads it.
    const kind = (s) => expected.match(new RegExp(`^kind_${s}=(.+)$`, 'm'))?.[1] ?? snapshot[s].kind;
    assert.equal(await page.getByTestId('compare-left-kind').getAttribute('data-kind'), kind('left'));
    assert.equal(await page.getByTestId('compare-right-kind').getAttribute('data-kind'), kind('right'));
    // The differences that matter, in the core's order.
    const want = snapshot.differences.filter((d) => !d.expected).map((d) => [d.part, d.name]);
    assert.ok(want.length >= 1, 'the pair has a difference that matters');
    const got = await page.locator('[data-testid="compare-diff"] [data-expected="false"]').evaluateAll((els) =>
      els.map((e) => [e.dataset.part, e.dataset.name]));
    assert.deepEqual(got, want);
    // Every difference with its values and explanation, as the core's report has them.
    const fields = (d) => ({ part: d.part, name: d.name, severity: d.severity, expected: d.expected, left: d.left, right: d.right, explanation: d.explanation });
    const json = JSON.parse(await page.getByTestId('compare-report-json').inputValue());
    assert.deepEqual(json.differences.map(fields), snapshot.differences.map(fields));
    // The Markdown report: the core's, as the CLI prints it.
    assert.equal(await page.getByTestId('compare-report-markdown').inputValue(), markdown);
    assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
    await context.close();
  });
}
