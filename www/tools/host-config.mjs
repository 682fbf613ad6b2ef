#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml), after csp-hash.mjs: writes the host settings of
// www/hosting/ into the build with the page's own Content-Security-Policy filled in, plus
// `frame-ancestors 'none'` (a meta tag cannot forbid framing; a header can).
//
// dist/_headers, dist/staticwebapp.config.json, dist/web.config where those hosts look for them;
// dist/hosting/nginx.conf and dist/hosting/github-pages.yml to copy by hand.
//
// Usage: run by Trunk with TRUNK_STAGING_DIR set; or `node www/tools/host-config.mjs [dist]`.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'hosting');

function fail(msg) {
  console.error(`host-config: ${msg}`);
  process.exit(1);
}

/** The policy as sent in a header: the page's meta policy and frame-ancestors 'none'. */
export function headerCsp(html) {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)?.[1];
  if (!meta) return null;
  const directives = meta.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors'));
  return [...directives, "frame-ancestors 'none'"].join('; ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const csp = headerCsp(readFileSync(join(dir, 'index.html'), 'utf8'));
  if (!csp) fail(`${dir}/index.html has no Content-Security-Policy meta tag`);
  if (/["<>\n]/.test(csp)) fail('the policy holds a character the settings files cannot carry');
  const fill = (name) => readFileSync(join(src, name), 'utf8').replaceAll('__AUTHLENS_CSP__', csp);
  mkdirSync(join(dir, 'hosting'), { recursive: true });
  for (const [name, to] of [
    ['_headers', '_headers'],
    ['staticwebapp.config.json', 'staticwebapp.config.json'],
    ['web.config', 'web.config'],
    ['nginx.conf', 'hosting/nginx.conf'],
    ['github-pages.yml', 'hosting/github-pages.yml'],
  ]) {
    writeFileSync(join(dir, to), fill(name));
  }
  JSON.parse(readFileSync(join(dir, 'staticwebapp.config.json'), 'utf8'));
  console.error("host-config: wrote _headers, staticwebapp.config.json, web.config, hosting/ with frame-ancestors 'none'");
}
