//! Runs the built `authlens` binary: exit codes and the JSON shape.

mod common;

use common::{authlens, stdout_of, temp_file, RAW_OUTPUTS};
use std::process::{Command, Output, Stdio};

#[test]
fn json_report_from_stdin_has_the_wire_shape() {
    let out = authlens(
        &["diagnose", "--json", "--now", "2024-12-07T12:09:18Z", "-"],
        RAW_OUTPUTS.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert!(v["input"]["kind"].is_string(), "{v}");
    assert!(v["findings"].is_array(), "{v}");
    assert!(v["verdict"].is_string(), "{v}");
    assert_eq!(v["input"]["bytes"], RAW_OUTPUTS.len());
}

#[test]
fn text_report_from_a_file() {
    let path = temp_file("raw.json", RAW_OUTPUTS.as_bytes());
    let out = authlens(&["diagnose", path.to_str().expect("utf-8 path")], b"");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Verdict: "), "{text}");
    assert!(text.contains("Detected: "), "{text}");
}

#[test]
fn stdin_is_the_default() {
    let out = authlens(&["diagnose", "--now=2024-12-07T12:09:18Z"], b"error text");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn invalid_utf8_exits_1_with_a_message() {
    let out = authlens(&["diagnose", "-"], b"ok \xff\xfe bad");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn unreadable_file_exits_1() {
    let out = authlens(&["diagnose", "/nonexistent/authlens/paste.json"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["diagnose", "--bogus"][..],
        &["diagnose", "--now"][..],
        &["diagnose", "--now", "yesterday"][..],
        &["diagnose", "a", "b"][..],
    ] {
        let out = authlens(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    let out = authlens(&["--help"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("authlens diagnose"));
    let out = authlens(&["diagnose", "--help"], b"");
    assert_eq!(out.status.code(), Some(0));
    let out = authlens(&["--version"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("authlens 0."));
}

#[test]
fn rules_and_explain() {
    let out = authlens(&["rules", "--json"], b"");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = v.as_array().unwrap();
    assert!(rules.len() >= 60);
    assert!(rules
        .iter()
        .all(|r| r["code"].as_str().unwrap().starts_with("AL")
            && r["docs"]
                .as_str()
                .unwrap()
                .contains("## Where the fix lives")));
    let out = authlens(&["explain", "AL401"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("dlp-policy-blocked"));
    assert_eq!(authlens(&["explain", "AL999"], b"").status.code(), Some(2));
}

#[test]
fn token_and_compare_commands() {
    // header {"alg":"HS256","typ":"JWT"}, payload {"aud":"https://graph.microsoft.com","exp":1600000000}
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjE2MDAwMDAwMDB9.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    let out = authlens(
        &["token", "--json", "--now", "2026-01-01T00:00:00Z", "-"],
        jwt.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "jwt");
    let expired = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "time.expired")
        .unwrap();
    assert_eq!(expired["status"], "fail");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("AAECAwQFBgcICQoL"),
        "signature leaked"
    );

    let dir = std::env::temp_dir().join(format!("authlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let left = dir.join("left.txt");
    let right = dir.join("right.json");
    std::fs::write(
        &left,
        format!("curl -H 'Authorization: Bearer {jwt}' https://graph.microsoft.com/v1.0/me"),
    )
    .unwrap();
    std::fs::write(&right, format!(r#"{{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{{"Authorization":"\"Bearer {jwt}\""}}}}"#)).unwrap();
    let out = authlens(
        &[
            "compare",
            "--json",
            left.to_str().unwrap(),
            right.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["left"]["kind"], "curl");
    assert_eq!(v["right"]["kind"], "flow-raw-inputs");
    assert_eq!(v["differences"][0]["part"], "auth", "{v}");
    assert_eq!(
        authlens(&["compare", left.to_str().unwrap()], b"")
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const HISTORY: &str = r#"{"value":[
 {"requestId":"1","refreshType":"Scheduled","startTime":"2026-01-01T08:00:00Z","status":"Completed"},
 {"requestId":"2","refreshType":"Scheduled","startTime":"2026-01-02T08:00:00Z","status":"Completed"},
 {"requestId":"3","refreshType":"Scheduled","startTime":"2026-01-03T08:00:00Z","status":"Failed",
  "serviceExceptionJson":"{\"errorCode\":\"DM_GWPipeline_Gateway_DataSourceAccessError\",\"errorDescription\":\"AADSTS50076: you must use multi-factor authentication to access the resource.\"}"}
]}"#;

#[test]
fn history_text_and_json() {
    let out = authlens(
        &["history", "--now", "2026-02-01T00:00:00Z", "-"],
        HISTORY.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("History: Power BI refresh history"),
        "{text}"
    );
    assert!(
        text.contains("Runs: 3 (2 succeeded, 1 failed, 0 other)"),
        "{text}"
    );
    assert!(text.contains("mfa-required"), "{text}");

    let path = temp_file("history.json", HISTORY.as_bytes());
    let out = authlens(
        &["history", "--json", path.to_str().expect("utf-8 path")],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["kind"], "power-bi-refresh-history");
    assert_eq!(v["runs"], 3);
    assert_eq!(v["failures"], 1);
    assert_eq!(v["first_failure"], "2026-01-03T08:00:00Z");
    assert_eq!(
        v["last_success_before_first_failure"],
        "2026-01-02T08:00:00Z"
    );
    assert_eq!(v["counts_per_category"][0]["category"], "mfa-required");
    assert!(v["patterns"].is_array());
    assert_eq!(v["run_list"][2]["code"], "AL104");
}

#[test]
fn history_usage_errors() {
    let out = authlens(&["history", "a", "b"], b"");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = authlens(&["history", "--markdown", "-"], b"");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = authlens(&["history", "/nonexistent/history.json"], b"");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let out = authlens(&["history", "-"], b"not a history");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("not a run history"), "{text}");
    let out = authlens(&["--help"], b"");
    assert!(String::from_utf8_lossy(&out.stdout).contains("authlens history"));
}

#[path = "../../authlens-core/tests/support/compare_pairs.rs"]
mod pairs;

/// Every compare fixture pair of the core (checked there against its `expected.txt`) gives the
/// same JSON through `authlens compare --json` as through the core, so the pairs pass in the CLI.
#[test]
fn every_compare_fixture_pair_through_the_cli() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../authlens-core/tests/fixtures/compare");
    let tmp = std::env::temp_dir().join(format!("authlens-cli-pairs-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "{} pairs", dirs.len());
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (left, right) = (
            pairs::read_side(&dir, "left"),
            pairs::read_side(&dir, "right"),
        );
        let (lp, rp) = (
            tmp.join(format!("{name}-left")),
            tmp.join(format!("{name}-right")),
        );
        std::fs::write(&lp, &left).unwrap();
        std::fs::write(&rp, &right).unwrap();
        let mut opts = authlens_core::request::CompareOptions::default();
        let mut args: Vec<String> = vec!["compare".into(), "--json".into()];
        for (k, v) in pairs::directives(&dir) {
            match k.as_str() {
                "pick_left" => opts.pick_left = Some(v.clone()),
                "pick_right" => opts.pick_right = Some(v.clone()),
                _ => opts.now = authlens_core::Timestamp::parse(&v),
            }
            args.push(format!("--{}", k.replace('_', "-")));
            args.push(v);
        }
        if opts.now.is_none() {
            // The CLI defaults to the system clock; pin it like the core harness does.
            opts.now = Some(authlens_core::Timestamp(1_899_995_000));
            args.push("--now".into());
            args.push(authlens_core::Timestamp(1_899_995_000).to_rfc3339());
        }
        args.push(lp.to_string_lossy().to_string());
        args.push(rp.to_string_lossy().to_string());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = authlens(&argv, b"");
        assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let core =
            serde_json::to_value(authlens_core::request::compare(&left, &right, &opts)).unwrap();
        assert_eq!(cli, core, "{name}: the CLI and the core disagree");
        // The Markdown report: the core's snapshot of the pair (which the page's e2e test also
        // holds the page to).
        args[1] = "--markdown".into();
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let md = String::from_utf8(stdout_of(&argv, b"")).unwrap();
        let want = std::fs::read_to_string(dir.join("snapshot.md")).unwrap();
        assert_eq!(
            md, want,
            "{name}: `compare --markdown` differs from snapshot.md"
        );
        assert!(md.starts_with("## AuthLens request comparison\n"), "{name}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn explain_knows_token_checks_and_history_patterns() {
    let out = authlens(&["explain", "header.truncated"], b"");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("header.truncated (Cut short)"));
    let out = authlens(&["explain", "--json", "periodic"], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["code"], "periodic");
    assert!(
        v["doc"].as_str().is_some_and(|d| d.contains("expiry")),
        "{v}"
    );
    let out = authlens(&["explain", "auth"], b"");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("auth (Authentication)"));
    assert_eq!(
        authlens(&["explain", "time.never"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn explain_reads_error_codes_from_the_knowledge_tables() {
    let text = |args: &[&str]| {
        let out = authlens(args, b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let ca = text(&["explain", "AADSTS53003"]);
    assert!(ca.contains("conditional-access-blocked") && ca.contains("Where the fix lives"));
    // An unknown code of a known family gets the family's reading.
    let fam = text(&["explain", "AADSTS53999"]);
    assert!(fam.contains("conditional-access-blocked") && fam.contains("family"));
    assert!(text(&["explain", "DM_GWPipeline_Gateway_DataSourceAccessError"]).contains("Power BI"));
    assert!(text(&["explain", "0x80040220"]).contains("insufficient-permission"));
    assert!(text(&["explain", "MSIS7065"]).contains("AD FS"));
    let out = authlens(&["explain", "--json", "AADSTS700082"], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["category"], "refresh-token-inactivity");
    assert!(v[0]["where"].as_str().is_some_and(|w| !w.is_empty()));
    assert_eq!(
        authlens(&["explain", "NoSuchCode"], b"").status.code(),
        Some(2)
    );
}

/// Runs `authlens` with stdin read from `/dev/zero` (an endless input).
fn authlens_endless_stdin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .stdin(Stdio::from(
            std::fs::File::open("/dev/zero").expect("/dev/zero"),
        ))
        .output()
        .expect("run authlens")
}

#[test]
fn endless_inputs_stop_at_the_limit_with_exit_1() {
    let start = std::time::Instant::now();
    for args in [
        &["diagnose", "/dev/zero"][..],
        &["history", "/dev/zero"],
        &["token", "/dev/zero"],
        &["compare", "/dev/zero", "/dev/zero"],
    ] {
        let out = authlens(args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("64 MiB limit"), "{args:?}: {err}");
    }
    for args in [&["diagnose"][..], &["diagnose", "-"], &["token", "--json"]] {
        let out = authlens_endless_stdin(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("stdin is larger than the 64 MiB limit"),
            "{out:?}"
        );
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn token_key_file_has_its_own_limit() {
    let out = authlens(&["token", "--key", "/dev/zero", "-"], b"Bearer abc.def.ghi");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/dev/zero is larger than the 1 MiB limit"),
        "{err}"
    );
    // A key just under the limit is read (and judged by the token command, not refused).
    let key = temp_file("key.txt", &vec![b'a'; 1024 * 1024]);
    let out = authlens(
        &["token", "--key", key.to_str().expect("utf-8 path"), "-"],
        b"Bearer abc.def.ghi",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// `diagnose --run-time` and `--platform`: the settings the page's Diagnose has, with the same
/// effect on the report as there (`tests/run-time.test.mjs` checks the page's side).
#[test]
fn diagnose_takes_the_run_time_and_the_platform_as_the_page_does() {
    let paste = r#"{"statusCode":401,"headers":{"Date":"Mon, 23 Nov 2026 05:30:00 GMT"},"body":{"status":401,"message":"The refresh token has expired. AADSTS700082: The refresh token has expired due to inactivity. Flow run failed; fix the connection shared_office365."}}"#;
    let now = ["--now", "2026-11-24T12:00:00Z"];
    let report = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["diagnose", "--json"];
        args.extend(now);
        args.extend(extra);
        args.push("-");
        serde_json::from_slice(&stdout_of(&args, paste.as_bytes())).expect("JSON")
    };
    let detected = report(&[]);
    assert_eq!(detected["input"]["platform"], "power-automate");
    assert_eq!(detected["input"]["run_time"]["at"], "2026-11-23T05:30:00Z");
    assert!(
        detected["verdict"]
            .as_str()
            .is_some_and(|v| v.contains("Fix connection")),
        "{detected}"
    );

    let chosen = report(&["--platform", "logic-apps"]);
    assert_eq!(chosen["input"]["platform"], "logic-apps");
    assert_eq!(chosen["input"]["platform_detected"], "power-automate");
    let verdict = chosen["verdict"].as_str().unwrap_or_default();
    assert!(verdict.contains("Edit API connection"), "{verdict}");
    assert!(!verdict.contains("Power Automate"), "{verdict}");

    // As the portals show it, without a zone: UTC.
    for typed in [
        "11/22/2026 6:00:00 AM",
        "2026-11-22T06:00:00Z",
        "22/11/2026 06:00",
    ] {
        let set = report(&["--run-time", typed]);
        assert_eq!(
            set["input"]["run_time"]["at"], "2026-11-22T06:00:00Z",
            "{typed}"
        );
        assert_ne!(
            set["input"]["run_time"]["from"],
            detected["input"]["run_time"]["from"]
        );
    }

    // Text and Markdown take them too; a bad value is bad usage, saying why.
    let md = String::from_utf8(stdout_of(
        &["diagnose", "--markdown", "--platform=logic-apps", "-"],
        paste.as_bytes(),
    ))
    .expect("utf-8");
    assert!(md.contains("Edit API connection"), "{md}");
    for bad in [
        &["diagnose", "--platform", "sharepoint", "-"][..],
        &["diagnose", "--run-time", "yesterday", "-"][..],
        &["diagnose", "--run-time", "31/31/2026 10:00", "-"][..],
        &["token", "--platform", "logic-apps", "-"][..],
    ] {
        // Nothing on stdin: a usage error exits before reading it (writing would race the exit).
        let out = authlens(bad, b"");
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty(), "{bad:?}");
        assert!(!out.stderr.is_empty(), "{bad:?}");
    }
    let err = String::from_utf8_lossy(
        &authlens(&["diagnose", "--platform", "sharepoint", "-"], b"").stderr,
    )
    .to_string();
    assert!(err.contains("power-automate, logic-apps"), "{err}");
}
