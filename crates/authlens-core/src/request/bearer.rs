//! A bearer token as the comparison reads it ([`RequestToken`]): its format, a redacted form and
//! the payload facts two requests are compared on. The payload is decoded by the token
//! inspector's decoder ([`crate::token::jwt::decode_segment`]); the inspector's own facts
//! ([`crate::token::TokenFacts`]) carry far more than a comparison needs.

use super::model::{has_expression, json_scalar_text, mask};
use serde::Serialize;
use serde_json::Value;

/// Decoded facts of a bearer token sent by a request (never the token itself).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RequestToken {
    /// `jwt`, `jwe`, `opaque`, `expression` (an unevaluated `@{…}` expression) or `variable` (a
    /// script's value known at run time: `$token.access_token`, `${token}`).
    pub format: String,
    /// The token with its signature removed and its segments cut short.
    pub redacted: String,
    pub length: usize,
    pub aud: Option<String>,
    pub iss: Option<String>,
    pub tid: Option<String>,
    pub scp: Option<String>,
    pub roles: Vec<String>,
    pub appid: Option<String>,
    pub exp: Option<i64>,
}

/// Whether an Authorization value without a scheme is a bare JWT (`eyJ…` with two dots or more).
pub(crate) fn looks_like_jwt(s: &str) -> bool {
    s.starts_with("eyJ") && s.matches('.').count() >= 2
}

/// A value a script gets at run time, as the PowerShell and fetch readers keep it
/// (`$token.access_token`, `${accessToken}`): a name, not a token.
fn is_script_value(tok: &str) -> bool {
    tok.strip_prefix('$').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '{')
            && !rest.contains(char::is_whitespace)
    })
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s.to_string()
    }
}

impl RequestToken {
    /// Reads a bearer token; a JWT whose payload does not decode adds `undecodable-jwt` to
    /// `problems`, an unevaluated expression `unevaluated-expression`.
    pub(crate) fn read(tok: &str, problems: &mut Vec<String>) -> RequestToken {
        let mut f = RequestToken {
            length: tok.chars().count(),
            ..RequestToken::default()
        };
        if has_expression(tok) {
            f.format = "expression".into();
            f.redacted = cut(tok, 80);
            if !problems.iter().any(|p| p == "unevaluated-expression") {
                problems.push("unevaluated-expression".into());
            }
            return f;
        }
        if is_script_value(tok) {
            f.format = "variable".into();
            f.redacted = cut(tok, 80);
            return f;
        }
        let parts: Vec<&str> = tok.split('.').collect();
        if parts.len() == 5 {
            f.format = "jwe".into();
            f.redacted = format!("{}.…(encrypted, {} chars)", cut(parts[0], 8), f.length);
            return f;
        }
        if parts.len() != 3 || !tok.starts_with("eyJ") {
            f.format = "opaque".into();
            f.redacted = if f.length == 0 {
                String::new()
            } else {
                mask(tok)
            };
            return f;
        }
        f.format = "jwt".into();
        f.redacted = format!("{}.{}.", cut(parts[0], 8), cut(parts[1], 8));
        let Ok(Value::Object(claims)) = crate::token::jwt::decode_segment(parts[1]) else {
            problems.push("undecodable-jwt".into());
            return f;
        };
        let text = |k: &str| -> Option<String> {
            match claims.get(k)? {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => {
                    Some(a.iter().map(json_scalar_text).collect::<Vec<_>>().join(" "))
                }
                Value::Null => None,
                other => Some(other.to_string()),
            }
        };
        f.aud = text("aud");
        f.iss = text("iss");
        f.tid = text("tid");
        f.scp = text("scp");
        f.roles = match claims.get("roles") {
            Some(Value::Array(a)) => a.iter().map(json_scalar_text).collect(),
            Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
            _ => Vec::new(),
        };
        f.appid = text("appid").or_else(|| text("azp"));
        f.exp = claims.get("exp").and_then(|v| match v {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|x| x as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_formats_and_payload_facts() {
        let mut problems = Vec::new();
        // {"alg":"none"} . {"aud":"api://x","roles":"A B","azp":"app","exp":"12"}
        let jwt = "eyJhbGciOiJub25lIn0.\
                   eyJhdWQiOiJhcGk6Ly94Iiwicm9sZXMiOiJBIEIiLCJhenAiOiJhcHAiLCJleHAiOiIxMiJ9.sig";
        let t = RequestToken::read(jwt, &mut problems);
        assert_eq!(t.format, "jwt");
        assert_eq!(t.aud.as_deref(), Some("api://x"));
        assert_eq!(t.roles, ["A", "B"]);
        assert_eq!(t.appid.as_deref(), Some("app"));
        assert_eq!(t.exp, Some(12));
        assert!(problems.is_empty());
        assert!(!t.redacted.contains("sig"));
        assert_eq!(
            RequestToken::read("eyJa.b.c.d.e", &mut problems).format,
            "jwe"
        );
        assert_eq!(RequestToken::read("opaque", &mut problems).format, "opaque");
        RequestToken::read("eyJhbGciOiJub25lIn0.%%%.x", &mut problems);
        assert_eq!(problems, ["undecodable-jwt"]);
    }
}
