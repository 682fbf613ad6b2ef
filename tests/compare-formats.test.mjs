// Compare reads PowerShell (`Invoke-RestMethod`) and the browser's "Copy as fetch" / "Copy as
// fetch (Node.js)", and from a collection holding many requests picks the one most like the other
// side (issue 17, item 13). The page must show what the core's Compare snapshot of the same pair
// says: each side's format, and the differences that matter in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, waitReady, openView, compareRequests, collectConsole, ROOT } from './support/harness.mjs';

const env = useBrowser();
const PAIRS = join(ROOT, 'crates/authlens-core/tests/fixtures/compare');

function pair(name) {
  const dir = join(PAIRS, name);
  const right = ['right.json', 'right.txt'].map((f) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      return null;
    }
  }).find((t) => t !== null);
  return {
    left: readFileSync(join(dir, 'left.txt'), 'utf8'),
    right,
    snapshot: JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')),
    expected: readFileSync(join(dir, 'expected.txt'), 'utf8'),
  };
}

// The pairs' `%%JWT_…%%` stand-ins are made into signed tokens only by the native tests
// (tests/support/compare_pairs.rs); here they reach the page as they are, so only pairs whose
// differences are not about a token's contents are checked (31, Copy as fetch against a flow,
// compares token claims and stays native).
for (const name of [
  '28-powershell-postman-snippet-vs-flow',
  '32-fetch-node-vs-collection-best-match',
]) {
  test(`Compare in the page: ${name}`, async () => {
    const { left, right, snapshot, expected } = pair(name);
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const logs = collectConsole(page);
    await page.goto(env.server.url);
    await waitReady(page);
    await openView(page, 'compare');
    await compareRequests(page, left, right);
    // Each side's format, as the core reads it.
    const kind = (side) => expected.match(new RegExp(`^kind_${side}=(.+)$`, 'm'))?.[1];
    assert.equal(await page.getByTestId('compare-left-kind').getAttribute('data-kind'), kind('left'));
    assert.equal(await page.getByTestId('compare-right-kind').getAttribute('data-kind'), kind('right'));
    // The differences that matter, in the core's order.
    const want = snapshot.differences.filter((d) => !d.expected).map((d) => [d.part, d.name]);
    assert.ok(want.length >= 1, 'the pair has a difference that matters');
    const got = await page.locator('[data-testid="compare-diff"] [data-expected="false"]').evaluateAll((els) =>
      els.map((e) => [e.dataset.part, e.dataset.name]));
    assert.deepEqual(got, want);
    assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
    await context.close();
  });
}
