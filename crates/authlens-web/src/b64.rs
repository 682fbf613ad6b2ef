//! The share link's base64url, through the core's one codec (`authlens_core::b64`).

pub use authlens_core::b64::encode;

/// Decodes base64url (padding and the standard alphabet tolerated); `None` when it is not base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    authlens_core::b64::decode(text).ok()
}
