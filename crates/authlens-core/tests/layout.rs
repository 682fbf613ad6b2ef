//! The core's layout holds: no import cycles between its top-level modules (the pipeline reads
//! one way: detect → diagnose → history → analysis → render, primitives below everything), and no
//! source file over ~600 lines outside data and tests.
//!
//! The cycle check reads `src/` and follows every `crate::` path, through `pub use` re-exports (a
//! path kept working at an old place is an import of where the item now lives, not of the old
//! place). `rules` counts as part of `diagnose` (its rules read the facts, the diagnosis runs
//! them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type ModPath = Vec<String>;

/// Modules that belong to another's stage, for this check.
const GROUPS: &[(&str, &str)] = &[("rules", "diagnose")];

/// Imports known to close a cycle, each with the change that removes it: (file, group it
/// imports, why). Keep this list empty; an entry is a debt, not a permission.
const KNOWN: &[(&str, &str, &str)] = &[];

struct Crate {
    /// Module path → source with comments removed.
    files: BTreeMap<ModPath, String>,
    /// Module path → (name → the path it re-exports, relative to the module unless it starts
    /// with `crate`).
    reexports: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
}

fn module_path(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            // `https://` inside a string is not a comment; paths never follow one anyway.
            Some(i) if !l[..i].ends_with(':') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands a use tree (`a::{b, c::{d as e}}`) into (name, path) pairs.
fn expand(tree: &str, prefix: &ModPath, out: &mut Vec<(String, ModPath)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head: ModPath = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let base: ModPath = prefix.iter().cloned().chain(head).collect();
        let close = tree.rfind('}').filter(|&c| c > open).unwrap_or(tree.len());
        let inner = &tree[open + 1..close];
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &base, out);
        return;
    }
    if tree.is_empty() {
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), Some(a.trim())),
        None => (tree, None),
    };
    let mut full: ModPath = prefix.clone();
    full.extend(path.split("::").map(|s| s.trim().to_string()));
    if full.last().is_some_and(|s| s == "self") {
        full.pop();
    }
    let name = alias.map_or_else(|| full.last().cloned().unwrap_or_default(), String::from);
    out.push((name, full));
}

/// Every `use` statement of `text` (with `public`: only the `pub use` ones). Statements start a
/// line; `use` inside a string or a word is not one.
fn use_statements(text: &str, public: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let body = if let Some(b) = t.strip_prefix("pub use ") {
            b
        } else if let Some(b) = t.strip_prefix("use ").filter(|_| !public) {
            b
        } else if let Some(b) = t.strip_prefix("pub(crate) use ").filter(|_| !public) {
            b
        } else {
            continue;
        };
        let mut stmt = body.to_string();
        while !stmt.contains(';') {
            match lines.next() {
                Some(l) => stmt.push_str(l),
                None => break,
            }
        }
        out.push(stmt.split(';').next().unwrap_or("").to_string());
    }
    out
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut files = BTreeMap::new();
        let mut stack = vec![src.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = strip_comments(&std::fs::read_to_string(&p).unwrap());
                    files.insert(module_path(src, &p), text);
                }
            }
        }
        let mut reexports = BTreeMap::new();
        for (m, text) in &files {
            let mut pairs = Vec::new();
            for s in use_statements(text, true) {
                expand(&s, &Vec::new(), &mut pairs);
            }
            reexports.insert(m.clone(), pairs.into_iter().collect());
        }
        Crate { files, reexports }
    }

    /// The module an absolute path (`[facts, Facts]`) resolves to, through re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> ModPath {
        let mut m: ModPath = Vec::new();
        for (i, seg) in path.iter().enumerate() {
            let mut next = m.clone();
            next.push(seg.clone());
            if self.files.contains_key(&next) {
                m = next;
                continue;
            }
            let target = self.reexports.get(&m).and_then(|r| r.get(seg));
            if let (Some(t), true) = (target, depth < 16) {
                let mut abs: ModPath = if t.first().is_some_and(|s| s == "crate") {
                    t[1..].to_vec()
                } else if t.first().is_some_and(|s| s == "super") {
                    return m; // within the same module tree
                } else {
                    m.iter().cloned().chain(t.iter().cloned()).collect()
                };
                abs.extend(path[i + 1..].iter().cloned());
                return self.resolve(&abs, depth + 1);
            }
            return m;
        }
        m
    }

    /// Every `crate::…` path a module's code names.
    fn crate_paths(text: &str) -> Vec<ModPath> {
        let mut out = Vec::new();
        for s in use_statements(text, false) {
            let mut pairs = Vec::new();
            expand(&s, &Vec::new(), &mut pairs);
            out.extend(
                pairs
                    .into_iter()
                    .filter(|(_, p)| p.first().is_some_and(|s| s == "crate"))
                    .map(|(_, p)| p[1..].to_vec()),
            );
        }
        let mut from = 0;
        while let Some(i) = text[from..].find("crate::") {
            let at = from + i + "crate::".len();
            let rest = &text[at..];
            let end = rest
                .find(|c: char| !(is_ident(c) || c == ':'))
                .unwrap_or(rest.len());
            // `crate::a::{b, c}`: a use tree, expanded above.
            if rest[..end].ends_with("::") {
                from = at;
                continue;
            }
            let path: ModPath = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if !path.is_empty() {
                out.push(path);
            }
            from = at;
        }
        out
    }

    fn group(m: &ModPath) -> Option<String> {
        let top = m.first()?;
        Some(
            GROUPS
                .iter()
                .find(|(a, _)| a == top)
                .map_or(top.clone(), |(_, b)| (*b).to_string()),
        )
    }

    /// Group → group → the files that make the edge.
    fn graph(&self) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
        let mut g: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for (m, text) in &self.files {
            let Some(from) = Self::group(m) else { continue };
            g.entry(from.clone()).or_default();
            for p in Self::crate_paths(text) {
                let Some(to) = Self::group(&self.resolve(&p, 0)) else {
                    continue;
                };
                let known = KNOWN
                    .iter()
                    .any(|(file, group, _)| m.join("::") == *file && to == *group);
                if to != from && !known {
                    g.entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_default()
                        .insert(m.join("::"));
                }
            }
        }
        g
    }
}

fn find_cycle(g: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for next in g.get(n).into_iter().flat_map(|e| e.keys()) {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == next).unwrap_or(0);
                    let mut c = stack[at..].to_vec();
                    c.push(next.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(next, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_import_cycles_between_core_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let krate = Crate::read(&src);
    let g = krate.graph();
    if let Some(cycle) = find_cycle(&g) {
        let why: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{} → {} (in {:?})", w[0], w[1], g[&w[0]][&w[1]]))
            .collect();
        panic!("import cycle: {}\n{}", cycle.join(" → "), why.join("\n"));
    }
    // The checker sees what it should: the diagnosis reads detection, not the other way round.
    assert!(g["diagnose"].contains_key("detect"), "{g:?}");
    assert!(!g["detect"].contains_key("diagnose"), "{g:?}");
    assert!(g["history"].contains_key("diagnose"), "{g:?}");
}

#[test]
fn the_checker_follows_reexports_and_finds_cycles() {
    let mut pairs = Vec::new();
    expand(
        "diagnose::{facts, report as r, x::{y, self}}",
        &Vec::new(),
        &mut pairs,
    );
    let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["facts", "r", "y", "x"]);
    let mut g: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    g.entry("a".into())
        .or_default()
        .insert("b".into(), BTreeSet::new());
    assert!(find_cycle(&g).is_none());
    g.entry("b".into())
        .or_default()
        .insert("a".into(), BTreeSet::new());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

/// Lines a source file may have (a little over 600: the limit is a smell, not a cliff).
const MAX_LINES: usize = 620;

/// Data, not code: catalogs grow with knowledge, not with logic.
const DATA: &[&str] = &["knowledge/"];

/// Files known to be too long, each with the split that fixes it. Keep this list empty; an entry
/// is a debt, not a permission (and a file on it may not grow).
const KNOWN_LONG: &[(&str, usize, &str)] = &[];

#[test]
fn no_source_file_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && !DATA.iter().any(|d| rel.starts_with(d))
            {
                let text = std::fs::read_to_string(&p).unwrap();
                // Unit tests at the end of a file do not count.
                let code = text.split("\n#[cfg(test)]\nmod tests").next().unwrap_or("");
                let n = code.lines().count();
                let allowed = KNOWN_LONG
                    .iter()
                    .find(|(f, _, _)| *f == rel)
                    .map_or(MAX_LINES, |(_, n, _)| *n);
                if n > allowed {
                    long.push(format!("{rel}: {n} lines"));
                }
            }
        }
    }
    assert!(long.is_empty(), "split these files: {long:?}");
}
