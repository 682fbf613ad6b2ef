//! PowerShell's `Invoke-RestMethod` / `Invoke-WebRequest` (and their aliases `irm`, `iwr`, and
//! `curl` / `wget` in Windows PowerShell), as people write them and as browsers' "Copy as
//! PowerShell" does: `-Uri`, `-Method`, `-Headers @{…}`, `-Body`, `-ContentType`, splatting
//! (`@params`), backtick line continuations, and the variables the script assigns before the call
//! (`$token = "…"`, `$headers = @{…}`, `$body = @{…} | ConvertTo-Json`).
//!
//! This is a reader for the part of the language these scripts use, not an interpreter: what it
//! cannot evaluate (a variable the paste never assigns, a call it does not know) is kept as its
//! text and named in a note.

use super::model::{self, Body, Header};
use super::pick::{choose_call, ScriptCall, MAX_CALLS};
use super::{assemble, header, ParsedSide, Pick, Request};

/// How far into a paste the request command is looked for ([`is_powershell`]): a script is small,
/// and the page asks this of every paste.
const SNIFF_BYTES: usize = 256 * 1024;

const CMDLETS: [&str; 4] = ["invoke-restmethod", "invoke-webrequest", "irm", "iwr"];

/// Parameters of `curl` / `wget` that only the PowerShell aliases have.
const ALIAS_PARAMS: [&str; 5] = ["-uri", "-headers", "-method", "-body", "-contenttype"];

/// Whether the paste holds an `Invoke-RestMethod` / `Invoke-WebRequest` call: the cmdlet (or an
/// alias) at the start of a statement, followed by an argument (not `:` as in an error message).
pub(crate) fn is_powershell(t: &str) -> bool {
    let t = &t[..t.floor_char_boundary(SNIFF_BYTES)];
    t.lines().any(|line| {
        let words: Vec<&str> = line.split_whitespace().take(12).collect();
        words.iter().enumerate().any(|(i, w)| {
            let lw = w.to_ascii_lowercase();
            let at_start = i == 0
                || words[i - 1] == "="
                || words[i - 1].ends_with('>')
                || words[i - 1] == "|"
                || words[i - 1] == "await";
            let arg = words.get(i + 1).copied().unwrap_or("");
            let takes = arg.starts_with(['-', '@', '$', '\'', '"', '(', '`'])
                || arg.to_ascii_lowercase().starts_with("http");
            let lw = lw.trim_start_matches('(');
            if !at_start || !takes {
                false
            } else if CMDLETS.contains(&lw) {
                true
            } else if lw == "curl" || lw == "wget" {
                words[i + 1..]
                    .iter()
                    .any(|a| ALIAS_PARAMS.iter().any(|p| a.eq_ignore_ascii_case(p)))
            } else {
                false
            }
        })
    })
}

mod expr;
mod reader;

use reader::{Arg, Reader, Val, R};

/// The request command found: its name and arguments, with params paired with their values.
struct Call {
    params: Vec<(String, Val)>,
    positional: Vec<Val>,
}

/// Parameters of the cmdlets that take no value.
const SWITCHES: [&str; 14] = [
    "usebasicparsing",
    "usedefaultcredentials",
    "skipcertificatecheck",
    "skipheadervalidation",
    "allowunencryptedauthentication",
    "disablekeepalive",
    "passthru",
    "skiphttperrorcheck",
    "resume",
    "nomaximumretrycount",
    "preservehttpmethod",
    "allowinsecureredirect",
    "preserveauthorizationonredirect",
    "verbose",
];

/// Parameter names the cmdlets know, for PowerShell's unique-prefix abbreviations (`-Head`).
const KNOWN: [&str; 12] = [
    "uri",
    "method",
    "headers",
    "body",
    "contenttype",
    "useragent",
    "authentication",
    "token",
    "credential",
    "websession",
    "infile",
    "form",
];

fn canonical(name: &str) -> String {
    let l = name.to_ascii_lowercase();
    if KNOWN.contains(&l.as_str()) || SWITCHES.contains(&l.as_str()) {
        return l;
    }
    let hits: Vec<&&str> = KNOWN.iter().filter(|k| k.starts_with(&l)).collect();
    match hits.as_slice() {
        [one] => one.to_string(),
        _ => l,
    }
}

fn to_call(args: Vec<Arg>, reader: &Reader, side: &mut ParsedSide) -> Call {
    let mut call = Call {
        params: Vec::new(),
        positional: Vec::new(),
    };
    let mut it = args.into_iter().peekable();
    while let Some(a) = it.next() {
        match a {
            Arg::Param(name, inline) => {
                let name = canonical(&name);
                let value = match inline {
                    Some(v) => v,
                    None if SWITCHES.contains(&name.as_str()) => Val::Bool(true),
                    None => match it.peek() {
                        Some(Arg::Value(_)) => match it.next() {
                            Some(Arg::Value(v)) => v,
                            _ => Val::Bool(true),
                        },
                        _ => Val::Bool(true),
                    },
                };
                call.params.push((name, value));
            }
            Arg::Value(v) => call.positional.push(v),
            Arg::Splat(var) => {
                let lname = var.to_ascii_lowercase();
                match reader.vars.iter().rev().find(|(k, _)| *k == lname) {
                    Some((_, Val::Hash(pairs))) => {
                        for (k, v) in pairs {
                            call.params.push((canonical(k), v.clone()));
                        }
                    }
                    _ => side.notes.push(format!(
                        "the parameters splatted from `@{var}` are not defined in the paste"
                    )),
                }
            }
        }
    }
    call
}

impl Call {
    fn get(&self, name: &str) -> Option<&Val> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// Removes a console prompt (`PS C:\work> `, `> `, the continuation prompt `>> `) at the start
/// of each line.
fn strip_prompts(t: &str) -> String {
    t.lines()
        .map(|line| {
            let l = line.trim_start();
            if let Some(rest) = l.strip_prefix("PS ") {
                if let Some(at) = rest.find("> ") {
                    return &rest[at + 2..];
                }
            }
            l.strip_prefix(">> ")
                .or_else(|| l.strip_prefix("> "))
                .unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the script: assignments in order, and every request command with a URI, each built with
/// the variables it saw; then the one picked (by default the last).
pub(crate) fn parse_powershell(
    t: &str,
    pick: Pick,
    side: &mut ParsedSide,
) -> Result<Request, String> {
    // A script is small; a larger paste is a log around it, of which the start is enough.
    let text = strip_prompts(&t[..t.floor_char_boundary(super::READ_BYTES)]);
    let mut r = Reader {
        c: text.chars().collect(),
        i: 0,
        vars: Vec::new(),
        undefined: Vec::new(),
        cookies: Vec::new(),
        user_agent: None,
        depth: 0,
    };
    let mut problem: Option<String> = None;
    let mut calls: Vec<ScriptCall> = Vec::new();
    while r.i < r.c.len() && calls.len() < MAX_CALLS {
        r.skip(true);
        // Statement separators, and the braces of blocks (`try { … }`): the calls inside count.
        while matches!(r.peek(), Some(';' | '{' | '}')) {
            r.i += 1;
            r.skip(true);
        }
        if r.i >= r.c.len() {
            break;
        }
        let start = r.i;
        r.depth = 0;
        let mut notes = ParsedSide::default();
        match statement(&mut r, &mut notes) {
            Ok(Some(call)) => {
                let request = build(call, &r, &mut notes);
                let (method, url) = match &request {
                    Ok(req) => (req.method.clone(), req.url.to_display()),
                    Err(_) => (String::new(), String::new()),
                };
                calls.push(ScriptCall {
                    method,
                    url,
                    request,
                    notes: notes.notes,
                });
            }
            Ok(None) => side.notes.extend(notes.notes),
            Err(e) => {
                problem.get_or_insert(e);
                r.i = start;
                r.skip_line();
            }
        }
        if r.i == start {
            r.skip_line();
        }
    }
    if calls.is_empty() {
        return Err(match problem {
            Some(p) => format!("cannot read the PowerShell command: {p}"),
            None => "no Invoke-RestMethod or Invoke-WebRequest call with a URI was found".into(),
        });
    }
    choose_call(calls, pick, "script", side)
}

/// One statement: an assignment (remembered), a request command (returned), or anything else
/// (read past).
fn statement(r: &mut Reader, side: &mut ParsedSide) -> R<Option<Call>> {
    // `[type]$x = …`: the cast changes nothing the reader needs.
    if r.peek() == Some('[') {
        let save = r.i;
        let _ = r.type_expression();
        r.skip(false);
        if r.peek() != Some('$') {
            r.i = save;
        }
    }
    if r.peek() == Some('$') && r.peek_at(1) != Some('(') {
        let save = r.i;
        r.i += 1;
        let name = r.var_name().to_ascii_lowercase();
        // `$x.Add("k", "v")`, `$x["k"] = v`, `$x.k = v` on a hashtable; `$session.UserAgent = …`.
        let mut path: Vec<String> = Vec::new();
        loop {
            match r.peek() {
                Some('.') => {
                    r.i += 1;
                    path.push(r.bareword(|c| c == '(' || c == '.' || c == '[' || c == '='));
                }
                Some('[') => {
                    r.i += 1;
                    let key = r.pipeline()?;
                    r.skip(false);
                    if r.peek() == Some(']') {
                        r.i += 1;
                    }
                    path.push(key.text());
                }
                _ => break,
            }
        }
        r.skip(false);
        if path.last().is_some_and(|m| m.eq_ignore_ascii_case("add")) && r.peek() == Some('(') {
            r.i += 1;
            let args = r.sub_expression()?;
            if let Val::List(items) = args {
                if let [k, v, ..] = items.as_slice() {
                    set_entry(r, &name, &path[..path.len() - 1], k.text(), v.clone());
                }
            }
            return Ok(None);
        }
        if r.peek() == Some('=') && r.peek_at(1) != Some('=') {
            r.i += 1;
            r.skip(true);
            let v = match r.peek() {
                Some(c) if c.is_alphabetic() => {
                    let save_word = r.i;
                    let word = r.bareword(|c| c == '(');
                    if is_request_cmdlet(&word) {
                        let args = r.arguments()?;
                        let c = to_call(args, r, side);
                        // The response is known only at run time: `$token.access_token` reads
                        // as written.
                        r.vars
                            .push((name.clone(), Val::Unknown(format!("${name}"))));
                        return Ok(has_uri(&c).then_some(c));
                    }
                    r.i = save_word;
                    r.pipeline()?
                }
                _ => r.pipeline()?,
            };
            if path.is_empty() {
                r.vars.push((name, v));
            } else if name == "session" || path.iter().any(|p| p.eq_ignore_ascii_case("useragent"))
            {
                if path
                    .last()
                    .is_some_and(|p| p.eq_ignore_ascii_case("useragent"))
                {
                    r.user_agent = Some(v.text());
                }
            } else {
                let key = path.pop().unwrap_or_default();
                set_entry(r, &name, &path, key, v);
            }
            return Ok(None);
        }
        r.i = save;
    }
    let word = r.bareword(|c| c == '(' || c == '=' || c == '{');
    if is_request_cmdlet(&word) {
        let args = r.arguments()?;
        let c = to_call(args, r, side);
        return Ok(has_uri(&c).then_some(c));
    }
    // A block's head (`try`, `if (…)`, `foreach (…)`): read on inside its braces.
    if BLOCKS.contains(&word.to_ascii_lowercase().as_str()) {
        while r.peek().is_some_and(|c| c != '{' && c != '\n') {
            r.i += 1;
        }
        return Ok(None);
    }
    // Any other statement: read it for its side effects (cookies), then move on.
    if !word.is_empty() {
        let _ = r.arguments();
    }
    r.skip_line();
    Ok(None)
}

/// Sets `key` in the hashtable `$name` (or in a hashtable inside it, along `path`).
fn set_entry(r: &mut Reader, name: &str, path: &[String], key: String, v: Val) {
    let Some((_, root)) = r.vars.iter_mut().rev().find(|(k, _)| k == name) else {
        return;
    };
    let mut cur = root;
    for p in path {
        let Val::Hash(pairs) = cur else { return };
        let Some((_, next)) = pairs.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(p)) else {
            return;
        };
        cur = next;
    }
    if let Val::Hash(pairs) = cur {
        match pairs.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&key)) {
            Some(p) => p.1 = v,
            None => pairs.push((key, v)),
        }
    }
}

/// Keywords that open a block.
const BLOCKS: [&str; 12] = [
    "try", "catch", "finally", "if", "elseif", "else", "foreach", "for", "while", "do", "switch",
    "function",
];

fn is_request_cmdlet(word: &str) -> bool {
    let l = word.to_ascii_lowercase();
    CMDLETS.contains(&l.as_str()) || l == "curl" || l == "wget"
}

/// Whether the call names a URI: `-Uri`, or a first positional value that looks like one (not
/// the `:` of an error message such as `Invoke-RestMethod : The remote server …`).
fn has_uri(c: &Call) -> bool {
    c.get("uri").is_some()
        || c.positional.first().is_some_and(|v| {
            let t = v.text();
            t.contains("://") || (t.contains(['.', '/']) && !t.contains(char::is_whitespace))
        })
}

fn build(call: Call, r: &Reader, side: &mut ParsedSide) -> Result<Request, String> {
    let uri = call
        .get("uri")
        .or(call.positional.first())
        .map(Val::text)
        .unwrap_or_default();
    // `-Method Post`, or `[Microsoft.PowerShell.Commands.WebRequestMethod]::Post`.
    let method = match call.get("method") {
        Some(m) => {
            let t = m.text();
            t.rsplit("::").next().unwrap_or(&t).to_string()
        }
        None => "GET".into(),
    };
    let mut uri = uri;
    let mut headers: Vec<Header> = Vec::new();
    match call.get("headers") {
        Some(Val::Hash(pairs)) => {
            for (k, v) in pairs {
                // Chrome's "Copy as PowerShell" lists HTTP/2 pseudo-headers without their colon.
                if matches!(
                    k.to_ascii_lowercase().as_str(),
                    "authority" | "method" | "path" | "scheme"
                ) {
                    continue;
                }
                headers.push(header(k, &v.text()));
            }
        }
        Some(other) => side.notes.push(format!(
            "the headers are `{}`, which the paste does not define; they are not compared",
            crate::text::shorten(&other.text(), 40)
        )),
        None => {}
    }
    let has = |hs: &[Header], n: &str| hs.iter().any(|h| h.name.eq_ignore_ascii_case(n));
    if let Some(ct) = call.get("contenttype") {
        headers.retain(|h| !h.name.eq_ignore_ascii_case("content-type"));
        headers.push(header("Content-Type", &ct.text()));
    }
    if let Some(ua) = call.get("useragent") {
        headers.push(header("User-Agent", &ua.text()));
    }
    if call.get("websession").is_some() {
        if let Some(ua) = &r.user_agent {
            if !has(&headers, "user-agent") {
                headers.push(header("User-Agent", ua));
            }
        }
        if !r.cookies.is_empty() && !has(&headers, "cookie") {
            let c: Vec<String> = r.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            headers.push(header("Cookie", &c.join("; ")));
        }
    }
    let body = match call.get("body") {
        None => Body::None,
        Some(Val::Hash(pairs)) if method.eq_ignore_ascii_case("get") => {
            // With GET, PowerShell sends a hashtable -Body as query parameters.
            let q: Vec<String> = pairs
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        model::encode_component(k),
                        model::encode_component(&v.text())
                    )
                })
                .collect();
            if !q.is_empty() {
                uri.push(if uri.contains('?') { '&' } else { '?' });
                uri.push_str(&q.join("&"));
            }
            Body::None
        }
        Some(Val::Hash(pairs)) => {
            Body::Form(pairs.iter().map(|(k, v)| (k.clone(), v.text())).collect())
        }
        Some(v) => {
            let ct = headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-type"))
                .map(|h| h.value.clone());
            model::body_from_text(&v.text(), ct.as_deref())
        }
    };
    if body != Body::None && !has(&headers, "content-type") && !method.eq_ignore_ascii_case("get") {
        // What both Windows PowerShell and PowerShell 7 send without -ContentType.
        headers.push(header("Content-Type", "application/x-www-form-urlencoded"));
        side.notes.push(
            "no -ContentType: PowerShell sends the body as application/x-www-form-urlencoded"
                .into(),
        );
    }
    let auth = explicit_auth(&call, side);
    if call.get("usedefaultcredentials").is_some() {
        side.notes.push(
            "-UseDefaultCredentials signs in as the Windows user running the script (Kerberos or \
             NTLM); that credential is not in the paste"
                .into(),
        );
    }
    if call.get("infile").is_some() || call.get("form").is_some() {
        side.notes
            .push("the body comes from a file or a -Form; it is not compared".into());
    }
    if !r.undefined.is_empty() {
        let list: Vec<String> = r.undefined.iter().map(|n| format!("${n}")).collect();
        side.notes.push(format!(
            "variables the paste uses but does not define: {} (compared as their names)",
            list.join(", ")
        ));
    }
    assemble(&method, &uri, headers, auth, body, side)
}

/// `-Authentication Bearer -Token …` and `-Credential` (PowerShell 7).
fn explicit_auth(call: &Call, side: &mut ParsedSide) -> Option<model::Auth> {
    let kind = call
        .get("authentication")
        .map(Val::text)
        .unwrap_or_default();
    if kind.eq_ignore_ascii_case("bearer") || kind.eq_ignore_ascii_case("oauth") {
        let token = call.get("token").map(Val::text).unwrap_or_default();
        return Some(model::bearer_auth(&token, "powershell-option"));
    }
    if call.get("credential").is_some() {
        side.notes.push(
            "-Credential: the user name and password come from a credential object that is not \
             in the paste"
                .into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_calls_not_error_messages() {
        assert!(is_powershell("Invoke-RestMethod -Uri https://x.example"));
        assert!(is_powershell("$r = irm 'https://x.example'"));
        assert!(is_powershell("curl -Uri https://x.example -Method Post"));
        assert!(!is_powershell("curl -H 'a: b' https://x.example"));
        assert!(!is_powershell(
            "Invoke-RestMethod : The remote server returned an error: (401) Unauthorized."
        ));
        assert!(!is_powershell(
            "Invoke-RestMethod: Response status code does not indicate success"
        ));
    }

    #[test]
    fn strings_hashtables_and_variables() {
        let mut side = ParsedSide::default();
        let t = "$token = 'abc'\n$h = @{ Authorization = \"Bearer $token\"; 'X-A' = 'it''s' }\n\
                 $h.Add('X-B', \"`\"q`\"\")\n$h['X-C'] = 3\n\
                 Invoke-RestMethod https://x.example/a -Headers $h";
        let req = parse_powershell(t, Pick::First, &mut side).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<(&str, &str)> = req
            .headers
            .iter()
            .map(|h| (h.name.as_str(), h.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Authorization", "Bearer abc"),
                ("X-A", "it's"),
                ("X-B", "\"q\""),
                ("X-C", "3")
            ]
        );
    }

    #[test]
    fn basic_from_base64_of_formatted_text() {
        let mut side = ParsedSide::default();
        let t = "$pair = \"{0}:{1}\" -f 'alice', 'pw'\n\
                 $b = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($pair))\n\
                 iwr -Uri https://x.example -Headers @{Authorization = \"Basic $b\"}";
        let req = parse_powershell(t, Pick::First, &mut side).unwrap_or_else(|e| panic!("{e}"));
        let auth = req.auth.unwrap_or_default();
        assert_eq!(auth.user.as_deref(), Some("alice"));
        assert_eq!(auth.password_length, Some(2));
    }
}
