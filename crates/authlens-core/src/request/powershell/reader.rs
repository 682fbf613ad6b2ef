//! The PowerShell reader's values and its lexical layer: blanks and continuations, strings (with
//! variables expanded), here-strings, variable names, barewords.

use serde_json::Value;

/// A value as far as the reader can tell.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Val {
    Str(String),
    /// A number or another bare literal, as written.
    Num(String),
    Bool(bool),
    Null,
    /// A hashtable, keys in the order written.
    Hash(Vec<(String, Val)>),
    List(Vec<Val>),
    /// What could not be evaluated, as written (`$token`, `(Get-Token)`).
    Unknown(String),
}

impl Val {
    /// The value as PowerShell turns it into text (a header value, a URI, a body).
    pub(super) fn text(&self) -> String {
        match self {
            Val::Str(s) | Val::Num(s) | Val::Unknown(s) => s.clone(),
            Val::Bool(true) => "True".into(),
            Val::Bool(false) => "False".into(),
            Val::Null => String::new(),
            Val::Hash(_) => "System.Collections.Hashtable".into(),
            Val::List(items) => items.iter().map(Val::text).collect::<Vec<_>>().join(" "),
        }
    }

    pub(super) fn json(&self) -> Value {
        match self {
            Val::Str(s) | Val::Unknown(s) => Value::String(s.clone()),
            Val::Num(n) => serde_json::from_str(n).unwrap_or_else(|_| Value::String(n.clone())),
            Val::Bool(b) => Value::Bool(*b),
            Val::Null => Value::Null,
            Val::Hash(pairs) => {
                let mut m = serde_json::Map::new();
                for (k, v) in pairs {
                    m.insert(k.clone(), v.json());
                }
                Value::Object(m)
            }
            Val::List(items) => Value::Array(items.iter().map(Val::json).collect()),
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Hash(pairs) => pairs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// One argument of a command: `-Name`, `-Name:value`, a value, or `@splat`.
#[derive(Debug)]
pub(super) enum Arg {
    Param(String, Option<Val>),
    Value(Val),
    Splat(String),
}

pub(super) struct Reader {
    pub(super) c: Vec<char>,
    pub(super) i: usize,
    /// Variables assigned so far, names lower case (`$env:X` included as `env:x`).
    pub(super) vars: Vec<(String, Val)>,
    /// Variables used but never assigned, in the order met.
    pub(super) undefined: Vec<String>,
    /// `System.Net.Cookie` objects created (name, value), for `-WebSession`.
    pub(super) cookies: Vec<(String, String)>,
    /// `$session.UserAgent = …`.
    pub(super) user_agent: Option<String>,
    pub(super) depth: usize,
}

/// Nesting limit of hashtables, parentheses and sub-expressions.
pub(super) const MAX_DEPTH: usize = 128;

pub(super) type R<T> = Result<T, String>;

impl Reader {
    pub(super) fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        self.c.get(self.i + n).copied()
    }

    pub(super) fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, ch)| self.peek_at(k).is_some_and(|x| x.eq_ignore_ascii_case(&ch)))
    }

    /// Skips blanks, backtick line continuations and comments; newlines too when `newlines`.
    pub(super) fn skip(&mut self, newlines: bool) {
        while let Some(ch) = self.peek() {
            match ch {
                ' ' | '\t' | '\u{a0}' => self.i += 1,
                '\r' | '\n' if newlines => self.i += 1,
                '`' if matches!(self.peek_at(1), Some('\n' | '\r')) => {
                    self.i += 1;
                    while matches!(self.peek(), Some('\r' | '\n')) {
                        self.i += 1;
                        if self.c.get(self.i - 1) == Some(&'\n') {
                            break;
                        }
                    }
                }
                '#' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                }
                '<' if self.peek_at(1) == Some('#') => {
                    while self.i < self.c.len()
                        && !(self.peek() == Some('#') && self.peek_at(1) == Some('>'))
                    {
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.c.len());
                }
                _ => return,
            }
        }
    }

    pub(super) fn at_statement_end(&self) -> bool {
        matches!(
            self.peek(),
            None | Some('\n' | '\r' | ';' | '}' | ')' | '|')
        )
    }

    pub(super) fn lookup(&mut self, name: &str) -> Val {
        let lname = name.to_ascii_lowercase();
        match lname.as_str() {
            "true" => return Val::Bool(true),
            "false" => return Val::Bool(false),
            "null" => return Val::Null,
            _ => {}
        }
        if let Some((_, v)) = self.vars.iter().rev().find(|(k, _)| *k == lname) {
            return v.clone();
        }
        if !self.undefined.contains(&lname) {
            self.undefined.push(lname);
        }
        Val::Unknown(format!("${name}"))
    }

    pub(super) fn var_name(&mut self) -> String {
        if self.peek() == Some('{') {
            self.i += 1;
            let start = self.i;
            while self.peek().is_some_and(|c| c != '}') {
                self.i += 1;
            }
            let name: String = self.c[start..self.i].iter().collect();
            self.i = (self.i + 1).min(self.c.len());
            return name;
        }
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        {
            // `$env:X` has a scope; `$x:` at a drive-like position is rare enough.
            self.i += 1;
        }
        self.c[start..self.i].iter().collect()
    }

    pub(super) fn single_quoted(&mut self) -> R<String> {
        self.i += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err("a single quote (') is never closed".into()),
                Some('\'' | '‘' | '’') if matches!(self.peek_at(1), Some('\'' | '‘' | '’')) =>
                {
                    s.push('\'');
                    self.i += 2;
                }
                Some('\'' | '‘' | '’') => {
                    self.i += 1;
                    return Ok(s);
                }
                Some(ch) => {
                    s.push(ch);
                    self.i += 1;
                }
            }
        }
    }

    pub(super) fn backtick(ch: char) -> char {
        match ch {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            other => other,
        }
    }

    /// `$name`, `${name}` or `$(…)` inside a double-quoted string.
    pub(super) fn interpolate(&mut self, s: &mut String) -> R<()> {
        match self.peek_at(1) {
            Some('(') => {
                self.i += 2;
                let v = self.sub_expression()?;
                s.push_str(&v.text());
            }
            Some(c) if c.is_alphanumeric() || c == '_' || c == '{' => {
                self.i += 1;
                let name = self.var_name();
                let name = name.trim_end_matches(':').to_string();
                s.push_str(&self.lookup(&name).text());
            }
            _ => {
                s.push('$');
                self.i += 1;
            }
        }
        Ok(())
    }

    pub(super) fn double_quoted(&mut self) -> R<String> {
        self.i += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err("a double quote (\") is never closed".into()),
                Some('"' | '“' | '”') if matches!(self.peek_at(1), Some('"' | '“' | '”')) =>
                {
                    s.push('"');
                    self.i += 2;
                }
                Some('"' | '“' | '”') => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('`') => {
                    if let Some(n) = self.peek_at(1) {
                        s.push(Self::backtick(n));
                    }
                    self.i += 2;
                }
                Some('$') => self.interpolate(&mut s)?,
                Some(ch) => {
                    s.push(ch);
                    self.i += 1;
                }
            }
        }
    }

    /// `@"…"@` / `@'…'@`: the lines between the opening and the closing line, verbatim (the
    /// double-quoted kind with its variables expanded).
    pub(super) fn here_string(&mut self) -> R<String> {
        let quote = self.peek_at(1).unwrap_or('"');
        self.i += 2;
        while self.peek().is_some_and(|c| c != '\n') {
            self.i += 1;
        }
        self.i += 1;
        let mut s = String::new();
        loop {
            let at_line_start = self.i == 0 || self.c.get(self.i - 1) == Some(&'\n');
            match self.peek() {
                None => return Err("a here-string (@\"…\"@) is never closed".into()),
                Some(q) if q == quote && at_line_start && self.peek_at(1) == Some('@') => {
                    self.i += 2;
                    if s.ends_with('\n') {
                        s.pop();
                    }
                    if s.ends_with('\r') {
                        s.pop();
                    }
                    return Ok(s);
                }
                Some('$') if quote == '"' => self.interpolate(&mut s)?,
                Some('`') if quote == '"' => {
                    if let Some(n) = self.peek_at(1) {
                        s.push(Self::backtick(n));
                    }
                    self.i += 2;
                }
                Some(ch) => {
                    s.push(ch);
                    self.i += 1;
                }
            }
        }
    }

    pub(super) fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("the script nests too deeply".into());
        }
        Ok(())
    }

    /// Characters up to whitespace or one of `stop`.
    pub(super) fn bareword(&mut self, stop: impl Fn(char) -> bool) -> String {
        let start = self.i;
        while self.peek().is_some_and(|c| {
            !c.is_whitespace() && !stop(c) && !matches!(c, ';' | '|' | ')' | '}' | ',')
        }) {
            self.i += 1;
        }
        self.c[start..self.i]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }

    /// Skips the rest of the line (a statement the reader does not need, or cannot read).
    pub(super) fn skip_line(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.i += 1;
        }
    }
}
