//! Runs every pair under `tests/fixtures/compare/`: each folder holds `left.*`, `right.*` and
//! `expected.txt`.
//!
//! `expected.txt`: `#` comments; `part:name` or `part:name [severity]` lines list the
//! non-expected differences in ranked order (exactly; none listed = identical after
//! normalisation); directives `pick_left=`, `pick_right=`, `now=` (RFC 3339), `kind_left=`,
//! `kind_right=`, `noise=part:name` (must be reported with `expected: true`), `note_left~text`,
//! `note_right~text`, `error_left~text`, `error_right~text`, `text~text` (in some
//! explanation), `secret=text` (must appear nowhere in the JSON report or the text rendering),
//! `picked_left=INDEX BY`, `picked_right=INDEX BY` (which request of a collection or HAR was
//! compared, and how: `given`, `best-match`, `first`).
//!
//! Placeholders `%%JWT_…%%` are replaced by made-up JWTs built here.
#![allow(clippy::unwrap_used)]

use authlens_core::request::{compare, render_text, CompareOptions};
use authlens_core::Timestamp;
use std::fs;
use std::path::Path;

#[path = "support/compare_pairs.rs"]
mod pairs;
use pairs::{read_side, tokens, SIG};

fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let left = read_side(dir, "left");
    let right = read_side(dir, "right");
    let spec = fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut opts = CompareOptions::default();
    let mut want: Vec<(String, Option<String>)> = Vec::new();
    let mut checks: Vec<(String, String)> = Vec::new();
    for line in spec.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = line.split_once('=').filter(|(k, _)| !k.contains(':')) {
            match k {
                "pick_left" => opts.pick_left = Some(v.to_string()),
                "pick_right" => opts.pick_right = Some(v.to_string()),
                "now" => opts.now = Some(Timestamp::parse(v).unwrap()),
                _ => checks.push((k.to_string(), v.to_string())),
            }
        } else if let Some((k, v)) = line.split_once('~') {
            checks.push((format!("{k}~"), v.to_string()));
        } else if let Some((d, sev)) = line.rsplit_once(" [") {
            want.push((d.to_string(), Some(sev.trim_end_matches(']').to_string())));
        } else {
            want.push((line.to_string(), None));
        }
    }
    let report = compare(&left, &right, &opts);
    let report_json = serde_json::to_value(&report).unwrap();
    let json_text = report_json.to_string();
    let text = render_text(&report);
    if text != render_text(&report) {
        return Err(format!("{name}: render_text is not deterministic"));
    }
    let got: Vec<String> = report
        .differences
        .iter()
        .filter(|d| !d.expected)
        .map(|d| format!("{}:{}", d.part, d.name))
        .collect();
    let want_names: Vec<String> = want.iter().map(|w| w.0.clone()).collect();
    if got != want_names {
        return Err(format!(
            "{name}: differences\n  got:  {got:?}\n  want: {want_names:?}\n{text}"
        ));
    }
    let real: Vec<_> = report.differences.iter().filter(|d| !d.expected).collect();
    for ((w, sev), d) in want.iter().zip(&real) {
        if let Some(sev) = sev {
            let got_sev = report_json["differences"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| {
                    x["expected"] == false
                        && format!(
                            "{}:{}",
                            x["part"].as_str().unwrap(),
                            x["name"].as_str().unwrap()
                        ) == *w
                })
                .map(|x| x["severity"].as_str().unwrap().to_string());
            if got_sev.as_deref() != Some(sev.as_str()) {
                return Err(format!(
                    "{name}: {w} severity {got_sev:?}, want {sev} ({})",
                    d.explanation
                ));
            }
        }
        if d.explanation.len() < 20 {
            return Err(format!("{name}: {w} has no real explanation"));
        }
    }
    // Ranked: non-expected before expected.
    if let Some(first_noise) = report.differences.iter().position(|d| d.expected) {
        if report.differences[first_noise..]
            .iter()
            .any(|d| !d.expected)
        {
            return Err(format!(
                "{name}: expected noise ranked before a real difference"
            ));
        }
    }
    for (k, v) in checks {
        let side = |s: &str| &report_json[s];
        let ok = match k.as_str() {
            "kind_left" => side("left")["kind"] == v.as_str(),
            "kind_right" => side("right")["kind"] == v.as_str(),
            "noise" => report
                .differences
                .iter()
                .any(|d| d.expected && format!("{}:{}", d.part, d.name) == v),
            "note_left~" | "note_right~" => {
                let s = if k == "note_left~" { "left" } else { "right" };
                side(s)["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n.as_str().unwrap().contains(&v))
            }
            "error_left~" | "error_right~" => {
                let s = if k == "error_left~" { "left" } else { "right" };
                side(s)["error"].as_str().is_some_and(|e| e.contains(&v))
            }
            "text~" => report
                .differences
                .iter()
                .any(|d| d.explanation.contains(&v)),
            "secret" => !json_text.contains(&v) && !text.contains(&v),
            "picked_left" | "picked_right" => {
                let picked = &side(k.trim_start_matches("picked_"))["picked"];
                let (index, by) = v.split_once(' ').unwrap_or((&v, ""));
                picked["index"].as_u64().map(|i| i.to_string()).as_deref() == Some(index)
                    && picked["by"] == by
            }
            other => return Err(format!("{name}: unknown directive {other}")),
        };
        if !ok {
            return Err(format!("{name}: check {k}{v} failed\n{json_text}\n{text}"));
        }
    }
    // Generic: no token signature and no whole token anywhere in the outputs.
    if json_text.contains(SIG) || text.contains(SIG) {
        return Err(format!("{name}: a token signature leaked into the report"));
    }
    for (_, tok) in tokens() {
        if json_text.contains(&tok) || text.contains(&tok) {
            return Err(format!("{name}: a whole token leaked into the report"));
        }
    }
    // The JSON contract.
    for s in ["left", "right"] {
        // `picked` only for a paste holding several requests (added later: optional).
        let keys: Vec<&String> = report_json[s]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "picked")
            .collect();
        if keys != ["error", "kind", "notes", "request"] {
            return Err(format!("{name}: side keys {keys:?}"));
        }
    }
    for d in report_json["differences"].as_array().unwrap() {
        let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
        if keys
            != [
                "expected",
                "explanation",
                "left",
                "name",
                "part",
                "right",
                "severity",
            ]
        {
            return Err(format!("{name}: difference keys {keys:?}"));
        }
    }
    Ok(())
}

#[test]
fn every_fixture_pair_gives_the_expected_differences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare");
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "fixture pairs are missing");
    let failures: Vec<String> = dirs.iter().filter_map(|d| run_case(d).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} pairs failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn swapping_sides_finds_the_same_differences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare");
    for case in [
        "04-token-audience",
        "12-host-path-method",
        "15-query-differences",
    ] {
        let dir = root.join(case);
        let (l, r) = (read_side(&dir, "left"), read_side(&dir, "right"));
        let a = compare(&l, &r, &CompareOptions::default());
        let b = compare(&r, &l, &CompareOptions::default());
        let names = |x: &authlens_core::request::CompareReport| {
            let mut v: Vec<String> = x
                .differences
                .iter()
                .filter(|d| !d.expected && d.part != "auth")
                .map(|d| format!("{}:{}", d.part, d.name))
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&a), names(&b), "{case}");
    }
}

#[test]
fn the_request_compared_from_a_collection_is_explained() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare");
    let dir = root.join("32-fetch-node-vs-collection-best-match");
    let (fetch, collection) = (read_side(&dir, "left"), read_side(&dir, "right"));
    let picked = |r: &authlens_core::request::CompareReport| {
        let p = r.right.picked.clone().unwrap();
        (p.index, p.of, p.by, p.name)
    };
    // Without a pick: the best match, not the first.
    let best = compare(&fetch, &collection, &CompareOptions::default());
    assert_eq!(
        picked(&best),
        (2, 3, "best-match".into(), "Reserve item".into())
    );
    assert!(best
        .right
        .picked
        .as_ref()
        .unwrap()
        .reason
        .contains("same path"));
    // A pick wins over the best match.
    let opts = CompareOptions {
        pick_right: Some("Get item".into()),
        ..CompareOptions::default()
    };
    let given = compare(&fetch, &collection, &opts);
    assert_eq!(picked(&given), (1, 3, "given".into(), "Get item".into()));
    // Nothing to match against: the first, and why.
    let first = compare("", &collection, &CompareOptions::default());
    assert_eq!(picked(&first), (0, 3, "first".into(), "List items".into()));
    assert!(first.right.picked.unwrap().reason.contains("no request"));
    // A single request has nothing to pick: no field at all.
    let json = serde_json::to_value(&best).unwrap();
    assert!(json["left"].get("picked").is_none());
}
