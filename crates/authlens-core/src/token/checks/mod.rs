//! Checks on a decoded JWT, one family per file: time and lifetime ([`time`]), audience and
//! permissions ([`audience`]), tenant, identity and MFA ([`identity`]).

mod audience;
mod identity;
mod time;

use super::input::PreparedToken;
use super::resource::parse_url;
use super::{TokenContext, TokenReport};
use crate::time::Timestamp;

pub fn run(_token: &PreparedToken, ctx: &TokenContext, report: &mut TokenReport) {
    let Some(f) = report.facts.clone() else {
        return;
    };
    let url = ctx.url.as_deref().and_then(parse_url);
    time::time_checks(&f, ctx, report);
    time::lifetime(&f, report);
    let aud_ok = audience::audience(&f, url.as_ref(), report);
    audience::permissions(&f, ctx, url.as_ref(), aud_ok, report);
    identity::tenant(&f, url.as_ref(), report);
    identity::identity(&f, report);
    identity::mfa(&f, report);
}

fn at(t: Timestamp) -> String {
    t.to_rfc3339()
}
fn contains_ci(list: &[&str], x: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(x))
}

fn join_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn guid_in(s: &str) -> Option<String> {
    let l = s.to_ascii_lowercase();
    l.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find(|p| super::resource::is_guid(p))
        .map(str::to_string)
}
