//! `fetch("url", {…})` calls: the browser developer tools' "Copy as fetch" and "Copy as fetch
//! (Node.js)", and fetch calls people write (`headers: {…}`, `body: JSON.stringify({…})`,
//! `new URLSearchParams({…})`, template strings, `const` values assigned before the call).
//!
//! A reader for JavaScript literals, not an interpreter: what it cannot evaluate (a variable the
//! paste never assigns, a function call it does not know) is kept as its text and named in a note.

use super::model::{self, Body, Header};
use super::pick::{choose_call, ScriptCall, MAX_CALLS};
use super::{assemble, header, ParsedSide, Pick, Request};

mod reader;

use reader::{Js, Reader, R};

/// How far into a paste a fetch call is looked for ([`is_fetch`]).
const SNIFF_BYTES: usize = 256 * 1024;

/// The part of a line before `fetch(`: `await `, `const res = await `, `window.`, `return `.
fn fetch_prefix_ok(prefix: &str) -> bool {
    let mut p = prefix.trim();
    for kw in ["const ", "let ", "var "] {
        if let Some(rest) = p.strip_prefix(kw) {
            match rest.split_once('=') {
                Some((name, after)) if is_ident(name.trim()) => p = after.trim(),
                _ => return false,
            }
        }
    }
    let p = p.strip_prefix("return").map_or(p, str::trim);
    let p = p.strip_prefix("await").map_or(p, str::trim);
    p.is_empty() || p == "window." || p == "globalThis."
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a line of the paste starts a `fetch(` call (after `await`, `const x =`, ...).
pub(crate) fn is_fetch(t: &str) -> bool {
    let t = &t[..t.floor_char_boundary(SNIFF_BYTES)];
    t.lines().any(|line| {
        let l = line.trim_start();
        l.match_indices("fetch").any(|(at, _)| {
            let after = l[at + 5..].trim_start();
            after.starts_with('(') && fetch_prefix_ok(&l[..at])
        })
    })
}

/// A call's URL and options, and the names undefined when it was made.
struct Call {
    url: Js,
    init: Js,
    undefined: Vec<String>,
}

/// Reads `const` / `let` / `var` statements and every `fetch(` call, in order.
fn read(t: &str) -> R<Vec<Call>> {
    let mut r = Reader {
        c: t.chars().collect(),
        i: 0,
        vars: Vec::new(),
        undefined: Vec::new(),
        depth: 0,
    };
    let mut calls = Vec::new();
    loop {
        r.depth = 0;
        match next_call(&mut r) {
            Ok(Some(call)) if calls.len() < MAX_CALLS => calls.push(call),
            Ok(Some(_)) | Ok(None) => return Ok(calls),
            // A later statement the reader cannot follow: the calls before it still count.
            Err(_) if !calls.is_empty() => return Ok(calls),
            Err(e) => return Err(e),
        }
    }
}

/// Reads on to the next `fetch(` call; `None` at the end.
fn next_call(r: &mut Reader) -> R<Option<Call>> {
    loop {
        r.skip();
        while r.peek() == Some(';') {
            r.i += 1;
            r.skip();
        }
        if r.i >= r.c.len() {
            return Ok(None);
        }
        let start = r.i;
        let word = r.ident();
        match word.as_str() {
            "const" | "let" | "var" => {
                r.skip();
                if matches!(r.peek(), Some('{' | '[')) {
                    // `const { access_token } = await res.json()`: values known at run time.
                    while let Some(c) = r.peek() {
                        if c == '=' || c == '\n' {
                            break;
                        }
                        let name = r.ident();
                        if name.is_empty() {
                            r.i += 1;
                        } else {
                            r.vars.push((name.clone(), Js::Unknown(name)));
                        }
                    }
                    skip_line(r);
                    continue;
                }
                let name = r.ident();
                if r.eat('=') {
                    r.skip();
                    let save = r.i;
                    let next = r.ident();
                    r.i = save;
                    if next == "await" || next == "fetch" {
                        // `const res = await fetch(…)`: a response, known at run time.
                        r.vars.push((name.clone(), Js::Unknown(name)));
                    } else {
                        let v = r.expression()?;
                        r.vars.push((name, v));
                        continue;
                    }
                }
            }
            "await" | "return" => {}
            "fetch" | "window" | "globalThis" => r.i = start,
            _ => {
                // Anything else: the next line.
                r.i = start;
                skip_line(r);
                continue;
            }
        }
        r.skip();
        let save = r.i;
        let mut callee = r.ident();
        if callee == "await" {
            r.skip();
            callee = r.ident();
        }
        if callee == "window" || callee == "globalThis" {
            if r.peek() == Some('.') {
                r.i += 1;
            }
            callee = r.ident();
        }
        if callee != "fetch" || !r.eat('(') {
            r.i = save;
            skip_line(r);
            continue;
        }
        let mut args = r.arguments()?.into_iter();
        let url = args.next().unwrap_or(Js::Null);
        let init = args.next().unwrap_or(Js::Obj(Vec::new()));
        return Ok(Some(Call {
            url,
            init,
            undefined: r.undefined.clone(),
        }));
    }
}

fn skip_line(r: &mut Reader) {
    while r.peek().is_some_and(|c| c != '\n') {
        r.i += 1;
    }
}

pub(crate) fn parse_fetch(t: &str, pick: Pick, side: &mut ParsedSide) -> Result<Request, String> {
    let t = &t[..t.floor_char_boundary(super::READ_BYTES)];
    let calls = read(t).map_err(|e| format!("cannot read the fetch call: {e}"))?;
    if calls.is_empty() {
        return Err("no fetch(…) call was found".into());
    }
    let built = calls
        .into_iter()
        .map(|call| {
            let mut notes = ParsedSide::default();
            let request = build(&call, &mut notes);
            let (method, url) = match &request {
                Ok(req) => (req.method.clone(), req.url.to_display()),
                Err(_) => (String::new(), call.url.text()),
            };
            ScriptCall {
                method,
                url,
                request,
                notes: notes.notes,
            }
        })
        .collect();
    choose_call(built, pick, "script", side)
}

/// Builds the request of one call.
fn build(call: &Call, side: &mut ParsedSide) -> Result<Request, String> {
    let starts_undefined = |u: &str| {
        call.undefined
            .iter()
            .any(|n| u.starts_with(n.as_str()) || u.starts_with(&format!("${{{n}}}")))
    };
    let url = match &call.url {
        Js::Str(s) if !starts_undefined(s) => s.clone(),
        other => {
            return Err(format!(
                "the fetch call's URL is `{}`, which the paste does not define",
                crate::text::shorten(&other.text(), 60)
            ))
        }
    };
    let init = &call.init;
    let method = init.get("method").map_or("GET".into(), Js::text);
    let mut headers: Vec<Header> = Vec::new();
    match init.get("headers") {
        Some(Js::Obj(pairs)) => {
            for (k, v) in pairs {
                headers.push(header(k, &v.text()));
            }
        }
        Some(Js::Arr(items)) => {
            for p in items {
                if let Js::Arr(kv) = p {
                    if let (Some(k), Some(v)) = (kv.first(), kv.get(1)) {
                        headers.push(header(&k.text(), &v.text()));
                    }
                }
            }
        }
        Some(other) => side.notes.push(format!(
            "the headers are `{}`, which the paste does not define; they are not compared",
            crate::text::shorten(&other.text(), 40)
        )),
        None => {}
    }
    let has = |hs: &[Header], n: &str| hs.iter().any(|h| h.name.eq_ignore_ascii_case(n));
    let body_value = init.get("body").filter(|b| **b != Js::Null);
    // What fetch adds when the call sets no Content-Type (Fetch standard, "extract a body").
    let implied = match body_value {
        Some(Js::Form(_)) => Some("application/x-www-form-urlencoded;charset=UTF-8"),
        Some(Js::Str(_)) => Some("text/plain;charset=UTF-8"),
        _ => None,
    };
    if let Some(ct) = implied.filter(|_| !has(&headers, "content-type")) {
        headers.push(header("Content-Type", ct));
        side.notes.push(format!(
            "the call sets no Content-Type: fetch sends `{ct}` for this body"
        ));
    }
    let body = match body_value {
        None => Body::None,
        Some(Js::Form(pairs)) => Body::Form(pairs.clone()),
        Some(Js::Str(s)) => {
            let ct = headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-type"))
                .map(|h| h.value.clone());
            model::body_from_text(s, ct.as_deref())
        }
        Some(other) => {
            side.notes.push(format!(
                "the body is `{}`, which is not a literal; it is not compared",
                crate::text::shorten(&other.text(), 40)
            ));
            Body::None
        }
    };
    let credentials = init.get("credentials").map(Js::text).unwrap_or_default();
    if credentials == "include" && !has(&headers, "cookie") {
        side.notes.push(
            "`credentials: \"include\"`: the browser also sends its cookies for the site, which \
             Copy as fetch leaves out; if the API uses a session cookie, copy as fetch (Node.js) \
             or as cURL instead"
                .into(),
        );
    }
    if !call.undefined.is_empty() {
        side.notes.push(format!(
            "names the paste uses but does not define: {} (compared as their names)",
            call.undefined.join(", ")
        ));
    }
    assemble(&method, &url, headers, None, body, side)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_calls() {
        assert!(is_fetch("fetch(\"https://x.example\")"));
        assert!(is_fetch("const r = await fetch('https://x.example', {})"));
        assert!(is_fetch("await window.fetch(url)"));
        assert!(!is_fetch("TypeError: Failed to fetch (network)"));
        assert!(!is_fetch("we tried to fetch (the token)"));
    }

    #[test]
    fn literals_templates_and_calls() {
        let mut side = ParsedSide::default();
        let t = "const token = 'abc';\nconst base = \"https://x.example\";\n\
                 await fetch(`${base}/a?q=1`, {\n  method: 'POST', // create\n  headers: { \
                 Authorization: `Bearer ${token}`, 'X-Basic': 'Basic ' + btoa('u:p') },\n  \
                 body: JSON.stringify({ a: [1, true, null], \"b\": 'x\\u0041' }),\n});";
        let req = parse_fetch(t, Pick::First, &mut side).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(req.method, "POST");
        assert_eq!(req.url.to_display(), "https://x.example/a?q=1");
        assert_eq!(req.header("Authorization"), Some("Bearer abc"));
        assert_eq!(req.header("X-Basic"), Some("Basic dTpw"));
        assert_eq!(req.header("Content-Type"), Some("text/plain;charset=UTF-8"));
        assert_eq!(
            req.body,
            Body::Json(serde_json::json!({"a": [1, true, null], "b": "xA"}))
        );
    }
}
