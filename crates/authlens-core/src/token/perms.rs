//! What common Graph / SharePoint / Dataverse / Azure calls accept, as data (`perms.tsv`).
//!
//! Each row: api key, method, path prefix, accepted delegated scopes, accepted application roles,
//! note. Extend the table, not the code.

/// The embedded table.
pub const TABLE: &str = include_str!("perms.tsv");

/// What application (app-only) tokens need for a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppAccess {
    /// App-only tokens cannot make this call (e.g. `/me`).
    NotSupported,
    /// The app needs one of these roles.
    Roles(Vec<&'static str>),
    /// No role in the token decides: access is granted elsewhere (RBAC, application user...).
    Elsewhere,
}

#[derive(Clone, Debug)]
pub struct PermRule {
    pub api: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub delegated: Vec<&'static str>,
    pub application: AppAccess,
    pub note: &'static str,
}

fn list(s: &'static str) -> Vec<&'static str> {
    if s.trim() == "-" {
        return Vec::new();
    }
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// All rows of the table (comment and header lines skipped; malformed rows ignored).
pub fn rules() -> Vec<PermRule> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with("api\t"))
        .filter_map(|l| {
            let mut c = l.split('\t');
            let api = c.next()?;
            let method = c.next()?;
            let path = c.next()?;
            let delegated = list(c.next()?);
            let app = c.next()?.trim();
            let note = c.next().unwrap_or("").trim();
            let application = match app {
                "-" => AppAccess::NotSupported,
                "*" => AppAccess::Elsewhere,
                a => AppAccess::Roles(list(a)),
            };
            Some(PermRule {
                api,
                method,
                path,
                delegated,
                application,
                note,
            })
        })
        .collect()
}

fn segments(p: &str) -> Vec<&str> {
    p.split('/').filter(|s| !s.is_empty()).collect()
}

/// The most specific row for a call. Graph version prefixes (`/v1.0`, `/beta`) are ignored;
/// without a method, GET is assumed.
pub fn lookup(api_key: &str, method: Option<&str>, path: &str) -> Option<PermRule> {
    let mut segs = segments(path);
    if api_key == "graph" && segs.first().is_some_and(|s| *s == "v1.0" || *s == "beta") {
        segs.remove(0);
    }
    let method = method.unwrap_or("GET");
    let mut best: Option<(usize, PermRule)> = None;
    for r in rules() {
        if r.api != api_key {
            continue;
        }
        let exact = r.method.eq_ignore_ascii_case(method);
        if !(exact || r.method == "*") {
            continue;
        }
        let rs = segments(r.path);
        if rs.len() > segs.len() {
            continue;
        }
        let ok = rs
            .iter()
            .zip(&segs)
            .all(|(a, b)| a.starts_with('{') || a.eq_ignore_ascii_case(b));
        if !ok {
            continue;
        }
        let score = rs.len() * 2 + usize::from(exact);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, r));
        }
    }
    best.map(|(_, r)| r)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_every_row_is_usable() {
        let r = rules();
        assert!(r.len() > 20);
        for row in &r {
            assert!(row.path.starts_with('/'), "{}", row.path);
            assert!(!row.delegated.is_empty() || row.application != AppAccess::NotSupported);
        }
    }

    #[test]
    fn most_specific_row_wins() {
        let r = lookup("graph", Some("POST"), "/v1.0/users/a@b.c/sendMail").unwrap();
        assert_eq!(r.path, "/users/{id}/sendMail");
        let r = lookup("graph", None, "/v1.0/me/messages").unwrap();
        assert_eq!(r.path, "/me/messages");
        let r = lookup("graph", Some("GET"), "/beta/me/drive/root").unwrap();
        assert_eq!(r.path, "/me/drive");
        assert!(lookup("graph", Some("GET"), "/v1.0/unknownThing").is_none());
    }
}
