//! Rules that rest on facts of a bearer token found in the paste (decoded locally).

use crate::facts::Facts;
use crate::span::Span;
use crate::token::{Check, CheckStatus, TokenReport};

pub mod authorization_header_malformed;
pub mod bearer_token_audience_mismatch;
pub mod bearer_token_expired;
pub mod bearer_token_not_yet_valid;
pub mod bearer_token_tenant_mismatch;
pub mod request_without_credential;

/// The first failing check whose id starts with `prefix`, with its span in paste coordinates.
fn failing<'f>(f: &'f Facts, prefixes: &[&str]) -> Option<(&'f Check, Span)> {
    failing_if(f, prefixes, |_| true)
}

/// [`failing`], among the tokens whose report `keep` accepts.
fn failing_if<'f>(
    f: &'f Facts,
    prefixes: &[&str],
    keep: impl Fn(&TokenReport) -> bool,
) -> Option<(&'f Check, Span)> {
    for t in f.tokens.iter().filter(|t| keep(&t.report)) {
        let base = t.found.header_value.unwrap_or(t.found.span);
        for c in &t.report.checks {
            if c.status == CheckStatus::Fail
                && prefixes
                    .iter()
                    .any(|p| c.id == *p || c.id.starts_with(&format!("{p}.")))
            {
                // Evidence is redacted text, and `redact` cannot recognise a bare signature segment:
                // a span that reaches into the signature is widened to the whole value, whose
                // signature `redact` removes.
                let token = t.found.span;
                let sig_start = token
                    .slice(f.text)
                    .rfind('.')
                    .map_or(token.end, |i| token.start + i + 1);
                let span = match c.span {
                    Some(s) if !t.decoded => {
                        let s = s.offset(base.start);
                        if s.end > sig_start && s.start < token.end {
                            base
                        } else {
                            s
                        }
                    }
                    _ => base,
                };
                return Some((c, span));
            }
        }
    }
    None
}
