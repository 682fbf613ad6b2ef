//! "What AuthLens saw": the codes, HTTP statuses and services of a paste, whatever the findings,
//! and what to paste next for its platform. When no rule explains a paste (or only the wording
//! reader, AL701, does), this is what keeps "Not recognised" from being a dead end: the person
//! sees what was read, a documentation search per code, and where to find a better paste.

use super::facts::Facts;
use super::report::{Platform, Report};
use crate::detect::InputKind;
use crate::token::resource::{classify_host, Api};
use serde::Serialize;

/// The wording reader's code: a finding of this rule alone is a lead, not a diagnosis.
pub const WORDING_RULE: &str = "AL701";

/// Where a code is searched in Microsoft's documentation (a link the person opens; AuthLens
/// fetches nothing).
pub const DOCS_SEARCH: &str = "https://learn.microsoft.com/search/?terms=";

const MAX_STATUSES: usize = 8;
const MAX_CODES: usize = 12;
const MAX_SERVICES: usize = 8;
/// URL occurrences looked at: enough for any error paste, bounded on a multi-MB HAR.
const MAX_URLS: usize = 400;

/// What the paste holds that AuthLens could read, recognised or not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Seen {
    /// HTTP statuses, each once, in the order found.
    pub statuses: Vec<SeenStatus>,
    /// Error codes: `AADSTS…` codes first, then the values of JSON error-code fields.
    pub codes: Vec<SeenCode>,
    /// The hosts called or named in the paste, with the Microsoft service each belongs to.
    pub services: Vec<SeenService>,
    /// What to paste next for this platform and these services, most useful first.
    pub paste_next: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeenStatus {
    pub code: u16,
    /// The standard reason phrase ("Unauthorized"), empty when there is none.
    pub reason: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeenCode {
    pub code: String,
    /// A search of Microsoft's documentation for the code.
    pub search_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeenService {
    /// Lowercase host name.
    pub host: String,
    /// The Microsoft service of the host ("Microsoft Graph"), empty for any other host.
    pub service: &'static str,
}

impl Seen {
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty() && self.codes.is_empty() && self.services.is_empty()
    }
}

impl Report {
    /// True when nothing explains the paste: no finding, or only the wording reader's lead
    /// (and background readings, which only say what else to rule out). The page and the CLI
    /// then show [`Report::seen`] in full.
    pub fn unexplained(&self) -> bool {
        self.input.kind != InputKind::Empty
            && self.findings.iter().all(|f| {
                f.code == WORDING_RULE
                    || crate::diagnose::rules::confidence::tier(f.confidence) == Some("BACKGROUND")
            })
    }
}

/// A search of Microsoft's documentation for `term` (percent-encoded).
pub fn docs_search_url(term: &str) -> String {
    let mut out = String::from(DOCS_SEARCH);
    for b in term.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(super) fn seen(facts: &Facts<'_>) -> Seen {
    let mut s = Seen::default();
    for st in &facts.statuses {
        if s.statuses.len() < MAX_STATUSES && !s.statuses.iter().any(|x| x.code == st.code) {
            s.statuses.push(SeenStatus {
                code: st.code,
                reason: reason(st.code),
            });
        }
    }
    let aadsts = facts.aadsts.iter().map(|(n, _)| format!("AADSTS{n}"));
    let named = facts
        .codes
        .iter()
        .map(|(c, _)| c.clone())
        .filter(|c| worth_searching(c));
    for code in aadsts.chain(named) {
        if s.codes.len() >= MAX_CODES {
            break;
        }
        if !s.codes.iter().any(|x| x.code.eq_ignore_ascii_case(&code)) {
            s.codes.push(SeenCode {
                search_url: docs_search_url(&code),
                code,
            });
        }
    }
    s.services = services(facts.text);
    s.paste_next = paste_next(facts.platform, &s.services);
    s
}

/// Error-code values worth a documentation search: not booleans, not bare statuses.
fn worth_searching(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    let bare_number = code.len() <= 3 && code.bytes().all(|c| c.is_ascii_digit());
    code.len() >= 2 && !bare_number && !matches!(lower.as_str(), "true" | "false" | "null" | "none")
}

fn reason(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Hosts that appear in error pastes without being called: schemas and documentation links.
fn is_reference_host(h: &str) -> bool {
    h.starts_with("schema.")
        || h.ends_with("w3.org")
        || matches!(
            h,
            "json-schema.org"
                | "aka.ms"
                | "go.microsoft.com"
                | "learn.microsoft.com"
                | "docs.microsoft.com"
                | "support.microsoft.com"
        )
}

/// The hosts of the URLs in `text` (`scheme://host`, also JSON-escaped `https:\/\/host`), each
/// once, in order of appearance.
fn services(text: &str) -> Vec<SeenService> {
    let b = text.as_bytes();
    let mut out: Vec<SeenService> = Vec::new();
    let finder = memchr::memmem::Finder::new(b"://");
    let escaped = memchr::memmem::Finder::new(br":\/\/");
    let hits = finder
        .find_iter(b)
        .map(|i| i + 3)
        .chain(escaped.find_iter(b).map(|i| i + 5))
        .take(MAX_URLS);
    let mut starts: Vec<usize> = hits.collect();
    starts.sort_unstable();
    for at in starts {
        if out.len() >= MAX_SERVICES {
            break;
        }
        let rest = b.get(at..).unwrap_or_default();
        let n = rest
            .iter()
            .take(254)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'.' || **c == b'-')
            .count();
        // `user@host`: userinfo is never shown, and the host after it is not read either.
        if rest.get(n) == Some(&b'@') {
            continue;
        }
        let host = String::from_utf8_lossy(&rest[..n])
            .trim_matches('.')
            .to_ascii_lowercase();
        let labels_ok = host.split('.').all(|l| !l.is_empty());
        if !host.contains('.') || !labels_ok || is_reference_host(&host) {
            continue;
        }
        if out.iter().any(|s| s.host == host) {
            continue;
        }
        let api = classify_host(&host);
        out.push(SeenService {
            service: if api == Api::Custom { "" } else { api.name() },
            host,
        });
    }
    out
}

fn paste_next(platform: Platform, services: &[SeenService]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let first = match platform {
        Platform::PowerAutomate => {
            "Power Automate: open the failed run, select the failed action, then Show raw outputs \
             (and Show raw inputs). The response body there carries the service's error code, which \
             the run page's summary often leaves out."
        }
        Platform::LogicApps => {
            "Logic Apps: in the logic app's Run history open the failed run, select the failed \
             action and paste its raw outputs and raw inputs. If the action uses an API \
             connection, paste the connection's status too (the logic app's API connections page, \
             or `az resource show --ids <connection id>`)."
        }
        Platform::PowerBi => {
            "Power BI: there is no \"Show raw outputs\" here. Open the semantic model's Refresh \
             history (the workspace → the semantic model → Settings → Refresh history) and paste \
             the failed refresh's error details, or paste the REST refresh history (`GET \
             …/datasets/{id}/refreshes`): its serviceExceptionJson carries the error code."
        }
        Platform::Entra => {
            "Microsoft Entra ID: paste the whole token endpoint response (error, error_description \
             with its AADSTS code, trace_id, correlation_id), or the matching entry of the sign-in \
             log (Entra admin center → Monitoring & health → Sign-in logs), which names the reason."
        }
        Platform::Http => {
            "HTTP: paste the whole response (status line, headers including WWW-Authenticate, and \
             the body) together with the request that got it (the action's raw inputs)."
        }
        Platform::Unknown => {
            "Paste what the failed run shows: in Power Automate or Logic Apps the failed action's \
             raw outputs (select the action → Show raw outputs); in Power BI the failed refresh's \
             error details from Refresh history; anywhere else the full error text with any \
             AADSTS code."
        }
    };
    out.push(first.to_string());
    // Raw inputs without an answer get their own note (`verdict::notes`): the raw outputs.
    let has = |api: Api| services.iter().any(|s| s.service == api.name());
    let per_service: [(Api, &str); 7] = [
        (
            Api::Dataverse,
            "Dataverse: paste the whole error body (its `code`, such as 0x80040220, and message). \
             If it names a privilege, check the security roles of the connection's account or \
             application user (Power Platform admin center → the environment → Settings → Users + \
             permissions).",
        ),
        (
            Api::SharePoint,
            "SharePoint: paste the whole response body (`odata.error` with its code and message) \
             and the site address called, and say whether the connection signs in as a person or \
             as an app (an app with Sites.Selected needs access granted to that site).",
        ),
        (
            Api::Graph,
            "Microsoft Graph: paste the whole response body; `error.code` and `innerError` \
             (request-id, date) identify the call.",
        ),
        (
            Api::Arm,
            "Azure Resource Manager: paste the error body's `code` and `message`; the resource's \
             Activity log shows the same failure with the caller.",
        ),
        (
            Api::KeyVault,
            "Key Vault: paste the error body (`error.code`, `innererror`) and say whether the vault \
             uses Azure RBAC or access policies (the vault → Access configuration).",
        ),
        (
            Api::Storage,
            "Azure Storage: paste the response's `x-ms-error-code` header and the error body \
             (`Code`, `AuthenticationErrorDetail`).",
        ),
        (
            Api::TokenEndpoint,
            "Token endpoint: paste its whole response (error, error_description with the AADSTS \
             code, trace_id, correlation_id).",
        ),
    ];
    for (api, text) in per_service {
        let covered = api == Api::TokenEndpoint && platform == Platform::Entra;
        if has(api) && !covered {
            out.push(text.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{diagnose, Options, Timestamp};

    fn seen_of(text: &str) -> (Report, Seen) {
        let r = diagnose(text, &Options::at(Timestamp(1_763_900_000)));
        let s = r.seen.clone();
        (r, s)
    }

    #[test]
    fn the_wording_rule_code_is_the_wording_readers() {
        use crate::diagnose::rules::RULES;
        let r = RULES.iter().find(|r| r.code == WORDING_RULE).unwrap();
        assert_eq!(r.name, "reading-from-wording");
    }

    #[test]
    fn codes_statuses_and_services_are_read_whatever_the_findings() {
        let (_, s) = seen_of(
            r#"{"statusCode":409,"body":{"error":{"code":"ContosoWidgetLocked","message":"The widget is locked."}},
            "uri":"https:\/\/contoso.crm4.dynamics.com\/api\/data\/v9.2\/accounts","$schema":"https://schema.management.azure.com/x#"}"#,
        );
        assert_eq!(
            s.statuses,
            vec![SeenStatus {
                code: 409,
                reason: "Conflict"
            }]
        );
        assert_eq!(s.codes[0].code, "ContosoWidgetLocked");
        assert_eq!(
            s.codes[0].search_url,
            "https://learn.microsoft.com/search/?terms=ContosoWidgetLocked"
        );
        assert_eq!(s.services.len(), 1, "{:?}", s.services);
        assert_eq!(s.services[0].host, "contoso.crm4.dynamics.com");
        assert_eq!(s.services[0].service, "Dataverse / Dynamics 365");
        assert!(s.paste_next.iter().any(|p| p.starts_with("Dataverse")));
    }

    #[test]
    fn aadsts_codes_come_first_and_once() {
        let (_, s) = seen_of(
            "AADSTS99999123: something new. AADSTS99999123 again. {\"error\":\"weird_error\"}",
        );
        let codes: Vec<&str> = s.codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["AADSTS99999123", "weird_error"]);
    }

    #[test]
    fn what_to_paste_next_follows_the_platform() {
        let (r, s) = seen_of(
            "The refresh of the semantic model failed in Power BI: something odd happened.",
        );
        assert_eq!(r.input.platform, Platform::PowerBi);
        assert!(
            s.paste_next[0].contains("Refresh history"),
            "{:?}",
            s.paste_next
        );
        assert!(!s.paste_next[0].contains("Show raw outputs\n"));
        let p = paste_next(Platform::PowerAutomate, &[]);
        assert!(p[0].contains("Show raw outputs"));
        let p = paste_next(Platform::LogicApps, &[]);
        assert!(p[0].contains("API connection"));
    }

    #[test]
    fn search_terms_are_encoded() {
        assert_eq!(
            docs_search_url("0x80040220"),
            "https://learn.microsoft.com/search/?terms=0x80040220"
        );
        assert_eq!(
            docs_search_url("a b&c"),
            "https://learn.microsoft.com/search/?terms=a%20b%26c"
        );
    }

    #[test]
    fn booleans_and_bare_statuses_are_not_codes() {
        assert!(!worth_searching("false") && !worth_searching("401") && !worth_searching("x"));
        assert!(worth_searching("0x80040220") && worth_searching("AuthorizationFailed"));
    }

    #[test]
    fn unexplained_is_no_finding_or_only_the_wording_lead() {
        let (r, _) = seen_of("Everything was fine until it was not: the widget did a thing.");
        assert!(r.findings.is_empty() && r.unexplained());
        let (r, _) = seen_of("AADSTS50076: you must use multi-factor authentication.");
        assert!(!r.unexplained());
        let (r, _) = seen_of("   ");
        assert!(!r.unexplained());
        // A background reading explains nothing either; any stronger one does.
        let (mut r, _) = seen_of("Everything was fine until it was not: the widget did a thing.");
        let (other, _) = seen_of("HTTP/1.1 503 Service Unavailable");
        let mut f = other.findings[0].clone();
        assert_ne!(f.code, WORDING_RULE);
        f.confidence = 33;
        r.findings.push(f);
        assert!(r.unexplained());
        r.findings[0].confidence = 55;
        assert!(!r.unexplained());
    }
}
