//! The crate's shape, checked: no import cycle between its modules (each top-level module or
//! folder is a node; `use crate::x` and `crate::x::` paths outside comments are the edges), no
//! source file over 600 lines, and every view has its module.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`diagnose` for `src/diagnose/render.rs`).
fn node(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a file uses (`crate::x`), its code only (not comments, not tests).
fn uses(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(all(test").next().unwrap_or(text);
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        // `use crate::{a, b::c}`
        if let Some(i) = line.find("use crate::{") {
            let inner = &line[i + "use crate::{".len()..];
            for part in inner.split([',', '}']) {
                let name = part.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn modules_form_no_cycle() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let n = node(f);
        if n == "lib" {
            // The crate root declares every module; what it uses is the entry point's business.
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let edges = graph.entry(n.clone()).or_default();
        for u in uses(&text) {
            if u != n {
                edges.insert(u);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(n) {
            return;
        }
        if let Some(i) = path.iter().position(|p| p == n) {
            panic!("import cycle: {} -> {n}", path[i..].join(" -> "));
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            visit(m, graph, path, done);
        }
        path.pop();
        done.insert(n.to_string());
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        visit(n, &graph, &mut Vec::new(), &mut done);
    }
    // The check sees edges at all.
    assert!(graph["shell"].contains("diagnose"), "{graph:?}");
}

#[test]
fn no_file_over_600_lines() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    for f in files {
        let n = std::fs::read_to_string(&f).unwrap().lines().count();
        assert!(n <= 600, "{} has {n} lines", f.display());
    }
}

#[test]
fn every_view_has_its_module_and_its_section() {
    let html =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/index.html"))
            .unwrap();
    for view in authlens_web::view::View::ALL {
        let name = view.name();
        assert!(
            src().join(format!("{name}.rs")).exists() || src().join(name).join("mod.rs").exists(),
            "no module for the {name} view"
        );
        assert!(
            html.contains(&format!("id=\"{}\"", view.panel_id())),
            "{name}"
        );
        assert!(
            html.contains(&format!("id=\"{}\"", view.tab_id())),
            "{name}"
        );
    }
}
