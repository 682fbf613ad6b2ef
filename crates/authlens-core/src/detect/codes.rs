//! Error-code identifiers of a paste: the values of JSON error-code fields, which rules and the
//! knowledge tables look up by name.

use super::{Scan, MAX_SIGNALS};
use crate::span::Span;

impl Scan<'_> {
    pub(super) fn find_codes(&self) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        for l in &self.leaves {
            let code_key = matches!(
                l.key.as_str(),
                "code"
                    | "error"
                    | "errorcode"
                    | "error_code"
                    | "suberror"
                    | "sub_error"
                    | "suberrorcode"
            ) || (l.key == "name" && matches!(l.parent.as_str(), "" | "error"));
            if out.len() >= MAX_SIGNALS {
                break;
            }
            let v = l.value.trim();
            let identifier = !v.is_empty()
                && v.len() <= 80
                && v.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-');
            if code_key && identifier && !out.iter().any(|(c, _)| c == v) {
                let span = self.locate(&l.key, v).unwrap_or_default();
                out.push((v.to_string(), span));
            }
        }
        out
    }
}
