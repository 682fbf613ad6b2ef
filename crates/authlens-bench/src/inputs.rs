//! Deterministic benchmark inputs, generated in code.

use serde_json::{json, Value};

/// A small deterministic generator (xorshift64*), so inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn guid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            (b >> 48) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }
}

fn b64url(b: &[u8]) -> String {
    authlens_core::b64::encode(b)
}

fn jwt(payload: &Value) -> String {
    format!(
        "{}.{}.{}",
        b64url(br#"{"typ":"JWT","alg":"RS256","kid":"k1"}"#),
        b64url(payload.to_string().as_bytes()),
        b64url(&[7u8; 256])
    )
}

/// A typical "Show raw outputs" paste of about 2 KB: 401 with WWW-Authenticate and a Graph error.
pub fn raw_outputs_2k() -> String {
    let v = json!({
        "statusCode": 401,
        "headers": {
            "Transfer-Encoding": "chunked",
            "Vary": "Accept-Encoding",
            "Strict-Transport-Security": "max-age=31536000",
            "request-id": "2f1c6f0e-8a5b-4c1e-9d1a-0b3c4d5e6f70",
            "client-request-id": "2f1c6f0e-8a5b-4c1e-9d1a-0b3c4d5e6f70",
            "x-ms-ags-diagnostic": "{\"ServerInfo\":{\"DataCenter\":\"West Europe\",\"Slice\":\"E\",\"Ring\":\"5\",\"ScaleUnit\":\"003\",\"RoleInstance\":\"AM2PEPF0001A2B3\"}}",
            "x-ms-resource-unit": "1",
            "WWW-Authenticate": "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\", error=\"invalid_token\", error_description=\"Lifetime validation failed, the token is expired.\"",
            "Date": "Fri, 20 Nov 2026 10:02:11 GMT",
            "Content-Type": "application/json",
            "Content-Length": "412"
        },
        "body": {
            "error": {
                "code": "InvalidAuthenticationToken",
                "message": "Lifetime validation failed, the token is expired.",
                "innerError": {
                    "date": "2026-11-20T10:02:11",
                    "request-id": "2f1c6f0e-8a5b-4c1e-9d1a-0b3c4d5e6f70",
                    "client-request-id": "2f1c6f0e-8a5b-4c1e-9d1a-0b3c4d5e6f70"
                }
            }
        }
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    // Pad to ~2 KB with the kind of trailing headers real pastes carry.
    while s.len() < 2000 {
        s = s.replacen(
            "\"Vary\"",
            "\"X-Content-Type-Options\": \"nosniff\",\n    \"Vary\"",
            1,
        );
    }
    s
}

/// A Power BI refresh-history JSON of at least `size` bytes.
pub fn refresh_history(size: usize) -> String {
    let mut rng = Rng(0x5eed_0001);
    let mut out = String::with_capacity(size + 1024);
    out.push_str("{\"value\":[");
    let mut i = 0u64;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let failed = rng.next().is_multiple_of(3);
        let day = 1 + i % 28;
        let hour = i % 24;
        let exc = if failed {
            let inner = json!({
                "errorCode": "ModelRefresh_ShortMessage_ProcessingError",
                "errorDescription": "The credentials provided for the SQL source are invalid. (Source at contoso.database.windows.net;sales.) Login failed for user '<token-identified principal>'. AADSTS700082: The refresh token has expired due to inactivity.",
                "ClusterUri": "https://wabi-west-europe-redirect.analysis.windows.net/",
                "ActivityId": rng.guid(),
                "RequestId": rng.guid()
            });
            format!(",\"serviceExceptionJson\":{}", json!(inner.to_string()))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{{\"requestId\":\"{}\",\"id\":{},\"refreshType\":\"Scheduled\",\"startTime\":\"2026-10-{day:02}T{hour:02}:00:03.183Z\",\"endTime\":\"2026-10-{day:02}T{hour:02}:04:41.907Z\",\"status\":\"{}\"{exc}}}",
            rng.guid(),
            1_000_000 + i,
            if failed { "Failed" } else { "Completed" },
        ));
        i += 1;
    }
    out.push_str("]}");
    out
}

/// A HAR file of at least `size` bytes; every 5th request carries an Authorization bearer JWT.
pub fn har(size: usize) -> String {
    let mut rng = Rng(0x5eed_0002);
    let mut out = String::with_capacity(size + 4096);
    out.push_str(
        "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"WebInspector\",\"version\":\"537.36\"},\"entries\":[",
    );
    let mut i = 0u64;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let mut headers = vec![
            json!({"name": "accept", "value": "application/json"}),
            json!({"name": "user-agent", "value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}),
            json!({"name": "x-ms-client-request-id", "value": rng.guid()}),
        ];
        if i.is_multiple_of(5) {
            let token = jwt(&json!({
                "aud": "https://graph.microsoft.com",
                "iss": "https://sts.windows.net/11111111-2222-3333-4444-555555555555/",
                "tid": "11111111-2222-3333-4444-555555555555",
                "oid": rng.guid(),
                "scp": "User.Read Mail.Send",
                "iat": 1_763_890_000 + i, "nbf": 1_763_890_000 + i, "exp": 1_763_893_600 + i
            }));
            headers.push(json!({"name": "authorization", "value": format!("Bearer {token}")}));
        }
        let status = if i.is_multiple_of(7) { 401 } else { 200 };
        let body = if status == 401 {
            json!({"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired or is not yet valid."}}).to_string()
        } else {
            json!({"value": [{"id": rng.guid(), "displayName": "Item", "size": rng.next() % 100_000}]}).to_string()
        };
        let entry = json!({
            "startedDateTime": format!("2026-11-20T10:{:02}:{:02}.000Z", (i / 60) % 60, i % 60),
            "time": 120,
            "request": {
                "method": if i.is_multiple_of(3) { "POST" } else { "GET" },
                "url": format!("https://graph.microsoft.com/v1.0/me/drive/items/{}?$select=id,name&page={i}", rng.guid()),
                "httpVersion": "HTTP/2",
                "headers": headers,
                "queryString": [{"name": "$select", "value": "id,name"}, {"name": "page", "value": i.to_string()}],
                "cookies": [],
                "headersSize": -1,
                "bodySize": 0
            },
            "response": {
                "status": status,
                "statusText": if status == 401 { "Unauthorized" } else { "OK" },
                "httpVersion": "HTTP/2",
                "headers": [{"name": "content-type", "value": "application/json"}],
                "cookies": [],
                "content": {"size": body.len(), "mimeType": "application/json", "text": body},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": -1
            },
            "cache": {},
            "timings": {"send": 0, "wait": 100, "receive": 20}
        });
        out.push_str(&entry.to_string());
        i += 1;
    }
    out.push_str("]}}");
    out
}

/// One line, 1 MB: a JWT whose payload carries a very large claim.
pub fn token_1mb() -> String {
    let claim = "A".repeat(760_000);
    let t = jwt(&json!({"aud": "https://graph.microsoft.com", "big": claim, "exp": 1_763_893_600}));
    format!("Authorization: Bearer {t}")
}

pub fn deep_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

pub fn deep_objects(depth: usize) -> String {
    format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
}

/// About `size` bytes of a plain-text run log (no JSON), with a few error lines.
pub fn text_log(size: usize) -> String {
    let mut rng = Rng(0x5eed_0003);
    let mut out = String::with_capacity(size + 256);
    let mut i = 0u64;
    while out.len() < size {
        let line = match i % 50 {
            7 => "ERROR: The remote server returned an error: (401) Unauthorized.".to_string(),
            31 => "AADSTS700016: Application with identifier 'bbbbbbbb-0000-0000-0000-000000000002' was not found in the directory.".to_string(),
            _ => format!(
                "2026-11-20T10:02:{:02}.{:03}Z INFO step {i} finished in {} ms (correlation {})",
                i % 60,
                rng.next() % 1000,
                rng.next() % 5000,
                rng.guid()
            ),
        };
        out.push_str(&line);
        out.push('\n');
        i += 1;
    }
    out
}

/// Adversarial inputs for the redactor: each an opening the redactor reacts to, repeated to
/// `size` bytes (the shapes that were quadratic before: `key=` 260 KB took 26 s), plus all of
/// them mixed and JSON escaped inside strings several levels deep.
pub fn redact_adversarial(size: usize) -> Vec<(&'static str, String)> {
    let units: &[(&str, &str)] = &[
        ("key=", "key="),
        ("password=", "password="),
        ("client_secret JSON", "\"client_secret\":\""),
        ("escaped password", "\\\"password\\\":\\\""),
        ("twice-escaped secret", "\\\\\\\"secret\\\\\\\":\\\\\\\""),
        ("Bearer", "Bearer ab;"),
        ("Authorization header", "Authorization: Bearer x"),
        ("cookie header", "Cookie: a=b;"),
        ("curl -u", " -u 'a:b"),
        ("URL userinfo", "https://a:b@"),
        ("PEM begin", "-----BEGIN PRIVATE KEY-----"),
        ("SAML open", "<samlp:Response "),
        ("JWT header", "eyJhbGciOiJIUzI1NiJ9."),
        ("token prefix", " ghp_abcdefghijklmnopqrstu"),
        ("pair object", "{\"key\":\"password\",\"value\":"),
        (
            "JSON in string",
            "{\"a\":\"{\\\"b\\\":\\\"{\\\\\\\"c\\\\\\\":\\\\\\\"",
        ),
        ("open brackets", "[{\""),
        ("secret word", "secret Ab1"),
    ];
    let mut out: Vec<(&'static str, String)> = units
        .iter()
        .map(|(name, unit)| {
            (
                *name,
                unit.repeat(size / unit.len() + 1)[..size].to_string(),
            )
        })
        .collect();
    let mixed: String = units.iter().map(|(_, u)| *u).collect();
    out.push((
        "all mixed",
        mixed.repeat(size / mixed.len() + 1)[..size].to_string(),
    ));
    // Cut on char boundaries: every unit is ASCII.
    out
}
