//! Reading run histories: Power BI refresh history (REST), Logic Apps / Power Automate run lists
//! (ARM or management API JSON, `az` output with flattened properties) and portal CSV exports.

mod pbi;

use super::csv;
use super::{HistoryKind, Outcome, TriggerKind};
use crate::time::Timestamp;
use serde_json::{Map, Value};

/// One run as read, before classification.
#[derive(Clone, Debug, Default)]
pub struct RawRun {
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub status: String,
    pub outcome: Outcome,
    /// What goes to the diagnosis engine.
    pub error_text: Option<String>,
    /// What a person reads: `code: message`.
    pub error_display: Option<String>,
    /// Trigger name or Power BI refresh type, as given.
    pub trigger: Option<String>,
    /// The flow, workflow or dataset the run belongs to, when the history names it.
    pub source: Option<String>,
    pub id: Option<String>,
}

pub struct Parsed {
    pub kind: HistoryKind,
    pub runs: Vec<RawRun>,
    /// Rows or items dropped because they carry no status.
    pub skipped_no_status: usize,
    pub notes: Vec<String>,
}

/// Success, failure or other, from the status words of every supported history.
pub fn outcome_of(status: &str) -> Outcome {
    let s = status.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Outcome::Other;
    }
    if s.contains("unsucc") {
        return Outcome::Failure;
    }
    if s.contains("succe") || s == "completed" || s == "complete" || s == "ok" {
        Outcome::Success
    } else if s.contains("fail") || s == "error" || s == "timedout" || s == "timed out" {
        Outcome::Failure
    } else {
        Outcome::Other
    }
}

/// Scheduled, manual or other automatic, from a trigger name or Power BI refresh type.
pub fn trigger_kind(trigger: &str) -> TriggerKind {
    let t = trigger.trim().to_ascii_lowercase();
    if t.is_empty() {
        return TriggerKind::Unknown;
    }
    if t.contains("recurrence") || t.contains("schedul") || t.contains("sliding") {
        TriggerKind::Scheduled
    } else if t.contains("manual")
        || t.contains("ondemand")
        || t.contains("on demand")
        || t.contains("viaapi")
        || t.contains("viaenhancedapi")
        || t.contains("button")
        || t.contains("instant")
    {
        TriggerKind::Manual
    } else {
        TriggerKind::Automatic
    }
}

/// Cheap check on the first few KB: a JSON run list or a CSV whose header names a start time and
/// a status column.
pub fn looks_like_history(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let head = match text.char_indices().nth(4096) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let lower = head.to_ascii_lowercase();
    if lower.starts_with('{') || lower.starts_with('[') {
        let listy = lower.starts_with('[') || lower.contains("\"value\"");
        let pbi = lower.contains("\"refreshtype\"") || lower.contains("\"serviceexceptionjson\"");
        let runs = lower.contains("\"starttime\"") && lower.contains("\"status\"");
        return listy && (pbi || runs);
    }
    let first = lower.lines().next().unwrap_or("");
    let sep = csv::detect_separator(first);
    let header: Vec<String> = csv::records(first, sep)
        .into_iter()
        .next()
        .unwrap_or_default();
    Columns::find(&header).is_some()
}

pub fn parse(text: &str) -> Parsed {
    let body = text.trim_start_matches('\u{feff}').trim();
    if body.starts_with('{') || body.starts_with('[') {
        if let Some(parsed) = pbi::power_bi_typed(body) {
            return parsed;
        }
        match serde_json::from_str::<Value>(body) {
            Ok(v) => return parse_json(&v),
            Err(e) => {
                return Parsed {
                    kind: HistoryKind::Unknown,
                    runs: Vec::new(),
                    skipped_no_status: 0,
                    notes: vec![format!(
                        "The paste starts like JSON but does not parse ({e}); paste the whole response of the run-history call."
                    )],
                }
            }
        }
    }
    parse_csv(body)
}

fn items(v: &Value) -> Option<&Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        Value::Object(m) => m.get("value").and_then(Value::as_array),
        _ => None,
    }
}

fn str_field<'a>(m: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| m.get(*k).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
}

fn parse_json(v: &Value) -> Parsed {
    let Some(list) = items(v) else {
        return Parsed {
            kind: HistoryKind::Unknown,
            runs: Vec::new(),
            skipped_no_status: 0,
            notes: vec!["This JSON has no list of runs (a \"value\" array or a top-level array); paste the response of the run-history or refresh-history call.".into()],
        };
    };
    let objects: Vec<&Map<String, Value>> = list.iter().filter_map(Value::as_object).collect();
    let is_pbi = objects.iter().take(50).any(|o| {
        o.contains_key("refreshType")
            || o.contains_key("serviceExceptionJson")
            || o.contains_key("requestId")
    });
    let mut out = Parsed {
        kind: HistoryKind::Unknown,
        runs: Vec::with_capacity(objects.len()),
        skipped_no_status: 0,
        notes: Vec::new(),
    };
    if is_pbi {
        out.kind = HistoryKind::PowerBiRefreshHistory;
        for o in objects {
            match power_bi_run(o) {
                Some(r) => out.runs.push(r),
                None => out.skipped_no_status += 1,
            }
        }
        return out;
    }
    let (mut logic, mut flow) = (0usize, 0usize);
    for o in &objects {
        let id = str_field(o, &["id"]).unwrap_or("");
        let ty = str_field(o, &["type"]).unwrap_or("");
        let hint = format!("{id} {ty}").to_ascii_lowercase();
        if hint.contains("microsoft.processsimple") || hint.contains("/flows/") {
            flow += 1;
        } else if hint.contains("microsoft.logic") || hint.contains("/workflows/") {
            logic += 1;
        }
    }
    out.kind = if flow > logic {
        HistoryKind::PowerAutomateRuns
    } else if logic > 0 {
        HistoryKind::LogicAppsRuns
    } else {
        HistoryKind::FlowEngineRuns
    };
    for o in objects {
        match engine_run(o) {
            Some(r) => out.runs.push(r),
            None => out.skipped_no_status += 1,
        }
    }
    if list.len() > out.runs.len() + out.skipped_no_status {
        out.skipped_no_status += list.len() - out.runs.len() - out.skipped_no_status;
    }
    out
}

/// What [`power_bi_run`] reads of a refresh: from a `Value` object, or from a [`PbiRow`].
trait PbiFields {
    /// [`str_field`]: the first of `keys` whose value is a string, unless that one is blank.
    fn text(&self, keys: &[&str]) -> Option<&str>;
    /// `serviceExceptionJson`: a non-blank string as is, an object as compact JSON.
    fn exception(&self) -> Option<String>;
}

impl PbiFields for Map<String, Value> {
    fn text(&self, keys: &[&str]) -> Option<&str> {
        str_field(self, keys)
    }
    fn exception(&self) -> Option<String> {
        match self.get("serviceExceptionJson") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(v @ Value::Object(_)) => Some(v.to_string()),
            _ => None,
        }
    }
}

fn power_bi_run(o: &impl PbiFields) -> Option<RawRun> {
    let status = o.text(&["status"])?.to_string();
    let mut run = RawRun {
        start: o.text(&["startTime"]).and_then(csv::parse_time),
        end: o.text(&["endTime"]).and_then(csv::parse_time),
        outcome: outcome_of(&status),
        status,
        trigger: o.text(&["refreshType"]).map(str::to_string),
        source: o
            .text(&["datasetName", "datasetId", "dataset"])
            .map(str::to_string),
        id: o.text(&["requestId", "id"]).map(str::to_string),
        ..RawRun::default()
    };
    if let Some(ex) = o.exception() {
        run.error_display = Some(
            serde_json::from_str::<ServiceException>(&ex)
                .ok()
                .and_then(|e| {
                    code_message(
                        first_text(&e.error_code, &e.code),
                        first_text(&e.error_description, &e.message),
                    )
                })
                .unwrap_or_else(|| ex.clone()),
        );
        run.error_text = Some(ex);
    }
    Some(run)
}

/// The fields of a `serviceExceptionJson` the display uses; the rest is skipped unbuilt (a
/// refresh history has one per failed refresh).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServiceException<'a> {
    #[serde(borrow, default)]
    error_code: Option<Text<'a>>,
    #[serde(borrow, default)]
    code: Option<Text<'a>>,
    #[serde(borrow, default)]
    error_description: Option<Text<'a>>,
    #[serde(borrow, default)]
    message: Option<Text<'a>>,
}

/// `s.trim().is_empty()`, answered by the first byte for nearly every value (a refresh
/// history asks it of each field of each of its tens of thousands of runs).
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !b.is_ascii_whitespace() && b != 0x0b => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// The first of two fields that is a non-blank string.
fn first_text<'s>(a: &'s Option<Text>, b: &'s Option<Text>) -> Option<&'s str> {
    [a, b]
        .into_iter()
        .flatten()
        .filter_map(|t| t.0.as_deref())
        .find(|s| !blank(s))
}

/// A field's string value; any other JSON type reads as absent, as `Value::as_str` would.
#[derive(Default)]
struct Text<'a>(Option<std::borrow::Cow<'a, str>>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Some(s.into())))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'a>, E> {
                Ok(Text(Some(s.to_string().into())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Text<'a>, E> {
                Ok(Text(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Text<'a>, E> {
                Ok(Text(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Text<'a>, E> {
                Ok(Text(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Text<'a>, E> {
                Ok(Text(None))
            }
            fn visit_unit<E>(self) -> Result<Text<'a>, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Text<'a>, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Text<'a>, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Text(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

fn code_message(code: Option<&str>, message: Option<&str>) -> Option<String> {
    match (code, message) {
        (Some(c), Some(m)) => Some(format!("{c}: {m}")),
        (Some(c), None) => Some(c.to_string()),
        (None, Some(m)) => Some(m.to_string()),
        (None, None) => None,
    }
}

/// `/…/workflows/{name}/runs/…` or `/…/flows/{name}/runs/…` → `name`.
fn source_from_id(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case("workflows") || p.eq_ignore_ascii_case("flows"))
        .and_then(|i| parts.get(i + 1))
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
}

/// The `error` of a run or action as engine input and as display text.
fn error_of(p: &Map<String, Value>) -> Option<(String, String)> {
    let code = str_field(p, &["code"]);
    match p.get("error") {
        Some(Value::Object(e)) => {
            let display =
                code_message(str_field(e, &["code"]).or(code), str_field(e, &["message"]))?;
            Some((Value::Object(e.clone()).to_string(), display))
        }
        Some(Value::String(s)) if !s.trim().is_empty() => Some((s.clone(), s.clone())),
        _ => {
            // Action outputs: `outputs.statusCode` and `outputs.body` (headers vary per run and
            // would defeat the memo, so they are left out).
            let outputs = p.get("outputs").and_then(Value::as_object);
            let body = outputs.and_then(|o| o.get("body")).filter(|b| !b.is_null());
            let status = outputs.and_then(|o| o.get("statusCode"));
            if body.is_some() || status.is_some() {
                let mut m = Map::new();
                if let Some(s) = status {
                    m.insert("statusCode".into(), s.clone());
                }
                if let Some(b) = body {
                    m.insert("body".into(), b.clone());
                }
                let text = Value::Object(m).to_string();
                return Some((text.clone(), text));
            }
            code.map(|c| (c.to_string(), c.to_string()))
        }
    }
}

/// Codes that only say "an action failed": the failed action's error says more.
fn is_generic(code: &str) -> bool {
    let c = code.to_ascii_lowercase();
    c.contains("actionfailed") || c.contains("actionsfailed") || c == "failed"
}

/// The first failed action of a run that lists its actions (`properties.actions` as a map of
/// name → action, or an array).
fn failed_action_error(p: &Map<String, Value>) -> Option<(String, String)> {
    let actions: Vec<(&str, &Map<String, Value>)> = match p.get("actions") {
        Some(Value::Object(m)) => m
            .iter()
            .filter_map(|(k, v)| v.as_object().map(|o| (k.as_str(), o)))
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_object)
            .map(|o| (str_field(o, &["name"]).unwrap_or("action"), o))
            .collect(),
        _ => return None,
    };
    actions.into_iter().find_map(|(name, a)| {
        let props = a.get("properties").and_then(Value::as_object).unwrap_or(a);
        let status = str_field(props, &["status"])?;
        if outcome_of(status) != Outcome::Failure {
            return None;
        }
        let (text, display) = error_of(props)?;
        Some((text, format!("{name}: {display}")))
    })
}

fn engine_run(o: &Map<String, Value>) -> Option<RawRun> {
    // `az` prints the properties flattened; ARM and the flow API nest them under `properties`.
    let p = o.get("properties").and_then(Value::as_object).unwrap_or(o);
    let status = str_field(p, &["status"])?.to_string();
    let outcome = outcome_of(&status);
    let trigger = p
        .get("trigger")
        .and_then(Value::as_object)
        .and_then(|t| str_field(t, &["name"]))
        .map(str::to_string);
    let id = str_field(o, &["id"]);
    let mut run = RawRun {
        start: str_field(p, &["startTime"]).and_then(csv::parse_time),
        end: str_field(p, &["endTime"]).and_then(csv::parse_time),
        status,
        outcome,
        trigger,
        source: id.and_then(source_from_id).or_else(|| {
            p.get("workflow")
                .and_then(Value::as_object)
                .and_then(|w| str_field(w, &["name"]))
                .map(str::to_string)
        }),
        id: str_field(o, &["name"]).or(id).map(str::to_string),
        ..RawRun::default()
    };
    if outcome == Outcome::Failure {
        let own = error_of(p);
        let generic = own
            .as_ref()
            .is_none_or(|(t, d)| is_generic(d) || is_generic(t));
        let chosen = if generic {
            failed_action_error(p).or(own)
        } else {
            own
        };
        if let Some((text, display)) = chosen {
            run.error_text = Some(text);
            run.error_display = Some(display);
        }
    }
    Some(run)
}

/// Column positions of a CSV export.
struct Columns {
    start: usize,
    status: usize,
    end: Option<usize>,
    error: Vec<usize>,
    trigger: Option<usize>,
    source: Option<usize>,
    id: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Option<Columns> {
        let norm: Vec<String> = header
            .iter()
            .map(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .to_ascii_lowercase()
                    .replace(['_', '-'], " ")
            })
            .collect();
        let pos = |names: &[&str]| norm.iter().position(|h| names.contains(&h.as_str()));
        let start = pos(&[
            "start",
            "start time",
            "starttime",
            "started",
            "start date",
            "run start",
            "date",
            "run start time",
        ])?;
        let status = pos(&["status", "run status", "result", "state"])?;
        let error = norm
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                matches!(
                    h.as_str(),
                    "error"
                        | "errors"
                        | "error message"
                        | "error details"
                        | "error code"
                        | "failure reason"
                        | "message"
                        | "details"
                )
            })
            .map(|(i, _)| i)
            .collect();
        Some(Columns {
            start,
            status,
            end: pos(&["end", "end time", "endtime", "ended"]),
            error,
            trigger: pos(&["trigger", "trigger name", "triggered by", "trigger type"]),
            source: pos(&[
                "flow",
                "flow name",
                "flow display name",
                "name",
                "workflow",
                "workflow name",
                "dataset",
                "dataset name",
                "connection",
            ]),
            id: pos(&["run id", "runid", "id", "run"]),
        })
    }
}

fn parse_csv(body: &str) -> Parsed {
    let sep = csv::detect_separator(body);
    let rows = csv::records(body, sep);
    let mut out = Parsed {
        kind: HistoryKind::Unknown,
        runs: Vec::new(),
        skipped_no_status: 0,
        notes: Vec::new(),
    };
    let Some((header, rows)) = rows.split_first() else {
        out.notes.push(
            "Nothing to read: paste a run history (JSON) or a CSV export with a header row.".into(),
        );
        return out;
    };
    let Some(cols) = Columns::find(header) else {
        out.notes.push("Not a run history: a CSV export needs a header row with a start-time column (Start, Start time) and a Status column; JSON needs a list of runs.".into());
        return out;
    };
    out.kind = HistoryKind::PowerAutomateCsv;
    let cell = |row: &[String], i: Option<usize>| -> Option<String> {
        i.and_then(|i| row.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    for row in rows {
        let Some(status) = cell(row, Some(cols.status)) else {
            out.skipped_no_status += 1;
            continue;
        };
        let errors: Vec<String> = cols
            .error
            .iter()
            .filter_map(|&i| cell(row, Some(i)))
            .collect();
        let error = (!errors.is_empty()).then(|| errors.join(" · "));
        out.runs.push(RawRun {
            start: cell(row, Some(cols.start)).and_then(|s| csv::parse_time(&s)),
            end: cell(row, cols.end).and_then(|s| csv::parse_time(&s)),
            outcome: outcome_of(&status),
            status,
            error_display: error.clone(),
            error_text: error,
            trigger: cell(row, cols.trigger),
            source: cell(row, cols.source),
            id: cell(row, cols.id),
        });
    }
    out
}
