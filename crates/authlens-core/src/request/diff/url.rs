//! The method and the URL: scheme, host, port, path. Query parameters are in [`super::params`].

use super::{Difference, Out, Rank};
use crate::diagnostic::Severity;
use crate::request::model::Request;

pub(super) fn method_diff(l: &Request, r: &Request, out: &mut Out) {
    if l.method != r.method {
        out.push(
            Rank::Method,
            Difference::new("method", "method")
                .values(Some(l.method.clone()), Some(r.method.clone()))
                .severity(Severity::Error)
                .explain(format!(
                    "the left request uses {} and the right one {}; the API may answer 404 or \
                     405, or run a different operation",
                    l.method, r.method
                )),
        );
    }
}

pub(super) fn url_diffs(l: &Request, r: &Request, out: &mut Out) {
    let (a, b) = (&l.url, &r.url);
    let url = |name: &str| Difference::new("url", name).severity(Severity::Error);
    if a.scheme != b.scheme {
        out.push(
            Rank::Url,
            url("scheme")
                .values(Some(a.scheme.clone()), Some(b.scheme.clone()))
                .explain(
                    "the requests use different schemes (http vs https); many APIs redirect or \
                     refuse plain http, and a redirect drops the Authorization header",
                ),
        );
    }
    if a.host != b.host {
        out.push(
            Rank::Url,
            url("host")
                .values(Some(a.host.clone()), Some(b.host.clone()))
                .explain(
                    "the requests go to different hosts: a token or key valid for one host's API \
                     is usually not valid for the other",
                ),
        );
    }
    if a.effective_port() != b.effective_port() {
        out.push(
            Rank::Url,
            url("port")
                .values(
                    a.effective_port().map(|p| p.to_string()),
                    b.effective_port().map(|p| p.to_string()),
                )
                .explain("the requests use different ports, so they reach different services"),
        );
    }
    let (pa, pb) = (
        crate::request::url::normalize_path(&a.path),
        crate::request::url::normalize_path(&b.path),
    );
    if pa != pb {
        let (sev, text) = if pa.trim_end_matches('/') == pb.trim_end_matches('/') {
            (
                Severity::Warning,
                "the paths differ only by a trailing slash; some APIs treat them as different \
                 routes (404) or redirect without the Authorization header",
            )
        } else if pa.eq_ignore_ascii_case(&pb) {
            (
                Severity::Warning,
                "the paths differ only in letter case; many APIs treat paths as case-sensitive",
            )
        } else {
            (
                Severity::Error,
                "the requests call different paths, i.e. different operations or resources",
            )
        };
        out.push(
            Rank::Url,
            url("path")
                .values(Some(a.path.clone()), Some(b.path.clone()))
                .severity(sev)
                .explain(text),
        );
    }
}
