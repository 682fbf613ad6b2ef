//! JWS / JWE compact decoding with specific messages for every way it can go wrong.

use super::input::PreparedToken;
use super::{Check, CheckStatus as S, TokenReport};
use crate::b64::{self, B64Error};

pub fn looks_like_jwt(t: &str) -> bool {
    ["eyJ", "eyAi", "ewog", "ew0K", "ewoJ"]
        .iter()
        .any(|p| t.starts_with(p))
}

const ORDINAL: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
const ROLE: [&str; 3] = ["header", "payload", "signature"];

fn seg_name(i: usize) -> String {
    let ord = ORDINAL.get(i).copied().unwrap_or("next");
    match ROLE.get(i) {
        Some(r) => format!("the {ord} segment ({r})"),
        None => format!("the {ord} segment"),
    }
}

/// Why a JWT segment does not decode to a JSON object.
#[derive(Debug)]
pub(crate) enum SegmentError {
    Empty,
    Base64(B64Error),
    NotUtf8,
    /// JSON, but not an object.
    NotObject,
    Json(serde_json::Error),
}

/// Decodes one JWT segment (header or payload) to its JSON object: the one JWT decoder of the
/// crate (the token inspector and the request comparison both read tokens with it).
pub(crate) fn decode_segment(seg: &str) -> Result<serde_json::Value, SegmentError> {
    if seg.is_empty() {
        return Err(SegmentError::Empty);
    }
    let bytes = b64::decode(seg).map_err(SegmentError::Base64)?;
    let text = String::from_utf8(bytes).map_err(|_| SegmentError::NotUtf8)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(SegmentError::NotObject),
        Err(e) => Err(SegmentError::Json(e)),
    }
}

/// Decodes a segment to a JSON value, or explains why not.
fn json_segment(
    token: &PreparedToken,
    seg: &str,
    at: usize,
    i: usize,
) -> Result<serde_json::Value, (String, crate::span::Span)> {
    let name = seg_name(i);
    let whole = || token.span(at, at + seg.len());
    match decode_segment(seg) {
        Ok(v) => Ok(v),
        Err(SegmentError::Empty) => {
            Err((format!("{} is empty.", capital(&name)), token.span(at, at)))
        }
        Err(SegmentError::Base64(B64Error::BadChar { index, ch })) => Err((
            format!(
                "{} is not valid base64url at character {} (`{}`).",
                capital(&name),
                index + 1,
                ch.escape_debug()
            ),
            token.span(at + index, at + index + ch.len_utf8()),
        )),
        Err(SegmentError::Base64(B64Error::BadLength { len })) => Err((
            format!(
                "{} has an impossible base64 length ({len} characters, one too many or too \
                 few): the token was cut or altered.",
                capital(&name)
            ),
            whole(),
        )),
        Err(SegmentError::NotUtf8) => Err((
            format!(
                "{} decodes to bytes that are not text (not UTF-8 JSON).",
                capital(&name)
            ),
            whole(),
        )),
        Err(SegmentError::NotObject) => Err((
            format!("{} is JSON but not an object.", capital(&name)),
            whole(),
        )),
        Err(SegmentError::Json(e)) => {
            let cut = if e.is_eof() {
                " The JSON stops early: the token was probably cut."
            } else {
                ""
            };
            Err((
                format!(
                    "{} decodes, but not to valid JSON ({e}).{cut}",
                    capital(&name)
                ),
                whole(),
            ))
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn malformed(report: &mut TokenReport, msg: String, span: crate::span::Span) {
    if report.kind.is_empty() {
        report.kind = "malformed".into();
    }
    report.push(Check::new("structure", S::Fail, msg.clone()).at(Some(span)));
    report.message = Some(msg);
}

/// Minimum plausible signature length in bytes for an algorithm.
fn min_signature_len(alg: &str) -> usize {
    match alg {
        "ES256" => 64,
        "ES384" => 96,
        "ES512" => 132,
        "HS256" => 32,
        "HS384" => 48,
        "HS512" => 64,
        a if a.starts_with("RS") || a.starts_with("PS") => 128,
        _ => 1,
    }
}

pub fn decode_into(token: &PreparedToken, report: &mut TokenReport) {
    let t = token.text.as_str();
    let segs: Vec<&str> = t.split('.').collect();
    let mut offsets = Vec::with_capacity(segs.len());
    let mut at = 0;
    for s in &segs {
        offsets.push(at);
        at += s.len() + 1;
    }
    let n = segs.len();
    report.token_span = Some(token.m.whole());
    report.redacted = match segs.as_slice() {
        [h, p, ..] => format!("{h}.{p}."),
        _ => "[token removed]".into(),
    };

    if n == 5 {
        report.kind = "jwe".into();
        if let Ok(h) = json_segment(token, segs[0], 0, 0) {
            report.header = Some(h);
        }
        let msg = "This is a JWE (5 segments): an encrypted token. Only the recipient holding the \
                   decryption key can read its claims; AuthLens can show only the header."
            .to_string();
        report.message = Some(msg.clone());
        report.push(Check::new("structure", S::Warn, msg).at(Some(token.m.whole())));
        report.redacted = format!("{}.[encrypted parts removed]", segs[0]);
        return;
    }
    if n != 3 && n != 2 {
        let msg = match n {
            1 => "This starts like a JWT but has no dots: a JWT has three segments \
                  (header.payload.signature). It was cut right after the header, or it is not a JWT."
                .to_string(),
            4 => "This has 4 segments (3 dots): a JWT has 3 (header.payload.signature) and an \
                  encrypted JWE has 5. Two tokens may have been pasted together, or a dot was \
                  added."
                .to_string(),
            _ => format!(
                "This has {n} segments: a JWT has 3 (header.payload.signature) and a JWE has 5."
            ),
        };
        let span = token.m.whole();
        malformed(report, msg, span);
        if let Ok(h) = json_segment(token, segs[0], 0, 0) {
            report.header = Some(h);
        }
        return;
    }

    let header = json_segment(token, segs[0], 0, 0);
    let payload = json_segment(token, segs[1], offsets[1], 1);
    let mut errors = Vec::new();
    match header {
        Ok(h) => report.header = Some(h),
        Err(e) => errors.push(e),
    }
    match payload {
        Ok(p) => report.payload = Some(p),
        Err(e) => errors.push(e),
    }
    if let Some((msg, span)) = errors.first().cloned() {
        let more = errors
            .get(1)
            .map(|(m, _)| format!(" {m}"))
            .unwrap_or_default();
        malformed(report, format!("{msg}{more}"), span);
        return;
    }
    report.kind = "jwt".into();
    let alg = report
        .header
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(|a| a.as_str())
        .unwrap_or("")
        .to_string();

    // Signature presence and plausibility.
    let end = t.len();
    if n == 3 && signature_not_shown(segs[2]) {
        // Our own redaction marker (a share link, a copied report): the signature was removed
        // on purpose, not cut off; reading it as "malformed" gave the recipient another diagnosis.
        report.push(
            Check::new(
                "header.truncated",
                S::Unknown,
                "The signature is not shown: it was removed when this paste was redacted for \
                 sharing (`[signature-removed]`). The header and payload are complete and were \
                 checked; whether the original signature was complete cannot be told from here.",
            )
            .at(Some(token.span(offsets[2], end))),
        );
    } else if n == 2 {
        report.push(
            Check::new(
                "header.truncated",
                S::Fail,
                "The token has only two segments (header.payload): the signature is missing. It \
                 was cut at the end when copied; APIs reject it (Graph says \"CompactToken parsing \
                 failed\" or \"IDX14100: JWT is not well formed\").",
            )
            .at(Some(token.span(end, end))),
        );
    } else if segs[2].is_empty() && alg != "none" {
        report.push(
            Check::new(
                "header.truncated",
                S::Fail,
                "The signature segment is empty (`header.payload.`): the token was cut at the \
                 end or its signature was removed. APIs reject it.",
            )
            .at(Some(token.span(end, end))),
        );
    } else if !segs[2].is_empty() {
        let sig_at = offsets[2];
        match b64::decode(segs[2]) {
            Err(B64Error::BadChar { index, ch }) => report.push(
                Check::new(
                    "header.truncated",
                    S::Fail,
                    format!(
                        "The third segment (signature) is not valid base64url at character {} \
                         (`{}`): something was appended to the token or it was altered.",
                        index + 1,
                        ch.escape_debug()
                    ),
                )
                .at(Some(
                    token.span(sig_at + index, sig_at + index + ch.len_utf8()),
                )),
            ),
            Err(B64Error::BadLength { len }) => report.push(
                Check::new(
                    "header.truncated",
                    S::Fail,
                    format!(
                        "The signature segment has an impossible base64 length ({len} \
                         characters): the token was cut."
                    ),
                )
                .at(Some(token.span(sig_at, end))),
            ),
            Ok(sig) if sig.len() < min_signature_len(&alg) => report.push(
                Check::new(
                    "header.truncated",
                    S::Fail,
                    format!(
                        "The signature is only {} bytes, too short for {alg} (at least {}): the \
                         token was cut at the end when copied.",
                        sig.len(),
                        min_signature_len(&alg)
                    ),
                )
                .at(Some(token.span(sig_at, end))),
            ),
            Ok(_) => report.push(Check::new(
                "header.truncated",
                S::Pass,
                "The token is complete: three segments and a signature of plausible length.",
            )),
        }
    }
    report.push(Check::new(
        "structure",
        S::Pass,
        "A well-formed JWT: the header and payload decode to JSON (decoded, not verified).",
    ));
}

/// True when a JWT's third segment is the redactor's marker: the signature is "not shown"
/// (removed for sharing), never "malformed" or "cut short".
pub fn signature_not_shown(segment: &str) -> bool {
    segment == crate::redact::SIGNATURE_REMOVED
}
