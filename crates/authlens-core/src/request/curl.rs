//! cURL commands as browsers, Postman and people write them, in bash, Windows cmd and PowerShell
//! quoting.

use super::model::{self, Auth, Body, Header};
use super::shell::{detect_dialect, first_word, split_args, Dialect};
use super::{assemble, header, ParsedSide, Request};

pub(crate) fn is_curl(t: &str) -> bool {
    let w = first_word(t);
    let base = w.rsplit(['/', '\\']).next().unwrap_or(&w);
    base == "curl" || base == "curl.exe"
}

/// Long options that take a value and are ignored.
const IGNORED_WITH_VALUE: [&str; 30] = [
    "--output",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--write-out",
    "--cacert",
    "--capath",
    "--key",
    "--key-type",
    "--cert-type",
    "--proxy",
    "--proxy-user",
    "--resolve",
    "--connect-to",
    "--limit-rate",
    "--cookie-jar",
    "--dump-header",
    "--range",
    "--interface",
    "--max-redirs",
    "--trace",
    "--trace-ascii",
    "--config",
    "--stderr",
    "--expect100-timeout",
    "--pass",
    "--upload-file",
    "--unix-socket",
];

/// Short options that take a value.
const SHORT_WITH_VALUE: &str = "XHdubAeoomwxFETcDrKy";

#[derive(Default)]
struct Acc {
    method: Option<String>,
    url: Option<String>,
    headers: Vec<Header>,
    data: Vec<String>,
    form: Vec<(String, String)>,
    get: bool,
    head: bool,
    json: bool,
    auth: Option<Auth>,
    upload: bool,
}

pub(crate) fn parse_curl(t: &str, side: &mut ParsedSide) -> Result<Request, String> {
    let dialect = detect_dialect(t);
    if dialect != Dialect::Bash {
        side.notes.push(format!(
            "read with {} quoting rules",
            match dialect {
                Dialect::Cmd => "Windows cmd",
                _ => "PowerShell",
            }
        ));
    }
    let mut args =
        split_args(t, dialect).map_err(|e| format!("cannot split the cURL command: {e}"))?;
    // Drop a prompt and the program name.
    while args
        .first()
        .is_some_and(|a| a == "$" || a == ">" || a == "PS>")
    {
        args.remove(0);
    }
    if args.is_empty() {
        return Err("the cURL command is empty".into());
    }
    args.remove(0);
    if args.iter().any(|a| {
        let l = a.to_ascii_lowercase();
        l == "-uri" || l == "-headers" || l == "-method" || l == "-body"
    }) {
        return Err(
            "this is PowerShell's Invoke-WebRequest (`curl` is its alias there), not cURL: \
             paste a real cURL command or the request as text"
                .into(),
        );
    }
    let mut acc = Acc::default();
    let mut i = 0;
    let mut no_more_options = false;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        if no_more_options || !a.starts_with('-') || a == "-" {
            if acc.url.is_none() {
                acc.url = Some(a);
            } else {
                side.notes.push(format!(
                    "extra argument `{}` ignored (only the first URL is used)",
                    crate::text::shorten(&a, 40)
                ));
            }
            continue;
        }
        if a == "--" {
            no_more_options = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let takes = long_takes_value(long);
            let val = if takes {
                let v = args.get(i).cloned();
                i += 1;
                match v {
                    Some(v) => Some(v),
                    None => return Err(format!("the option {a} has no value after it")),
                }
            } else {
                None
            };
            apply_long(long, val, &mut acc, side)?;
            continue;
        }
        // Short options, possibly clustered (`-sSL`, `-XPOST`, `-sX POST`).
        let chars: Vec<char> = a.chars().skip(1).collect();
        let mut k = 0;
        while k < chars.len() {
            let o = chars[k];
            if SHORT_WITH_VALUE.contains(o) {
                let rest: String = chars[k + 1..].iter().collect();
                let val = if !rest.is_empty() {
                    rest
                } else {
                    let v = args.get(i).cloned();
                    i += 1;
                    match v {
                        Some(v) => v,
                        None => return Err(format!("the option -{o} has no value after it")),
                    }
                };
                apply_short(o, val, &mut acc, side)?;
                break;
            }
            match o {
                'G' => acc.get = true,
                'I' => acc.head = true,
                _ => {}
            }
            k += 1;
        }
    }
    finish(acc, side)
}

fn long_takes_value(long: &str) -> bool {
    matches!(
        long,
        "request"
            | "header"
            | "data"
            | "data-raw"
            | "data-binary"
            | "data-ascii"
            | "data-urlencode"
            | "json"
            | "user"
            | "oauth2-bearer"
            | "url"
            | "cookie"
            | "user-agent"
            | "referer"
            | "form"
            | "form-string"
            | "cert"
    ) || IGNORED_WITH_VALUE.contains(&format!("--{long}").as_str())
}

fn apply_short(o: char, val: String, acc: &mut Acc, side: &mut ParsedSide) -> Result<(), String> {
    let long = match o {
        'X' => "request",
        'H' => "header",
        'd' => "data",
        'u' => "user",
        'b' => "cookie",
        'A' => "user-agent",
        'e' => "referer",
        'F' => "form",
        'E' => "cert",
        'T' => "upload-file",
        _ => return Ok(()),
    };
    apply_long(long, Some(val), acc, side)
}

fn apply_long(
    long: &str,
    val: Option<String>,
    acc: &mut Acc,
    side: &mut ParsedSide,
) -> Result<(), String> {
    let v = val.unwrap_or_default();
    match long {
        "request" => acc.method = Some(v),
        "header" => {
            if let Some(f) = v.strip_prefix('@') {
                side.notes.push(format!(
                    "headers read from the file `{f}` are not available here"
                ));
            } else if let Some((n, val)) = v.split_once(':') {
                if !val.trim().is_empty() {
                    acc.headers.push(header(n, val));
                }
            } else if let Some(n) = v.strip_suffix(';') {
                acc.headers.push(header(n, ""));
            } else {
                side.notes.push(format!(
                    "the header `{}` has no colon and was ignored",
                    crate::text::shorten(&v, 40)
                ));
            }
        }
        "data" | "data-ascii" | "data-binary" | "data-raw" | "json" => {
            if long == "json" {
                acc.json = true;
            }
            if long != "data-raw" && v.starts_with('@') {
                side.notes.push(format!(
                    "the body is read from the file `{}`, which is not available here",
                    &v[1..]
                ));
            } else {
                acc.data.push(v);
            }
        }
        "data-urlencode" => acc.data.push(urlencode_arg(&v, side)),
        "user" => {
            let (u, p) = match v.split_once(':') {
                Some((u, p)) => (u.to_string(), p.to_string()),
                None => {
                    side.notes
                        .push("`-u` has no password: curl would prompt for one".into());
                    (v.clone(), String::new())
                }
            };
            acc.auth = Some(model::basic_auth(&u, &p, "curl-option"));
        }
        "oauth2-bearer" => acc.auth = Some(model::bearer_auth(&v, "curl-option")),
        "url" => {
            if acc.url.is_none() {
                acc.url = Some(v);
            }
        }
        "cookie" => {
            if v.contains('=') {
                acc.headers.push(header("Cookie", &v));
            } else {
                side.notes.push(format!(
                    "cookies read from the file `{v}` are not available here"
                ));
            }
        }
        "user-agent" => acc.headers.push(header("User-Agent", &v)),
        "referer" => acc.headers.push(header("Referer", &v)),
        "form" | "form-string" => match v.split_once('=') {
            // `-F file=@path`: a file part, compared by its name.
            Some((n, val)) if long == "form" && val.starts_with('@') => acc
                .form
                .push((n.to_string(), super::multipart::file_value(&val[1..]))),
            Some((n, val)) => acc.form.push((n.to_string(), val.to_string())),
            None => side
                .notes
                .push(format!("the form field `{v}` has no `=` and was ignored")),
        },
        "cert" => {
            acc.auth = Some(Auth {
                scheme: "client-certificate".into(),
                source: "curl-option".into(),
                raw_value: "client certificate (file)".into(),
                secret: Some(v),
                ..Auth::default()
            });
        }
        "upload-file" => acc.upload = true,
        "get" => acc.get = true,
        "head" => acc.head = true,
        "ntlm" | "negotiate" | "digest" | "anyauth" => side.notes.push(format!(
            "--{long} authentication is negotiated by curl and cannot be compared"
        )),
        _ => {
            if !is_known_flag(long) && !IGNORED_WITH_VALUE.contains(&format!("--{long}").as_str()) {
                side.notes.push(format!("unknown option --{long} ignored"));
            }
        }
    }
    Ok(())
}

fn is_known_flag(long: &str) -> bool {
    matches!(
        long,
        "compressed"
            | "location"
            | "insecure"
            | "silent"
            | "show-error"
            | "verbose"
            | "include"
            | "http1.1"
            | "http1.0"
            | "http2"
            | "http2-prior-knowledge"
            | "http3"
            | "fail"
            | "fail-with-body"
            | "globoff"
            | "no-buffer"
            | "progress-bar"
            | "location-trusted"
            | "path-as-is"
            | "tlsv1.2"
            | "tlsv1.3"
            | "ssl-no-revoke"
            | "no-keepalive"
            | "raw"
            | "ipv4"
            | "ipv6"
            | "remote-name"
    )
}

/// `--data-urlencode` forms: `content`, `=content`, `name=content`, `@file`, `name@file`.
fn urlencode_arg(v: &str, side: &mut ParsedSide) -> String {
    if let Some((name, content)) = v.split_once('=') {
        if name.is_empty() {
            return model::encode_component(content);
        }
        return format!("{name}={}", model::encode_component(content));
    }
    if let Some((name, file)) = v.split_once('@') {
        side.notes.push(format!(
            "the --data-urlencode value is read from the file `{file}`, which is not available here"
        ));
        return if name.is_empty() {
            String::new()
        } else {
            format!("{name}=")
        };
    }
    model::encode_component(v)
}

fn finish(acc: Acc, side: &mut ParsedSide) -> Result<Request, String> {
    let Some(url) = acc.url else {
        return Err("the cURL command has no URL".into());
    };
    let mut headers = acc.headers;
    let data = acc.data.join("&");
    let has_data = !acc.data.is_empty();
    let mut url = url;
    let method_default;
    let mut body = Body::None;
    if acc.get && has_data {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&data);
        method_default = "GET";
    } else if acc.head {
        method_default = "HEAD";
    } else if has_data {
        method_default = "POST";
        let has_ct = headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("content-type"));
        if !has_ct {
            let ct = if acc.json {
                "application/json"
            } else {
                side.notes.push(
                    "curl sends `Content-Type: application/x-www-form-urlencoded` with -d when \
                     none is given; it was added"
                        .into(),
                );
                "application/x-www-form-urlencoded"
            };
            headers.push(header("Content-Type", ct));
        }
        if acc.json
            && !headers
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case("accept"))
        {
            headers.push(header("Accept", "application/json"));
        }
        let ct = headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.clone());
        body = model::body_from_text(&data, ct.as_deref());
    } else if !acc.form.is_empty() {
        method_default = "POST";
        side.notes
            .push("multipart form fields (-F) are compared as parameters".into());
        if !headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("content-type"))
        {
            // What curl sends with -F (its boundary left out: it differs on every call).
            headers.push(header("Content-Type", "multipart/form-data"));
        }
        body = Body::Form(acc.form);
    } else if acc.upload {
        method_default = "PUT";
        side.notes
            .push("the uploaded file (-T) is not available here".into());
    } else {
        method_default = "GET";
    }
    let method = acc.method.unwrap_or_else(|| method_default.to_string());
    if !url.contains("://") {
        side.notes
            .push("curl assumes http:// when the URL has no scheme".into());
        url = format!("http://{url}");
    }
    assemble(&method, &url, headers, acc.auth, body, side)
}
