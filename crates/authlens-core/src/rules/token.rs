//! Rules that rest on facts of a bearer token found in the paste (decoded locally).

use super::{declare_rule, Hit};
use crate::facts::Facts;
use crate::span::Span;
use crate::token::{Check, CheckStatus};

/// The first failing check whose id starts with `prefix`, with its span in paste coordinates.
fn failing<'f>(f: &'f Facts, prefixes: &[&str]) -> Option<(&'f Check, Span)> {
    for t in &f.tokens {
        let base = t.found.header_value.unwrap_or(t.found.span);
        for c in &t.report.checks {
            if c.status == CheckStatus::Fail
                && prefixes
                    .iter()
                    .any(|p| c.id == *p || c.id.starts_with(&format!("{p}.")))
            {
                // Evidence is redacted text, and `redact` cannot recognise a bare signature segment:
                // a span that reaches into the signature is widened to the whole value, whose
                // signature `redact` removes.
                let token = t.found.span;
                let sig_start = token
                    .slice(f.text)
                    .rfind('.')
                    .map_or(token.end, |i| token.start + i + 1);
                let span = match c.span {
                    Some(s) if !t.decoded => {
                        let s = s.offset(base.start);
                        if s.end > sig_start && s.start < token.end {
                            base
                        } else {
                            s
                        }
                    }
                    _ => base,
                };
                return Some((c, span));
            }
        }
    }
    None
}

fn expired(f: &Facts) -> Option<Hit> {
    let (c, s) = failing(f, &["time.at-run"]).or_else(|| failing(f, &["time.expired"]))?;
    let conf = if f.has_status(401).is_some() || f.statuses.is_empty() {
        90
    } else {
        70
    };
    Some(Hit::new(conf, format!("{} A token pasted or stored once stops working after about 60–90 minutes: fetch it fresh in every run.", c.message)).with(Some(s), "token expiry"))
}

fn audience(f: &Facts) -> Option<Hit> {
    let (c, s) = failing(f, &["audience"])?;
    Some(Hit::new(88, c.message.clone()).with(Some(s), "token audience"))
}

fn header(f: &Facts) -> Option<Hit> {
    if let Some((c, s)) = failing(f, &["header"]) {
        return Some(Hit::new(90, c.message.clone()).with(Some(s), "Authorization header"));
    }
    // Quotes the inspector could not place: in a JSON-decoded value they are part of what was sent.
    let t = f.tokens.iter().find(|t| {
        t.decoded
            && t.report
                .check("header.quoted")
                .is_some_and(|c| c.status != CheckStatus::Pass)
    })?;
    Some(
        Hit::new(
            90,
            "The Authorization value the action sent is wrapped in quotes (\"Bearer …\"): APIs cannot read a quoted token and answer 401. Remove the quotes around the header expression.",
        )
        .with(Some(t.found.header_value.unwrap_or(t.found.span)), "quoted Authorization value"),
    )
}

fn tenant(f: &Facts) -> Option<Hit> {
    let (c, s) = failing(f, &["tenant"])?;
    Some(Hit::new(82, c.message.clone()).with(Some(s), "token tenant"))
}

fn not_yet_valid(f: &Facts) -> Option<Hit> {
    let (c, s) = failing(f, &["time.not-yet-valid", "time.issued-in-future"])?;
    Some(Hit::new(84, c.message.clone()).with(Some(s), "token validity start"))
}

fn without_credential(f: &Facts) -> Option<Hit> {
    if f.request_has_credential != Some(false) {
        return None;
    }
    let s = f
        .phrase(&["\"headers\"", "\"uri\""])
        .or_else(|| Some(crate::text::line_at(f.text, 0)));
    Some(
        Hit::new(
            f.has_status(401).map_or(76, |_| 92),
            "The request shown has no Authorization header and no authentication settings: nothing identified the caller.",
        )
        .with(s, "request without credential"),
    )
}

declare_rule! {
    /// ## What it means
    /// The bearer token in the paste had expired when the request was made (or is expired
    /// now, when the paste says nothing about the run's time).
    ///
    /// ## Why it happens
    /// Access tokens live 60–90 minutes. A token pasted into an HTTP action, stored in a
    /// variable, or fetched at the start of a long run ages out.
    ///
    /// ## Where the fix lives
    /// The action that sends it: get a token in the same run, right before the call, or use
    /// the action's built-in authentication (Microsoft Entra ID OAuth, managed identity).
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjE2MDAwMDAwMDAsImlhdCI6MTU5OTk5NjQwMCwibmJmIjoxNTk5OTk2NDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static TOKEN_EXPIRED_AT_REQUEST = {
        code: "AL601", name: "bearer-token-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The bearer token had expired", check: expired,
    }
}
declare_rule! {
    /// ## What it means
    /// The bearer token's audience (`aud`) is not the service the request calls.
    ///
    /// ## Why it happens
    /// A Graph token sent to SharePoint REST, an ARM token sent to Graph, or an app's own
    /// `api://` audience sent elsewhere.
    ///
    /// ## Where the fix lives
    /// The audience / resource / scope of the token request.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://contoso.sharepoint.com/_api/web", "method": "GET", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static TOKEN_AUDIENCE_MISMATCH = {
        code: "AL602", name: "bearer-token-audience-mismatch", category: WrongAudience, severity: Error,
        title: "The bearer token is for another service", check: audience,
    }
}
declare_rule! {
    /// ## What it means
    /// The Authorization header is built in a shape APIs reject: quotes around the value, a
    /// missing or doubled `Bearer`, stray whitespace or a line break, a JSON-escaped or
    /// truncated token, or an expression that was never evaluated.
    ///
    /// ## Why it happens
    /// Expressions such as `"Bearer @{…}"` typed with quotes, or the token copied with extra
    /// characters.
    ///
    /// ## Where the fix lives
    /// The action's header expression: `Bearer <token>`, one space, nothing else.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "\"Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\""}}
    /// ```
    pub static TOKEN_HEADER_MALFORMED = {
        code: "AL603", name: "authorization-header-malformed", category: MalformedAuthorizationHeader, severity: Error,
        title: "The Authorization header is malformed", check: header,
    }
}
declare_rule! {
    /// ## What it means
    /// The bearer token was issued by another tenant than the one in the URL or the rest of
    /// the paste, or by the personal-account tenant.
    ///
    /// ## Why it happens
    /// The token was requested from `common` or a default tenant.
    ///
    /// ## Where the fix lives
    /// The authority (tenant) of the token request.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/oauth2/v2.0/token", "method": "POST", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJ0aWQiOiIyMjIyMjIyMi0yMjIyLTIyMjItMjIyMi0yMjIyMjIyMjIyMjIiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static TOKEN_TENANT_MISMATCH = {
        code: "AL604", name: "bearer-token-tenant-mismatch", category: WrongTenant, severity: Error,
        title: "The bearer token comes from another tenant", check: tenant,
    }
}
declare_rule! {
    /// ## What it means
    /// The bearer token was not valid yet at the time of the request (its `nbf` or `iat` lies
    /// in the future).
    ///
    /// ## Why it happens
    /// The clock of the machine that issued or received it is off.
    ///
    /// ## Where the fix lives
    /// The clocks involved; retry after `nbf`.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6NDEwMjQ0MTIwMCwibmJmIjo0MTAyNDQxMjAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static TOKEN_NOT_YET_VALID = {
        code: "AL605", name: "bearer-token-not-yet-valid", category: TokenNotYetValidOrClockSkew, severity: Error,
        title: "The bearer token was not valid yet", check: not_yet_valid,
    }
}
declare_rule! {
    /// ## What it means
    /// The request shown carries no credential: no Authorization header and no authentication
    /// settings.
    ///
    /// ## Why it happens
    /// The action's authentication was never set, or the header was removed.
    ///
    /// ## Where the fix lives
    /// The action's authentication settings.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/users", "method": "GET", "headers": {"Accept": "application/json"}}
    /// ```
    pub static REQUEST_WITHOUT_CREDENTIAL = {
        code: "AL606", name: "request-without-credential", category: MissingCredential, severity: Error,
        title: "The request carries no credential", check: without_credential,
    }
}
