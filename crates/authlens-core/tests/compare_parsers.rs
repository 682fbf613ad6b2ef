//! Unit tests of every request parser through the public `request::parse`.
#![allow(clippy::unwrap_used)]

use authlens_core::request::{
    compare, parse, render_text, Body, CompareOptions, ParsedSide, Request,
};
use base64::Engine as _;
use serde_json::json;

fn jwt(claims: serde_json::Value) -> String {
    let e = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
    };
    format!("{}.{}.c2ln", e(&json!({"alg": "RS256"})), e(&claims))
}

fn ok(side: &ParsedSide) -> &Request {
    match &side.request {
        Some(r) => r,
        None => panic!("no request: {:?} ({})", side.error, side.kind),
    }
}

fn hdr<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.header(name)
}

fn q(r: &Request) -> Vec<(&str, &str)> {
    r.url
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn has_note(s: &ParsedSide, part: &str) -> bool {
    s.notes.iter().any(|n| n.contains(part))
}

// ------------------------------------------------------------------ curl

#[test]
fn curl_bash_quoting_and_continuations() {
    let s = parse(
        "curl -X post \\\n  'https://Api.Example.com/a%20b?x=1' \\\n  -H $'X-Note: line\\tTab' \\\n  -H \"X-Q: say \\\"hi\\\"\" \\\n  -d 'a=1' -d b=2 --compressed -L -k -sS",
        None,
    );
    assert_eq!(s.kind, "curl");
    let r = ok(&s);
    assert_eq!(r.method, "POST");
    assert_eq!(r.url.host, "api.example.com");
    assert_eq!(r.url.path, "/a%20b");
    assert_eq!(hdr(r, "x-note"), Some("line\tTab"));
    assert_eq!(hdr(r, "X-Q"), Some("say \"hi\""));
    assert_eq!(
        r.body,
        Body::Form(vec![("a".into(), "1".into()), ("b".into(), "2".into())])
    );
    assert_eq!(
        hdr(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(has_note(&s, "application/x-www-form-urlencoded"));
}

#[test]
fn curl_get_moves_data_into_query() {
    let s = parse(
        "curl -G --url https://h.example/s?z=0 -d q=a+b --data-urlencode 'f=x y&z' --data-urlencode =bare --data-urlencode plain",
        None,
    );
    let r = ok(&s);
    assert_eq!(r.method, "GET");
    assert_eq!(r.body, Body::None);
    assert_eq!(
        q(r),
        [
            ("z", "0"),
            ("q", "a b"),
            ("f", "x y&z"),
            ("bare", ""),
            ("plain", "")
        ]
    );
}

#[test]
fn curl_data_urlencode_in_body() {
    let s = parse(
        "curl https://h.example/t --data-urlencode 'scope=https://x/.default' --data-raw '@literal'",
        None,
    );
    let r = ok(&s);
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.body,
        Body::Form(vec![
            ("scope".into(), "https://x/.default".into()),
            ("@literal".into(), "".into())
        ])
    );
}

#[test]
fn curl_user_bearer_cookie_and_clusters() {
    let s = parse(
        "curl -sSLXPUT -u alice:pw1 -b 'sid=1; b=2' -A agent https://h.example/x",
        None,
    );
    let r = ok(&s);
    assert_eq!(r.method, "PUT");
    let a = r.auth.as_ref().unwrap();
    assert_eq!(a.scheme, "basic");
    assert_eq!(a.user.as_deref(), Some("alice"));
    assert_eq!(a.password_length, Some(3));
    assert_eq!(hdr(r, "cookie"), Some("sid=1; b=2"));
    assert_eq!(hdr(r, "user-agent"), Some("agent"));

    let tok = jwt(json!({"aud": ["api://one", "api://two"], "azp": "app-2", "exp": 5}));
    let s = parse(
        &format!("curl --oauth2-bearer {tok} https://h.example"),
        None,
    );
    let f = ok(&s).auth.as_ref().unwrap().token.clone().unwrap();
    assert_eq!(f.aud.as_deref(), Some("api://one api://two"));
    assert_eq!(f.appid.as_deref(), Some("app-2"));
    assert_eq!(f.exp, Some(5));
    assert!(!f.redacted.contains("c2ln"));
}

#[test]
fn curl_windows_cmd_caret_continuations_and_doubled_quotes() {
    let s = parse(
        "curl \"https://h.example/p?a=1\" ^\n  -H \"Authorization: Bearer abc\" ^\n  -d \"{\"\"k\"\":\"\"v\"\"}\" -H \"Content-Type: application/json\"",
        None,
    );
    let r = ok(&s);
    assert!(has_note(&s, "Windows cmd"));
    assert_eq!(r.method, "POST");
    assert_eq!(r.body, Body::Json(json!({"k": "v"})));
    assert_eq!(r.auth.as_ref().unwrap().scheme, "bearer");

    let s = parse(
        "curl ^\"https://h.example/p^\" -X POST -H ^\"x: 1^\" --data-raw ^\"^{^\\^\"a^\\^\":^\\^\"^%^\\^\"^}^\"",
        None,
    );
    assert_eq!(ok(&s).body, Body::Json(json!({"a": "%"})));
}

#[test]
fn curl_powershell_backticks() {
    let s = parse(
        "curl.exe -X POST `\n  -H 'Content-Type: application/json' `\n  -d '{\"a\": \"it''s\"}' `\n  https://h.example/x",
        None,
    );
    assert!(has_note(&s, "PowerShell"));
    assert_eq!(ok(&s).body, Body::Json(json!({"a": "it's"})));
}

#[test]
fn curl_errors_and_notes_are_specific() {
    assert!(parse("curl -H 'x: y'", None)
        .error
        .unwrap()
        .contains("no URL"));
    assert!(parse("curl -H", None).error.unwrap().contains("-H"));
    assert!(parse("curl 'https://h.example", None)
        .error
        .unwrap()
        .contains("never closed"));
    // Windows PowerShell's `curl` alias of Invoke-WebRequest is read as PowerShell.
    let s = parse(
        "curl -Uri https://h.example -Headers @{a='b'} -Method Get",
        None,
    );
    assert_eq!(s.kind, "powershell");
    assert_eq!(ok(&s).header("a"), Some("b"));
    // curl.exe is the real cURL: PowerShell parameters there are a mistake, said so.
    let e = parse("curl.exe -Uri https://h.example -Method Get", None)
        .error
        .unwrap();
    assert!(e.contains("Invoke-WebRequest"), "{e}");
    let s = parse("curl --frobnicate h.example/x", None);
    assert!(has_note(&s, "--frobnicate"));
    assert!(has_note(&s, "http://"));
    assert_eq!(ok(&s).url.scheme, "http");
    let s = parse("curl -d @body.json https://h.example", None);
    assert!(has_note(&s, "body.json"));
}

#[test]
fn postman_environment_and_globals_pasted_with_the_collection() {
    let collection = json!({
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "A", "request": {"method": "GET", "url": "{{base}}/{{path}}?v={{v}}"}}],
        "variable": [{"key": "path", "value": "from-collection"}, {"key": "v", "value": "c"}]
    });
    let globals = json!({"name": "g", "_postman_variable_scope": "globals", "values": [
        {"key": "base", "value": "https://g.example", "enabled": true},
        {"key": "path", "value": "from-globals", "enabled": true}]});
    let env = json!({"name": "e", "_postman_variable_scope": "environment", "values": [
        {"key": "v", "value": "e", "enabled": true}]});
    // Globals first in the paste: still the lowest precedence.
    let s = parse(&format!("{globals}\n{collection}\n{env}"), None);
    let r = ok(&s);
    assert_eq!(r.url.host, "g.example");
    assert_eq!(r.url.path, "/from-collection");
    assert_eq!(q(r), [("v", "e")]);
    assert!(has_note(&s, "globals `g`"), "{:?}", s.notes);
    // An environment alone says what to do with it.
    let e = parse(&env.to_string(), None).error.unwrap();
    assert!(e.contains("Postman environment"), "{e}");
    // Two collections are not a collection with its environment.
    assert!(parse(&format!("{collection}{collection}"), None)
        .error
        .is_some());
}

#[test]
fn multipart_bodies_compare_by_field_in_every_format() {
    let raw = "POST https://h.example/up\nContent-Type: multipart/form-data; boundary=----b7\n\n\
               ------b7\nContent-Disposition: form-data; name=\"a\"\n\n1\n\
               ------b7\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\n\
               Content-Type: text/plain\n\nhello\n------b7--\n";
    let curl = "curl -F a=1 -F f=@/tmp/x.txt https://h.example/up";
    let postman = json!({
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Up", "request": {"method": "POST", "url": "https://h.example/up",
            "body": {"mode": "formdata", "formdata": [
                {"key": "a", "value": "1", "type": "text"},
                {"key": "f", "type": "file", "src": "/Users/me/x.txt"}]}}}]
    })
    .to_string();
    let want = Body::Form(vec![
        ("a".into(), "1".into()),
        ("f".into(), "(file x.txt)".into()),
    ]);
    for text in [raw, curl, postman.as_str()] {
        let s = parse(text, None);
        assert_eq!(ok(&s).body, want, "{}", s.kind);
    }
    // The boundary differs on every request: never a difference.
    let report = compare(raw, curl, &CompareOptions::default());
    assert!(
        report.differences.iter().all(|d| d.expected),
        "{}",
        render_text(&report)
    );
}

// ------------------------------------------------------------------ PowerShell

#[test]
fn powershell_invoke_restmethod_forms() {
    let tok = jwt(json!({"aud": "api://x"}));
    // Aliases, `-Param:value`, abbreviations, a hashtable GET body going to the query.
    let s = parse(
        "iwr -Uri:'https://h.example/a' -Meth Get -Body @{ q = 'x y'; n = 2 } -Head @{ 'X-A' = 'b' }",
        None,
    );
    assert_eq!(s.kind, "powershell");
    let r = ok(&s);
    assert_eq!((r.method.as_str(), r.url.path.as_str()), ("GET", "/a"));
    assert_eq!(q(r), [("q", "x y"), ("n", "2")]);
    assert_eq!(hdr(r, "x-a"), Some("b"));
    assert_eq!(r.body, Body::None);
    // PowerShell 7's -Authentication Bearer -Token, inside a try block, with comments.
    let t = format!(
        "try {{\n  # call the API\n  $secure = ConvertTo-SecureString '{tok}' -AsPlainText -Force\n  \
         $r = Invoke-RestMethod -Method Post -Uri https://h.example/b -Authentication Bearer `\n    \
         -Token $secure -Body 'a=1&b=2' <# form #>\n}} catch {{ Write-Error $_ }}"
    );
    let s = parse(&t, None);
    let r = ok(&s);
    let auth = r.auth.as_ref().unwrap();
    assert_eq!(
        (auth.scheme.as_str(), auth.source.as_str()),
        ("bearer", "powershell-option")
    );
    assert_eq!(auth.token.as_ref().unwrap().aud.as_deref(), Some("api://x"));
    // No -ContentType: PowerShell sends a form Content-Type, and says so.
    assert_eq!(
        hdr(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        r.body,
        Body::Form(vec![("a".into(), "1".into()), ("b".into(), "2".into())])
    );
    assert!(has_note(&s, "-ContentType"));
}

#[test]
fn powershell_body_as_utf8_bytes_and_casts() {
    // Chrome's Copy as PowerShell for a body with non-ASCII text; a [pscustomobject] cast.
    let s = parse(
        "Invoke-WebRequest -UseBasicParsing -Uri \"https://h.example/x\" `\n-Method \"POST\" `\n\
         -ContentType \"application/json\" `\n\
         -Body ([System.Text.Encoding]::UTF8.GetBytes(\"{`\"name`\":`\"Zoë`\"}\"))",
        None,
    );
    assert_eq!(ok(&s).body, Body::Json(json!({"name": "Zoë"})));
    let s = parse(
        "$o = [pscustomobject]@{ a = 1; b = @('x', 'y') }\n\
         irm https://h.example -Method Put -Body ($o | ConvertTo-Json) -ContentType 'application/json'",
        None,
    );
    assert_eq!(ok(&s).body, Body::Json(json!({"a": 1, "b": ["x", "y"]})));
}

#[test]
fn powershell_variables_and_notes() {
    // Index assignment on a hashtable, an undefined variable, a URL built from variables.
    let s = parse(
        "$base = 'https://h.example'\n$h = @{}\n$h[\"Authorization\"] = \"Bearer $accessToken\"\n\
         $h.Accept = 'application/json'\n\
         Invoke-WebRequest -Uri \"$base/items?top=5\" -Headers $h -UseDefaultCredentials",
        None,
    );
    let r = ok(&s);
    assert_eq!(r.url.host, "h.example");
    assert_eq!(hdr(r, "authorization"), Some("Bearer $accessToken"));
    assert_eq!(hdr(r, "accept"), Some("application/json"));
    assert!(has_note(&s, "$accesstoken"), "{:?}", s.notes);
    assert!(has_note(&s, "-UseDefaultCredentials"));
    // No call with a URI: a sentence, not a guess.
    let s = parse("Invoke-RestMethod -Method Get -Headers @{a='b'}", None);
    assert_eq!(s.kind, "powershell");
    assert!(s.error.unwrap().contains("no Invoke-RestMethod"));
    let s = parse("Invoke-RestMethod -Uri 'https://h.example", None);
    assert!(s.error.unwrap().contains("never closed"));
}

#[test]
fn scripts_with_several_calls_list_them_and_use_the_last() {
    let ps = "$t = irm -Method Post https://login.example/token -Body @{ a = 1 }\n\
              irm https://api.example/items -Headers @{ Authorization = \"Bearer $($t.access_token)\" }\n";
    let s = parse(ps, None);
    assert_eq!(s.picks.len(), 2);
    assert_eq!(ok(&s).url.host, "api.example");
    assert!(has_note(&s, "makes 2 calls"));
    assert_eq!(
        ok(&s).auth.as_ref().unwrap().token.as_ref().unwrap().format,
        "variable"
    );
    assert_eq!(ok(&parse(ps, Some("0"))).url.host, "login.example");
    assert_eq!(ok(&parse(ps, Some("token"))).method, "POST");
    assert!(parse(ps, Some("7")).error.unwrap().contains("calls 0 to 1"));
    let js = "const r = await fetch('https://login.example/token', { method: 'POST' });\n\
              const { access_token } = await r.json();\n\
              await fetch('https://api.example/items', { headers: { Authorization: 'Bearer ' + access_token } });";
    let s = parse(js, None);
    assert_eq!(s.picks.len(), 2);
    assert_eq!(hdr(ok(&s), "authorization"), Some("Bearer ${access_token}"));
    // Defined by the script at run time: not reported as undefined.
    assert!(!has_note(&s, "does not define"), "{:?}", s.notes);
}

// ------------------------------------------------------------------ fetch

#[test]
fn fetch_browser_and_node_copies() {
    let s = parse(
        "fetch(\"https://h.example/api?x=1\", {\n  \"headers\": {\n    \"accept\": \"*/*\",\n    \
         \"content-type\": \"application/json\"\n  },\n  \"referrer\": \"https://app.example/\",\n  \
         \"body\": \"{\\\"a\\\":1}\",\n  \"method\": \"POST\",\n  \"mode\": \"cors\",\n  \
         \"credentials\": \"include\"\n});",
        None,
    );
    assert_eq!(s.kind, "fetch");
    let r = ok(&s);
    assert_eq!(r.method, "POST");
    assert_eq!(q(r), [("x", "1")]);
    assert_eq!(r.body, Body::Json(json!({"a": 1})));
    assert!(has_note(&s, "credentials"));
    // Node.js: cookies in the headers, no credentials note; a GET with `body: null`.
    let s = parse(
        "fetch(\"https://h.example/\", {\"headers\": {\"cookie\": \"a=1\"}, \"body\": null, \"method\": \"GET\"});",
        None,
    );
    let r = ok(&s);
    assert_eq!((hdr(r, "cookie"), &r.body), (Some("a=1"), &Body::None));
    assert!(!has_note(&s, "credentials"));
}

#[test]
fn fetch_written_by_hand() {
    let s = parse(
        "const res = await fetch('https://h.example/token', {\n  method: 'POST',\n  \
         headers: new Headers({ Authorization: 'Basic ' + btoa('app:secret') }),\n  \
         body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'x' }),\n});\n\
         const data = await res.json();",
        None,
    );
    let r = ok(&s);
    let auth = r.auth.as_ref().unwrap();
    assert_eq!(
        (auth.user.as_deref(), auth.password_length),
        (Some("app"), Some(6))
    );
    assert_eq!(
        hdr(r, "content-type"),
        Some("application/x-www-form-urlencoded;charset=UTF-8")
    );
    assert_eq!(
        r.body,
        Body::Form(vec![
            ("grant_type".into(), "client_credentials".into()),
            ("scope".into(), "x".into())
        ])
    );
    assert!(has_note(&s, "sets no Content-Type"));
    // A name the paste does not define is kept and named.
    let e = parse("fetch(url + '/x', { headers: {} })", None).error;
    assert!(e.unwrap().contains("does not define"));
    let s = parse(
        "fetch(`https://h.example/${id}`, { headers: { Authorization: `Bearer ${token}` } })",
        None,
    );
    let r = ok(&s);
    assert_eq!(hdr(r, "authorization"), Some("Bearer ${token}"));
    assert!(has_note(&s, "id, token"), "{:?}", s.notes);
    assert!(parse("fetch(\"https://h.example\", {", None)
        .error
        .is_some());
}

// ------------------------------------------------------------------ Postman

fn collection() -> String {
    json!({
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": {"type": "basic", "basic": [
            {"key": "username", "value": "{{user}}"}, {"key": "password", "value": "{{pass}}"}]},
        "item": [
            {"name": "Top", "request": {"method": "GET", "url": "{{base}}/top"}},
            {"name": "F1", "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{tok}}"}]},
             "item": [
                {"name": "Deep", "item": [
                    {"name": "Leaf", "request": {
                        "method": "POST",
                        "header": [
                            {"key": "X-Env", "value": "{{env}}"},
                            {"key": "X-Off", "value": "1", "disabled": true}],
                        "body": {"mode": "urlencoded", "urlencoded": [
                            {"key": "a", "value": "{{missing}}"},
                            {"key": "b", "value": "2", "disabled": true}]},
                        "url": {"raw": "{{base}}/leaf?x={{$guid}}"}}}
                ]},
                {"name": "Key in query", "request": {
                    "auth": {"type": "apikey", "apikey": [
                        {"key": "key", "value": "code"}, {"key": "value", "value": "k-123"},
                        {"key": "in", "value": "query"}]},
                    "method": "GET", "url": "{{base}}/fn"}}
             ]}
        ],
        "variable": [
            {"key": "base", "value": "https://{{host}}/v1"},
            {"key": "host", "value": "api.example.com"},
            {"key": "user", "value": "bob"}, {"key": "pass", "value": "pw"},
            {"key": "tok", "value": "opaque-token"}
        ]
    })
    .to_string()
}

#[test]
fn postman_picks_first_and_lists_names() {
    let s = parse(&collection(), None);
    assert_eq!(s.kind, "postman-collection");
    assert_eq!(s.picks, ["Top", "F1/Deep/Leaf", "F1/Key in query"]);
    assert_eq!(s.picked.as_deref(), Some("Top"));
    let r = ok(&s);
    assert_eq!(r.url.host, "api.example.com");
    assert_eq!(r.url.path, "/v1/top");
    // Collection-level basic auth inherited.
    let a = r.auth.as_ref().unwrap();
    assert_eq!(
        (a.scheme.as_str(), a.user.as_deref()),
        ("basic", Some("bob"))
    );
    assert!(has_note(&s, "inherits"));
}

#[test]
fn postman_variables_folder_auth_and_unresolved_list() {
    let s = parse(&collection(), Some("leaf"));
    let r = ok(&s);
    assert_eq!(s.picked.as_deref(), Some("F1/Deep/Leaf"));
    assert_eq!(hdr(r, "X-Env"), Some("{{env}}"));
    assert_eq!(hdr(r, "X-Off"), None);
    assert_eq!(r.body, Body::Form(vec![("a".into(), "{{missing}}".into())]));
    assert_eq!(
        hdr(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // Nearest folder's bearer wins over the collection's basic.
    assert_eq!(r.auth.as_ref().unwrap().scheme, "bearer");
    let note = s
        .notes
        .iter()
        .find(|n| n.contains("unresolved"))
        .unwrap()
        .clone();
    assert!(note.contains("{{$guid}}") && note.contains("{{env}}") && note.contains("{{missing}}"));
    assert!(!note.contains("{{base}}") && !note.contains("{{host}}"));
}

#[test]
fn postman_apikey_in_query_and_unknown_pick() {
    let s = parse(&collection(), Some("F1/Key in query"));
    let r = ok(&s);
    assert_eq!(q(r), [("code", "k-123")]);
    let a = r.auth.as_ref().unwrap();
    assert_eq!(
        (a.scheme.as_str(), a.key_in.as_deref()),
        ("apikey", Some("query"))
    );
    let e = parse(&collection(), Some("nope")).error.unwrap();
    assert!(e.contains("nope") && e.contains("F1/Deep/Leaf"), "{e}");
}

#[test]
fn postman_v20_and_raw_json_body_content_type() {
    let c = json!({
        "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "item": [{"name": "R", "request": {
            "method": "PUT",
            "auth": {"type": "bearer", "bearer": {"token": "t0"}},
            "body": {"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}},
            "url": {"protocol": "https", "host": ["h", "example"], "path": ["p", "q"],
                    "query": [{"key": "x", "value": "1"}, {"key": "y", "value": "2", "disabled": true}]}}}]
    })
    .to_string();
    let s = parse(&c, None);
    let r = ok(&s);
    assert_eq!(r.url.to_display(), "https://h.example/p/q?x=1");
    assert_eq!(r.body, Body::Json(json!({"a": 1})));
    assert_eq!(hdr(r, "Content-Type"), Some("application/json"));
    assert_eq!(r.auth.as_ref().unwrap().scheme, "bearer");
    assert!(has_note(&s, "Postman adds"));
}

#[test]
fn postman_empty_collection_is_an_error() {
    let e = parse(
        r#"{"info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}"#,
        None,
    )
    .error
    .unwrap();
    assert!(e.contains("no request"));
}

// ------------------------------------------------------------------ HAR

fn har() -> String {
    json!({"log": {"entries": [
        {"startedDateTime": "2024-01-02T03:04:05Z", "request": {"method": "GET", "url": "https://a.example/one",
            "headers": [{"name": ":path", "value": "/one"}, {"name": "Accept", "value": "*/*"}]}},
        {"startedDateTime": "2024-01-02T03:04:06Z", "request": {"method": "POST", "url": "https://b.example/two?z=9",
            "headers": [{"name": "authorization", "value": "Bearer xyz"}],
            "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "k", "value": "v"}]}}}
    ]}})
    .to_string()
}

#[test]
fn har_pick_by_index_or_url_part() {
    let s = parse(&har(), None);
    assert_eq!(s.kind, "har");
    assert_eq!(s.picks.len(), 2);
    let r = ok(&s);
    assert_eq!(r.url.host, "a.example");
    assert_eq!(r.headers.len(), 1, "pseudo-headers are skipped");
    assert!(has_note(&s, "leave them out of HAR exports"));
    assert_eq!(s.sent_at.map(|t| t.0), Some(1_704_164_645));

    let s = parse(&har(), Some("1"));
    let r = ok(&s);
    assert_eq!(r.method, "POST");
    assert_eq!(r.body, Body::Form(vec![("k".into(), "v".into())]));
    assert!(!has_note(&s, "leave them out"));

    let s = parse(&har(), Some("B.EXAMPLE/two"));
    assert_eq!(ok(&s).url.host, "b.example");

    assert!(parse(&har(), Some("7"))
        .error
        .unwrap()
        .contains("entries 0 to 1"));
    assert!(parse(&har(), Some("zzz")).error.unwrap().contains("zzz"));
    assert!(parse(r#"{"log": {"entries": []}}"#, None)
        .error
        .unwrap()
        .contains("no entries"));
}

// ------------------------------------------------------------------ flow raw inputs

#[test]
fn flow_raw_inputs_shapes() {
    let s = parse(
        r#"{"inputs": {"uri": "https://h.example/x?a=1", "method": "patch",
            "headers": {"Content-Type": "application/json", "X-Multi": ["1", "2"]},
            "queries": {"b": "two words"}, "body": "{\"k\": [1]}"}}"#,
        None,
    );
    assert_eq!(s.kind, "flow-raw-inputs");
    let r = ok(&s);
    assert_eq!(r.method, "PATCH");
    assert_eq!(q(r), [("a", "1"), ("b", "two words")]);
    assert_eq!(r.body, Body::Json(json!({"k": [1]})));
    assert_eq!(r.headers.iter().filter(|h| h.name == "X-Multi").count(), 2);
}

#[test]
fn flow_authentication_types() {
    let auth = |a: &str| {
        let s = parse(
            &format!(r#"{{"uri": "https://h.example", "method": "GET", "authentication": {a}}}"#),
            None,
        );
        (ok(&s).auth.clone().unwrap(), s.notes)
    };
    let (a, _) = auth(r#"{"type": "Raw", "value": "Bearer abc"}"#);
    assert_eq!(
        (a.scheme.as_str(), a.source.as_str()),
        ("bearer", "flow-authentication")
    );
    let (a, _) = auth(r#"{"type": "Basic", "username": "u", "password": "secret"}"#);
    assert_eq!((a.user.as_deref(), a.password_length), (Some("u"), Some(6)));
    let (a, notes) = auth(
        r#"{"type": "ActiveDirectoryOAuth", "tenant": "t", "audience": "https://x", "clientId": "c", "secret": "*sanitized*"}"#,
    );
    assert_eq!(a.scheme, "oauth2-client-credentials");
    assert_eq!(a.audience.as_deref(), Some("https://x"));
    assert!(a
        .problems
        .iter()
        .any(|p| p == "secret-hidden-by-run-history"));
    assert!(notes.iter().any(|n| n.contains("sanitized")));
    let (a, _) =
        auth(r#"{"type": "ManagedServiceIdentity", "audience": "https://vault.azure.net"}"#);
    assert_eq!(a.scheme, "managed-identity");
    let (a, _) = auth(r#"{"type": "ClientCertificate", "pfx": "MIIK", "password": "p"}"#);
    assert_eq!(a.scheme, "client-certificate");
    assert!(!serde_json::to_string(&a).unwrap().contains("MIIK"));
}

#[test]
fn flow_errors_are_specific() {
    let e = parse(r#"{"uri": 5, "method": "GET"}"#, None).error.unwrap();
    assert!(e.contains("`uri` should be a string"), "{e}");
    let e = parse(r#"{"uri": "https://h.example", "headers": "x"}"#, None)
        .error
        .unwrap();
    assert!(e.contains("`headers`"), "{e}");
    let e = parse(r#"{"statusCode": 401, "headers": {}, "body": {}}"#, None)
        .error
        .unwrap();
    assert!(e.contains("raw outputs"), "{e}");
    let e = parse(
        r#"{"uri": "https://h.example", "authentication": {"username": "x"}}"#,
        None,
    )
    .error
    .unwrap();
    assert!(e.contains("no `type`"), "{e}");
}

// ------------------------------------------------------------------ raw text

#[test]
fn raw_http_needs_host_for_a_path() {
    let s = parse("GET /x HTTP/1.1\nAccept: */*\n", None);
    assert_eq!(s.kind, "raw-http");
    assert!(s.error.unwrap().contains("Host"));
    let s = parse(
        "POST /x?y=1 HTTP/1.1\r\nHost: H.example:8443\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld",
        None,
    );
    let r = ok(&s);
    assert_eq!((r.url.host.as_str(), r.url.port), ("h.example", Some(8443)));
    assert_eq!(r.body, Body::Text("hello\nworld".into()));
    assert!(has_note(&s, "https was assumed"));
}

#[test]
fn postman_console_with_labels_and_response() {
    let s = parse(
        "GET https://h.example/a\nRequest Headers\n  Authorization: Bearer t\n  Accept: */*\nResponse Headers\n  Content-Type: text/html\n",
        None,
    );
    assert_eq!(s.kind, "postman-console");
    let r = ok(&s);
    assert_eq!(r.headers.len(), 2);
    assert_eq!(r.body, Body::None);
}

#[test]
fn postman_console_body_without_blank_line() {
    let s = parse(
        "POST https://h.example/a\nContent-Type: application/json\n{\"a\": 1}",
        None,
    );
    let r = ok(&s);
    assert_eq!(r.body, Body::Json(json!({"a": 1})));
    assert!(has_note(&s, "not a `Name: value` header"));
}

// ------------------------------------------------------------------ detection and auth values

#[test]
fn detection_errors() {
    assert_eq!(parse("  \n", None).kind, "empty");
    let s = parse("hello world", None);
    assert_eq!(s.kind, "unknown");
    assert!(s.error.unwrap().contains("could not recognise"));
    let e = parse("{\"uri\": ", None).error.unwrap();
    assert!(e.contains("does not parse"), "{e}");
    let e = parse("[1, 2]", None).error.unwrap();
    assert!(e.contains("a JSON array"), "{e}");
}

#[test]
fn authorization_value_problems() {
    let problems = |v: &str| {
        let s = parse(
            &format!("GET https://h.example\nAuthorization: {v}\n"),
            None,
        );
        ok(&s).auth.clone().unwrap().problems
    };
    let tok = jwt(json!({"aud": "x"}));
    assert_eq!(problems(&format!("\"Bearer {tok}\"")), ["quoted"]);
    assert_eq!(problems(&tok), ["missing-scheme"]);
    assert_eq!(
        problems(&format!("Bearer Bearer {tok}")),
        ["duplicate-scheme"]
    );
    assert_eq!(
        problems(&format!("Bearer {tok} extra")),
        ["whitespace-in-token"]
    );
    assert_eq!(
        problems("Bearer eyJhbGciOiJub25lIn0.@@@.x"),
        ["undecodable-jwt"]
    );
    assert_eq!(problems("Basic !!!"), ["undecodable-basic"]);
    assert!(problems(&format!("Bearer {tok}")).is_empty());
}

#[test]
fn redacted_request_hides_secrets() {
    let tok = jwt(json!({"aud": "x"}));
    let s = parse(
        &format!(
            "curl 'https://h.example/x?sig=SIGVALUE&code=FNKEY' -H 'Authorization: Bearer {tok}' -H 'x-api-key: APIKEY' -b 'sid=COOKIE' -d 'client_secret=CSECRET&password=PWD'"
        ),
        None,
    );
    let red = serde_json::to_string(&ok(&s).redacted()).unwrap();
    for secret in [
        "SIGVALUE", "FNKEY", "APIKEY", "COOKIE", "CSECRET", "PWD", "c2ln",
    ] {
        assert!(!red.contains(secret), "{secret} in {red}");
    }
}

#[test]
fn no_input_panics() {
    let seeds = [
        "curl 'https://h.example/x' -H 'a: b' -d '{\"a\":1}'".to_string(),
        "curl ^\"https://h.example/^\" ^\n -H ^\"a: b^\"".to_string(),
        "curl.exe `\n -H 'a: b' `\n https://h.example".to_string(),
        "POST /x HTTP/1.1\nHost: h.example\n\nbody".to_string(),
        "GET https://h.example/é?ü=%ZZ\nX: é\n\n{".to_string(),
        collection(),
        har(),
        r#"{"inputs": {"uri": "https://h.example", "method": "GET", "authentication": {"type": "Basic", "username": "é", "password": "p"}}}"#.to_string(),
        "$t = 'a'; $h = @{ A = \"B $t\"; 'C' = @(1, 2) }\n$b = @\"\n{`\"k`\": $($t)}\n\"@\n\
         $p = @{ Uri = \"https://h.example/{0}\" -f 'x'; Method = 'Post' }\n\
         $s.Cookies.Add((New-Object System.Net.Cookie(\"n\", \"v\")))\n\
         >> irm @p -Headers $h -Body ($b | ConvertTo-Json) `\n -ContentType:'text/plain' <# c #>"
            .to_string(),
        "const t = `x${1}`; // c\nawait fetch(\"https://h.example/\" + t, { method: 'PUT', \
         headers: [['a', 'b']], body: new URLSearchParams({ k: 'v' }), ...o, /* c */ \
         'x': JSON.stringify({ a: [1, { b: null }] }) });"
            .to_string(),
    ];
    let mut count = 0;
    for seed in &seeds {
        let idx: Vec<usize> = seed.char_indices().map(|(i, _)| i).collect();
        for (n, &cut) in idx.iter().enumerate() {
            // Truncations and single-character deletions.
            let a = &seed[..cut];
            let mut b = seed.clone();
            b.remove(cut);
            for t in [a, b.as_str()] {
                let p = parse(t, Some("1"));
                assert!(p.request.is_some() || p.error.is_some() || p.kind.is_empty());
                if n % 7 == 0 {
                    let rep = compare(t, seed, &CompareOptions::default());
                    let _ = render_text(&rep);
                }
                count += 1;
            }
        }
    }
    assert!(count > 500);
}

#[test]
fn script_readers_survive_deep_nesting() {
    let n = 100_000;
    for text in [
        format!(
            "Invoke-RestMethod -Uri https://h.example -Body {}",
            "(".repeat(n)
        ),
        format!(
            "Invoke-RestMethod -Uri https://h.example -Body {}",
            "@{a=".repeat(n)
        ),
        format!(
            "Invoke-RestMethod -Uri https://h.example -Body {}$x",
            "[int]".repeat(n)
        ),
        format!(
            "Invoke-RestMethod -Uri \"https://h.example/{}\"",
            "$(\"".repeat(n)
        ),
        format!(
            "fetch(\"https://h.example\", {{ body: {} }})",
            "(".repeat(n)
        ),
        format!(
            "fetch(\"https://h.example\", {{ body: {} }})",
            "{a:".repeat(n)
        ),
        format!("fetch(`https://h.example/{}`)", "${`".repeat(n)),
    ] {
        let s = parse(&text, None);
        assert!(s.error.is_some(), "{}", s.kind);
    }
}

#[test]
fn parsed_side_serialises_redacted() {
    let s = parse(
        "GET https://h.example/?code=FUNCKEY\nAuthorization: Basic dTpTM2NyZXQ=\nX-Custom-Token: TOKVAL\n",
        None,
    );
    // In memory the request keeps what was sent...
    assert_eq!(ok(&s).header("x-custom-token"), Some("TOKVAL"));
    // ...but its JSON never does.
    let j = serde_json::to_string(&s).unwrap();
    for secret in ["FUNCKEY", "dTpTM2NyZXQ", "S3cret", "TOKVAL"] {
        assert!(!j.contains(secret), "{secret} in {j}");
    }
    assert!(j.contains("\"password_length\":6"));
}

#[test]
fn self_referencing_postman_variables_stay_bounded() {
    let c = json!({
        "info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "R", "request": {"method": "GET", "url": "https://h.example/{{a}}"}}],
        "variable": [{"key": "a", "value": "{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}"}]
    })
    .to_string();
    let s = parse(&c, None);
    // Still a request (or a clear error), produced quickly and of bounded size.
    let len = s.request.as_ref().map_or(0, |r| r.url.path.len());
    assert!(len <= 1 << 20);
    assert!(s.notes.iter().any(|n| n.contains("{{a}}")));
}

#[test]
fn markdown_fences_and_console_status_lines() {
    let s = parse("```bash\ncurl -H 'a: b' https://h.example/x\n```", None);
    assert_eq!(s.kind, "curl");
    assert_eq!(ok(&s).header("a"), Some("b"));
    let s = parse("```\n```", None);
    assert_eq!(s.kind, "empty");
    let s = parse("GET https://h.example/x 401 87 ms\nAccept: */*\n", None);
    assert_eq!(s.kind, "postman-console");
    assert_eq!(ok(&s).url.path, "/x");
    assert_eq!(parse("GET https://h.example/x y z\n", None).kind, "unknown");
}

#[test]
fn repeated_header_lines_equal_one_comma_joined_line() {
    let joined = "GET https://h.example/items\nAccept: application/json, text/plain\nX-Tags: a,b\n";
    let repeated =
        "GET https://h.example/items\nAccept: text/plain\nAccept: application/json\nX-Tags: b\nX-Tags: a\n";
    let rep = compare(joined, repeated, &CompareOptions::default());
    let headers: Vec<&str> = rep
        .differences
        .iter()
        .filter(|d| d.part == "header")
        .map(|d| d.name.as_str())
        .collect();
    assert!(headers.is_empty(), "{headers:?}");
    // A real difference in the list is still one.
    let other = "GET https://h.example/items\nAccept: text/plain\nX-Tags: a,b\n";
    let rep = compare(joined, other, &CompareOptions::default());
    assert!(
        rep.differences
            .iter()
            .any(|d| d.part == "header" && d.name.eq_ignore_ascii_case("accept")),
        "{:?}",
        rep.differences
    );
}
