//! `authlens`: the AuthLens analyzer on the command line.
//!
//! Exit codes: 0 analysed (whatever the findings), 1 input could not be read (missing file, not
//! UTF-8), 2 bad usage. Arguments are parsed by hand to keep the build small.

use authlens_core::{Options, Report, Timestamp};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
authlens: diagnose failed Power Automate / Logic Apps / Power BI runs, locally.

Usage:
  authlens diagnose [--json] [--now RFC3339] [FILE|-]
  authlens --help | --version

Commands:
  diagnose   Read the paste from FILE (or stdin when FILE is '-' or missing) and print
             the diagnosis.

Options:
  --json          Print the report as JSON (the same wire format the page uses).
  --now RFC3339   The time to judge tokens against (default: the system clock),
                  e.g. 2024-12-07T12:09:18Z.
  -h, --help      Show this help.
  -V, --version   Show the version.

Exit codes: 0 analysed, 1 input unreadable or not UTF-8, 2 bad usage.
";

/// What went wrong, and with which exit code.
enum Failure {
    Usage(String),
    Input(String),
}

struct DiagnoseArgs {
    json: bool,
    now: Option<Timestamp>,
    file: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("authlens: {msg}\nRun 'authlens --help' for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Input(msg)) => {
            eprintln!("authlens: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        None => Err(Failure::Usage("missing command".into())),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("-V" | "--version") => {
            println!("authlens {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some("diagnose") => {
            let Some(parsed) = parse_diagnose(&args[1..])? else {
                print!("{USAGE}");
                return Ok(());
            };
            diagnose(&parsed)
        }
        Some(other) => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

/// `Ok(None)` means `--help` was asked for.
fn parse_diagnose(args: &[String]) -> Result<Option<DiagnoseArgs>, Failure> {
    let mut out = DiagnoseArgs {
        json: false,
        now: None,
        file: None,
    };
    let mut it = args.iter();
    let mut only_files = false;
    while let Some(arg) = it.next() {
        let arg = arg.as_str();
        if only_files || arg == "-" || !arg.starts_with('-') {
            if out.file.is_some() {
                return Err(Failure::Usage("diagnose takes one FILE at most".into()));
            }
            out.file = Some(arg.to_string());
            continue;
        }
        match arg {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(None),
            "--json" => out.json = true,
            "--now" => {
                let value = it
                    .next()
                    .ok_or_else(|| Failure::Usage("--now needs a time (RFC 3339)".into()))?;
                out.now = Some(parse_now(value)?);
            }
            _ if arg.starts_with("--now=") => {
                out.now = Some(parse_now(&arg["--now=".len()..])?);
            }
            _ => return Err(Failure::Usage(format!("unknown option '{arg}'"))),
        }
    }
    Ok(Some(out))
}

fn parse_now(value: &str) -> Result<Timestamp, Failure> {
    Timestamp::parse(value).ok_or_else(|| {
        Failure::Usage(format!(
            "--now '{value}' is not an RFC 3339 time (e.g. 2024-12-07T12:09:18Z)"
        ))
    })
}

fn system_now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn read_input(file: Option<&str>) -> Result<String, Failure> {
    let (bytes, name) = match file {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Failure::Input(format!("cannot read stdin: {e}")))?;
            (buf, "stdin".to_string())
        }
        Some(path) => (
            std::fs::read(path).map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))?,
            path.to_string(),
        ),
    };
    String::from_utf8(bytes).map_err(|e| {
        Failure::Input(format!(
            "{name} is not valid UTF-8 (first bad byte at offset {}); save the paste as UTF-8 text",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn diagnose(args: &DiagnoseArgs) -> Result<(), Failure> {
    let text = read_input(args.file.as_deref())?;
    let now = args.now.unwrap_or_else(system_now);
    let report = authlens_core::diagnose(&text, &Options::at(now));
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Input(format!("cannot serialise the report: {e}")))?;
        s.push('\n');
        s
    } else {
        render_text(&report)
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`authlens diagnose x | head`) is not an error worth a message.
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    Ok(())
}

/// Minimal plain-text rendering (a core renderer will replace it).
fn render_text(report: &Report) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "Input:   {} ({}, {} bytes)\n",
        report.input.label,
        report.input.platform.label(),
        report.input.bytes
    ));
    s.push_str(&format!("Verdict: {}\n", report.verdict));
    if report.findings.is_empty() {
        s.push_str("\nNo findings.\n");
    }
    for (i, f) in report.findings.iter().enumerate() {
        let severity = serde_json::to_value(f.severity)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        s.push_str(&format!(
            "\n{}. [{}] {} {} ({}, confidence {}%)\n",
            i + 1,
            f.code,
            severity,
            f.title,
            f.category,
            f.confidence
        ));
        s.push_str(&format!("   {}\n", f.explanation));
        for ev in &f.evidence {
            s.push_str(&format!(
                "   evidence ({}): {} [bytes {}..{}]\n",
                ev.label, ev.text, ev.start, ev.end
            ));
        }
        s.push_str(&format!("   Fix: {}\n", f.fix.location));
        for (n, step) in f.fix.steps.iter().enumerate() {
            s.push_str(&format!("     {}. {}\n", n + 1, step));
        }
        if let Some(avoid) = &f.fix.avoid {
            s.push_str(&format!("   Avoid: {avoid}\n"));
        }
        if let Some(recur) = &f.fix.if_it_recurs {
            s.push_str(&format!("   If it recurs: {recur}\n"));
        }
    }
    if !report.notes.is_empty() {
        s.push_str("\nNotes:\n");
        for note in &report.notes {
            s.push_str(&format!("  - {note}\n"));
        }
    }
    s
}
