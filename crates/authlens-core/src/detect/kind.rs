//! What was pasted ([`InputKind`]) and where it comes from ([`Platform`]), from the scan.

use super::Scan;
use serde::Serialize;

/// Where the failure happened, as far as the paste tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    PowerAutomate,
    LogicApps,
    PowerBi,
    /// A call to the Microsoft Entra token endpoint (any client).
    Entra,
    /// Any other HTTP client or API.
    Http,
    Unknown,
}

impl Platform {
    /// The platforms a person can choose over the detected one: the page's platform control,
    /// its share link and the CLI's `--platform`.
    pub const CHOOSABLE: [Platform; 5] = [
        Platform::PowerAutomate,
        Platform::LogicApps,
        Platform::PowerBi,
        Platform::Entra,
        Platform::Http,
    ];

    /// The name JSON reports, share links and the CLI use (`logic-apps`): serde's name.
    pub const fn wire_name(self) -> &'static str {
        match self {
            Platform::PowerAutomate => "power-automate",
            Platform::LogicApps => "logic-apps",
            Platform::PowerBi => "power-bi",
            Platform::Entra => "entra",
            Platform::Http => "http",
            Platform::Unknown => "unknown",
        }
    }

    /// The platform a person may choose by this wire name, if it is one.
    pub fn choosable(name: &str) -> Option<Platform> {
        Platform::CHOOSABLE
            .into_iter()
            .find(|p| p.wire_name() == name)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Platform::PowerAutomate => "Power Automate",
            Platform::LogicApps => "Logic Apps",
            Platform::PowerBi => "Power BI",
            Platform::Entra => "Microsoft Entra ID",
            Platform::Http => "HTTP client",
            Platform::Unknown => "unknown platform",
        }
    }
}

/// What was pasted, as detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Empty,
    /// Power Automate / Logic Apps "Show raw outputs" (`statusCode`, `headers`, `body`).
    RawOutputs,
    /// Power Automate / Logic Apps "Show raw inputs" of an HTTP or connector action.
    RawInputs,
    /// A Logic Apps run-history action or run (`status`, `code`, `error`).
    RunHistory,
    /// A Microsoft Entra token endpoint error (`error`, `error_description`, `error_codes`).
    TokenEndpointError,
    /// An error body of an API (ARM, Graph, SharePoint, Dataverse, Power BI, ...).
    ApiErrorJson,
    /// Any other JSON.
    Json,
    /// A bare JWT.
    Jwt,
    /// An `Authorization:` header line or a bare `Bearer …` / `Basic …` value.
    AuthorizationHeader,
    /// A `WWW-Authenticate` challenge.
    WwwAuthenticate,
    /// Raw HTTP response text (status line, headers, body).
    HttpResponse,
    /// Raw HTTP request text (request line, headers, body).
    HttpRequest,
    /// Free text: an error banner, a log line, a stack trace.
    Text,
    /// An Entra sign-in log export (portal JSON or CSV, Graph `auditLogs/signIns`).
    SignInLog,
    /// A Power Automate flow or Logic Apps workflow definition (audited, not diagnosed).
    WorkflowDefinition,
    /// App registration credentials or connection lists (checked against "now").
    CredentialInventory,
}

impl InputKind {
    pub const fn label(self) -> &'static str {
        match self {
            InputKind::Empty => "nothing pasted",
            InputKind::RawOutputs => "raw outputs of a failed action",
            InputKind::RawInputs => "raw inputs of an action",
            InputKind::RunHistory => "run history of an action or run",
            InputKind::TokenEndpointError => "Microsoft Entra token endpoint error",
            InputKind::ApiErrorJson => "API error response (JSON)",
            InputKind::Json => "JSON",
            InputKind::Jwt => "bearer token (JWT)",
            InputKind::AuthorizationHeader => "Authorization header",
            InputKind::WwwAuthenticate => "WWW-Authenticate challenge",
            InputKind::HttpResponse => "raw HTTP response",
            InputKind::HttpRequest => "raw HTTP request",
            InputKind::Text => "error text",
            InputKind::SignInLog => "Entra sign-in log",
            InputKind::WorkflowDefinition => "flow or workflow definition",
            InputKind::CredentialInventory => "credentials and connections",
        }
    }
}

impl Scan<'_> {
    pub(super) fn detect_kind(&self) -> InputKind {
        let t = self.text.trim();
        if t.is_empty() {
            return InputKind::Empty;
        }
        let root = self.json.first().filter(|f| !f.nested).map(|f| &f.value);
        let whole_json = self.whole_json();
        if let Some(v) = root.filter(|_| whole_json) {
            let v = v.get("inputs").or(v.get("outputs")).unwrap_or(v);
            if v.get("statusCode").is_some()
                && (v.get("body").is_some() || v.get("headers").is_some())
            {
                return InputKind::RawOutputs;
            }
            if v.get("uri").is_some()
                || (v.get("host").is_some() && v.get("operationId").is_some())
                || v.get("operationId").is_some()
            {
                return InputKind::RawInputs;
            }
            if v.get("error_description").is_some() || v.get("error_codes").is_some() {
                return InputKind::TokenEndpointError;
            }
            if v.get("runStatus").is_some()
                || v.get("value")
                    .and_then(|x| x.as_array())
                    .is_some_and(|a| a.iter().any(|r| r.get("status").is_some()))
                || (v.get("properties").is_some()
                    && (self.has_key("starttime") || self.has_key("statuses")))
                || (v.get("status").is_some()
                    && v.get("error").is_some()
                    && v.get("code").is_some())
                || v.get("properties").is_some_and(|p| {
                    p.get("status").is_some()
                        && (p.get("error").is_some() || p.get("code").is_some())
                })
            {
                return InputKind::RunHistory;
            }
            if v.get("error").is_some()
                || v.get("odata.error").is_some()
                || v.get("code").is_some()
                || v.get("Code").is_some()
            {
                return InputKind::ApiErrorJson;
            }
            return InputKind::Json;
        }
        let first = t.lines().next().unwrap_or("");
        if first.starts_with("HTTP/") {
            return InputKind::HttpResponse;
        }
        if [
            "GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ",
        ]
        .iter()
        .any(|m| first.starts_with(m))
        {
            return InputKind::HttpRequest;
        }
        let lower_first = first.to_ascii_lowercase();
        if lower_first.starts_with("www-authenticate")
            || (t.starts_with("Bearer ") && t.contains("error="))
        {
            return InputKind::WwwAuthenticate;
        }
        let one_line = !t.contains('\n');
        if one_line && t.starts_with("eyJ") && t.matches('.').count() >= 2 {
            return InputKind::Jwt;
        }
        if one_line
            && (lower_first.starts_with("authorization:")
                || lower_first.starts_with("bearer ")
                || lower_first.starts_with("basic "))
        {
            return InputKind::AuthorizationHeader;
        }
        if self.aadsts.is_empty() && self.has_key("error_description") {
            return InputKind::TokenEndpointError;
        }
        InputKind::Text
    }

    pub(super) fn detect_platform(&self) -> Platform {
        let score = |needles: &[&str]| needles.iter().filter(|n| self.mentions(n)).count();
        let pa = score(&[
            "power automate",
            "flow client error",
            "logicflows",
            "shared_",
            "apihub",
            "azure-apim.net",
            "flow '",
            "this flow",
            "your flow",
            "turn on",
            "connection reference",
            "powerapps",
            "flow run",
            "operationId",
            "DirectApiAuthorizationRequired",
            "Show raw",
            "Failed to refresh access token for service",
            "Error from token exchange",
        ]);
        let la = score(&[
            "logic app",
            "microsoft.logic",
            "workflow",
            "azconn",
            "api connection",
            "apiconnection",
            "microsoft.web/connections",
            "runstatus",
            "x-ms-workflow",
            "integration account",
        ]);
        let bi = score(&[
            "power bi",
            "powerbi",
            "pbi.error",
            "dm_gw",
            "dmts_",
            "scheduled refresh",
            "refresh history",
            "refreshtype",
            "semantic model",
            "dataset",
            "data source",
            "gateway",
            "serviceexceptionjson",
            "mashup",
            "analysisservices",
        ]);
        let entra = score(&[
            "aadsts",
            "login.microsoftonline.com",
            "error_description",
            "msal",
            "adal",
            "token endpoint",
            "invalid_grant",
        ]);
        let http = score(&[
            "http/1.1",
            "http/2",
            "www-authenticate",
            "authorization:",
            "content-type:",
        ]);
        let ranked = [
            (pa, Platform::PowerAutomate),
            (la, Platform::LogicApps),
            (bi, Platform::PowerBi),
            (entra, Platform::Entra),
            (http, Platform::Http),
        ];
        let best = ranked.iter().max_by_key(|(n, _)| *n).map_or(0, |(n, _)| *n);
        // Raw inputs/outputs come from the flow engine shared by Power Automate and Logic Apps;
        // without other hints, Power Automate is where most people see them.
        let engine_shape = matches!(self.kind, InputKind::RawOutputs | InputKind::RawInputs);
        if engine_shape && pa == 0 && la == 0 && bi == 0 {
            return Platform::PowerAutomate;
        }
        if best == 0 {
            return if self.statuses.is_empty() {
                Platform::Unknown
            } else {
                Platform::Http
            };
        }
        // First in the list wins ties: the platform a person works in over the service underneath.
        ranked
            .iter()
            .find(|(n, _)| *n == best)
            .map_or(Platform::Unknown, |(_, p)| *p)
    }
}

#[cfg(test)]
mod tests {
    use super::{InputKind, Platform};
    use crate::detect::scan;

    #[test]
    fn kinds_are_detected() {
        assert_eq!(
            scan(r#"{"statusCode":403,"headers":{},"body":{}}"#).kind,
            InputKind::RawOutputs
        );
        assert_eq!(
            scan(r#"{"uri":"https://x","method":"GET"}"#).kind,
            InputKind::RawInputs
        );
        assert_eq!(
            scan(r#"{"error":"invalid_grant","error_description":"AADSTS1"}"#).kind,
            InputKind::TokenEndpointError
        );
        assert_eq!(
            scan("HTTP/1.1 401 Unauthorized\r\nA: b").kind,
            InputKind::HttpResponse
        );
        assert_eq!(scan("  ").kind, InputKind::Empty);
        assert_eq!(
            scan("Authorization: Bearer abc").kind,
            InputKind::AuthorizationHeader
        );
    }

    /// The wire name is serde's, so reports, links and the CLI spell a platform one way.
    #[test]
    fn wire_names_are_serdes_and_choosable_ones_read_back() {
        for p in Platform::CHOOSABLE.into_iter().chain([Platform::Unknown]) {
            let serde = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(serde, format!("\"{}\"", p.wire_name()));
        }
        for p in Platform::CHOOSABLE {
            assert_eq!(Platform::choosable(p.wire_name()), Some(p));
        }
        assert_eq!(Platform::choosable("unknown"), None);
        assert_eq!(Platform::choosable("Logic Apps"), None);
    }
}
