//! Credentials and connections about to fail: reads app registration and service principal
//! credentials and API / Power Platform connection lists, and reports against a "now" the caller
//! passes (the core has no clock): secrets and certificates expired or expiring within 7 / 30
//! days with the consumers the paste shows, connections in an error state read with the
//! diagnosis knowledge, and a timeline of expiry dates.
//!
//! Entry points: [`looks_like_inventory`], [`analyse`], [`render_text`], [`render_markdown`].
//! [`InventoryReport`] is the wire format of `authlens inventory --json`.

mod chart;
mod fixes;
pub(crate) mod parse;
mod render;

pub use chart::chart_svg_unstyled;
use fixes::{classify, credential_fix};
pub use parse::CredentialKind;
pub use render::{render_markdown, render_text};

use crate::category::Category;
use crate::redact::redact;
use crate::report::Fix;
use crate::time::Timestamp;
use crate::{Options, MAX_INPUT_BYTES};
use serde::Serialize;

pub const INVENTORY_VERSION: u32 = 1;

const DAY: i64 = 86_400;

/// Where a credential stands against "now".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpiryStatus {
    Expired,
    #[serde(rename = "expires-within-7-days")]
    ExpiresWithin7Days,
    #[serde(rename = "expires-within-30-days")]
    ExpiresWithin30Days,
    Healthy,
    /// No end date in the paste.
    Unknown,
}

impl ExpiryStatus {
    pub const fn label(self) -> &'static str {
        match self {
            ExpiryStatus::Expired => "expired",
            ExpiryStatus::ExpiresWithin7Days => "expires within 7 days",
            ExpiryStatus::ExpiresWithin30Days => "expires within 30 days",
            ExpiryStatus::Healthy => "healthy",
            ExpiryStatus::Unknown => "no end date",
        }
    }

    fn of(end: Option<Timestamp>, now: Timestamp) -> ExpiryStatus {
        match end {
            None => ExpiryStatus::Unknown,
            Some(e) if e.0 <= now.0 => ExpiryStatus::Expired,
            Some(e) if e.0 - now.0 <= 7 * DAY => ExpiryStatus::ExpiresWithin7Days,
            Some(e) if e.0 - now.0 <= 30 * DAY => ExpiryStatus::ExpiresWithin30Days,
            Some(_) => ExpiryStatus::Healthy,
        }
    }
}

/// One secret or certificate, judged.
#[derive(Clone, Debug, Serialize)]
pub struct Credential {
    pub kind: CredentialKind,
    pub app: Option<String>,
    pub app_id: Option<String>,
    /// `application`, `service principal` or `unknown`.
    pub owner: &'static str,
    /// The credential's description as entered in Entra.
    pub description: Option<String>,
    pub key_id: Option<String>,
    pub hint: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Whole days from now to the end date (negative: expired that long ago).
    pub days_left: Option<i64>,
    pub status: ExpiryStatus,
    pub status_label: &'static str,
    /// `client-secret-expired` / `certificate-expired` for expired and expiring credentials.
    pub category: Option<Category>,
    /// What uses this app's credentials, as far as the paste shows.
    pub consumers: Vec<String>,
    /// A later credential of the same kind on the same app that is still healthy ("“ci-2026”,
    /// ends …"): when every consumer already uses it, this one only needs deleting.
    pub replaced_by: Option<String>,
    pub fix: Option<Fix>,
    pub path: String,
}

/// One connection, judged.
#[derive(Clone, Debug, Serialize)]
pub struct ConnectionState {
    /// `Azure API connection` or `Power Platform connection`.
    pub source: &'static str,
    pub name: String,
    pub display_name: Option<String>,
    pub connector: Option<String>,
    pub status: Option<String>,
    pub failed: bool,
    pub error_code: Option<String>,
    /// The platform's message, redacted.
    pub error_message: Option<String>,
    pub category: Option<Category>,
    /// What the error means (the diagnosis' reading).
    pub meaning: Option<String>,
    pub fix: Option<Fix>,
    /// The account behind it, when the list says.
    pub account: Option<String>,
    /// App registrations (by app ID) it signs in with.
    pub client_ids: Vec<String>,
    pub path: String,
}

/// One expiry date, for the page's chart.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineEntry {
    pub date: String,
    pub days_left: i64,
    pub label: String,
    pub kind: CredentialKind,
    pub status: ExpiryStatus,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub expired: usize,
    pub expires_within_7_days: usize,
    pub expires_within_30_days: usize,
    pub healthy: usize,
    pub unknown: usize,
    pub connections: usize,
    pub connections_failed: usize,
}

/// The inventory report.
#[derive(Clone, Debug, Serialize)]
pub struct InventoryReport {
    pub version: u32,
    /// What the paste held, e.g. `app registration (az ad app show / Graph applications)`.
    pub formats: Vec<&'static str>,
    /// The "now" the report is judged against.
    pub now: String,
    pub summary: String,
    pub counts: Counts,
    /// Most urgent first (expired, then by end date).
    pub credentials: Vec<Credential>,
    /// Failed first.
    pub connections: Vec<ConnectionState>,
    /// Every end date, oldest first.
    pub timeline: Vec<TimelineEntry>,
    pub notes: Vec<String>,
}

/// True when `text` holds app registration or service principal credentials (secrets,
/// certificates with their key ids). Cheap substring tests.
pub fn holds_credentials(text: &str) -> bool {
    holds_credentials_in(&crate::text::Probe::new(text))
}

pub(crate) fn holds_credentials_in(probe: &crate::text::Probe<'_>) -> bool {
    let has = |n: &str| probe.has(n);
    has("\"passwordCredentials\"")
        || has("\"keyCredentials\"")
        || (has("\"keyId\"") && (has("\"endDateTime\"") || has("\"endDate\"")))
}

/// True when `text` holds credentials or connections AuthLens reads. Cheap substring tests; a
/// workflow definition (which may list connection resources) is left to the audit.
pub fn looks_like_inventory(text: &str) -> bool {
    let probe = crate::text::Probe::new(text);
    !crate::audit::looks_like_definition_in(text, &probe) && looks_like_inventory_in(text, &probe)
}

/// [`looks_like_inventory`] of a paste already known not to be a definition, asking `probe`
/// (made for `text`).
pub(crate) fn looks_like_inventory_in(text: &str, probe: &crate::text::Probe<'_>) -> bool {
    let has = |n: &str| probe.has(n);
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        // PowerShell's list view of Get-AdminPowerAppConnection.
        return trimmed.starts_with("ConnectionName ") && has("\nStatuses ");
    }
    if holds_credentials_in(probe) {
        return true;
    }
    // The resource type as a value, not a resource ID that mentions it.
    if has("\"Microsoft.Web/connections\"") || has("\"microsoft.web/connections\"") {
        return true;
    }
    if has("\"ConnectionName\"") && (has("\"Statuses\"") || has("\"ConnectorName\"")) {
        return true;
    }
    has("\"apiId\"") && has("\"statuses\"")
}

/// Reads and judges a credential or connection list against `opts.now`.
pub fn analyse(text: &str, opts: &Options) -> Result<InventoryReport, String> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "The paste is larger than {} MiB.",
            MAX_INPUT_BYTES >> 20
        ));
    }
    let read = parse::read(text);
    if read.credentials.is_empty()
        && read.connections.is_empty()
        && read.managed_identity_credentials == 0
    {
        return Err("No credentials or connections found: paste `az ad app credential list`, `az ad app show` / `az ad sp show` (or a Microsoft Graph applications / servicePrincipals response), `az resource list --resource-type Microsoft.Web/connections` / `az resource show`, or Get-AdminPowerAppConnection output.".into());
    }
    let now = opts.now;
    let mut counts = Counts::default();

    let connections: Vec<ConnectionState> = {
        let mut out: Vec<ConnectionState> = read
            .connections
            .iter()
            .map(|c| {
                let failed = c
                    .status
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("error"))
                    || c.error_code.is_some();
                let (category, meaning, fix) = if failed {
                    classify(c, opts)
                } else {
                    (None, None, None)
                };
                ConnectionState {
                    source: c.source,
                    name: c.name.clone(),
                    display_name: c.display_name.clone(),
                    connector: c.connector.clone(),
                    status: c.status.clone(),
                    failed,
                    error_code: c.error_code.clone(),
                    error_message: c.error_message.as_deref().map(redact),
                    category,
                    meaning,
                    fix,
                    account: c.account.clone(),
                    client_ids: c.client_ids.clone(),
                    path: c.path.clone(),
                }
            })
            .collect();
        crate::order::sort_by_key(&mut out, |c| !c.failed);
        out
    };
    counts.connections = connections.len();
    counts.connections_failed = connections.iter().filter(|c| c.failed).count();

    // Workflow definitions pasted alongside: HTTP actions that sign in with an app's client ID.
    let mut action_consumers: Vec<(String, String)> = Vec::new();
    // Only a paste with an authentication block can name one; a plain list is not parsed twice.
    let has_auth = memchr::memmem::find(text.as_bytes(), b"\"authentication\"").is_some();
    if let Some(model) = has_auth.then(|| crate::audit::parse::read(text)).flatten() {
        for w in &model.workflows {
            for n in &w.nodes {
                let Some(id) = n
                    .inputs()
                    .and_then(|i| i.get("authentication"))
                    .and_then(|a| a.get("clientId"))
                    .and_then(serde_json::Value::as_str)
                else {
                    continue;
                };
                let place = w
                    .name
                    .as_deref()
                    .map_or(String::new(), |x| format!(" in “{x}”"));
                action_consumers.push((
                    id.trim().to_ascii_lowercase(),
                    format!("HTTP action “{}”{place}", n.name),
                ));
            }
        }
    }

    let mut credentials: Vec<Credential> = read
        .credentials
        .iter()
        .map(|c| {
            let status = ExpiryStatus::of(c.end, now);
            let days_left = c.end.map(|e| (e.0 - now.0).div_euclid(DAY));
            let consumers: Vec<String> = c
                .app_id
                .as_deref()
                .map(|id| {
                    let mut found: Vec<String> = connections
                        .iter()
                        .filter(|k| k.client_ids.iter().any(|x| x.eq_ignore_ascii_case(id)))
                        .map(|k| {
                            format!(
                                "{} “{}”",
                                k.source,
                                k.display_name.as_deref().unwrap_or(&k.name)
                            )
                        })
                        .collect();
                    found.extend(
                        action_consumers
                            .iter()
                            .filter(|(cid, _)| cid.eq_ignore_ascii_case(id))
                            .map(|(_, label)| label.clone()),
                    );
                    found
                })
                .unwrap_or_default();
            let urgent = matches!(
                status,
                ExpiryStatus::Expired
                    | ExpiryStatus::ExpiresWithin7Days
                    | ExpiryStatus::ExpiresWithin30Days
            );
            let category = urgent.then_some(match c.kind {
                CredentialKind::Secret => Category::ClientSecretExpired,
                CredentialKind::Certificate => Category::CertificateExpired,
            });
            let app_name = c
                .app
                .clone()
                .or_else(|| c.app_id.clone())
                .unwrap_or_else(|| "the app".into());
            Credential {
                kind: c.kind,
                app: c.app.clone(),
                app_id: c.app_id.clone(),
                owner: c.owner,
                description: c.description.clone(),
                key_id: c.key_id.clone(),
                hint: c.hint.clone(),
                start: c.start.map(Timestamp::to_rfc3339),
                end: c.end.map(Timestamp::to_rfc3339),
                days_left,
                status,
                status_label: status.label(),
                category,
                fix: urgent.then(|| credential_fix(c.kind, &app_name, &consumers)),
                consumers,
                replaced_by: None,
                path: c.path.clone(),
            }
        })
        .collect();
    // A rotation in progress: the old credential next to its healthy successor. The latest
    // healthy credential per (app, kind) is found in one pass, so long lists stay linear.
    let app_key = |c: &Credential| -> (CredentialKind, Option<String>, Option<String>) {
        (
            c.kind,
            c.app_id.clone(),
            if c.app_id.is_some() {
                None
            } else {
                c.app.clone()
            },
        )
    };
    let mut latest: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for (i, c) in credentials.iter().enumerate() {
        if c.status != ExpiryStatus::Healthy {
            continue;
        }
        let e = latest.entry(app_key(c)).or_insert(i);
        if credentials[*e].days_left < c.days_left {
            *e = i;
        }
    }
    let successors: Vec<Option<String>> = credentials
        .iter()
        .map(|c| {
            if !matches!(
                c.status,
                ExpiryStatus::Expired
                    | ExpiryStatus::ExpiresWithin7Days
                    | ExpiryStatus::ExpiresWithin30Days
            ) {
                return None;
            }
            let o = &credentials[*latest.get(&app_key(c))?];
            Some(format!(
                "“{}”, ends {}",
                o.description.as_deref().unwrap_or("(no description)"),
                o.end.as_deref().unwrap_or("?")
            ))
        })
        .collect();
    for (c, next) in credentials.iter_mut().zip(successors) {
        if let (Some(n), Some(fix)) = (&next, c.fix.as_mut()) {
            fix.steps.insert(
                0,
                format!("A newer credential exists ({n}): check that every consumer already uses it; then this one only needs deleting."),
            );
        }
        c.replaced_by = next;
    }
    crate::order::sort_by_key(&mut credentials, |c| {
        (c.status, c.days_left.unwrap_or(i64::MAX))
    });
    for c in &credentials {
        match c.status {
            ExpiryStatus::Expired => counts.expired += 1,
            ExpiryStatus::ExpiresWithin7Days => counts.expires_within_7_days += 1,
            ExpiryStatus::ExpiresWithin30Days => counts.expires_within_30_days += 1,
            ExpiryStatus::Healthy => counts.healthy += 1,
            ExpiryStatus::Unknown => counts.unknown += 1,
        }
    }

    let mut timeline: Vec<TimelineEntry> = credentials
        .iter()
        .filter_map(|c| {
            let end = c.end.clone()?;
            Some(TimelineEntry {
                date: end,
                days_left: c.days_left?,
                label: format!(
                    "{} · {}",
                    c.app.as_deref().or(c.app_id.as_deref()).unwrap_or("app"),
                    c.description.as_deref().unwrap_or(match c.kind {
                        CredentialKind::Secret => "client secret",
                        CredentialKind::Certificate => "certificate",
                    })
                ),
                kind: c.kind,
                status: c.status,
            })
        })
        .collect();
    crate::order::sort_by(&mut timeline, |a, b| {
        a.days_left.cmp(&b.days_left).then(a.label.cmp(&b.label))
    });

    let mut notes = Vec::new();
    if read.managed_identity_credentials > 0 {
        notes.push(format!(
            "{} credential{} of managed identities {} left out: Azure rotates them.",
            read.managed_identity_credentials,
            if read.managed_identity_credentials == 1 {
                ""
            } else {
                "s"
            },
            if read.managed_identity_credentials == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    if !credentials.is_empty() && credentials.iter().all(|c| c.consumers.is_empty()) {
        notes.push("The paste does not show what uses these credentials: paste the API connections (`az resource list --resource-type Microsoft.Web/connections` with `az resource show`) alongside, or check the service principal sign-in log for the app.".into());
    }
    if connections.iter().any(|c| c.status.is_none()) {
        notes.push("Some connections come without their status (`az resource list` leaves `properties` out): run `az resource show --ids …` on them to see `statuses`.".into());
    }
    let summary = summary(&counts, &credentials, &connections);
    Ok(InventoryReport {
        version: INVENTORY_VERSION,
        formats: read.formats,
        now: now.to_rfc3339(),
        summary,
        counts,
        credentials,
        connections,
        timeline,
        notes,
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(counts: &Counts, creds: &[Credential], conns: &[ConnectionState]) -> String {
    let mut parts = Vec::new();
    if !creds.is_empty() {
        let mut p = format!(
            "{}: {} expired, {} within 7 days, {} within 30 days, {} healthy",
            plural(creds.len(), "credential", "credentials"),
            counts.expired,
            counts.expires_within_7_days,
            counts.expires_within_30_days,
            counts.healthy
        );
        if let Some(c) = creds
            .iter()
            .find(|c| c.status != ExpiryStatus::Healthy && c.status != ExpiryStatus::Unknown)
        {
            let app = c.app.as_deref().or(c.app_id.as_deref()).unwrap_or("an app");
            let when = match c.days_left {
                Some(d) if d < 0 => format!("expired {} ago", plural((-d) as usize, "day", "days")),
                Some(0) => "expires today".into(),
                Some(d) => format!("expires in {}", plural(d as usize, "day", "days")),
                None => String::new(),
            };
            p.push_str(&format!(
                " (most urgent: {app}'s {} {when})",
                match c.kind {
                    CredentialKind::Secret => "client secret",
                    CredentialKind::Certificate => "certificate",
                }
            ));
        }
        parts.push(p);
    }
    if !conns.is_empty() {
        let mut p = format!(
            "{}: {} in an error state",
            plural(conns.len(), "connection", "connections"),
            counts.connections_failed
        );
        let mut cats: Vec<&str> = Vec::new();
        for c in conns
            .iter()
            .filter_map(|c| c.category.map(Category::as_str))
        {
            if !cats.contains(&c) {
                cats.push(c);
            }
        }
        if !cats.is_empty() {
            p.push_str(&format!(" ({})", cats.join(", ")));
        }
        parts.push(p);
    }
    format!("{}.", parts.join("; "))
}

#[cfg(test)]
mod tests;
