//! HAR files (`log.entries[].request`), as browsers' developer tools export them.

use super::model::{self, Body, Header};
use super::{assemble, header, Candidate, ParsedSide, Pick, Request};
use crate::time::Timestamp;
use serde_json::Value;

pub(crate) fn parse_har(v: &Value, pick: Pick, side: &mut ParsedSide) -> Result<Request, String> {
    let Some(entries) = v.pointer("/log/entries").and_then(Value::as_array) else {
        return Err("`log.entries` in the HAR file is not a list".into());
    };
    let url_of = |e: &Value| {
        e.pointer("/request/url")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let method_of = |e: &Value| {
        e.pointer("/request/method")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    side.picks = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "{i}: {} {}",
                method_of(e),
                crate::text::shorten(&url_of(e), 120)
            )
        })
        .collect();
    side.candidates = entries
        .iter()
        .map(|e| Candidate {
            method: method_of(e),
            url: url_of(e),
        })
        .collect();
    if entries.is_empty() {
        return Err("the HAR file has no entries (nothing was recorded)".into());
    }
    let index = match pick {
        Pick::Index(n) if n < entries.len() => n,
        Pick::First | Pick::Index(_) => {
            if entries.len() > 1 {
                side.notes.push(format!(
                    "the HAR file holds {} requests; entry 0 was used — pick another by index or \
                     by part of its URL",
                    entries.len()
                ));
            }
            0
        }
        Pick::Given(p) => {
            if let Ok(n) = p.parse::<usize>() {
                if n >= entries.len() {
                    return Err(format!(
                        "there is no entry {n}: the HAR file has entries 0 to {}",
                        entries.len() - 1
                    ));
                }
                n
            } else {
                let pl = p.to_ascii_lowercase();
                let matches: Vec<usize> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| url_of(e).to_ascii_lowercase().contains(&pl))
                    .map(|(i, _)| i)
                    .collect();
                match matches.first() {
                    None => {
                        return Err(format!(
                            "no HAR entry has a URL containing `{p}`; available: {}",
                            side.picks.join(", ")
                        ))
                    }
                    Some(&first) => {
                        if matches.len() > 1 {
                            side.notes.push(format!(
                                "{} entries match `{p}`; the first (entry {first}) was used",
                                matches.len()
                            ));
                        }
                        first
                    }
                }
            }
        }
    };
    side.picked = side.picks.get(index).cloned();
    side.picked_index = Some(index);
    let e = &entries[index];
    side.sent_at = e
        .get("startedDateTime")
        .and_then(Value::as_str)
        .and_then(Timestamp::parse);
    let Some(req) = e.get("request") else {
        return Err(format!("HAR entry {index} has no `request`"));
    };
    let url = url_of(e);
    if url.is_empty() {
        return Err(format!("HAR entry {index} has no request URL"));
    }
    let mut headers: Vec<Header> = Vec::new();
    if let Some(Value::Array(hs)) = req.get("headers") {
        for h in hs {
            let n = h.get("name").and_then(Value::as_str).unwrap_or("");
            if n.is_empty() || n.starts_with(':') {
                continue;
            }
            let val = h
                .get("value")
                .map(model::json_scalar_text)
                .unwrap_or_default();
            headers.push(header(n, &val));
        }
    }
    if let Some(Value::Array(cs)) = req.get("cookies") {
        if !cs.is_empty()
            && !headers
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case("cookie"))
        {
            let c: Vec<String> = cs
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        c.get("name").and_then(Value::as_str).unwrap_or(""),
                        c.get("value").and_then(Value::as_str).unwrap_or("")
                    )
                })
                .collect();
            headers.push(header("Cookie", &c.join("; ")));
        }
    }
    let has = |n: &str| headers.iter().any(|h| h.name.eq_ignore_ascii_case(n));
    if !has("authorization") && !has("cookie") {
        side.notes.push(
            "this HAR entry has no Authorization header and no cookies: browsers leave them out \
             of HAR exports by default, so the real request may have carried credentials that \
             are not shown here"
                .into(),
        );
    }
    let content_type = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| h.value.clone())
        .or_else(|| {
            req.pointer("/postData/mimeType")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    let body = match req.get("postData") {
        Some(pd) => {
            let text = pd.get("text").and_then(Value::as_str).unwrap_or("");
            if !text.trim().is_empty() {
                model::body_from_text(text, content_type.as_deref())
            } else if let Some(Value::Array(ps)) = pd.get("params") {
                let params: Vec<(String, String)> = ps
                    .iter()
                    .map(|p| {
                        (
                            p.get("name")
                                .map(model::json_scalar_text)
                                .unwrap_or_default(),
                            p.get("value")
                                .map(model::json_scalar_text)
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                if params.is_empty() {
                    Body::None
                } else {
                    Body::Form(params)
                }
            } else {
                Body::None
            }
        }
        None => Body::None,
    };
    let method = method_of(e);
    assemble(
        if method.is_empty() { "GET" } else { &method },
        &url,
        headers,
        None,
        body,
        side,
    )
}
