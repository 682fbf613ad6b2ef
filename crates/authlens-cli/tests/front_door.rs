//! `authlens diagnose --json` prints exactly the analysis the core's front door returns, for every
//! fixture: the real-world corpus, our own case per input format, the mined and frozen cases, each
//! rule's firing and quiet fixture, and the run histories (which the front door routes to the
//! history analysis), the sign-in logs, the definitions (the audit) and the credential and
//! connection lists (the inventory). The page renders the same `analyse` value, so
//! this is the "CLI and page give the same report" contract, on the CLI's side.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use authlens_core::signins::mask_personal;
use authlens_core::{analyse, Options, Timestamp};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;

use common::{fixtures, stdout_of};

const NOW: &str = "2025-11-23T12:13:20Z";

fn jsonl_cases(file: &Path, out: &mut Vec<(String, String)>) {
    let text = std::fs::read_to_string(file).expect("fixture");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        out.push((
            format!("{}:{}", file.display(), v["id"].as_str().expect("id")),
            v["input"].as_str().expect("input").to_string(),
        ));
    }
}

/// The files of a fixture folder with one of `exts`, sorted.
fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures().join(dir))
        .map(|d| d.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)));
    out.sort();
    out
}

/// Every input: (name, text). The corpus, our own cases, the mined and frozen cases, every
/// rule's example and quiet fixture, and every run history.
fn inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    jsonl_cases(&fixtures().join("corpus/cases.jsonl"), &mut out);
    jsonl_cases(&fixtures().join("cases/own.jsonl"), &mut out);
    for dir in ["mined", "frozen"] {
        for f in files(dir, &["jsonl"]) {
            jsonl_cases(&f, &mut out);
        }
    }
    for r in authlens_core::rules::RULES {
        let id = format!("{}-{}", r.code, r.name);
        if let Some(example) = r.example() {
            out.push((format!("rule {id} example"), example.to_string()));
        }
        let quiet = fixtures().join(format!("rules/{id}/quiet.txt"));
        if let Ok(text) = std::fs::read_to_string(&quiet) {
            out.push((format!("rule {id} quiet"), text));
        }
    }
    for p in files("history", &["json", "csv"]) {
        out.push((
            p.display().to_string(),
            std::fs::read_to_string(&p).expect("history fixture"),
        ));
    }
    // Entra sign-in logs, alone and with the failed run pasted beside them, each also as the
    // page's reports and share links carry them (people and places masked).
    let dir = fixtures().join("signins");
    let mut logs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("sign-in fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    logs.sort();
    let run = std::fs::read_to_string(dir.join("run-output-401.json")).expect("run output");
    for p in logs {
        let text = std::fs::read_to_string(&p).expect("sign-in fixture");
        let name = p.display().to_string();
        let joined = format!("{run}\n{text}");
        out.push((format!("{name} (masked)"), mask_personal(&text)));
        out.push((format!("{name} + run"), joined.clone()));
        out.push((format!("{name} + run (masked)"), mask_personal(&joined)));
        out.push((name, text));
    }
    // Definitions (the audit) and credential / connection lists (the inventory).
    for dir in ["audit", "inventory"] {
        for p in files(dir, &["json", "txt"]) {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("audit or inventory fixture"),
            ));
        }
    }
    out
}

fn cli_json(args: &[&str], stdin: &str) -> Value {
    serde_json::from_slice(&stdout_of(args, stdin.as_bytes())).expect("JSON on stdout")
}

#[test]
fn diagnose_json_is_the_front_door_analysis_for_every_fixture() {
    let opts = Options::at(Timestamp::parse(NOW).expect("NOW"));
    let all = inputs();
    let mut histories = 0;
    let mut sign_in_logs = 0;
    let (mut audits, mut inventories) = (0, 0);
    let mut differ = Vec::new();
    for (name, text) in &all {
        let expected = serde_json::to_value(analyse(text, &opts)).expect("serialise");
        let got = cli_json(&["diagnose", "--json", "--now", NOW, "-"], text);
        if got != expected {
            differ.push(name.clone());
        }
        if got["analysis"] == "sign-ins" {
            sign_in_logs += 1;
            assert!(
                got["log"]["policies"].is_array() && got["log"]["total"].is_number(),
                "{name}"
            );
        } else if got["analysis"] == "audit" {
            audits += 1;
            // Only definitions are audited: no failed run's paste is taken for one.
            assert!(name.contains("fixtures/audit/"), "{name}");
            assert!(got["findings"].is_array() && got["connections"].is_array());
        } else if got["analysis"] == "inventory" {
            inventories += 1;
            assert!(name.contains("fixtures/inventory/"), "{name}");
            assert_eq!(got["now"], NOW);
        } else if got["analysis"] == "history" {
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
    assert!(all.len() > 500, "{} inputs", all.len());
    assert!(
        histories >= 13,
        "{histories} histories routed to the history analysis"
    );
    assert!(audits >= 10, "{audits} definitions audited");
    assert!(inventories >= 9, "{inventories} lists checked");
    // Five logs, alone and with the run above them, each also masked.
    assert!(
        sign_in_logs >= 20,
        "{sign_in_logs} sign-in logs routed to the sign-in analysis"
    );
}

#[test]
fn a_run_with_its_sign_in_log_names_the_failing_policy_on_the_command_line() {
    let dir = fixtures().join("signins");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect(f);
    let paste = format!(
        "{}\n{}",
        read("run-output-401.json"),
        read("portal-interactive-mfa.json")
    );
    for text in [paste.clone(), mask_personal(&paste)] {
        let got = cli_json(&["diagnose", "--json", "--now", NOW, "-"], &text);
        assert_eq!(got["analysis"], "sign-ins");
        let top = got["run"]["findings"][0]["explanation"]
            .as_str()
            .unwrap_or_default();
        assert!(top.contains("Require MFA for all users"), "{top}");
        assert_eq!(
            got["sign_in"]["failed_policies"][0],
            "Require MFA for all users"
        );
    }
}

/// The Markdown report leaves the machine: like the page's, it is made from the masked paste, so
/// neither the log nor the run's findings (which name the matched account) carry a person.
#[test]
fn the_markdown_of_a_joined_paste_names_the_policy_and_no_person() {
    let dir = fixtures().join("signins");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect(f);
    let paste = format!(
        "{}\n{}",
        read("run-output-401.json"),
        read("portal-interactive-mfa.json")
    );
    let md = String::from_utf8(stdout_of(
        &["diagnose", "--markdown", "--now", NOW, "-"],
        paste.as_bytes(),
    ))
    .expect("UTF-8");
    assert!(md.contains("Require MFA for all users"), "{md}");
    for person in ["flow.owner@contoso.com", "198.51.100.7", "Dublin"] {
        assert!(!md.contains(person), "{person} in\n{md}");
    }
    assert!(md.contains("matching sign-in (user 1,"), "{md}");
}

#[test]
fn diagnose_on_a_history_prints_what_history_prints() {
    let path = fixtures().join("history/pbi_began_after_successes.json");
    let path = path.to_str().expect("utf-8 path");
    let run = |args: &[&str]| String::from_utf8(stdout_of(args, b"")).expect("utf-8");
    let diagnose = run(&["diagnose", "--now", NOW, path]);
    assert_eq!(diagnose, run(&["history", "--now", NOW, path]));
    assert!(diagnose.contains("began-after-successes"), "{diagnose}");
    let md = run(&["diagnose", "--markdown", "--now", NOW, path]);
    assert!(md.starts_with("## AuthLens history analysis"), "{md}");
    assert!(md.contains("### 1. Failing since"), "{md}");
}

/// `authlens diagnose` on a definition or a credential list prints what `authlens audit` /
/// `authlens inventory` print (text, Markdown), and its JSON is theirs plus `analysis` and
/// `handoff`.
#[test]
fn diagnose_on_a_definition_or_a_list_prints_what_audit_and_inventory_print() {
    let cases = [
        ("audit", "audit/flow-package-risky.json"),
        ("audit", "audit/standard-workflow-and-connections.json"),
        ("audit", "audit/logicapp-arm-risky.json"),
        ("inventory", "inventory/az-ad-app-credential-list.json"),
        ("inventory", "inventory/graph-service-principals.json"),
        ("inventory", "inventory/get-adminpowerappconnection.txt"),
    ];
    for (command, file) in cases {
        let text = std::fs::read_to_string(fixtures().join(file)).expect(file);
        let out =
            |args: &[&str]| String::from_utf8(stdout_of(args, text.as_bytes())).expect("UTF-8");
        for format in [None, Some("--markdown")] {
            let mut d = vec!["diagnose", "--now", NOW];
            let mut c = vec![command, "--now", NOW];
            if command == "audit" {
                c.retain(|a| *a != "--now" && *a != NOW);
            }
            d.extend(format);
            c.extend(format);
            d.push("-");
            c.push("-");
            let printed = out(&d);
            assert_eq!(printed, out(&c), "{file} {format:?}");
            if format.is_some() {
                // The report leaves the machine: no account, no creator's name.
                for person in ["@contoso.example", "Maker Two", "Service Mailbox"] {
                    assert!(!printed.contains(person), "{person} in {file}:\n{printed}");
                }
            }
        }
        let mut d = cli_json(&["diagnose", "--json", "--now", NOW, "-"], &text);
        let args: Vec<&str> = if command == "audit" {
            vec![command, "--json", "-"]
        } else {
            vec![command, "--json", "--now", NOW, "-"]
        };
        let c = cli_json(&args, &text);
        assert_eq!(d["analysis"], command, "{file}");
        let obj = d.as_object_mut().expect("object");
        obj.remove("analysis");
        obj.remove("handoff");
        assert_eq!(d, c, "{file}");
    }
}
