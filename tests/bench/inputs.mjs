// Deterministic benchmark and stress inputs (no randomness between runs: a seeded PRNG).
// Used by scripts/bench-browser.mjs and tests/analysis-worker.test.mjs.

export const MB = 1024 * 1024;

/** mulberry32: a tiny seeded PRNG, same sequence on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(rand) {
  const h = () => Math.floor(rand() * 16).toString(16);
  const part = (n) => Array.from({ length: n }, h).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}

function isoTime(base, seconds) {
  return new Date(Date.UTC(2025, 0, 6, 2, 0, 0) + (base + seconds) * 1000).toISOString();
}

/** A JWT-shaped value (not a real token; the signature is filler). */
function fakeJwt(rand, i) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'RS256', typ: 'JWT', kid: `bench-key-${i % 7}` });
  const claims = b64({
    aud: 'https://graph.microsoft.com',
    iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    iat: 1736128800 + i,
    nbf: 1736128800 + i,
    exp: 1736132400 + i,
    appid: guid(rand),
    scp: 'Sites.Read.All User.Read',
    tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  });
  const sig = Buffer.from(`bench-signature-${i}-${'x'.repeat(180)}`).toString('base64url');
  return `${header}.${claims}.${sig}`;
}

/** What a 401 from Microsoft Graph looks like in Power Automate's "raw outputs" (~2 KB). */
export function rawOutputs401() {
  const out = {
    statusCode: 401,
    headers: {
      'Transfer-Encoding': 'chunked',
      Vary: 'Accept-Encoding',
      'Strict-Transport-Security': 'max-age=31536000',
      'request-id': '0f5c2a77-1d3b-4c1e-9a55-6c2e8b9d4f10',
      'client-request-id': '0f5c2a77-1d3b-4c1e-9a55-6c2e8b9d4f10',
      'x-ms-ags-diagnostic': '{"ServerInfo":{"DataCenter":"West Europe","Slice":"E","Ring":"5","ScaleUnit":"003","RoleInstance":"AM2PEPF0001A2B3","ADSiteName":"AMS"}}',
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
        'client_id="00000003-0000-0000-c000-000000000000", error="invalid_token", ' +
        'error_description="Lifetime validation failed, the token is expired."',
      'x-ms-resource-unit': '1',
      'Cache-Control': 'private',
      Date: 'Mon, 06 Jan 2025 09:14:22 GMT',
      'Content-Type': 'application/json',
      'Content-Length': '312',
    },
    body: {
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'Lifetime validation failed, the token is expired.',
        innerError: {
          date: '2025-01-06T09:14:22',
          'request-id': '0f5c2a77-1d3b-4c1e-9a55-6c2e8b9d4f10',
          'client-request-id': '0f5c2a77-1d3b-4c1e-9a55-6c2e8b9d4f10',
        },
      },
    },
  };
  let text = JSON.stringify(out, null, 2);
  // Pad with the kind of headers a gateway adds, to ~2 KB.
  let i = 0;
  while (text.length < 2000) {
    out.headers[`x-ms-gateway-trace-${i}`] = `AM2PEPF0001A2B3-${i}-7c1e9a556c2e8b9d4f10`;
    text = JSON.stringify(out, null, 2);
    i++;
  }
  return text;
}

/** A Power BI "Get Refresh History" response of about `size` characters (refreshes failing on credentials). */
export function powerBiRefreshHistory(size = 10 * MB, seed = 1) {
  const rand = prng(seed);
  const parts = ['{"@odata.context":"https://api.powerbi.com/v1.0/myorg/$metadata#refreshes","value":['];
  let len = parts[0].length;
  for (let i = 0; len < size - 200; i++) {
    const failed = i % 3 !== 2;
    const entry = {
      requestId: guid(rand),
      id: 900000000 + i,
      refreshType: i % 5 === 0 ? 'OnDemand' : 'Scheduled',
      startTime: isoTime(-i * 3600, 0),
      endTime: isoTime(-i * 3600, 40 + Math.floor(rand() * 300)),
      status: failed ? 'Failed' : 'Completed',
    };
    if (failed) {
      entry.serviceExceptionJson = JSON.stringify({
        errorCode: i % 2 ? 'ModelRefresh_ShortMessage_CredentialsNotSpecified' : 'DM_GWPipeline_Gateway_DataSourceAccessError',
        errorDescription:
          i % 2
            ? 'The credentials provided for the SharePoint source are invalid. (Source at https://contoso.sharepoint.com/sites/finance.) Please update the credentials in the dataset settings.'
            : 'The credentials provided for the OData source are invalid. AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2024-09-01T08:00:00Z and was inactive for 90.00:00:00.',
        requestId: guid(rand),
        clusterUri: 'https://wabi-west-europe-e-primary-redirect.analysis.windows.net/',
      });
    }
    const s = (i ? ',' : '') + JSON.stringify(entry);
    parts.push(s);
    len += s.length;
  }
  parts.push(']}');
  return parts.join('');
}

/** A HAR (browser network export) of about `size` characters: Graph and SharePoint calls, some 401s. */
export function har(size = 10 * MB, seed = 2) {
  const rand = prng(seed);
  const head = '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[';
  const parts = [head];
  let len = head.length;
  for (let i = 0; len < size - 200; i++) {
    const unauthorized = i % 4 === 0;
    const url = i % 2
      ? `https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,${guid(rand)}/lists/${guid(rand)}/items?$top=200&$skiptoken=${i}`
      : `https://contoso.sharepoint.com/sites/finance/_api/web/lists/getbytitle('Invoices')/items?$top=500&$skip=${i * 500}`;
    const body = unauthorized
      ? JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.', innerError: { date: isoTime(i, 0), 'request-id': guid(rand) } } })
      : JSON.stringify({ value: Array.from({ length: 6 }, (_, k) => ({ id: `${i * 6 + k}`, Title: `Invoice ${i * 6 + k}`, Amount: Math.floor(rand() * 100000) / 100, Modified: isoTime(i, k) })) });
    const entry = {
      startedDateTime: isoTime(i, 0),
      time: Math.floor(rand() * 900),
      request: {
        method: 'GET',
        url,
        httpVersion: 'http/2.0',
        headers: [
          { name: 'accept', value: 'application/json;odata=nometadata' },
          { name: 'authorization', value: `Bearer ${fakeJwt(rand, i)}` },
          { name: 'client-request-id', value: guid(rand) },
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: unauthorized ? 401 : 200,
        statusText: unauthorized ? 'Unauthorized' : 'OK',
        httpVersion: 'http/2.0',
        headers: [
          { name: 'content-type', value: 'application/json; charset=utf-8' },
          { name: 'request-id', value: guid(rand) },
          ...(unauthorized
            ? [{ name: 'www-authenticate', value: 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="invalid_token"' }]
            : []),
        ],
        cookies: [],
        content: { size: body.length, mimeType: 'application/json', text: body },
        redirectURL: '',
        headersSize: -1,
        bodySize: body.length,
      },
      cache: {},
      timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: Math.floor(rand() * 800), receive: 2 },
    };
    const s = (i ? ',' : '') + JSON.stringify(entry);
    parts.push(s);
    len += s.length;
  }
  parts.push(']}}');
  return parts.join('');
}

/** JSON nested `depth` levels (`[[[…]]]`): 100 000 levels are 200 KB, under the worker
 * threshold (256 KB), so the page analyses it on the main thread. */
export function deepJson(depth = 100_000) {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** One bearer token on one line, `size` bytes long (a claims segment of filler). */
export function hugeToken(size = 1 * MB) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'RS256', typ: 'JWT' });
  const claims = b64({ aud: 'https://graph.microsoft.com', exp: 1736132400, filler: 'x'.repeat(Math.max(0, Math.floor(size * 0.74) - 200)) });
  return `Bearer ${header}.${claims}.${'s'.repeat(342)}`;
}
