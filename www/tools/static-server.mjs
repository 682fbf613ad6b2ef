// A tiny static file server for the built page (no dependencies). Used by `./x serve` and by the
// end-to-end tests. Binds 127.0.0.1 only; serves .wasm as application/wasm; answers a folder
// asked for without its trailing slash (`/authlens`) with a redirect to `/authlens/`, as hosts do:
// the page's relative URLs would otherwise resolve against the parent folder. With `hostHeaders`,
// also sends the headers of the built `_headers` file (www/hosting/), as a host reading it would.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The rules of a `_headers` file (Netlify / Cloudflare Pages format): `[{pattern, headers}]`, a
 * pattern being a path with `*` wildcards.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: {} });
    } else if (rules.length) {
      const i = line.indexOf(':');
      if (i > 0) rules.at(-1).headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}

function headersFor(rules, path) {
  const out = {};
  for (const { pattern, headers } of rules) {
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (re.test(path)) Object.assign(out, headers);
  }
  return out;
}

/**
 * Serves `root` on 127.0.0.1:`port` (0 = a free port). Every request path is recorded in `served`.
 * `options.hostHeaders`: also send the headers of `root/_headers`.
 * @returns {Promise<{origin: string, url: string, port: number, served: string[], close: () => Promise<void>}>}
 */
export async function serveStatic(root, port = 0, { hostHeaders = false } = {}) {
  root = resolve(root);
  const served = [];
  const rules = hostHeaders ? parseHeadersFile(await readFile(join(root, '_headers'), 'utf8')) : [];
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      served.push(path);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) {
        if (!path.endsWith('/')) {
          const url = new URL(req.url ?? '/', 'http://x');
          res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        file = join(file, 'index.html');
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        ...headersFor(rules, path),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const actual = server.address().port;
  const origin = `http://127.0.0.1:${actual}`;
  return {
    origin,
    url: `${origin}/`,
    port: actual,
    served,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// `node www/tools/static-server.mjs [--host-headers] DIR [PORT]`: serve until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const hostHeaders = args.includes('--host-headers');
  const [dir = 'dist', port = '8080'] = args.filter((a) => a !== '--host-headers');
  const s = await serveStatic(dir, Number(port), { hostHeaders });
  console.log(`AuthLens: serving ${resolve(dir)} on ${s.url} (Ctrl+C to stop)`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => s.close().then(() => process.exit(0)));
}
