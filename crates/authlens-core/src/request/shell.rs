//! Splitting a command line into arguments as bash, Windows cmd (with the C runtime's rules)
//! and PowerShell do: what people paste is written for one of them.

/// Shell dialect the command was written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Bash,
    Cmd,
    PowerShell,
}

/// The command's first word, lower case, without a prompt (`$ `, `> `, `PS> `) or quotes.
pub(crate) fn first_word(t: &str) -> String {
    let t = t.trim_start();
    let t = t
        .strip_prefix("$ ")
        .or_else(|| t.strip_prefix("> "))
        .or_else(|| t.strip_prefix("PS> "))
        .unwrap_or(t);
    t.chars()
        .take_while(|c| !c.is_whitespace() && *c != '^' && *c != '`' && *c != '\\')
        .collect::<String>()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase()
}

pub(crate) fn detect_dialect(t: &str) -> Dialect {
    let cont = |c: char| {
        t.lines()
            .any(|l| l.trim_end().ends_with(c) && l.trim_end().len() > 1)
    };
    if t.contains("^\"") || cont('^') {
        Dialect::Cmd
    } else if cont('`') || first_word(t) == "curl.exe" {
        Dialect::PowerShell
    } else {
        Dialect::Bash
    }
}

/// Splits a command line into arguments the way the shell would.
pub(crate) fn split_args(t: &str, dialect: Dialect) -> Result<Vec<String>, String> {
    match dialect {
        Dialect::Bash => split_bash(t),
        Dialect::Cmd => split_crt(&cmd_layer(t)?),
        Dialect::PowerShell => split_powershell(t),
    }
}

fn split_bash(t: &str) -> Result<Vec<String>, String> {
    let c: Vec<char> = t.chars().collect();
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        match ch {
            '\\' => {
                match c.get(i + 1) {
                    Some('\n') => {}
                    Some('\r') if c.get(i + 2) == Some(&'\n') => i += 1,
                    Some(n) => {
                        cur.push(*n);
                        in_word = true;
                    }
                    None => {}
                }
                i += 2;
                continue;
            }
            '\'' => {
                let Some(end) = c[i + 1..].iter().position(|&x| x == '\'') else {
                    return Err("a single quote (') is never closed".into());
                };
                cur.extend(&c[i + 1..i + 1 + end]);
                in_word = true;
                i += end + 2;
                continue;
            }
            '$' if c.get(i + 1) == Some(&'\'') => {
                let mut j = i + 2;
                loop {
                    match c.get(j) {
                        None => return Err("a $'…' string is never closed".into()),
                        Some('\'') => break,
                        Some('\\') => {
                            j += 1;
                            let (s, used) = ansi_escape(&c[j..]);
                            cur.push_str(&s);
                            j += used;
                        }
                        Some(x) => {
                            cur.push(*x);
                            j += 1;
                        }
                    }
                }
                in_word = true;
                i = j + 1;
                continue;
            }
            '"' => {
                let mut j = i + 1;
                loop {
                    match c.get(j) {
                        None => return Err("a double quote (\") is never closed".into()),
                        Some('"') => break,
                        Some('\\') => {
                            match c.get(j + 1) {
                                Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(*n),
                                Some('\n') => {}
                                Some(n) => {
                                    cur.push('\\');
                                    cur.push(*n);
                                }
                                None => cur.push('\\'),
                            }
                            j += 2;
                        }
                        Some(x) => {
                            cur.push(*x);
                            j += 1;
                        }
                    }
                }
                in_word = true;
                i = j + 1;
                continue;
            }
            '#' if !in_word => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            ';' | '|' | '&' | '>' | '<' if !in_word || ch != '&' => {
                if in_word {
                    args.push(std::mem::take(&mut cur));
                }
                // The command ends at an unquoted operator.
                return Ok(args);
            }
            x if x.is_whitespace() => {
                if in_word {
                    args.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            x => {
                cur.push(x);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        args.push(cur);
    }
    Ok(args)
}

/// One ANSI-C escape after a backslash; returns the text and how many chars were used.
fn ansi_escape(c: &[char]) -> (String, usize) {
    let hex_run = |from: usize, max: usize| -> (Option<char>, usize) {
        let digits: String = c
            .iter()
            .skip(from)
            .take(max)
            .take_while(|x| x.is_ascii_hexdigit())
            .collect();
        let n = digits.len();
        (
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32),
            n,
        )
    };
    match c.first() {
        None => ("\\".into(), 0),
        Some('n') => ("\n".into(), 1),
        Some('t') => ("\t".into(), 1),
        Some('r') => ("\r".into(), 1),
        Some('0') => ("\0".into(), 1),
        Some('e' | 'E') => ("\u{1b}".into(), 1),
        Some(q @ ('\\' | '\'' | '"' | '?')) => (q.to_string(), 1),
        Some('x') => match hex_run(1, 2) {
            (Some(ch), n) => (ch.to_string(), 1 + n),
            _ => ("\\x".into(), 1),
        },
        Some('u') => match hex_run(1, 4) {
            (Some(ch), n) => (ch.to_string(), 1 + n),
            _ => ("\\u".into(), 1),
        },
        Some(other) => (format!("\\{other}"), 1),
    }
}

/// cmd.exe's layer: `^` escapes the next character outside quotes, `^` + newline continues.
fn cmd_layer(t: &str) -> Result<String, String> {
    let c: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    let mut in_quote = false;
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '^' if !in_quote => {
                match c.get(i + 1) {
                    Some('\n') => {}
                    Some('\r') if c.get(i + 2) == Some(&'\n') => i += 1,
                    Some(n) => out.push(*n),
                    None => {}
                }
                i += 2;
                continue;
            }
            '"' => {
                in_quote = !in_quote;
                out.push('"');
            }
            '\n' if in_quote => {
                // A newline ends a cmd quote.
                in_quote = false;
                out.push('\n');
            }
            x => out.push(x),
        }
        i += 1;
    }
    Ok(out)
}

/// The Microsoft C runtime's argument splitting (what curl.exe sees on Windows).
fn split_crt(t: &str) -> Result<Vec<String>, String> {
    let c: Vec<char> = t.chars().collect();
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut in_quote = false;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\\' {
            let n = c[i..].iter().take_while(|&&x| x == '\\').count();
            if c.get(i + n) == Some(&'"') {
                cur.extend(std::iter::repeat_n('\\', n / 2));
                if n % 2 == 1 {
                    cur.push('"');
                    i += n + 1;
                } else {
                    i += n;
                }
            } else {
                cur.extend(std::iter::repeat_n('\\', n));
                i += n;
            }
            in_word = true;
            continue;
        }
        if ch == '"' {
            if in_quote && c.get(i + 1) == Some(&'"') {
                cur.push('"');
                i += 2;
                continue;
            }
            in_quote = !in_quote;
            in_word = true;
            i += 1;
            continue;
        }
        if ch.is_whitespace() && !in_quote {
            if in_word {
                args.push(std::mem::take(&mut cur));
                in_word = false;
            }
        } else {
            cur.push(ch);
            in_word = true;
        }
        i += 1;
    }
    if in_quote {
        return Err("a double quote (\") is never closed".into());
    }
    if in_word {
        args.push(cur);
    }
    Ok(args)
}

fn split_powershell(t: &str) -> Result<Vec<String>, String> {
    let c: Vec<char> = t.chars().collect();
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut i = 0;
    let bt = |n: char| match n {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        other => other,
    };
    while i < c.len() {
        let ch = c[i];
        match ch {
            '`' => {
                match c.get(i + 1) {
                    Some('\n') => {}
                    Some('\r') if c.get(i + 2) == Some(&'\n') => i += 1,
                    Some(n) => {
                        cur.push(bt(*n));
                        in_word = true;
                    }
                    None => {}
                }
                i += 2;
                continue;
            }
            '\'' => {
                let mut j = i + 1;
                loop {
                    match c.get(j) {
                        None => return Err("a single quote (') is never closed".into()),
                        Some('\'') if c.get(j + 1) == Some(&'\'') => {
                            cur.push('\'');
                            j += 2;
                        }
                        Some('\'') => break,
                        Some(x) => {
                            cur.push(*x);
                            j += 1;
                        }
                    }
                }
                in_word = true;
                i = j + 1;
                continue;
            }
            '"' => {
                let mut j = i + 1;
                loop {
                    match c.get(j) {
                        None => return Err("a double quote (\") is never closed".into()),
                        Some('"') if c.get(j + 1) == Some(&'"') => {
                            cur.push('"');
                            j += 2;
                        }
                        Some('"') => break,
                        Some('`') => {
                            if let Some(n) = c.get(j + 1) {
                                cur.push(bt(*n));
                            }
                            j += 2;
                        }
                        Some('\\') if c.get(j + 1) == Some(&'"') => {
                            // Written for curl.exe's own parser: \" is a literal quote.
                            cur.push('"');
                            j += 2;
                        }
                        Some(x) => {
                            cur.push(*x);
                            j += 1;
                        }
                    }
                }
                in_word = true;
                i = j + 1;
                continue;
            }
            x if x.is_whitespace() => {
                if in_word {
                    args.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            x => {
                cur.push(x);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        args.push(cur);
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_quoting() {
        let a = split_args(
            "curl 'a b' \"c \\\"d\\\" \\$e\" $'f\\tg\\x41\\'' h\\ i",
            Dialect::Bash,
        )
        .unwrap_or_default();
        assert_eq!(a, ["curl", "a b", "c \"d\" $e", "f\tgA'", "h i"]);
    }

    #[test]
    fn cmd_layers() {
        let t = "curl ^\"https://x.test/a?b=1^&c=2^\" ^\n  -H ^\"Accept: */*^\" ^\n  --data-raw ^\"^{^\\^\"k^\\^\":1^}^\"";
        assert_eq!(detect_dialect(t), Dialect::Cmd);
        let a = split_args(t, Dialect::Cmd).unwrap_or_default();
        assert_eq!(
            a,
            [
                "curl",
                "https://x.test/a?b=1&c=2",
                "-H",
                "Accept: */*",
                "--data-raw",
                "{\"k\":1}"
            ]
        );
    }

    #[test]
    fn crt_doubled_quotes() {
        let a = split_crt("curl -d \"{\"\"a\"\":1}\" x").unwrap_or_default();
        assert_eq!(a, ["curl", "-d", "{\"a\":1}", "x"]);
    }

    #[test]
    fn powershell_backticks() {
        let t = "curl.exe `\n -H 'X: it''s' `\n \"https://x.test/`$y\"";
        assert_eq!(detect_dialect(t), Dialect::PowerShell);
        let a = split_args(t, Dialect::PowerShell).unwrap_or_default();
        assert_eq!(a, ["curl.exe", "-H", "X: it's", "https://x.test/$y"]);
    }

    #[test]
    fn unclosed_quotes_are_errors() {
        assert!(split_args("curl 'abc", Dialect::Bash).is_err());
        assert!(split_args("curl \"abc", Dialect::Bash).is_err());
        assert!(split_args("curl $'abc", Dialect::Bash).is_err());
        assert!(split_args("curl \"abc", Dialect::Cmd).is_err());
    }
}
