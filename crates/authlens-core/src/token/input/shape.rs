//! The shapes an Authorization value can take: a header name in front (raw, JSON, cURL), other
//! schemes, unevaluated workflow expressions, Basic credentials.

use super::Mapped;
use crate::b64;
use crate::token::{Check, CheckStatus as S, SchemeInfo, TokenReport};

pub(super) const OTHER_SCHEMES: &[&str] = &[
    "SharedKey",
    "SharedKeyLite",
    "Negotiate",
    "NTLM",
    "Digest",
    "MSAuth1.0",
    "Token",
    "ApiKey",
    "OAuth",
    "Hawk",
    "AWS4-HMAC-SHA256",
    "Kerberos",
];

/// Where an unevaluated workflow expression starts in `t`, if any.
pub(super) fn find_expression(t: &str) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'@' {
            let start = i;
            let mut j = i + 1;
            if b.get(j) == Some(&b'@') {
                j += 1;
            }
            let is_expr = if b.get(j) == Some(&b'{') {
                true
            } else {
                let k = j;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                j > k && b.get(j) == Some(&b'(')
            };
            if is_expr {
                let end = expression_end(b, j);
                return Some((start, end));
            }
        }
        if b[i] == b'{' && b.get(i + 1) == Some(&b'{') {
            let end = t[i..].find("}}").map_or(b.len(), |e| i + e + 2);
            return Some((i, end));
        }
        i += 1;
    }
    None
}

/// The end of a `@{…}` / `@name(…)…` expression: balanced brackets, then `?['x']` accessors.
fn expression_end(b: &[u8], mut j: usize) -> usize {
    let mut depth = 0i32;
    let mut quote = false;
    while j < b.len() {
        let c = b[j];
        if quote {
            if c == b'\'' {
                quote = false;
            }
        } else {
            match c {
                b'\'' => quote = true,
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => {
                    depth -= 1;
                    if depth <= 0 {
                        let next = b.get(j + 1).copied();
                        if !matches!(next, Some(b'?' | b'[' | b'.')) {
                            return j + 1;
                        }
                    }
                }
                b'\n' | b'"' if depth <= 0 => return j,
                _ => {}
            }
        }
        j += 1;
    }
    b.len()
}

/// Strips an `Authorization:` name (raw header, JSON pair or cURL `-H`), returning the value part,
/// whether the quoting was JSON syntax, and whether a header name was seen.
pub(super) fn strip_header_name(m: &Mapped) -> (Mapped, bool, bool) {
    let t = m.text.as_str();
    let lower = t.to_ascii_lowercase();
    let mut i = 0;
    let mut curl_quote = None;
    for flag in ["--header", "-h"] {
        if lower.starts_with(flag) && t[flag.len()..].starts_with(|c: char| c.is_whitespace()) {
            i = flag.len();
            i += t[i..].len() - t[i..].trim_start().len();
            break;
        }
    }
    let open = t[i..].chars().next().filter(|c| *c == '"' || *c == '\'');
    let name_at = i + open.map_or(0, |_| 1);
    if !lower[name_at..].starts_with("authorization") {
        return (m.clone(), false, false);
    }
    let mut j = name_at + "authorization".len();
    let mut json = false;
    if let Some(q) = open {
        if t[j..].starts_with(q) {
            j += 1;
            json = q == '"';
        } else {
            curl_quote = Some(q);
        }
    }
    j += t[j..].len() - t[j..].trim_start().len();
    if !t[j..].starts_with(':') {
        return (m.clone(), false, false);
    }
    j += 1;
    j += t[j..].len() - t[j..].trim_start().len();
    let mut end = t.len();
    let tail = t[j..end].trim_end();
    end = j + tail.len();
    if json {
        while end > j && matches!(t.as_bytes()[end - 1], b',' | b'}') {
            end -= 1;
            end = j + t[j..end].trim_end().len();
        }
    }
    if let Some(q) = curl_quote {
        if t[j..end].ends_with(q) {
            end -= 1;
        }
    }
    (m.sub(j, end), json, true)
}

/// Unwraps the input into the token, pushing header-shape checks. `None` when there is no token
/// to decode (empty, Basic, expression, other scheme): the report is complete then.
pub(super) fn describe_ws(ws: &str, where_: &str) -> String {
    let what = if ws.contains('\n') || ws.contains('\r') {
        "a line break"
    } else if ws.contains('\t') {
        "a tab"
    } else {
        "a space"
    };
    format!(
        "The value {where_} {what}. In a header this is sent as part of the value (a line break \
         can even end the header early): trim it, e.g. with trim() in the expression."
    )
}

pub(super) fn other_scheme_message(s: &str) -> String {
    match s {
        "SharedKey" | "SharedKeyLite" => "Azure Storage Shared Key authorization: an HMAC of the \
            request made with the storage account key. Not a token: nothing to decode; it must be \
            computed per request (date, path and headers are signed)."
            .into(),
        "Negotiate" | "NTLM" | "Kerberos" => format!(
            "{s} (Windows integrated authentication): a challenge/response blob, not an Entra ID \
             token. Cloud APIs such as Graph or SharePoint Online do not accept it."
        ),
        "Digest" => "HTTP Digest authentication: a challenge/response, not a token.".into(),
        "MSAuth1.0" => "MSAuth 1.0 (Proof-of-Possession) value: built per request by MSAL; \
            nothing AuthLens can check."
            .into(),
        _ => format!(
            "The value uses the `{s}` scheme, not `Bearer`: it is not an Entra ID access token."
        ),
    }
}

pub(super) fn basic(value: &Mapped, rest_at: usize, word: &str, report: &mut TokenReport) {
    report.kind = "basic".into();
    let cred = value.text.get(rest_at..).unwrap_or("").trim();
    let cred_span = value.span(rest_at, value.text.len());
    let mut info = SchemeInfo {
        name: word.to_string(),
        ..Default::default()
    };
    match b64::decode(cred).map(String::from_utf8) {
        Ok(Ok(s)) => match s.split_once(':') {
            Some((user, pass)) => {
                info.basic_user = Some(user.to_string());
                info.basic_password_len = Some(pass.chars().count());
                report.redacted = format!("{word} {user}:{}", "*".repeat(8));
                let (status, msg) = if pass.is_empty() {
                    (
                        S::Fail,
                        format!("Basic credentials for user `{user}` with an EMPTY password."),
                    )
                } else {
                    (
                        S::Pass,
                        format!(
                            "Basic credentials decode to user `{user}` and a password of {} \
                             characters (not shown).",
                            pass.chars().count()
                        ),
                    )
                };
                report.message = Some(format!(
                    "{msg} Basic authentication is not an Entra ID token: Microsoft cloud APIs \
                     (Graph, SharePoint Online, Dataverse) do not accept it."
                ));
                report.push(Check::new("structure", status, msg).at(Some(cred_span)));
            }
            None => {
                report.redacted = format!("{word} [secret removed]");
                let msg = "The Basic value decodes but has no `:`: Basic credentials must be \
                           base64 of `user:password`.";
                report.message = Some(msg.into());
                report.push(Check::new("structure", S::Fail, msg).at(Some(cred_span)));
            }
        },
        _ => {
            report.redacted = format!("{word} [secret removed]");
            let msg = "The Basic value is not valid base64 of `user:password`: it must be \
                       base64-encoded (e.g. base64(concat(user, ':', password))).";
            report.message = Some(msg.into());
            report.push(Check::new("structure", S::Fail, msg).at(Some(cred_span)));
        }
    }
    report.scheme = Some(info);
}
