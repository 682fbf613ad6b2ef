//! `fetch("url", {…})` calls: the browser developer tools' "Copy as fetch" and "Copy as fetch
//! (Node.js)", and fetch calls people write (`headers: {…}`, `body: JSON.stringify({…})`,
//! `new URLSearchParams({…})`, template strings, `const` values assigned before the call).
//!
//! A reader for JavaScript literals, not an interpreter: what it cannot evaluate (a variable the
//! paste never assigns, a function call it does not know) is kept as its text and named in a note.

use super::model::{self, Body, Header};
use super::{assemble, header, ParsedSide, Request};

/// How far into a paste a fetch call is looked for ([`is_fetch`]).
const SNIFF_BYTES: usize = 256 * 1024;

/// Nesting limit of objects, arrays and calls.
const MAX_DEPTH: usize = 64;

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

/// A JavaScript value as far as the reader can tell.
#[derive(Clone, Debug, PartialEq)]
enum Js {
    Str(String),
    /// A number, as written.
    Num(String),
    Bool(bool),
    Null,
    Obj(Vec<(String, Js)>),
    Arr(Vec<Js>),
    /// Form data (`new URLSearchParams(…)`): pairs, sent form-encoded.
    Form(Vec<(String, String)>),
    /// What could not be evaluated, as written (`token`, `getToken()`).
    Unknown(String),
}

impl Js {
    fn text(&self) -> String {
        match self {
            Js::Str(s) | Js::Num(s) | Js::Unknown(s) => s.clone(),
            Js::Bool(b) => b.to_string(),
            Js::Null => "null".into(),
            Js::Obj(_) => "[object Object]".into(),
            Js::Arr(items) => items.iter().map(Js::text).collect::<Vec<_>>().join(","),
            Js::Form(pairs) => pairs
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        model::encode_component(k),
                        model::encode_component(v)
                    )
                })
                .collect::<Vec<_>>()
                .join("&"),
        }
    }

    fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Js::Str(s) | Js::Unknown(s) => Value::String(s.clone()),
            Js::Num(n) => serde_json::from_str(n).unwrap_or_else(|_| Value::String(n.clone())),
            Js::Bool(b) => Value::Bool(*b),
            Js::Null => Value::Null,
            Js::Obj(pairs) => {
                let mut m = serde_json::Map::new();
                for (k, v) in pairs {
                    m.insert(k.clone(), v.json());
                }
                Value::Object(m)
            }
            Js::Arr(items) => Value::Array(items.iter().map(Js::json).collect()),
            Js::Form(_) => Value::Object(serde_json::Map::new()),
        }
    }

    fn get(&self, key: &str) -> Option<&Js> {
        match self {
            Js::Obj(pairs) => pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

type R<T> = Result<T, String>;

struct Reader {
    c: Vec<char>,
    i: usize,
    /// `const` / `let` / `var` values assigned before the call.
    vars: Vec<(String, Js)>,
    /// Names used but never assigned.
    undefined: Vec<String>,
    depth: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.c.get(self.i + n).copied()
    }

    fn eat(&mut self, ch: char) -> bool {
        self.skip();
        if self.peek() == Some(ch) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, ch: char) -> R<()> {
        if self.eat(ch) {
            Ok(())
        } else {
            Err(format!(
                "expected `{ch}` at character {} of the fetch call",
                self.i + 1
            ))
        }
    }

    /// Skips whitespace and comments.
    fn skip(&mut self) {
        while let Some(ch) = self.peek() {
            if ch.is_whitespace() {
                self.i += 1;
            } else if ch == '/' && self.peek_at(1) == Some('/') {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
            } else if ch == '/' && self.peek_at(1) == Some('*') {
                self.i += 2;
                while self.i < self.c.len()
                    && !(self.peek() == Some('*') && self.peek_at(1) == Some('/'))
                {
                    self.i += 1;
                }
                self.i = (self.i + 2).min(self.c.len());
            } else {
                return;
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.i += 1;
        }
        self.c[start..self.i].iter().collect()
    }

    fn hex(&mut self, n: usize) -> Option<char> {
        let s: String = self.c.get(self.i..self.i + n)?.iter().collect();
        let v = u32::from_str_radix(&s, 16).ok()?;
        self.i += n;
        char::from_u32(v)
    }

    /// A JavaScript escape after the backslash.
    fn escape(&mut self, out: &mut String) {
        let Some(e) = self.peek() else { return };
        self.i += 1;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            '\n' => {}
            'x' => out.push(self.hex(2).unwrap_or('x')),
            'u' if self.peek() == Some('{') => {
                self.i += 1;
                let start = self.i;
                while self.peek().is_some_and(|c| c != '}') {
                    self.i += 1;
                }
                let s: String = self.c[start..self.i].iter().collect();
                self.i = (self.i + 1).min(self.c.len());
                out.extend(u32::from_str_radix(&s, 16).ok().and_then(char::from_u32));
            }
            'u' => out.push(self.hex(4).unwrap_or('u')),
            other => out.push(other),
        }
    }

    /// A string in `'`, `"` or `` ` `` (a template's `${…}` evaluated when it names a value).
    fn string(&mut self) -> R<String> {
        let quote = self.peek().unwrap_or('"');
        self.i += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(format!("a string ({quote}) is never closed")),
                Some(c) if c == quote => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    self.i += 1;
                    self.escape(&mut s);
                }
                Some('$') if quote == '`' && self.peek_at(1) == Some('{') => {
                    self.i += 2;
                    let v = self.expression()?;
                    self.expect('}')?;
                    match v {
                        // Kept as written, so the value reads as a placeholder.
                        Js::Unknown(name) => s.push_str(&format!("${{{name}}}")),
                        known => s.push_str(&known.text()),
                    }
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("the fetch call nests too deeply".into());
        }
        Ok(())
    }

    fn object(&mut self) -> R<Js> {
        self.enter()?;
        self.i += 1;
        let mut pairs = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                None => return Err("an object ({ … }) is never closed".into()),
                Some('}') => {
                    self.i += 1;
                    break;
                }
                Some(',') => {
                    self.i += 1;
                    continue;
                }
                Some('.') if self.peek_at(1) == Some('.') => {
                    // `...other`: spread of an object the paste may define.
                    self.i += 3;
                    if let Js::Obj(more) = self.expression()? {
                        pairs.extend(more);
                    }
                    continue;
                }
                _ => {}
            }
            let key = match self.peek() {
                Some('"' | '\'' | '`') => self.string()?,
                Some('[') => {
                    self.i += 1;
                    let k = self.expression()?.text();
                    self.expect(']')?;
                    k
                }
                _ => self.ident(),
            };
            if key.is_empty() {
                return Err(format!(
                    "unexpected `{}` in an object",
                    self.peek().unwrap_or(' ')
                ));
            }
            let value = if self.eat(':') {
                self.expression()?
            } else {
                // Shorthand `{ headers }`.
                self.variable(&key)
            };
            pairs.push((key, value));
        }
        self.depth -= 1;
        Ok(Js::Obj(pairs))
    }

    fn array(&mut self) -> R<Js> {
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                None => return Err("an array ([ … ]) is never closed".into()),
                Some(']') => {
                    self.i += 1;
                    break;
                }
                Some(',') => self.i += 1,
                _ => items.push(self.expression()?),
            }
        }
        self.depth -= 1;
        Ok(Js::Arr(items))
    }

    fn variable(&mut self, name: &str) -> Js {
        if let Some((_, v)) = self.vars.iter().rev().find(|(k, _)| k == name) {
            return v.clone();
        }
        if !self.undefined.iter().any(|u| u == name) {
            self.undefined.push(name.to_string());
        }
        Js::Unknown(name.to_string())
    }

    /// The arguments of a call, after its `(`.
    fn arguments(&mut self) -> R<Vec<Js>> {
        self.enter()?;
        let mut args = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                None => return Err("a call's parenthesis is never closed".into()),
                Some(')') => {
                    self.i += 1;
                    break;
                }
                Some(',') => self.i += 1,
                _ => args.push(self.expression()?),
            }
        }
        self.depth -= 1;
        Ok(args)
    }

    /// A dotted name and what follows it: a known call (`JSON.stringify`, `btoa`,
    /// `new URLSearchParams`, `new Headers`), a property of a known value, or a variable.
    fn name_expression(&mut self) -> R<Js> {
        let mut word = self.ident();
        if word == "new" {
            self.skip();
            word = self.ident();
        }
        while self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_alphabetic()) {
            self.i += 1;
            word.push('.');
            word.push_str(&self.ident());
        }
        match word.as_str() {
            "true" => return Ok(Js::Bool(true)),
            "false" => return Ok(Js::Bool(false)),
            "null" | "undefined" => return Ok(Js::Null),
            _ => {}
        }
        self.skip();
        if self.peek() != Some('(') {
            let (base, props) = word.split_once('.').unwrap_or((&word, ""));
            let mut v = self.variable(base);
            for p in props.split('.').filter(|p| !p.is_empty()) {
                v = v.get(p).cloned().unwrap_or(Js::Unknown(word.clone()));
            }
            return Ok(v);
        }
        self.i += 1;
        let args = self.arguments()?;
        let first = args.first().cloned().unwrap_or(Js::Null);
        Ok(match word.as_str() {
            "JSON.stringify" => Js::Str(first.json().to_string()),
            "btoa" => Js::Str(crate::token::b64::encode(first.text().as_bytes())),
            "URLSearchParams" => Js::Form(match &first {
                Js::Obj(pairs) => pairs.iter().map(|(k, v)| (k.clone(), v.text())).collect(),
                Js::Arr(items) => items
                    .iter()
                    .filter_map(|p| match p {
                        Js::Arr(kv) => Some((kv.first()?.text(), kv.get(1)?.text())),
                        _ => None,
                    })
                    .collect(),
                other => model::parse_form(other.text().trim_start_matches('?')),
            }),
            "Headers" => first,
            "String" => Js::Str(first.text()),
            _ => Js::Unknown(format!("{word}(…)")),
        })
    }

    fn operand(&mut self) -> R<Js> {
        self.skip();
        match self.peek() {
            None => Err("a value is missing at the end".into()),
            Some('"' | '\'' | '`') => Ok(Js::Str(self.string()?)),
            Some('{') => self.object(),
            Some('[') => self.array(),
            Some('(') => {
                self.i += 1;
                let v = self.expression()?;
                self.expect(')')?;
                Ok(v)
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == '.' => {
                let start = self.i;
                self.i += 1;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '+' || c == '-')
                {
                    self.i += 1;
                }
                Ok(Js::Num(self.c[start..self.i].iter().collect()))
            }
            Some(c) if c.is_alphabetic() || c == '_' || c == '$' => self.name_expression(),
            Some(c) => Err(format!("unexpected `{c}` at character {}", self.i + 1)),
        }
    }

    /// An operand and the `+` concatenations after it.
    fn expression(&mut self) -> R<Js> {
        let mut v = self.operand()?;
        while self.eat('+') {
            let rhs = self.operand()?;
            v = Js::Str(v.text() + &rhs.text());
        }
        Ok(v)
    }
}

/// The call's URL and options, and what the reader knows about the variables.
struct Call {
    url: Js,
    init: Js,
}

/// Reads `const` / `let` / `var` statements, then the first `fetch(` call.
fn read(t: &str) -> R<(Call, Reader)> {
    let mut r = Reader {
        c: t.chars().collect(),
        i: 0,
        vars: Vec::new(),
        undefined: Vec::new(),
        depth: 0,
    };
    loop {
        r.skip();
        while r.peek() == Some(';') {
            r.i += 1;
            r.skip();
        }
        if r.i >= r.c.len() {
            return Err("no fetch(…) call was found".into());
        }
        let start = r.i;
        let word = r.ident();
        match word.as_str() {
            "const" | "let" | "var" => {
                r.skip();
                let name = r.ident();
                if r.eat('=') {
                    // `const res = await fetch(…)`: the call itself.
                    r.skip();
                    let save = r.i;
                    let next = r.ident();
                    if next == "await" || next == "fetch" {
                        r.i = save;
                    } else {
                        r.i = save;
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
                while r.peek().is_some_and(|c| c != '\n') {
                    r.i += 1;
                }
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
            while r.peek().is_some_and(|c| c != '\n') {
                r.i += 1;
            }
            continue;
        }
        let mut args = r.arguments()?.into_iter();
        let url = args.next().unwrap_or(Js::Null);
        let init = args.next().unwrap_or(Js::Obj(Vec::new()));
        return Ok((Call { url, init }, r));
    }
}

pub(crate) fn parse_fetch(t: &str, side: &mut ParsedSide) -> Result<Request, String> {
    let (call, r) = read(t).map_err(|e| format!("cannot read the fetch call: {e}"))?;
    let starts_undefined = |u: &str| {
        r.undefined
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
    if !r.undefined.is_empty() {
        side.notes.push(format!(
            "names the paste uses but does not define: {} (compared as their names)",
            r.undefined.join(", ")
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
        let req = parse_fetch(t, &mut side).unwrap_or_else(|e| panic!("{e}"));
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
