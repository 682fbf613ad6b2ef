// AuthLens service worker: makes the page work offline after the first visit.
//
// - Precaches the built page's own static files (the list and the version below are written into
//   dist/sw.js at build time by www/tools/sw-gen.mjs; this source file only has placeholders).
// - Serves them cache-first. Besides them it caches only the files the page loads on demand (the
//   signature verifier), when first used. It never caches anything else, never touches requests
//   to other origins (it does not even answer them: the page's CSP forbids them anyway), and never
//   sees a paste: analysis happens in the page (or its worker), never through a request. A key
//   pasted for verification stays in the page too: the verifier is code, fetched by name.
// - Deletes older AuthLens caches when a new version activates.
//
// Every path is relative to this file, so the site works from any sub-path (the scope is the
// folder sw.js is served from).

const VERSION = '__AUTHLENS_SW_VERSION__';
const ASSETS = ['__AUTHLENS_SW_ASSETS__'];
// Files the page loads only on demand (the signature verifier, Compare): kept in the cache once
// used, so a key pasted offline still works after one use online; never downloaded by the
// install. (The full module, every analysis's, is in ASSETS: precached.)
const LAZY = ['__AUTHLENS_SW_LAZY__'];

const PREFIX = 'authlens-static-';
const CACHE = PREFIX + VERSION;
const SCOPE = new URL('./', self.location.href).href;
const INDEX = new URL('./index.html', self.location.href).href;
const LAZY_URLS = new Set(LAZY.map((a) => new URL(a, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      if (VERSION.startsWith('__')) throw new Error('AuthLens sw.js was not generated (run the build)');
      const cache = await caches.open(CACHE);
      // Files whose names carry Trunk's content hash may come from the HTTP cache (the page has
      // just loaded them: no second download); the others skip it, so the precache holds exactly
      // what the server has now.
      const hashed = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;
      await cache.addAll(
        ASSETS.map((a) => new Request(new URL(a, SCOPE).href, { cache: hashed.test(a) ? 'default' : 'reload' })),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Only the site's own files, inside this worker's folder; everything else is left alone.
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  event.respondWith(cacheFirst(request, url));
});

async function cacheFirst(request, url) {
  const cache = await caches.open(CACHE);
  // The folder itself (`…/dir/`, with or without a query) is index.html.
  const bare = url.origin + url.pathname;
  const key = bare === SCOPE ? INDEX : bare;
  const hit = await cache.match(key, { ignoreSearch: true });
  if (hit) return hit;
  // Not precached: the network. Only the on-demand files are kept (their names carry a content
  // hash, and the cache is this version's); anything else is never cached.
  const response = await fetch(request);
  if (response.ok && LAZY_URLS.has(key)) await cache.put(key, response.clone());
  return response;
}

self.addEventListener('message', (event) => {
  if (event.data === 'authlens:version') event.source?.postMessage({ authlensSw: VERSION, assets: ASSETS.length });
});
