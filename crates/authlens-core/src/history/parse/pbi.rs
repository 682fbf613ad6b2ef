//! A Power BI refresh history read without a `serde_json::Value` tree (see [`power_bi_typed`]).

use super::{power_bi_run, HistoryKind, Parsed, PbiFields, Text};
use serde_json::Value;

/// A Power BI refresh history read without a `Value` tree: only the fields [`power_bi_run`] reads,
/// borrowed from the text where it has no escapes, everything else skipped unbuilt (the tree of
/// a 10 MB history was a fifth of its analysis). `None` (then the `Value` path reads it, with the
/// same result) when the paste does not look like one, is not a list of refreshes after all, or
/// is anything the typed reader refuses (a repeated field, a `value` that is not a list).
pub(super) fn power_bi_typed(body: &str) -> Option<Parsed> {
    let head = &body.as_bytes()[..body.len().min(4096)];
    let hint = |n: &[u8]| memchr::memmem::find(head, n).is_some();
    if !(hint(b"\"refreshType\"") || hint(b"\"serviceExceptionJson\"")) {
        return None;
    }
    let items: Vec<PbiItem> = if body.starts_with('[') {
        serde_json::from_str(body).ok()?
    } else {
        serde_json::from_str::<PbiTop>(body).ok()?.value?
    };
    let objects: Vec<&PbiRow> = items.iter().filter_map(|i| i.0.as_ref()).collect();
    let is_pbi = objects
        .iter()
        .take(50)
        .any(|o| o.refresh_type.present || o.exception.present || o.request_id.present);
    if !is_pbi {
        return None;
    }
    let mut out = Parsed {
        kind: HistoryKind::PowerBiRefreshHistory,
        runs: Vec::with_capacity(objects.len()),
        skipped_no_status: 0,
        notes: Vec::new(),
    };
    for o in objects {
        match power_bi_run(o) {
            Some(r) => out.runs.push(r),
            None => out.skipped_no_status += 1,
        }
    }
    Some(out)
}

/// `{"value": [...]}`, the other keys skipped.
#[derive(serde::Deserialize)]
struct PbiTop<'a> {
    #[serde(borrow, default)]
    value: Option<Vec<PbiItem<'a>>>,
}

/// One item of the list: a refresh when it is an object, else nothing (as `Value::as_object`).
struct PbiItem<'a>(Option<PbiRow<'a>>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for PbiItem<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = PbiItem<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                a: A,
            ) -> Result<PbiItem<'a>, A::Error> {
                serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(a))
                    .map(|r| PbiItem(Some(r)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<PbiItem<'a>, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(PbiItem(None))
            }
            fn visit_borrowed_str<E>(self, _: &'de str) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
            fn visit_unit<E>(self) -> Result<PbiItem<'a>, E> {
                Ok(PbiItem(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The fields of a refresh [`power_bi_run`] reads. A repeated field fails the typed read (the
/// `Value` path then keeps the last, as before).
#[derive(Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct PbiRow<'a> {
    #[serde(borrow)]
    status: Field<'a>,
    #[serde(borrow)]
    start_time: Field<'a>,
    #[serde(borrow)]
    end_time: Field<'a>,
    #[serde(borrow)]
    refresh_type: Field<'a>,
    #[serde(borrow)]
    dataset_name: Field<'a>,
    #[serde(borrow)]
    dataset_id: Field<'a>,
    #[serde(borrow)]
    dataset: Field<'a>,
    #[serde(borrow)]
    request_id: Field<'a>,
    #[serde(borrow)]
    id: Field<'a>,
    #[serde(rename = "serviceExceptionJson")]
    exception: Exception,
}

impl PbiFields for PbiRow<'_> {
    fn text(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| {
                let f = match *k {
                    "status" => &self.status,
                    "startTime" => &self.start_time,
                    "endTime" => &self.end_time,
                    "refreshType" => &self.refresh_type,
                    "datasetName" => &self.dataset_name,
                    "datasetId" => &self.dataset_id,
                    "dataset" => &self.dataset,
                    "requestId" => &self.request_id,
                    "id" => &self.id,
                    _ => return None,
                };
                f.text.0.as_deref()
            })
            .filter(|s| !super::blank(s))
    }
    fn exception(&self) -> Option<String> {
        self.exception.text.clone()
    }
}

/// A field that was there (whatever its value) and its string value.
#[derive(Default)]
struct Field<'a> {
    present: bool,
    text: Text<'a>,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Field<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Field {
            present: true,
            text: Text::deserialize(d)?,
        })
    }
}

/// `serviceExceptionJson`: as [`PbiFields::exception`] reads it from a `Value`.
#[derive(Default)]
struct Exception {
    present: bool,
    text: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Exception {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match Value::deserialize(d)? {
            Value::String(s) if !s.trim().is_empty() => Some(s),
            v @ Value::Object(_) => Some(v.to_string()),
            _ => None,
        };
        Ok(Exception {
            present: true,
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::history::parse::parse_json;

    /// The typed Power BI reader and the `Value` reader give the same runs, or the typed one
    /// steps aside.
    #[test]
    fn typed_power_bi_reader_matches_the_value_reader() {
        let same = |body: &str| {
            let typed = power_bi_typed(body).unwrap();
            let tree = parse_json(&serde_json::from_str::<Value>(body).unwrap());
            assert_eq!(typed.kind, tree.kind, "{body}");
            assert_eq!(typed.skipped_no_status, tree.skipped_no_status, "{body}");
            assert_eq!(
                format!("{:?}", typed.runs),
                format!("{:?}", tree.runs),
                "{body}"
            );
        };
        same(
            r#"{"value":[{"requestId":"r1","refreshType":"Scheduled","status":"Failed","startTime":"2026-11-01T02:00:00Z","endTime":"2026-11-01T02:01:00Z","datasetName":" ","datasetId":"d1","serviceExceptionJson":"{\"errorCode\":\"ModelRefresh_ShortMessage_CredentialsNotSpecified\",\"errorDescription\":\"x\"}"},
            7, "text", null, [1, {"status": "x"}],
            {"refreshType":"OnDemand","status":"Completed","dataset":"ds","id":"i2","serviceExceptionJson":{"b":1,"a":"\u0041"}},
            {"refreshType":"OnDemand","status":"  "},
            {"requestId":null,"status":"Unknown","datasetName":5,"datasetId":"\u0064\u0032","extra":{"deep":[1,2,{"x":null}]}}],"@odata.context":"x"}"#,
        );
        same(r#"[{"serviceExceptionJson":"","status":"Failed","refreshType":7}]"#);
        // A repeated field, a `value` that is not a list, no refresh fields at all: the `Value`
        // reader's turn.
        assert!(power_bi_typed(r#"[{"refreshType":"a","status":"x","status":"y"}]"#).is_none());
        assert!(power_bi_typed(r#"{"value":{"refreshType":"a"}}"#).is_none());
        assert!(power_bi_typed(r#"[{"startTime":"x","status":"y"}]"#).is_none());
    }
}
