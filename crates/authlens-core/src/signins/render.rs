//! The sign-in report as plain text (the CLI, snapshots) and as Markdown for a ticket. Reports
//! leave the machine, so by default people's names, UPNs, IP addresses and places are replaced by
//! stable stand-ins (`user 1`, `IP 2`, …): the pattern stays readable, the person does not.

use super::{FailedSignIn, SignInReport};
use crate::redact::personal::StandIns;
use std::fmt::Write;

/// Replaces personal values by numbered stand-ins, the same value always by the same one (the
/// one mechanism, [`StandIns`]); keeps them when the person asked.
struct Pseudonyms {
    keep: bool,
    seen: StandIns,
}

impl Pseudonyms {
    fn new(keep: bool) -> Self {
        Pseudonyms {
            keep,
            seen: StandIns::default(),
        }
    }

    fn get(&mut self, kind: &str, value: Option<&str>) -> String {
        let Some(v) = value else { return "—".into() };
        if self.keep {
            return v.to_string();
        }
        // A value that is already a stand-in (the paste was masked first) keeps its number, so
        // the log's report and the run's findings name the same person the same way.
        self.seen.add(kind, v).unwrap_or_else(|| v.to_string())
    }

    /// Replaces every known personal value inside free text (pattern details name accounts).
    fn scrub(&self, text: &str) -> String {
        if self.keep {
            return text.to_string();
        }
        self.seen.scrub(text)
    }
}

fn line(f: &FailedSignIn, p: &mut Pseudonyms) -> String {
    let s = &f.sign_in;
    let mut l = format!(
        "{} · {} ({}) · {} → {} · AADSTS{}",
        f.time.as_deref().unwrap_or("time unknown"),
        p.get("user", s.user.as_deref()),
        f.identity,
        s.app.as_deref().unwrap_or("app unknown"),
        s.resource.as_deref().unwrap_or("resource unknown"),
        s.error_code.unwrap_or_default(),
    );
    if let Some(c) = &s.client_app {
        let _ = write!(l, " · {c}");
    }
    if let Some(i) = s.interactive {
        l.push_str(if i {
            " · interactive"
        } else {
            " · non-interactive"
        });
    }
    let ip = p.get("IP", s.ip.as_deref());
    let place = p.get("place", s.location.as_deref());
    let _ = write!(l, " · {ip}, {place}");
    let failed: Vec<&str> = s.failed_policies().map(|x| x.name.as_str()).collect();
    if !failed.is_empty() {
        let _ = write!(l, " · failed policy: {}", failed.join(", "));
    }
    l
}

fn body(r: &SignInReport, md: bool, keep_personal: bool) -> String {
    let mut p = Pseudonyms::new(keep_personal);
    let mut o = String::new();
    let h = |o: &mut String, t: &str| {
        if md {
            let _ = writeln!(o, "\n## {t}\n");
        } else {
            let _ = writeln!(o, "\n{t}\n{}", "-".repeat(t.chars().count()));
        }
    };
    if md {
        let _ = writeln!(o, "# AuthLens sign-in log report\n");
    }
    let _ = writeln!(
        o,
        "{}: {} sign-ins, {} failed.",
        r.format_label, r.total, r.failed
    );
    // Listed lines first, so the stand-ins exist before free text is scrubbed.
    let listed: Vec<String> = r
        .failures
        .iter()
        .take(50)
        .map(|f| line(f, &mut p))
        .collect();
    let _ = writeln!(o, "{}", p.scrub(&r.summary));
    if !r.errors.is_empty() {
        h(&mut o, "Errors");
        for e in &r.errors {
            let cat = e.category.map_or("unclassified", |c| c.as_str());
            let _ = writeln!(o, "- AADSTS{} × {} [{cat}]: {}", e.code, e.count, e.meaning);
            if let Some(fix) = &e.fix {
                let _ = writeln!(o, "  Fix: {}", fix.location);
            }
        }
    }
    if !r.policies.is_empty() {
        h(&mut o, "Conditional Access");
        for pol in &r.policies {
            let _ = write!(
                o,
                "- {}: {} failed, {} satisfied",
                pol.name, pol.failures, pol.successes
            );
            if !pol.grant_controls.is_empty() {
                let _ = write!(o, "; requires {}", pol.grant_controls.join(", "));
            }
            if !pol.session_controls.is_empty() {
                let _ = write!(o, "; session: {}", pol.session_controls.join(", "));
            }
            o.push('\n');
        }
    }
    if !r.patterns.is_empty() {
        h(&mut o, "Patterns");
        for pat in &r.patterns {
            let _ = writeln!(
                o,
                "- {} ({}): {}",
                pat.title,
                pat.code,
                p.scrub(&pat.detail)
            );
        }
    }
    if !listed.is_empty() {
        h(&mut o, "Failed sign-ins (newest first)");
        for l in &listed {
            let _ = writeln!(o, "- {l}");
        }
        if r.failed > listed.len() {
            let _ = writeln!(o, "- … and {} more", r.failed - listed.len());
        }
    }
    if !keep_personal {
        let _ = writeln!(
            o,
            "\nNames, accounts, IP addresses and places are replaced by stand-ins."
        );
    }
    o
}

/// Plain text, personal data as in the log (the person's own screen).
pub fn render_text(r: &SignInReport) -> String {
    body(r, false, true)
}

/// Markdown for a ticket; personal data replaced unless `keep_personal`.
pub fn render_markdown(r: &SignInReport, keep_personal: bool) -> String {
    body(r, true, keep_personal)
}
