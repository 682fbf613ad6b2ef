//! Headers other than Authorization (read into `auth`, see [`super::auth`]): the Content-Type
//! first, then API keys, cookies and the rest; what clients add on their own is expected noise.

use super::{Difference, Out, Rank};
use crate::diagnostic::Severity;
use crate::order;
use crate::request::model::{self, Body, Request};
use std::collections::BTreeMap;

/// Headers a client adds on its own (tracking, caching, browser hints): they never explain an
/// authentication failure, so their differences are folded.
fn is_noise(lname: &str) -> bool {
    matches!(
        lname,
        "postman-token"
            | "user-agent"
            | "accept-encoding"
            | "connection"
            | "host"
            | "content-length"
            | "cache-control"
            | "pragma"
            | "dnt"
            | "priority"
            | "upgrade-insecure-requests"
            | "te"
            | "accept-language"
            | "origin"
            | "referer"
            | "traceparent"
            | "tracestate"
            | "request-id"
            | "x-ms-client-request-id"
            | "x-ms-tracking-id"
            | "x-ms-client-tracking-id"
            | "x-ms-action-tracking-id"
            | "x-ms-correlation-id"
            | "x-ms-correlation-request-id"
            | "x-ms-execution-location"
            | "x-ms-activity-vector"
            | "x-ms-request-id"
    ) || lname.starts_with("x-ms-workflow-")
        || lname.starts_with("sec-fetch-")
        || lname.starts_with("sec-ch-")
}

fn api_key_header(lname: &str) -> bool {
    matches!(
        lname,
        "ocp-apim-subscription-key" | "x-api-key" | "api-key" | "apikey" | "x-functions-key"
    )
}

/// Lower-case name → (the name as first written, the values sorted).
pub(super) type Grouped = BTreeMap<String, (String, Vec<String>)>;

pub(super) fn group_headers(r: &Request) -> Grouped {
    let mut m: Grouped = BTreeMap::new();
    for h in &r.headers {
        let e = m
            .entry(h.name.to_ascii_lowercase())
            .or_insert_with(|| (h.name.clone(), Vec::new()));
        e.1.push(h.value.trim().to_string());
    }
    for v in m.values_mut() {
        order::sort(&mut v.1);
    }
    m
}

/// Whether two sides send the same values for a header. Repeated lines and one comma-separated
/// line mean the same (RFC 9110, 5.3: `Accept: a` + `Accept: b` is `Accept: a, b`), so list items
/// are compared, in any order; but not for fields whose values have commas of their own (dates,
/// cookies, challenges).
fn same_field_values(lname: &str, a: Option<&Vec<String>>, b: Option<&Vec<String>>) -> bool {
    if a == b {
        return true;
    }
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let own_commas = matches!(
        lname,
        "cookie"
            | "set-cookie"
            | "date"
            | "expires"
            | "if-modified-since"
            | "if-unmodified-since"
            | "last-modified"
            | "retry-after"
            | "user-agent"
            | "www-authenticate"
            | "authorization"
    );
    if own_commas {
        return false;
    }
    list_items(a) == list_items(b)
}

/// The comma-separated items of a header's values, trimmed and sorted.
fn list_items(values: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = values
        .iter()
        .flat_map(|x| x.split(','))
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    order::sort(&mut v);
    v
}

/// The values of a header or parameter as shown: secrets masked, cookies as their length.
pub(super) fn show(name: &str, values: Option<&Vec<String>>) -> Option<String> {
    values.map(|vs| {
        vs.iter()
            .map(|v| {
                if model::is_secret_name(name) {
                    model::mask(v)
                } else if name.eq_ignore_ascii_case("cookie") {
                    format!("({} chars)", v.chars().count())
                } else {
                    v.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A Content-Type as (media type, sorted parameters but the boundary), lower case and without
/// spaces.
fn norm_ct(v: &str) -> (String, String) {
    let v = v.to_ascii_lowercase().replace(' ', "");
    let mut parts = v.split(';');
    let media = parts.next().unwrap_or("").to_string();
    // A multipart boundary is chosen per request: never a difference.
    let mut params: Vec<&str> = parts
        .filter(|p| !p.is_empty() && !p.starts_with("boundary="))
        .collect();
    order::sort(&mut params);
    (media, params.join(";"))
}

/// The Content-Type difference, if the two sides really differ (`None`: same after
/// normalisation).
fn content_type_diff(
    display: &str,
    va: Option<&Vec<String>>,
    vb: Option<&Vec<String>>,
    has_body: bool,
) -> Option<Difference> {
    let d = Difference::new("header", display).values(show(display, va), show(display, vb));
    let (Some(x), Some(y)) = (va, vb) else {
        let side = if va.is_some() { "right" } else { "left" };
        return Some(
            d.severity(if has_body {
                Severity::Warning
            } else {
                Severity::Info
            })
            .explain(format!(
                "the {side} request has no Content-Type; the API may not parse its body as \
                 intended"
            )),
        );
    };
    let nx: Vec<_> = x.iter().map(|v| norm_ct(v)).collect();
    let ny: Vec<_> = y.iter().map(|v| norm_ct(v)).collect();
    if nx == ny {
        return None;
    }
    let same_media = nx.iter().map(|p| &p.0).eq(ny.iter().map(|p| &p.0));
    Some(if same_media {
        d.severity(Severity::Info)
            .explain("same media type, different parameters (charset); rarely matters")
    } else {
        d.severity(if has_body {
            Severity::Error
        } else {
            Severity::Warning
        })
        .explain(
            "the requests declare different Content-Types, so the API parses the body \
             differently (415 or 400, and token endpoints accept only \
             application/x-www-form-urlencoded)",
        )
    })
}

/// Severity and sentence for a header that differs and is neither noise nor the Content-Type.
fn header_sentence(
    lname: &str,
    display: &str,
    va: Option<&Vec<String>>,
    vb: Option<&Vec<String>>,
) -> (Severity, String) {
    if va.is_none() || vb.is_none() {
        let (has, lacks) = if va.is_some() {
            ("left", "right")
        } else {
            ("right", "left")
        };
        if api_key_header(lname) {
            (
                Severity::Error,
                format!(
                    "the {has} request sends the API key header {display} and the {lacks} one \
                     does not; the gateway answers 401 without it"
                ),
            )
        } else if lname == "cookie" {
            (
                Severity::Warning,
                format!(
                    "the {has} request sends cookies and the {lacks} one does not; APIs that use \
                     a session or an anti-forgery cookie reject the request without them"
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "the header {display} is sent only by the {has} request; if the API requires \
                     it, the {lacks} request fails"
                ),
            )
        }
    } else if api_key_header(lname) {
        (
            Severity::Error,
            format!(
                "the API key in {display} differs (values hidden); a wrong or revoked key gives \
                 401"
            ),
        )
    } else if lname == "cookie" {
        (
            Severity::Warning,
            "the cookies differ (values hidden); a session cookie from another sign-in may not \
             be valid"
                .to_string(),
        )
    } else {
        (
            Severity::Warning,
            format!("the header {display} has different values"),
        )
    }
}

pub(super) fn header_diffs(l: &Request, r: &Request, out: &mut Out) {
    let (gl, gr) = (group_headers(l), group_headers(r));
    let names = order::sorted_unique(gl.keys().chain(gr.keys()).collect());
    let has_body = l.body != Body::None || r.body != Body::None;
    for lname in names {
        if lname == "authorization" {
            continue;
        }
        let a = gl.get(lname);
        let b = gr.get(lname);
        let display = a.or(b).map(|x| x.0.clone()).unwrap_or_default();
        let va = a.map(|x| &x.1);
        let vb = b.map(|x| &x.1);
        if same_field_values(lname, va, vb) {
            continue;
        }
        if lname == "content-type" {
            if let Some(d) = content_type_diff(&display, va, vb, has_body) {
                out.push(Rank::ContentType, d);
            }
            continue;
        }
        let d = Difference::new("header", &display).values(show(&display, va), show(&display, vb));
        if is_noise(lname) {
            out.push(
                Rank::Header,
                d.severity(Severity::Info)
                    .explain(format!(
                        "{display} is added by the client itself and does not affect \
                         authentication"
                    ))
                    .expected(),
            );
            continue;
        }
        let star = |v: Option<&Vec<String>>| v.is_none_or(|v| v.iter().all(|x| x == "*/*"));
        if lname == "accept" && star(va) && star(vb) {
            out.push(
                Rank::Header,
                d.severity(Severity::Info)
                    .explain("`Accept: */*` is a client default and changes nothing")
                    .expected(),
            );
            continue;
        }
        let (sev, text) = header_sentence(lname, &display, va, vb);
        out.push(Rank::Header, d.severity(sev).explain(text));
    }
}
