//! The fetch reader's values and its reader for JavaScript literals: strings (with escapes and
//! templates), objects, arrays, numbers, `+`, and the few calls that build request parts.

use crate::request::model;

/// Nesting limit of objects, arrays and calls.
const MAX_DEPTH: usize = 128;

/// A JavaScript value as far as the reader can tell.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Js {
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
    pub(super) fn text(&self) -> String {
        match self {
            Js::Str(s) | Js::Num(s) => s.clone(),
            // Kept as a placeholder (`${token}`), so it reads as a value known at run time.
            Js::Unknown(s) => format!("${{{s}}}"),
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

    pub(super) fn json(&self) -> serde_json::Value {
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

    pub(super) fn get(&self, key: &str) -> Option<&Js> {
        match self {
            Js::Obj(pairs) => pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

pub(super) type R<T> = Result<T, String>;

pub(super) struct Reader {
    pub(super) c: Vec<char>,
    pub(super) i: usize,
    /// `const` / `let` / `var` values assigned before the call.
    pub(super) vars: Vec<(String, Js)>,
    /// Names used but never assigned.
    pub(super) undefined: Vec<String>,
    pub(super) depth: usize,
}

impl Reader {
    pub(super) fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        self.c.get(self.i + n).copied()
    }

    pub(super) fn eat(&mut self, ch: char) -> bool {
        self.skip();
        if self.peek() == Some(ch) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, ch: char) -> R<()> {
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
    pub(super) fn skip(&mut self) {
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

    pub(super) fn ident(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.i += 1;
        }
        self.c[start..self.i].iter().collect()
    }

    pub(super) fn hex(&mut self, n: usize) -> Option<char> {
        let s: String = self.c.get(self.i..self.i + n)?.iter().collect();
        let v = u32::from_str_radix(&s, 16).ok()?;
        self.i += n;
        char::from_u32(v)
    }

    /// A JavaScript escape after the backslash.
    pub(super) fn escape(&mut self, out: &mut String) {
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
    pub(super) fn string(&mut self) -> R<String> {
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
                    s.push_str(&v.text());
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    pub(super) fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("the fetch call nests too deeply".into());
        }
        Ok(())
    }

    pub(super) fn object(&mut self) -> R<Js> {
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

    pub(super) fn array(&mut self) -> R<Js> {
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

    pub(super) fn variable(&mut self, name: &str) -> Js {
        if let Some((_, v)) = self.vars.iter().rev().find(|(k, _)| k == name) {
            return v.clone();
        }
        if !self.undefined.iter().any(|u| u == name) {
            self.undefined.push(name.to_string());
        }
        Js::Unknown(name.to_string())
    }

    /// The arguments of a call, after its `(`.
    pub(super) fn arguments(&mut self) -> R<Vec<Js>> {
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
    pub(super) fn name_expression(&mut self) -> R<Js> {
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
            "btoa" => Js::Str(crate::b64::encode_standard(first.text().as_bytes())),
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

    pub(super) fn operand(&mut self) -> R<Js> {
        // Every nesting (objects, parentheses, casts, templates) goes through here: one
        // depth limit for all, so no paste can exhaust the stack.
        self.enter()?;
        let v = self.operand_inner();
        self.depth -= 1;
        v
    }

    fn operand_inner(&mut self) -> R<Js> {
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
    pub(super) fn expression(&mut self) -> R<Js> {
        let mut v = self.operand()?;
        while self.eat('+') {
            let rhs = self.operand()?;
            v = Js::Str(v.text() + &rhs.text());
        }
        Ok(v)
    }
}
