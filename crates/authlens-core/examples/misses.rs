//! Local tool (not the frozen set): every wrong top-1 of corpus, own and mined sets, with the
//! label, the findings and the start of the paste and justification.
#![allow(clippy::unwrap_used)]
use authlens_core::{diagnose, Options, Timestamp};
use serde_json::Value;
fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = vec![dir.join("corpus/cases.jsonl"), dir.join("cases/own.jsonl")];
    let mut m: Vec<_> = std::fs::read_dir(dir.join("mined"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    m.sort();
    files.extend(m);
    let all = std::env::args().any(|a| a == "--all");
    let opts = Options::at(Timestamp(1_763_900_000));
    for f in files {
        for line in std::fs::read_to_string(&f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let v: Value = serde_json::from_str(line).unwrap();
            let label = v["label"].as_str().unwrap_or("null");
            let input = v["input"].as_str().unwrap_or_default();
            let r = diagnose(input, &opts);
            let got: Vec<String> = r
                .findings
                .iter()
                .map(|x| format!("{}:{}:{}", x.category.as_str(), x.code, x.confidence))
                .collect();
            let ok = r.findings.first().map(|x| x.category.as_str()) == Some(label)
                || (label == "null" && r.findings.is_empty());
            if ok && !all {
                continue;
            }
            println!(
                "### {} [{}] {}",
                v["id"].as_str().unwrap_or("?"),
                f.file_name().unwrap().to_string_lossy(),
                if ok { "OK" } else { "MISS" }
            );
            println!("label: {label}  got: {}", got.join(" | "));
            println!(
                "input: {}",
                input
                    .chars()
                    .take(700)
                    .collect::<String>()
                    .replace('\n', " ")
            );
            if let Some(j) = v["justification"].as_str() {
                println!("why: {}", j.chars().take(400).collect::<String>());
            }
            println!();
        }
    }
}
