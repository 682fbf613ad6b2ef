//! The rule reference as Markdown, generated from the registry (`docs/rules.md`).

use super::RULES;
use crate::knowledge::aadsts::CATALOG;
use std::fmt::Write;

/// Every rule with its documentation, then the AADSTS catalog.
pub fn markdown() -> String {
    let mut o = String::from("# AuthLens rules\n\nGenerated from the rule registry (`crates/authlens-core/src/rules/`); do not edit by hand.\nRun `UPDATE_DOCS=1 cargo test -p authlens-core rules_doc` after changing a rule; `./x new-rule FAMILY NAME` scaffolds a new one.\n\n| code | name | category | title |\n|---|---|---|---|\n");
    for r in RULES {
        let _ = writeln!(
            o,
            "| [{}](#{}) | `{}` | `{}` | {} |",
            r.code,
            r.code.to_ascii_lowercase(),
            r.name,
            r.category,
            r.title
        );
    }
    for r in RULES {
        let _ = write!(
            o,
            "\n## {}\n\n**{}** · `{}` · `{}`\n\n",
            r.code, r.title, r.name, r.category
        );
        let docs = r.docs().replace("## ", "### ");
        let _ = writeln!(o, "{docs}");
    }
    o.push_str("\n## AADSTS codes recognised\n\n| code | category | meaning |\n|---|---|---|\n");
    for e in CATALOG {
        let _ = writeln!(o, "| AADSTS{} | `{}` | {} |", e.code, e.category, e.meaning);
    }
    o
}
