//! Snapshots of what a user reads: the plain-text audit of every definition fixture and the
//! plain-text inventory of every list fixture (a fixed "now"). A change in wording, order or
//! evidence shows up as a snapshot diff in review. Regenerate with `INSTA_UPDATE=always cargo
//! test -p authlens-core --test audit_inventory_snapshots`, then read the diff.
#![allow(clippy::unwrap_used)]

use authlens_core::{audit, inventory, Options, Timestamp};
use std::path::Path;

fn files(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            let ext = p.extension().unwrap().to_string_lossy().to_string();
            (format!("{stem}-{ext}"), std::fs::read_to_string(p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn audit_reports() {
    for (name, text) in files("audit") {
        let r = audit::analyse(&text).unwrap();
        snapshot(&format!("audit__{name}"), &audit::render_text(&r));
    }
}

#[test]
fn inventory_reports() {
    // 2026-11-30T00:00:00Z, the fixtures' "now".
    let opts = Options::at(Timestamp(1_795_996_800));
    for (name, text) in files("inventory") {
        let r = inventory::analyse(&text, &opts).unwrap();
        snapshot(&format!("inventory__{name}"), &inventory::render_text(&r));
    }
}
