//! The page layer (`authlens-web`) built with the engine (its `full` feature): the module the
//! analysis worker (`www/worker.js`) runs, and the one `www/analysis-client.js` loads on the main
//! thread where there is no worker. The page's start module is `authlens-web` without `full`, the
//! page shell: it hands every paste, share link and report cleaning to this one, which renders
//! with the same code (so the page shows what it showed when it analysed by itself).
//!
//! No code of its own: the re-export links the page layer, whose `#[wasm_bindgen]` exports (and
//! `start`, which leaves an already wired page alone) are this module's.

pub use authlens_web::*;
