//! Reading Entra sign-in log exports into [`SignIn`] records: the portal's JSON download (an
//! array), Microsoft Graph `auditLogs/signIns` responses (`{"value": [...]}`, one page or several
//! pasted one after another) and the portal's CSV download (user, service principal and managed
//! identity sign-ins). Field names follow the Graph `signIn` resource; the CSV headers are the
//! portal's column names.

use super::{CaPolicy, LogFormat, SignIn};
use crate::history::csv;
use crate::time::Timestamp;
use serde_json::Value;

/// Sign-ins read from one paste; more are counted but not kept.
pub const MAX_SIGN_INS: usize = 50_000;

/// Sign-ins read from JSON, the export format, and the byte ranges of the paste they came from.
pub type JsonLog = (Vec<SignIn>, LogFormat, Vec<(usize, usize)>);

/// Line starts tried as JSON before the reader gives up on a paste.
const MAX_FAILED_STARTS: usize = 64;

/// The keys that mark a JSON object as a sign-in event (two of them must be present).
const MARKER_KEYS: &[&str] = &[
    "createdDateTime",
    "appliedConditionalAccessPolicies",
    "conditionalAccessStatus",
    "clientAppUsed",
    "isInteractive",
    "signInEventTypes",
    "servicePrincipalName",
    "resourceDisplayName",
];

fn is_sign_in(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let marks = MARKER_KEYS.iter().filter(|k| o.contains_key(**k)).count();
    marks >= 2 && o.get("status").is_some_and(Value::is_object)
}

/// The sign-in events of one JSON value: an array of events, or a Graph page with `value`.
fn events(v: &Value) -> Option<(&Vec<Value>, LogFormat)> {
    let (arr, format) = match v {
        Value::Array(a) => (a, LogFormat::PortalJson),
        Value::Object(o) => (o.get("value")?.as_array()?, LogFormat::GraphResponse),
        _ => return None,
    };
    // An empty Graph page is still a sign-in log when its context says so.
    let graph_context = v
        .get("@odata.context")
        .and_then(Value::as_str)
        .is_some_and(|c| c.contains("signIns"));
    (arr.first().is_some_and(is_sign_in) || (arr.is_empty() && graph_context))
        .then_some((arr, format))
}

/// Reads every JSON value that starts at a line start in `text` and holds sign-ins. Returns the
/// events, the format and the byte range the log occupies (so a run pasted beside it can be
/// analysed without it).
pub fn from_json(text: &str) -> Option<JsonLog> {
    let mut out = Vec::new();
    let (format, ranges) = each_json_event(text, |e| {
        if out.len() < MAX_SIGN_INS {
            out.push(from_value(e));
        }
    })?;
    Some((out, format, ranges))
}

/// Calls `each` with every sign-in event of the JSON values that start at a line start in
/// `text`; returns the format and the byte ranges of the log, `None` when there is no log.
pub fn each_json_event(
    text: &str,
    mut each: impl FnMut(&Value),
) -> Option<(LogFormat, Vec<(usize, usize)>)> {
    let mut format = None;
    let mut ranges = Vec::new();
    let mut at = 0;
    let mut failed = 0;
    // Candidate starts: `{` or `[` as the first non-blank byte of a line. A value that parses is
    // skipped whole; failed attempts are capped, so a long broken paste stays linear.
    while at < text.len() && failed < MAX_FAILED_STARTS {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = &text[at..line_end];
        let trimmed = line.trim_start();
        let start = at + (line.len() - trimmed.len());
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            let mut stream =
                serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
            if let Some(Ok(value)) = stream.next() {
                let end = start + stream.byte_offset();
                if let Some((arr, f)) = events(&value) {
                    format.get_or_insert(f);
                    ranges.push((start, end));
                    arr.iter().filter(|e| is_sign_in(e)).for_each(&mut each);
                }
                at = end.max(line_end);
                continue;
            }
            failed += 1;
        }
        at = line_end;
    }
    format.map(|f| (f, ranges))
}

fn s(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(x) if !x.trim().is_empty() => Some(x.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn from_value(e: &Value) -> SignIn {
    let status = e.get("status");
    let code = status.and_then(|st| match st.get("errorCode")? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(x) => x.trim().parse().ok(),
        _ => None,
    });
    // errorCode 0 is how the log says "success".
    let code = code.filter(|c| *c != 0);
    let location = e.get("location").map(|l| {
        ["city", "state", "countryOrRegion"]
            .iter()
            .filter_map(|k| s(l, k))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let interactive = e.get("isInteractive").and_then(Value::as_bool).or_else(|| {
        let types = strings(e, "signInEventTypes");
        (!types.is_empty()).then(|| types.iter().any(|t| t == "interactiveUser"))
    });
    let policies = e
        .get("appliedConditionalAccessPolicies")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|p| CaPolicy {
                    name: s(p, "displayName").unwrap_or_else(|| "(unnamed policy)".into()),
                    result: s(p, "result").unwrap_or_default(),
                    grant_controls: strings(p, "enforcedGrantControls"),
                    session_controls: strings(p, "enforcedSessionControls"),
                })
                .collect()
        })
        .unwrap_or_default();
    let service_principal = s(e, "servicePrincipalName");
    SignIn {
        time: s(e, "createdDateTime").and_then(|t| Timestamp::parse(&t)),
        user: s(e, "userPrincipalName")
            .or_else(|| s(e, "userDisplayName"))
            .or_else(|| service_principal.clone()),
        service_principal: service_principal.is_some() && s(e, "userPrincipalName").is_none(),
        managed_identity: s(e, "managedIdentityType")
            .filter(|m| m != "none")
            .is_some(),
        app: s(e, "appDisplayName").or_else(|| s(e, "appId")),
        resource: s(e, "resourceDisplayName").or_else(|| s(e, "resourceId")),
        client_app: s(e, "clientAppUsed"),
        ip: s(e, "ipAddress"),
        location: location.filter(|l| !l.is_empty()),
        interactive,
        error_code: code,
        failure_reason: status.and_then(|st| s(st, "failureReason")),
        additional_details: status.and_then(|st| s(st, "additionalDetails")),
        correlation_id: s(e, "correlationId"),
        request_id: s(e, "originalRequestId").or_else(|| s(e, "id")),
        ca_status: s(e, "conditionalAccessStatus"),
        mfa_required: s(e, "authenticationRequirement")
            .map(|r| r.eq_ignore_ascii_case("multiFactorAuthentication")),
        policies,
    }
}

/// Column aliases of the portal's CSV downloads, lowercased.
const COLUMNS: &[(&str, &[&str])] = &[
    ("time", &["date (utc)", "date", "created date time"]),
    ("request", &["request id"]),
    ("correlation", &["correlation id"]),
    ("user", &["username", "user principal name", "user"]),
    ("sp", &["service principal name"]),
    ("mi", &["managed identity type"]),
    ("app", &["application", "application name"]),
    ("resource", &["resource", "resource name"]),
    ("ip", &["ip address"]),
    ("location", &["location"]),
    ("status", &["status"]),
    ("code", &["sign-in error code", "error code"]),
    ("reason", &["failure reason"]),
    ("client", &["client app"]),
    ("ca", &["conditional access"]),
    ("requirement", &["authentication requirement"]),
    ("interactive", &["is interactive", "sign-in event types"]),
];

/// Reads the portal's CSV download. The header must name a date, a status or error code, and a
/// user or service principal column, as every sign-in download does.
pub fn from_csv(text: &str) -> Option<Vec<SignIn>> {
    let first = text.lines().next()?.to_ascii_lowercase();
    if !(first.contains("sign-in error code") || first.contains("failure reason"))
        || !first.contains("date")
    {
        return None;
    }
    let sep = csv::detect_separator(text);
    let rows = csv::records(text, sep);
    let (header, body) = rows.split_first()?;
    let lower: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| -> Option<usize> {
        let aliases = COLUMNS.iter().find(|(n, _)| *n == name)?.1;
        aliases
            .iter()
            .find_map(|a| lower.iter().position(|h| h == a))
    };
    let idx: Vec<(&str, Option<usize>)> = COLUMNS.iter().map(|(n, _)| (*n, col(n))).collect();
    let get = |row: &[String], name: &str| -> Option<String> {
        let i = idx.iter().find(|(n, _)| *n == name)?.1?;
        row.get(i)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut out = Vec::new();
    for row in body.iter().take(MAX_SIGN_INS) {
        let sp = get(row, "sp");
        let code = get(row, "code").and_then(|c| c.parse::<u32>().ok());
        let status = get(row, "status").unwrap_or_default().to_ascii_lowercase();
        // "Success" rows carry error code 0 or nothing; "Interrupted" rows carry a code.
        let code = code.filter(|c| *c != 0 && !status.starts_with("success"));
        let interactive = get(row, "interactive").map(|v| {
            let v = v.to_ascii_lowercase();
            v == "true" || v == "yes" || v.contains("interactiveuser")
        });
        let user = get(row, "user").or_else(|| sp.clone());
        out.push(SignIn {
            time: get(row, "time").and_then(|t| csv::parse_time(&t)),
            service_principal: sp.is_some() && get(row, "user").is_none(),
            managed_identity: get(row, "mi").is_some_and(|m| !m.eq_ignore_ascii_case("none")),
            user,
            app: get(row, "app"),
            resource: get(row, "resource"),
            client_app: get(row, "client"),
            ip: get(row, "ip"),
            location: get(row, "location"),
            interactive,
            error_code: code,
            failure_reason: get(row, "reason").filter(|r| !r.eq_ignore_ascii_case("other.")),
            additional_details: None,
            correlation_id: get(row, "correlation"),
            request_id: get(row, "request"),
            ca_status: get(row, "ca"),
            mfa_required: get(row, "requirement")
                .map(|r| r.to_ascii_lowercase().contains("multifactor")),
            policies: Vec::new(),
        });
    }
    Some(out)
}
