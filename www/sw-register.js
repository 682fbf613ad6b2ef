// Registers the offline service worker (./sw.js) and shows whether the page works offline.
//
// Included by www/index.html as `<script type="module" src="./sw-register.js">` (copied as is by
// Trunk). State, for the page and the tests:
//   document.documentElement.dataset.offline = "ready"       precache complete, the page works offline
//                                             = "installing"  first visit, files are being saved
//                                             = "unsupported" no service worker here (file://, old browser, private mode)
//                                             = "error"       registration or precache failed
// and the text of #offline-status (if the page has it). Also `window.authlensOffline`: a promise of
// the final state. Nothing is sent anywhere: the worker only fetches the page's own files.

const STATUS_TEXT = {
  installing: 'Saving AuthLens for offline use…',
  ready: 'Works offline: AuthLens is saved in this browser (its files only, never your pastes).',
  unsupported: '',
  error: 'Offline use is not available in this browser session.',
};

function show(state) {
  document.documentElement.dataset.offline = state;
  const el = document.getElementById('offline-status');
  if (el) el.textContent = STATUS_TEXT[state] ?? '';
  return state;
}

async function register() {
  const sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext || location.protocol === 'file:') return show('unsupported');
  try {
    // The script's folder is the scope: the site works from any sub-path.
    const registration = await sw.register(new URL('./sw.js', import.meta.url), {
      scope: new URL('./', import.meta.url).href,
      updateViaCache: 'none',
    });
    if (!registration.active) show('installing');
    // A first install whose precache fails ends "redundant" and `ready` would never resolve.
    const failed = new Promise((_, fail) => {
      const w = registration.installing;
      w?.addEventListener('statechange', () => {
        if (w.state === 'redundant' && !registration.active) fail(new Error('precache failed'));
      });
    });
    // Resolves once a worker is active, i.e. its precache completed.
    await Promise.race([sw.ready, failed]);
    return show('ready');
  } catch (e) {
    console.warn('AuthLens: offline use unavailable:', e?.message ?? e);
    return show('error');
  }
}

window.authlensOffline = document.readyState === 'loading'
  ? new Promise((ok) => document.addEventListener('DOMContentLoaded', () => ok(register()), { once: true }))
  : register();
