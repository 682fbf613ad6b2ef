//! Token signature verification for the AuthLens page, as a wasm module of its own.
//!
//! The page's main wasm (`authlens-web`) is built without the core's `verify` feature: RSA,
//! P-256, P-384, SHA-2 and HMAC are about 75 KB gzip that most visits never use. When a key is
//! pasted in the Token view, `www/analysis-client.js` loads this module, asks [`check_key`], and
//! the page renders the token report with that outcome (`authlens_core::token::inspect_with`).
//! Nothing else lives here: no DOM, no network, no state.

use wasm_bindgen::prelude::*;

/// The outcome of checking the signature of the token in `input` with `key`, as JSON: an
/// `authlens_core::token::KeyOutcome`, or `null` when the key plays no part (not a JWT,
/// `alg: none`, an empty key).
#[wasm_bindgen(js_name = checkKey)]
pub fn check_key(input: &str, key: &str) -> String {
    let outcome = authlens_core::token::check_key(input, key);
    serde_json::to_string(&outcome).unwrap_or_else(|_| "null".into())
}

/// The version of this build (the page checks nothing with it; for bug reports).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_token_no_outcome() {
        assert_eq!(check_key("", "secret"), "null");
        assert_eq!(check_key("not a token", "secret"), "null");
    }

    #[test]
    fn outcome_is_json_the_page_reads() {
        // An HS256 token signed with nothing real: the secret does not match.
        let t = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW5vdC1yZWFs";
        let json = check_key(t, "secret");
        let back: Option<authlens_core::token::KeyOutcome> =
            serde_json::from_str(&json).unwrap_or(None);
        assert!(
            matches!(back, Some(authlens_core::token::KeyOutcome::Mismatch(_))),
            "{json}"
        );
    }
}
