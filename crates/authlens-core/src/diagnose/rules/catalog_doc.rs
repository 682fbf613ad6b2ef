//! The rule reference as Markdown, generated from the registry (`docs/rules.md`).

use super::RULES;
use crate::knowledge::aadsts::{self, CATALOG};
use crate::knowledge::tables::{Match, TABLES};
use std::fmt::Write;

/// Every rule with its documentation, then the AADSTS catalog.
pub fn markdown() -> String {
    let mut o = String::from("# AuthLens rules\n\nGenerated from the rule registry (`crates/authlens-core/src/diagnose/rules/`); do not edit by hand.\nRun `UPDATE_DOCS=1 cargo test -p authlens-core rules_doc` after changing a rule; `./x new-rule FAMILY NAME` scaffolds a new one.\n\n| code | name | category | title |\n|---|---|---|---|\n");
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
    o.push_str("\n## AADSTS codes recognised\n\nFrom `knowledge/data/aadsts.tsv`. *Set-up* codes are errors of an app's registration or of an\ninteractive sign-in that an unattended run does not hit; they keep a category for when they are\npasted anyway.\n\n| code | name | category | when | meaning |\n|---|---|---|---|---|\n");
    for e in CATALOG {
        let _ = writeln!(
            o,
            "| AADSTS{} | {} | `{}` | {} | {} |",
            e.code,
            e.name,
            e.category,
            if e.setup { "set-up" } else { "run" },
            e.meaning
        );
    }
    o.push_str("\n## AADSTS code families\n\nA code that is not in the catalog takes the reading of the narrowest family that holds it\n(`knowledge/data/families.tsv`).\n\n| codes | category | reading |\n|---|---|---|\n");
    for f in aadsts::families() {
        let _ = writeln!(
            o,
            "| AADSTS{}–{} | `{}` | {} |",
            f.from, f.to, f.category, f.reading
        );
    }
    o.push_str("\n## Codes and messages of each service\n\nFrom `knowledge/data/*.tsv`. A *code* is matched as an error-code value or a whole word, a\n*phrase* anywhere in the text. *Weak* rows (wrappers, generic wordings) explain a code when asked\n(`authlens explain CODE`) but never make a finding on their own.\n");
    for t in &TABLES {
        let _ = write!(
            o,
            "\n### {}\n\n| code or phrase | category | meaning | where the fix lives |\n|---|---|---|---|\n",
            t.title
        );
        for r in t.rows() {
            let key = match r.matching {
                Match::Code => format!("`{}`", r.key),
                Match::Phrase => format!("\"{}\"", r.key),
            };
            let _ = writeln!(
                o,
                "| {key}{} | `{}` | {} | {} |",
                if r.weak { " (weak)" } else { "" },
                r.category,
                r.meaning,
                r.fix.unwrap_or("the category's usual place")
            );
        }
    }
    o
}
