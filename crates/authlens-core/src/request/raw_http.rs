//! Request text: Postman console (`GET https://…` then `Header: value` lines and the body) and
//! raw HTTP/1.1 (`GET /path HTTP/1.1`, `Host:`, headers, blank line, body).

use super::model::{self, Header};
use super::{assemble, header, ParsedSide, Request, RequestFormat};

const METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

fn request_line(t: &str) -> Option<(&str, &str, Option<&str>)> {
    let line = t.lines().next()?.trim();
    let mut parts = line.split_whitespace();
    let m = parts.next()?;
    let target = parts.next()?;
    let mut version = parts.next();
    // Postman's console prints the status after the URL: `GET https://… 200 123 ms`.
    if version.is_some_and(|v| v.len() == 3 && v.bytes().all(|c| c.is_ascii_digit())) {
        version = None;
    } else if parts.next().is_some() {
        return None;
    }
    if !METHODS.iter().any(|k| k.eq_ignore_ascii_case(m)) {
        return None;
    }
    Some((m, target, version))
}

/// Raw HTTP or Postman's console when the first line is a request line.
pub(crate) fn detect(t: &str) -> Option<RequestFormat> {
    let (_, target, version) = request_line(t)?;
    let absolute = target.contains("://");
    match version {
        Some(v) if v.to_ascii_uppercase().starts_with("HTTP/") => Some(RequestFormat::RawHttp),
        None if absolute || target.starts_with("{{") => Some(RequestFormat::PostmanConsole),
        None if target.starts_with('/') => Some(RequestFormat::RawHttp),
        _ => None,
    }
}

fn is_header_name(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c))
}

pub(crate) fn parse_raw(t: &str, side: &mut ParsedSide) -> Result<Request, String> {
    let Some((method, target, _)) = request_line(t) else {
        return Err("the first line is not a request line like `GET https://host/path`".into());
    };
    let lines: Vec<&str> = t.lines().skip(1).collect();
    let mut headers: Vec<Header> = Vec::new();
    let mut i = 0;
    let mut body_start = lines.len();
    while i < lines.len() {
        let raw = lines[i].trim_end_matches('\r');
        let line = raw.trim();
        if line.is_empty() {
            body_start = i + 1;
            break;
        }
        let label = line.to_ascii_lowercase();
        if label == "request headers" || label == "request body" {
            i += 1;
            continue;
        }
        if label.starts_with("response headers") || label.starts_with("response body") {
            body_start = lines.len();
            break;
        }
        // HTTP/2 pseudo-headers (`:authority: host`) as some tools print them.
        let candidate = line.strip_prefix(':').unwrap_or(line);
        match candidate.split_once(':') {
            Some((n, v)) if is_header_name(n.trim_end()) && !n.ends_with(' ') => {
                if !line.starts_with(':') {
                    headers.push(header(n, v));
                }
            }
            _ => {
                side.notes.push(format!(
                    "line {} is not a `Name: value` header; the body was taken to start there",
                    i + 2
                ));
                body_start = i;
                break;
            }
        }
        i += 1;
    }
    let mut body_lines: Vec<&str> = Vec::new();
    for l in lines.iter().skip(body_start) {
        let ll = l.trim().to_ascii_lowercase();
        if ll.starts_with("response headers")
            || ll.starts_with("response body")
            || (ll.starts_with("http/")
                && ll
                    .split_whitespace()
                    .nth(1)
                    .is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit())))
        {
            side.notes
                .push("the response that followed the request was ignored".into());
            break;
        }
        if ll == "request body" {
            continue;
        }
        body_lines.push(l.trim_end_matches('\r'));
    }
    let body_text = body_lines.join("\n");
    let url = if target.contains("://") || target.starts_with("{{") {
        target.to_string()
    } else {
        let host = headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("host"))
            .map(|h| h.value.clone());
        let Some(host) = host.filter(|h| !h.is_empty()) else {
            return Err(format!(
                "the request line has only a path (`{}`) and there is no Host header: add a \
                 `Host:` line or paste the full URL",
                crate::text::shorten(target, 60)
            ));
        };
        side.notes
            .push("the scheme is not in raw HTTP; https was assumed".into());
        format!("https://{host}{target}")
    };
    let content_type = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| h.value.clone());
    let body = model::body_from_text(&body_text, content_type.as_deref());
    assemble(method, &url, headers, None, body, side)
}
