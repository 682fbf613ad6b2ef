//! `authlens diagnose --json` prints exactly the analysis the core's front door returns, for every
//! fixture: the real-world corpus, our own case per input format, and the run histories (which
//! the front door routes to the history analysis). The page renders the same `analyse` value, so
//! this is the "CLI and page give the same report" contract, on the CLI's side.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use authlens_core::{analyse, Options, Timestamp};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const NOW: &str = "2025-11-23T12:13:20Z";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../authlens-core/tests/fixtures")
}

/// Every input: (name, text).
fn inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in ["corpus/cases.jsonl", "cases/own.jsonl"] {
        let text = std::fs::read_to_string(fixtures().join(file)).expect(file);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).expect("JSON line");
            out.push((
                format!("{file}:{}", v["id"].as_str().expect("id")),
                v["input"].as_str().expect("input").to_string(),
            ));
        }
    }
    let mut histories: Vec<PathBuf> = std::fs::read_dir(fixtures().join("history"))
        .expect("history fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "csv"))
        .collect();
    histories.sort();
    for p in histories {
        out.push((
            p.display().to_string(),
            std::fs::read_to_string(&p).expect("history fixture"),
        ));
    }
    out
}

fn cli_json(args: &[&str], stdin: &str) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn authlens");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn diagnose_json_is_the_front_door_analysis_for_every_fixture() {
    let opts = Options::at(Timestamp::parse(NOW).expect("NOW"));
    let all = inputs();
    let mut histories = 0;
    let mut differ = Vec::new();
    for (name, text) in &all {
        let expected = serde_json::to_value(analyse(text, &opts)).expect("serialise");
        let got = cli_json(&["diagnose", "--json", "--now", NOW, "-"], text);
        if got != expected {
            differ.push(name.clone());
        }
        if got["analysis"] == "history" {
            histories += 1;
            // The history analysis, not a single finding: the page's history panel.
            assert!(
                got["run_list"].is_array() && got.get("findings").is_none(),
                "{name}"
            );
        } else {
            // The diagnosis wire format is unchanged; the discriminator is only added.
            assert_eq!(got["analysis"], "diagnosis", "{name}");
            assert!(
                got["input"]["kind"].is_string() && got["findings"].is_array(),
                "{name}"
            );
        }
    }
    assert!(differ.is_empty(), "CLI and analyse differ for {differ:?}");
    assert!(all.len() > 140, "{} inputs", all.len());
    assert!(
        histories >= 13,
        "{histories} histories routed to the history analysis"
    );
}

#[test]
fn diagnose_on_a_history_prints_what_history_prints() {
    let path = fixtures().join("history/pbi_began_after_successes.json");
    let path = path.to_str().expect("utf-8 path");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_authlens"))
            .args(args)
            .output()
            .expect("run authlens");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let diagnose = run(&["diagnose", "--now", NOW, path]);
    assert_eq!(diagnose, run(&["history", "--now", NOW, path]));
    assert!(diagnose.contains("began-after-successes"), "{diagnose}");
    let md = run(&["diagnose", "--markdown", "--now", NOW, path]);
    assert!(md.starts_with("## AuthLens history analysis"), "{md}");
    assert!(md.contains("### 1. Failing since"), "{md}");
}
