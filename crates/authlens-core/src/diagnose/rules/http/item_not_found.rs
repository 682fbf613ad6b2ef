use super::{specific_auth_code, wrapped_answer, Answer, AUTH_CONTENT};
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::{Facts, StatusSource};
use crate::span::Span;

declare_rule! {
    /// ## What it means
    /// The item asked for does not exist; this is not an authentication problem.
    ///
    /// ## Why it happens
    /// A wrong id or path, a deleted item, or a product bug listing items. Tools and flows
    /// often print "Unauthorized" or "Forbidden" around any failed call: when the service's own
    /// answer inside is a 404 or a `…NotFound` code, or its message says the site, list, file
    /// or record "does not exist", that answer is the cause. (Names of identities — a user,
    /// app, tenant or connection that does not exist — are read by their own rules.)
    ///
    /// ## Where the fix lives
    /// The action's inputs.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "FlowNotFound", "message": "Could not find flow '00000000-0000-0000-0000-000000000001'."}}
    /// ```
    pub static ITEM_NOT_FOUND = {
        code: "AL214", name: "item-not-found", category: NotAnAuthError, severity: Info,
        title: "The item does not exist: not an authentication error", check: item_not_found,
    }
}

fn item_not_found(f: &Facts) -> Option<Hit> {
    let code = f.codes.iter().find(|(c, _)| {
        let l = c.to_ascii_lowercase();
        l.ends_with("notfound") && !super::IDENTITY_TARGETS.iter().any(|w| l.contains(w))
    });
    let Some(s) = code.map(|(_, s)| *s).or_else(|| f.has_status(404)) else {
        return message_says_missing(f);
    };
    // A 404 that says the target could not be reached (an offline on-premises data gateway, an
    // unreachable endpoint) is about reachability, not a missing item.
    let unreachable = f
        .phrase(&[
            "could not be reached",
            "is unreachable",
            "is offline",
            "cannot be reached",
        ])
        .is_some();
    if unreachable || specific_auth_code(f) {
        return None;
    }
    if f.statuses.iter().any(|s| s.code == 401 || s.code == 403) {
        // A wrapper's "Unauthorized" around the service's own 404: the 404 is the answer.
        let (Answer::NotFound, inner) = wrapped_answer(f)? else {
            return None;
        };
        return Some(
            Hit::new(LIKELY, "The words “Unauthorized” / “Forbidden” come from the wrapper around the call; the service's own answer inside is a 404-class error: the site, list, file, path or id the action asked for does not exist (or the URL is wrong). Check those in the action's inputs; reconnecting will not help.")
                .with(Some(inner), "the service's own answer: not found"),
        );
    }
    Some(Hit::new(LIKELY, "The item the action asked for does not exist (a 404-class error). Nothing here is about credentials.").with(Some(s), "not-found error"))
}

/// How a service's message says that what the request named is not there.
const MISSING: &[&str] = &[
    "does not exist",
    "doesn't exist",
    "could not be found",
    "cannot be found",
    "can't be found",
    "was not found",
    "were not found",
    "could not find",
];

/// Words that make the missing thing an identity, a connection or a credential: a user, app or
/// tenant that does not exist is a sign-in problem with rules of its own.
const IDENTITY_WORDS: &[&str] = &[
    "user",
    "account",
    "tenant",
    "application",
    "app ",
    "app'",
    "client",
    "principal",
    "identity",
    "connection",
    "subscription",
    "directory",
    "group",
    "member",
    "mailbox",
    "environment",
    "gateway",
    "data source",
    "datasource",
    "workspace",
    "organization",
    "organisation",
    "domain",
    "device",
    "policy",
    "resource group",
    "realm",
    "session",
    "object id",
    "key vault",
    "vault",
    "key ",
    "secret",
    "certificate",
    // Places on the network: "the server was not found" is reachability.
    "server",
    "host",
    "endpoint",
    "instance",
    "network",
    "proxy",
];

/// The message says an item named in the request "does not exist" or "could not be found",
/// and nothing in the paste speaks of credentials or permissions: a 404 by its words. The
/// clause before the phrase must not name an identity (users, apps, tenants, connections…).
fn message_says_missing(f: &Facts) -> Option<Hit> {
    let at = f.phrase(MISSING)?;
    let unreachable = f.phrase(&[
        "not accessible",
        "could not be reached",
        "cannot be reached",
        "unreachable",
        "could not be resolved",
    ]);
    if unreachable.is_some()
        || specific_auth_code(f)
        || !f.aadsts.is_empty()
        || f.phrase(AUTH_CONTENT).is_some()
    {
        return None;
    }
    // A 401 / 403 said after the message (or in a status field) is the answer, not a wrapper.
    if f.statuses.iter().any(|s| {
        matches!(s.code, 401 | 403) && (s.source == StatusSource::Field || s.span.start > at.start)
    }) {
        return None;
    }
    let clause = clause_before(f.text, at);
    let lower = clause.to_ascii_lowercase();
    if IDENTITY_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    Some(
        Hit::new(
            PLAUSIBLE,
            "The service's message says that what the request named (a site, list, file, record, column or path) does not exist: a wrong name, id or URL, or an item deleted meanwhile. Nothing here is about credentials; check the action's inputs against the target.",
        )
        .with(Some(at), "the service says it does not exist"),
    )
}

/// The clause that ends at `at`: back to the previous sentence end (". "), line break or
/// brace, at most 160 bytes. (Not a bare '.' or a quote: names hold both.)
fn clause_before(text: &str, at: Span) -> &str {
    let from = text.floor_char_boundary(at.start.saturating_sub(160));
    let window = text.get(from..at.start).unwrap_or("");
    let start = [". ", "\n", "{", "|"]
        .iter()
        .filter_map(|b| window.rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    window.get(start..).unwrap_or("")
}
