// "Not recognised" is not a dead end (issue 17, item 4): when nothing (or only the wording
// reader's lead) explains a paste, the page shows what it read anyway (statuses, codes, services),
// a plain Microsoft Learn search link per code (a link the person opens: the page itself fetches
// nothing), and what to paste next for the platform (Power BI: Refresh history, never "Show raw
// outputs"). The JSON report carries the same summary as `seen`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, collectConsole } from './support/harness.mjs';

const env = useBrowser();

async function open() {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  return { context, page, requests, logs };
}

const UNKNOWN =
  '{"status":409,"error":{"code":"ContosoWidgetLocked","message":"The widget is locked by another process."}}\n' +
  'PUT https://contoso.sharepoint.com/sites/finance/_api/web/lists\n';

test('an unexplained paste shows what was seen, documentation searches and what to paste next', async () => {
  const { context, page, requests, logs } = await open();
  await paste(page, UNKNOWN);
  const seen = page.getByTestId('seen');
  await seen.waitFor({ state: 'visible' });
  const text = await seen.textContent();
  assert.match(text, /What AuthLens saw/);
  assert.match(text, /409 Conflict/);
  assert.match(text, /ContosoWidgetLocked/);
  assert.match(text, /contoso\.sharepoint\.com \(SharePoint Online\)/);

  const link = page.getByRole('link', { name: 'Search Microsoft Learn for ContosoWidgetLocked' });
  assert.equal(await link.getAttribute('href'), 'https://learn.microsoft.com/search/?terms=ContosoWidgetLocked');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /noopener/);
  assert.match(await page.getByTestId('paste-next').textContent(), /SharePoint: paste the whole response body/);

  // The JSON report carries the summary; the page fetched nothing from anywhere else.
  const json = JSON.parse(await page.getByTestId('report-json').inputValue());
  assert.equal(json.seen.codes[0].search_url, 'https://learn.microsoft.com/search/?terms=ContosoWidgetLocked');
  assert.deepEqual(json.seen.statuses, [{ code: 409, reason: 'Conflict' }]);
  const foreign = requests.filter((u) => !u.startsWith(env.server.origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'no request leaves the page');

  // An explained paste has no such section.
  await paste(page, 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.');
  assert.ok(await seen.isHidden());
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});

test('what to paste next follows the platform: Power BI gets Refresh history, not "Show raw outputs"', async () => {
  const { context, page } = await open();
  // Where the advice sits: a note when nothing was found, the seen section beside a wording lead.
  const advice = async () => `${await page.getByTestId('notes').textContent()} ${await page.getByTestId('seen').textContent()}`;
  await paste(page, 'Refresh failed for the semantic model Sales in Power BI. Something went wrong.');
  await page.getByTestId('seen').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('input-kind').getAttribute('data-platform'), 'power-bi');
  assert.match(await advice(), /Refresh history/);
  assert.doesNotMatch(await advice(), /select the action|Show raw outputs \(/);
  assert.match(await page.getByTestId('seen').textContent(), /No error code, HTTP status or service address/);

  await paste(page, 'The flow run failed in Power Automate. Something went wrong, please try again later.');
  assert.equal(await page.getByTestId('input-kind').getAttribute('data-platform'), 'power-automate');
  assert.match(await advice(), /Power Automate: open the failed run, select the failed action, then Show raw outputs/);
  await context.close();
});
