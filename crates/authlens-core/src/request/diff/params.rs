//! Name/value parameters: the URL's query, and form-encoded bodies (called from [`super::body`]).

use super::headers::show;
use super::{Difference, Out, Rank};
use crate::diagnostic::Severity;
use crate::order;
use crate::request::model::{self, Request};
use std::collections::BTreeMap;

/// Name → values, sorted (repeated parameters compare in any order).
pub(super) fn group_pairs(p: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in p {
        m.entry(k.clone()).or_default().push(v.clone());
    }
    for v in m.values_mut() {
        order::sort(v);
    }
    m
}

/// Where the parameters are: the difference's part, its rank and the word for one parameter.
pub(super) struct Place {
    pub part: &'static str,
    pub rank: Rank,
    pub what: &'static str,
}

pub(super) const QUERY: Place = Place {
    part: "query",
    rank: Rank::Query,
    what: "query parameter",
};

pub(super) const FORM: Place = Place {
    part: "body",
    rank: Rank::Body,
    what: "form parameter",
};

pub(super) fn pair_diffs(
    a: &[(String, String)],
    b: &[(String, String)],
    at: &Place,
    out: &mut Out,
) {
    let what = at.what;
    let (ga, gb) = (group_pairs(a), group_pairs(b));
    let names = order::sorted_unique(ga.keys().chain(gb.keys()).collect());
    for n in names {
        let (va, vb) = (ga.get(n), gb.get(n));
        if va == vb {
            continue;
        }
        let secret = model::is_secret_name(n);
        let text = match (va, vb) {
            (Some(_), None) => format!("the {what} `{n}` is sent only by the left request"),
            (None, Some(_)) => format!("the {what} `{n}` is sent only by the right request"),
            _ if secret => format!("the {what} `{n}` has different values (hidden)"),
            _ => format!("the {what} `{n}` has different values"),
        };
        // Parameters that choose the operation or the credential, not just filter the result.
        let important = secret
            || matches!(
                n.as_str(),
                "api-version" | "grant_type" | "scope" | "resource" | "client_id"
            );
        let (sev, why) = if important {
            (
                Severity::Error,
                "; it decides what the API or token endpoint does",
            )
        } else {
            (Severity::Warning, "")
        };
        out.push(
            at.rank,
            Difference::new(at.part, n)
                .values(show(n, va), show(n, vb))
                .severity(sev)
                .explain(format!("{text}{why}")),
        );
    }
}

pub(super) fn query_diffs(l: &Request, r: &Request, out: &mut Out) {
    pair_diffs(&l.url.query, &r.url.query, &QUERY, out);
}
