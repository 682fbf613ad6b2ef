//! `authlens`: the AuthLens analyzer on the command line.
//!
//! Exit codes: 0 analysed (whatever the findings), 1 input could not be read (missing file, not
//! UTF-8), 2 bad usage. Arguments are parsed by hand to keep the build small.

use authlens_core::request::{self, CompareOptions};
use authlens_core::token::{self, TokenContext};
use authlens_core::{knowledge, render, rules, Options, Platform, Timestamp};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

mod input;

const USAGE: &str = "\
authlens: diagnose failed Power Automate / Logic Apps / Power BI runs, locally.

Usage:
  authlens diagnose [--json | --markdown] [--now RFC3339] [--run-time TIME]
                    [--platform NAME] [FILE|-]
  authlens token [--json] [--now RFC3339] [--url URL] [--key FILE] [FILE|-]
  authlens history [--json] [--now RFC3339] [FILE|-]
  authlens signins [--json | --markdown] [--keep-personal] [--run FILE] [FILE|-]
  authlens audit [--json | --markdown] [--keep-personal] [FILE|-]
  authlens inventory [--json | --markdown] [--keep-personal] [--now RFC3339] [FILE|-]
  authlens compare [--json | --markdown] [--now RFC3339] [--pick-left NAME] [--pick-right NAME]
                   LEFT RIGHT
  authlens rules [--json]
  authlens explain CODE
  authlens --help | --version

Commands:
  diagnose   Read the paste from FILE (or stdin when FILE is '-' or missing) and print
             the diagnosis, most likely cause first; a run history gets the history
             analysis (as 'history' prints it), an Entra sign-in log the sign-in
             analysis, a flow or workflow definition the audit (as 'audit' prints it)
             and a credential or connection list the inventory (as 'inventory' prints
             it, against --now), as on the page.
  token      Decode and check a bearer token or Authorization header.
  history    Analyse a run history (Power BI refresh history JSON, Logic Apps / Power
             Automate run list JSON, Power Automate CSV export): failures per category,
             first and last failure, and patterns (began after successes, recurs after
             re-authentication, periodic, scheduled runs only, several connections at once).
  signins    Analyse an Entra sign-in log (portal JSON or CSV download, Microsoft Graph
             auditLogs/signIns response): failed sign-ins read like a diagnosis, which
             Conditional Access policies failed and what they require, and patterns (a
             policy that started failing, one account failing across apps, failures from
             one client app or place, interactive success beside unattended failure).
             With --run FILE, the failed run's output is matched to its sign-in and the
             diagnosis names the policy.
  audit      Check a Power Automate flow definition (export package definition.json,
             solution Workflows JSON, Peek code) or a Logic Apps definition (code view,
             ARM template, Standard workflow.json + connections.json) before it fails:
             fixed tokens and keys, secrets without secure inputs, malformed Authorization
             headers, OAuth settings that do not fit the URL, connections signing in as a
             person, open request triggers (checks AU001...), and who each connection
             signs in as.
  inventory  Check app registration credentials (az ad app credential list, az ad sp/app
             show, Graph applications/servicePrincipals), API connections (az resource
             list/show) and Power Platform connections (Get-AdminPowerAppConnection, admin
             API JSON) against --now: secrets and certificates expired or expiring within
             7 / 30 days, what they break, connections in an error state and their fix.
  compare    Compare a working request (Postman collection, cURL, raw HTTP, HAR) with the
             failing one (Power Automate / Logic Apps raw inputs), differences ranked.
  rules      List every rule with its code, category and title (--json: with documentation).
  explain    Print one rule's or audit check's documentation (by code, e.g. AL104 or
             AU001, or name), or what an error code means: AADSTS53003,
             DM_GWPipeline_Gateway_DataSourceAccessError, 0x80040220, MSIS7065,
             AuthorizationFailed (category, meaning, where the fix lives).
             Also token check ids (time.expired), Compare's request parts (auth)
             and history pattern ids (periodic).

Options:
  --json          Print the result as JSON (the same wire format the page uses; for
                  diagnose, the field `analysis` says diagnosis, history, sign-ins, audit
                  or inventory).
  --markdown      diagnose, signins, audit, inventory, compare: print the Markdown report
                  (redacted), as the page's report.
  --keep-personal signins, audit, inventory: keep names, accounts, IP addresses and
                  places in the report (replaced by stand-ins by default).
  --run FILE      signins: the failed run's output to match to its sign-in.
  --now RFC3339   The time to judge tokens and credential end dates against (default:
                  the system clock), e.g. 2024-12-07T12:09:18Z.
  --run-time TIME diagnose: when the failed run made its request, as the page's “When the
                  run failed” field: every token time check is judged then. RFC 3339
                  (2026-11-23T05:30:00Z) or as the portals show it (11/23/2026 5:30:00 AM,
                  23/11/2026 05:30; month first unless the day is over 12); without a
                  zone, UTC. Default: the time the paste carries (Date, startTime, ...).
  --platform NAME diagnose: the platform the paste comes from, over the detected one
                  (chooses where each fix lives): power-automate, logic-apps, power-bi,
                  entra or http.
  --url URL       token: the URL the token was sent to (checks the audience).
  --key FILE      token: a JWK, JWKS, PEM key or certificate, or HS256 secret to verify with.
  --pick-left/--pick-right NAME
                  compare: which request of a Postman collection or HAR (name, URL part or index).
  -h, --help      Show this help.
  -V, --version   Show the version.

Exit codes: 0 analysed, 1 input unreadable or not UTF-8, 2 bad usage.
";

/// What went wrong, and with which exit code.
enum Failure {
    Usage(String),
    Input(String),
}

#[derive(Default)]
struct Args {
    json: bool,
    markdown: bool,
    keep_personal: bool,
    run: Option<String>,
    now: Option<Timestamp>,
    url: Option<String>,
    key: Option<String>,
    pick_left: Option<String>,
    pick_right: Option<String>,
    run_time: Option<Timestamp>,
    platform: Option<Platform>,
    files: Vec<String>,
    help: bool,
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
    let command = match args.first().map(String::as_str) {
        None => return Err(Failure::Usage("missing command".into())),
        Some("-h" | "--help" | "help") => return emit(USAGE.to_string()),
        Some("-V" | "--version") => {
            return emit(format!("authlens {}\n", env!("CARGO_PKG_VERSION")))
        }
        Some(c) => c,
    };
    let a = parse(command, &args[1..])?;
    if a.help {
        return emit(USAGE.to_string());
    }
    let max_files = match command {
        "diagnose" | "token" | "history" | "signins" | "audit" | "inventory" => 1,
        "compare" => 2,
        "rules" => 0,
        "explain" => 1,
        other => return Err(Failure::Usage(format!("unknown command '{other}'"))),
    };
    if a.files.len() > max_files {
        return Err(Failure::Usage(format!(
            "{command} takes at most {max_files} argument(s)"
        )));
    }
    let now = a.now.unwrap_or_else(system_now);
    match command {
        "diagnose" => {
            let text = read_input(a.files.first().map(String::as_str))?;
            // The person's settings, as the page's Diagnose takes them.
            let opts = Options {
                run_time: a.run_time,
                platform: a.platform,
                ..Options::at(now)
            };
            // The front door: a run history or a sign-in log gets its own analysis, as on the page.
            let analysis = authlens_core::analyse(&text, &opts);
            if a.json {
                json(&analysis)
            } else if a.markdown {
                // A report leaves the machine: a sign-in log (and the run beside it), a
                // definition or a credential list is reported from the paste with its people
                // replaced by stand-ins, as the page does, so the run's findings (which name the
                // matched account) carry stand-ins too. Other pastes come back unchanged.
                let masked = authlens_core::analysis::mask_personal(&text);
                let analysis = if masked == text {
                    analysis
                } else {
                    authlens_core::analyse(&masked, &opts)
                };
                emit(render::analysis_markdown(&analysis))
            } else {
                emit(render::analysis_text(&analysis))
            }
        }
        "token" => {
            let text = read_input(a.files.first().map(String::as_str))?;
            let key = a
                .key
                .as_deref()
                .map(|k| input::read(Some(k), input::MAX_KEY_BYTES).map_err(Failure::Input))
                .transpose()?;
            let mut ctx = TokenContext::new(Some(now));
            ctx.url = a.url.clone();
            ctx.key = key;
            let report = token::inspect(text.trim_end_matches(['\r', '\n']), &ctx);
            if a.json {
                json(&report)
            } else {
                emit(token::render_text(&report))
            }
        }
        "history" => {
            let text = read_input(a.files.first().map(String::as_str))?;
            let report = authlens_core::history::analyse(&text, now);
            if a.json {
                json(&report)
            } else {
                emit(authlens_core::history::render_text(&report))
            }
        }
        "signins" => {
            let text = read_input(a.files.first().map(String::as_str))?;
            let opts = Options::at(now);
            let log = authlens_core::signins::analyse(&text, &opts).map_err(Failure::Input)?;
            if let Some(run_file) = &a.run {
                let run_text = read_input(Some(run_file))?;
                let mut report = authlens_core::diagnose(&run_text, &opts);
                let matched = authlens_core::signins::join(&run_text, &mut report, &log, &opts);
                if a.json {
                    #[derive(Serialize)]
                    struct Joined<'a> {
                        diagnosis: &'a authlens_core::Report,
                        sign_in: Option<authlens_core::signins::SignInMatch>,
                        log: &'a authlens_core::signins::SignInReport,
                    }
                    return json(&Joined {
                        diagnosis: &report,
                        sign_in: matched,
                        log: &log,
                    });
                }
                let mut out = if a.markdown {
                    render::markdown(&report)
                } else {
                    render::text(&report)
                };
                if matched.is_none() {
                    out.push_str("\nNo sign-in in the log matches this run (by correlation id, or by account or error code within 15 minutes).\n");
                }
                return emit(out);
            }
            if a.json {
                json(&log)
            } else if a.markdown {
                emit(authlens_core::signins::render_markdown(
                    &log,
                    a.keep_personal,
                ))
            } else {
                emit(authlens_core::signins::render_text(&log))
            }
        }
        "audit" => {
            let text = read_input(a.files.first().map(String::as_str))?;
            let text = personal_for_markdown(text, &a);
            let report = authlens_core::audit::analyse(&text).map_err(Failure::Input)?;
            if a.json {
                json(&report)
            } else if a.markdown {
                emit(authlens_core::audit::render_markdown(
                    &report,
                    a.keep_personal,
                ))
            } else {
                emit(authlens_core::audit::render_text(&report))
            }
        }
        "inventory" => {
            let text = read_input(a.files.first().map(String::as_str))?;
            let text = personal_for_markdown(text, &a);
            let report = authlens_core::inventory::analyse(&text, &Options::at(now))
                .map_err(Failure::Input)?;
            if a.json {
                json(&report)
            } else if a.markdown {
                emit(authlens_core::inventory::render_markdown(
                    &report,
                    a.keep_personal,
                ))
            } else {
                emit(authlens_core::inventory::render_text(&report))
            }
        }
        "compare" => {
            if a.files.len() != 2 {
                return Err(Failure::Usage("compare needs LEFT and RIGHT files".into()));
            }
            let left = read_input(Some(&a.files[0]))?;
            let right = read_input(Some(&a.files[1]))?;
            let opts = CompareOptions {
                pick_left: a.pick_left.clone(),
                pick_right: a.pick_right.clone(),
                now: Some(now),
            };
            let report = request::compare(&left, &right, &opts);
            if a.json {
                json(&report)
            } else if a.markdown {
                emit(request::render_markdown(&report))
            } else {
                emit(request::render_text(&report))
            }
        }
        "rules" => {
            if a.json {
                return json(&rules::registry());
            }
            let mut s = String::new();
            for r in rules::RULES {
                s.push_str(&format!(
                    "{}  {:<40} {:<40} {}\n",
                    r.code,
                    r.name,
                    r.category.as_str(),
                    r.title
                ));
            }
            emit(s)
        }
        "explain" => {
            let Some(code) = a.files.first() else {
                return Err(Failure::Usage(
                    "explain needs a rule code or an error code, e.g. AL104 or AADSTS53003".into(),
                ));
            };
            // Audit checks (AU…) are explained from their own registry.
            if let Some(c) = authlens_core::audit::CHECKS
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(code) || c.name == code.as_str())
            {
                if a.json {
                    return json(c);
                }
                return emit(format!(
                    "{} {} ({})\n{}\n\nWhy it matters: {}\n\nWhere the fix lives: {}\n{}\n",
                    c.code,
                    c.name,
                    c.category,
                    c.title,
                    c.why,
                    c.fix_where,
                    c.fix_steps
                        .iter()
                        .enumerate()
                        .map(|(i, s)| format!("{}. {s}", i + 1))
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
            let Some(rule) = rules::find(code) else {
                // Token check ids, Compare's request parts and history pattern ids are codes too.
                if let Some(doc) = token::CHECKS
                    .iter()
                    .chain(request::PARTS)
                    .chain(authlens_core::history::PATTERNS)
                    .find(|d| d.code == code.as_str())
                {
                    if a.json {
                        return json(doc);
                    }
                    return emit(format!("{} ({})\n{}\n", doc.code, doc.title, doc.doc));
                }
                // Not a rule: an error code or standard message from the knowledge tables.
                let known = knowledge::explain::explain(code);
                if known.is_empty() {
                    return Err(Failure::Usage(format!(
                        "no rule or known code '{code}'; 'authlens rules' lists the rules"
                    )));
                }
                if a.json {
                    return json(&known);
                }
                return emit(knowledge::explain::render_text(&known));
            };
            if a.json {
                return json(&rule.meta());
            }
            emit(format!(
                "{} {} ({})\n{}\n\n{}\n",
                rule.code,
                rule.name,
                rule.category,
                rule.title,
                rule.docs()
            ))
        }
        _ => unreachable!("checked above"),
    }
}

/// The paste a Markdown report is made from: with its people replaced by stand-ins (the page's
/// and `diagnose --markdown`'s reading), unless `--keep-personal`.
fn personal_for_markdown(text: String, a: &Args) -> String {
    if a.markdown && !a.keep_personal {
        authlens_core::analysis::mask_personal(&text)
    } else {
        text
    }
}

fn parse(command: &str, args: &[String]) -> Result<Args, Failure> {
    let mut out = Args::default();
    let mut it = args.iter();
    let mut only_files = false;
    let value = |it: &mut std::slice::Iter<'_, String>, flag: &str| {
        it.next()
            .cloned()
            .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
    };
    while let Some(arg) = it.next() {
        let arg = arg.as_str();
        if only_files || arg == "-" || !arg.starts_with('-') {
            out.files.push(arg.to_string());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg, None),
        };
        let take = |it: &mut std::slice::Iter<'_, String>| match &inline {
            Some(v) => Ok(v.clone()),
            None => value(it, flag),
        };
        match flag {
            "--" => only_files = true,
            "-h" | "--help" => out.help = true,
            "--json" => out.json = true,
            "--markdown"
                if matches!(
                    command,
                    "diagnose" | "signins" | "audit" | "inventory" | "compare"
                ) =>
            {
                out.markdown = true
            }
            "--run-time" if command == "diagnose" => {
                out.run_time = Some(parse_run_time(&take(&mut it)?)?)
            }
            "--platform" if command == "diagnose" => {
                out.platform = Some(parse_platform(&take(&mut it)?)?)
            }
            "--keep-personal" if matches!(command, "signins" | "audit" | "inventory") => {
                out.keep_personal = true
            }
            "--run" if command == "signins" => out.run = Some(take(&mut it)?),
            "--now" => out.now = Some(parse_now(&take(&mut it)?)?),
            "--url" if command == "token" => out.url = Some(take(&mut it)?),
            "--key" if command == "token" => out.key = Some(take(&mut it)?),
            "--pick-left" if command == "compare" => out.pick_left = Some(take(&mut it)?),
            "--pick-right" if command == "compare" => out.pick_right = Some(take(&mut it)?),
            _ => {
                return Err(Failure::Usage(format!(
                    "unknown option '{arg}' for {command}"
                )))
            }
        }
    }
    Ok(out)
}

/// `--run-time`: what the page's run-time field reads, a time without a zone taken as UTC
/// (the command line has no browser time zone to read it in).
fn parse_run_time(value: &str) -> Result<Timestamp, Failure> {
    use authlens_core::time::{read_time, DateOrder};
    read_time(value, DateOrder::MonthFirst)
        .map(|r| r.utc(|_| 0))
        .map_err(|e| Failure::Usage(format!("--run-time: {}", e.message(value))))
}

/// `--platform`: one of the platforms the page lets a person choose, by its wire name.
fn parse_platform(value: &str) -> Result<Platform, Failure> {
    Platform::choosable(&value.trim().to_ascii_lowercase()).ok_or_else(|| {
        Failure::Usage(format!(
            "--platform: '{value}' is not one of {}",
            Platform::CHOOSABLE.map(Platform::wire_name).join(", ")
        ))
    })
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
    input::read(file, authlens_core::MAX_INPUT_BYTES).map_err(Failure::Input)
}

fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Input(format!("cannot serialise: {e}")))?;
    s.push('\n');
    emit(s)
}

fn emit(out: String) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`authlens diagnose x | head`) is not an error worth a message.
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    Ok(())
}
