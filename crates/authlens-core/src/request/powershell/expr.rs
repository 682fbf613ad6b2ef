//! The PowerShell reader's expressions: hashtables, sub-expressions, type calls
//! (`[Convert]::ToBase64String(…)`), member access, `+` and `-f`, pipelines into
//! `ConvertTo-Json`, and command arguments.

use super::reader::{Arg, Reader, Val, R};

impl Reader {
    /// `@{ key = value; key2 = value … }` (after `@{`).
    pub(super) fn hashtable(&mut self) -> R<Val> {
        self.enter()?;
        let mut pairs: Vec<(String, Val)> = Vec::new();
        loop {
            self.skip(true);
            while self.peek() == Some(';') {
                self.i += 1;
                self.skip(true);
            }
            match self.peek() {
                None => return Err("a hashtable (@{ … }) is never closed".into()),
                Some('}') => {
                    self.i += 1;
                    break;
                }
                _ => {}
            }
            let key = match self.peek() {
                Some('\'') => self.single_quoted()?,
                Some('"') => self.double_quoted()?,
                _ => self.bareword(|c| c == '=' || c == ';' || c == '}'),
            };
            self.skip(false);
            if self.peek() != Some('=') {
                return Err(format!(
                    "the hashtable entry `{}` has no `=`",
                    crate::text::shorten(&key, 30)
                ));
            }
            self.i += 1;
            self.skip(true);
            let v = self.expression()?;
            match pairs.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&key)) {
                Some(p) => p.1 = v,
                None => pairs.push((key, v)),
            }
        }
        self.depth -= 1;
        Ok(Val::Hash(pairs))
    }

    /// `@( … )` or `$( … )` after the opening: the statements inside, the last one's value.
    pub(super) fn sub_expression(&mut self) -> R<Val> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.skip(true);
            match self.peek() {
                None => return Err("a parenthesis is never closed".into()),
                Some(')') => {
                    self.i += 1;
                    break;
                }
                Some(';' | ',') => self.i += 1,
                _ => items.push(self.pipeline()?),
            }
        }
        self.depth -= 1;
        Ok(match items.len() {
            0 => Val::Null,
            1 => items.remove(0),
            _ => Val::List(items),
        })
    }

    /// `[Type]`, `[Type]::Method(args)`, `[Type]::Property`.
    pub(super) fn type_expression(&mut self) -> R<Val> {
        let start = self.i;
        let mut depth = 0;
        while let Some(ch) = self.peek() {
            self.i += 1;
            match ch {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        let ty: String = self.c[start..self.i].iter().collect();
        if self.starts_with("::") {
            self.i += 2;
            let name = self.bareword(|c| c == '(' || c == '.');
            return self.member_call(Val::Unknown(ty.clone()), &format!("{ty}::{name}"), &name);
        }
        // A cast (`[string]$x`, `[pscustomobject]@{…}`): the value itself.
        self.skip(false);
        if self.at_statement_end() || self.peek() == Some(',') {
            return Ok(Val::Unknown(ty));
        }
        self.operand()
    }

    /// `.Method(args)` after a value, or a property read. `what` names the call for notes.
    pub(super) fn member_call(&mut self, on: Val, what: &str, name: &str) -> R<Val> {
        if self.peek() != Some('(') {
            // A property: a hashtable's entry, else unknown.
            let v = match (on.get(name), &on) {
                (Some(v), _) => v.clone(),
                // A property of a run-time value (`$token.access_token`), as written.
                (None, Val::Unknown(t)) if what == name => Val::Unknown(format!("{t}.{name}")),
                (None, _) => Val::Unknown(what.to_string()),
            };
            return self.postfix(v);
        }
        self.i += 1;
        let args = match self.sub_expression()? {
            Val::List(items) => items,
            Val::Null => Vec::new(),
            one => vec![one],
        };
        let first = args.first().map(Val::text).unwrap_or_default();
        let lname = name.to_ascii_lowercase();
        let v = match lname.as_str() {
            // [Text.Encoding]::UTF8.GetBytes("…"): the bytes of the text, kept as the text.
            "getbytes" | "tostring" | "trim" => Val::Str(first),
            "tobase64string" => Val::Str(crate::b64::encode_standard(first.as_bytes())),
            _ => Val::Unknown(format!("{what}(…)")),
        };
        self.postfix(v)
    }

    /// Member access and indexing after an operand: `.Prop`, `.Method(…)`, `["key"]`.
    pub(super) fn postfix(&mut self, mut v: Val) -> R<Val> {
        loop {
            match self.peek() {
                Some('.') if self.peek_at(1).is_some_and(|c| c.is_alphabetic()) => {
                    self.i += 1;
                    let name = self.bareword(|c| c == '(' || c == '.' || c == '[' || c == '=');
                    v = self.member_call(v, &name.clone(), &name)?;
                }
                Some('[') => {
                    self.i += 1;
                    let key = self.pipeline()?;
                    self.skip(false);
                    if self.peek() == Some(']') {
                        self.i += 1;
                    }
                    v = v
                        .get(&key.text())
                        .cloned()
                        .unwrap_or(Val::Unknown(format!("[{}]", key.text())));
                }
                _ => return Ok(v),
            }
        }
    }

    /// One operand: a literal, a variable, a hashtable, a parenthesised pipeline, a bareword.
    pub(super) fn operand(&mut self) -> R<Val> {
        // Every nesting (objects, parentheses, casts, templates) goes through here: one
        // depth limit for all, so no paste can exhaust the stack.
        self.enter()?;
        let v = self.operand_inner();
        self.depth -= 1;
        v
    }

    fn operand_inner(&mut self) -> R<Val> {
        self.skip(false);
        let v = match self.peek() {
            None => return Err("a value is missing at the end".into()),
            Some('\'' | '‘' | '’') => Val::Str(self.single_quoted()?),
            Some('"' | '“' | '”') => Val::Str(self.double_quoted()?),
            Some('@') if matches!(self.peek_at(1), Some('"' | '\'')) => {
                Val::Str(self.here_string()?)
            }
            Some('@') if self.peek_at(1) == Some('{') => {
                self.i += 2;
                self.hashtable()?
            }
            Some('@') if self.peek_at(1) == Some('(') => {
                self.i += 2;
                match self.sub_expression()? {
                    Val::List(items) => Val::List(items),
                    Val::Null => Val::List(Vec::new()),
                    one => Val::List(vec![one]),
                }
            }
            Some('$') if self.peek_at(1) == Some('(') => {
                self.i += 2;
                self.sub_expression()?
            }
            Some('$') => {
                self.i += 1;
                let name = self.var_name();
                self.lookup(&name)
            }
            Some('(') => {
                self.i += 1;
                self.sub_expression()?
            }
            Some('[') => return self.type_expression(),
            Some(c)
                if c.is_ascii_digit()
                    || (c == '-' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                Val::Num(self.bareword(|_| false))
            }
            Some(_) => {
                // A command inside a pipeline or parentheses (`ConvertTo-Json $x`), else a word.
                let word = self.bareword(|c| c == '(' || c == '=');
                if word.is_empty() {
                    // A character no value starts with (a stray `=`): step over it, so every
                    // loop over operands moves on.
                    let ch = self.peek().unwrap_or(' ');
                    self.i += 1;
                    return Ok(Val::Unknown(ch.to_string()));
                }
                return self.command_value(&word);
            }
        };
        self.postfix(v)
    }

    /// A bareword in value position: a command whose value is known (`ConvertTo-Json`,
    /// `ConvertTo-SecureString`, `New-Object …Cookie`), else the word itself.
    pub(super) fn command_value(&mut self, word: &str) -> R<Val> {
        let lw = word.to_ascii_lowercase();
        match lw.as_str() {
            "convertto-json" | "convertto-securestring" | "new-object" | "get-credential" => {}
            _ => return Ok(Val::Str(word.to_string())),
        }
        let args = self.arguments()?;
        let first_value = || {
            args.iter().find_map(|a| match a {
                Arg::Value(v) => Some(v.clone()),
                Arg::Param(n, Some(v))
                    if n.eq_ignore_ascii_case("inputobject")
                        || n.eq_ignore_ascii_case("string") =>
                {
                    Some(v.clone())
                }
                _ => None,
            })
        };
        Ok(match lw.as_str() {
            "convertto-json" => match first_value() {
                Some(v) => Val::Str(v.json().to_string()),
                None => Val::Unknown("ConvertTo-Json".into()),
            },
            // A SecureString from plain text: the text (the token of `-Token`).
            "convertto-securestring" => first_value().unwrap_or(Val::Unknown(word.into())),
            "new-object" => {
                let ty = first_value().map(|v| v.text()).unwrap_or_default();
                let values: Vec<String> = args
                    .iter()
                    .filter_map(|a| match a {
                        Arg::Value(Val::List(items)) => {
                            Some(items.iter().map(Val::text).collect::<Vec<_>>())
                        }
                        Arg::Param(n, Some(Val::List(items)))
                            if n.eq_ignore_ascii_case("argumentlist") =>
                        {
                            Some(items.iter().map(Val::text).collect())
                        }
                        _ => None,
                    })
                    .flatten()
                    .collect();
                let lty = ty.to_ascii_lowercase();
                if lty.ends_with("cookie") && values.len() >= 2 {
                    self.cookies.push((values[0].clone(), values[1].clone()));
                }
                // Postman's PowerShell snippet fills a Dictionary with `.Add(…)`.
                if lty.contains("dictionary") || lty.contains("hashtable") {
                    Val::Hash(Vec::new())
                } else {
                    Val::Unknown(format!("New-Object {ty}"))
                }
            }
            _ => Val::Unknown(word.into()),
        })
    }

    /// An operand and the `+` concatenations and `-f` formats after it.
    pub(super) fn expression(&mut self) -> R<Val> {
        let mut v = self.operand()?;
        loop {
            self.skip(false);
            if self.peek() == Some('+') && self.peek_at(1) != Some('=') {
                self.i += 1;
                let rhs = self.operand()?;
                v = match (v, rhs) {
                    (Val::Hash(mut a), Val::Hash(b)) => {
                        a.extend(b);
                        Val::Hash(a)
                    }
                    (a, b) => Val::Str(a.text() + &b.text()),
                };
            } else if self.starts_with("-f ") || self.starts_with("-f\t") {
                self.i += 2;
                let args = match self.list()? {
                    Val::List(items) => items,
                    one => vec![one],
                };
                let mut s = v.text();
                for (n, a) in args.iter().enumerate() {
                    s = s.replace(&format!("{{{n}}}"), &a.text());
                }
                v = Val::Str(s);
            } else if self.peek() == Some(',') {
                // `a, b`: an array.
                let mut items = vec![v];
                while self.peek() == Some(',') {
                    self.i += 1;
                    self.skip(true);
                    items.push(self.operand()?);
                    self.skip(false);
                }
                v = Val::List(items);
            } else {
                return Ok(v);
            }
        }
    }

    pub(super) fn list(&mut self) -> R<Val> {
        let mut items = vec![self.operand()?];
        self.skip(false);
        while self.peek() == Some(',') {
            self.i += 1;
            self.skip(true);
            items.push(self.operand()?);
            self.skip(false);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Val::List(items)
        })
    }

    /// An expression piped into commands: `@{…} | ConvertTo-Json -Depth 5`.
    pub(super) fn pipeline(&mut self) -> R<Val> {
        let mut v = self.expression()?;
        loop {
            self.skip(false);
            if self.peek() != Some('|') {
                return Ok(v);
            }
            self.i += 1;
            self.skip(true);
            let word = self.bareword(|c| c == '(');
            let _ = self.arguments()?;
            v = match word.to_ascii_lowercase().as_str() {
                "convertto-json" => Val::Str(v.json().to_string()),
                "out-string" => Val::Str(v.text()),
                _ => Val::Unknown(format!("… | {word}")),
            };
        }
    }

    /// The arguments of a command, up to the end of the statement.
    pub(super) fn arguments(&mut self) -> R<Vec<Arg>> {
        let mut args = Vec::new();
        loop {
            self.skip(false);
            if self.at_statement_end() {
                return Ok(args);
            }
            let dash = matches!(self.peek(), Some('-' | '–' | '—'));
            if dash && self.peek_at(1).is_some_and(|c| c.is_alphabetic()) {
                self.i += 1;
                let name = self.bareword(|c| c == ':');
                let inline = if self.peek() == Some(':') {
                    self.i += 1;
                    Some(self.expression()?)
                } else {
                    None
                };
                args.push(Arg::Param(name, inline));
            } else if self.peek() == Some('@')
                && self
                    .peek_at(1)
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                self.i += 1;
                args.push(Arg::Splat(self.var_name()));
            } else {
                args.push(Arg::Value(self.expression()?));
            }
        }
    }
}
