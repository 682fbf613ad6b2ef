//! Choosing the request of a Postman collection or HAR file that best matches the other side:
//! people paste a whole collection or a whole browser session, and the request they mean is
//! rarely the first. Method, host and path decide; query parameter names break ties.

use super::model::Request;
use super::{Candidate, ParsedSide};
use serde::Serialize;

/// How the request of a multi-request paste was chosen (in [`super::SideReport::picked`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PickReport {
    /// The request compared, as listed in the side's notes (Postman path, `index: METHOD URL`).
    pub name: String,
    /// Its position among the paste's requests (from 0).
    pub index: usize,
    /// How many requests the paste holds.
    pub of: usize,
    /// `given` (chosen with a pick), `best-match` (the one most like the other side's request) or
    /// `first` (the paste's default, its first request or a script's last call: there was nothing
    /// to match against, or nothing matched).
    pub by: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// A segment that names one resource among many (an id, a number, a variable): any value
/// matches it, so `/items/42` and `/items/{{id}}` are alike.
fn is_placeholder(seg: &str) -> bool {
    let guid = seg.len() == 36 && seg.bytes().filter(|&c| c == b'-').count() == 4;
    guid || seg.bytes().all(|c| c.is_ascii_digit())
        || seg.starts_with("{{")
        || seg.starts_with('{')
        || seg.starts_with(':')
        || seg.starts_with("@{")
        || seg.starts_with('$')
}

fn segments(path: &str) -> Vec<String> {
    super::url::normalize_path(path)
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// How alike two paths are: (segments alike position by position, segments of the longer).
fn path_alike(a: &str, b: &str) -> (usize, usize) {
    let (x, y) = (segments(a), segments(b));
    let alike = x
        .iter()
        .zip(&y)
        .filter(|(p, q)| p == q || is_placeholder(p) || is_placeholder(q))
        .count();
    (alike, x.len().max(y.len()))
}

/// A score of how well `c` matches `target`, with the reasons in words.
fn score(c: &Candidate, target: &Request) -> (u32, Vec<String>) {
    let mut points = 0;
    let mut why = Vec::new();
    if c.method.trim().eq_ignore_ascii_case(&target.method)
        || (c.method.trim().is_empty() && target.method == "GET")
    {
        points += 20;
        why.push(format!("same method ({})", target.method));
    }
    let Ok((url, _)) = super::url::parse_url(&c.url, "https") else {
        return (points, why);
    };
    let t = &target.url;
    if url.host == t.host {
        points += 40;
        why.push("same host".to_string());
    } else {
        let domain = |h: &str| {
            let labels: Vec<&str> = h.rsplit('.').take(2).collect();
            (labels.len() == 2).then(|| labels.join("."))
        };
        if domain(&url.host).is_some() && domain(&url.host) == domain(&t.host) {
            points += 10;
            why.push("same domain".to_string());
        }
    }
    let (alike, of) = path_alike(&url.path, &t.path);
    if of == 0 || (alike == of && segments(&url.path) == segments(&t.path)) {
        points += 40;
        why.push("same path".to_string());
    } else if alike > 0 {
        // Up to 30 points for paths alike segment by segment (ids and variables match anything).
        points += (30 * alike / of) as u32;
        why.push(format!("path alike in {alike} of {of} segments"));
    }
    let shared = url
        .query
        .iter()
        .filter(|(k, _)| t.query.iter().any(|(q, _)| q == k))
        .count()
        .min(5);
    points += shared as u32;
    (points, why)
}

/// The index of the candidate that best matches `target`, and the reasons; of equals the first,
/// so the default stays predictable. `None` when nothing matches at all.
pub(crate) fn best_match(side: &ParsedSide, target: &Request) -> Option<(usize, Vec<String>)> {
    let mut best: Option<(usize, u32, Vec<String>)> = None;
    for (i, c) in side.candidates.iter().enumerate() {
        let (points, why) = score(c, target);
        if points > best.as_ref().map_or(0, |b| b.1) {
            best = Some((i, points, why));
        }
    }
    best.map(|(i, _, why)| (i, why))
}

/// A request made by a script (PowerShell, fetch), built when the script made it: the variables
/// it saw, the notes its reading left.
pub(crate) struct ScriptCall {
    pub method: String,
    pub url: String,
    pub request: Result<Request, String>,
    pub notes: Vec<String>,
}

/// How many calls of a script are kept.
pub(crate) const MAX_CALLS: usize = 50;

/// Chooses among the calls a script makes: by default the last (a script usually gets a token
/// first, then calls the API), or the one picked by number or by part of its URL. A single call
/// lists no picks.
pub(crate) fn choose_call(
    mut calls: Vec<ScriptCall>,
    pick: super::Pick,
    what: &str,
    side: &mut ParsedSide,
) -> Result<Request, String> {
    let n = calls.len();
    if n > 1 {
        side.picks = calls
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{i}: {} {}", c.method, crate::text::shorten(&c.url, 120)))
            .collect();
        side.candidates = calls
            .iter()
            .map(|c| Candidate {
                method: c.method.clone(),
                url: c.url.clone(),
            })
            .collect();
    }
    let index = match pick {
        super::Pick::Index(i) if i < n => i,
        super::Pick::Given(p) if n > 1 => {
            let pl = p.to_ascii_lowercase();
            match p.parse::<usize>() {
                Ok(i) if i < n => i,
                Ok(_) => {
                    return Err(format!(
                        "there is no call {p}: the {what} makes calls 0 to {}",
                        n - 1
                    ))
                }
                Err(_) => calls
                    .iter()
                    .position(|c| c.url.to_ascii_lowercase().contains(&pl))
                    .ok_or_else(|| {
                        format!(
                            "no call of the {what} has a URL containing `{p}`; available: {}",
                            side.picks.join(", ")
                        )
                    })?,
            }
        }
        _ => {
            if n > 1 {
                side.notes.push(format!(
                    "the {what} makes {n} calls; the last (call {}) was used — pick another by \
                     number or by part of its URL",
                    n - 1
                ));
            }
            n - 1
        }
    };
    if n > 1 {
        side.picked = side.picks.get(index).cloned();
        side.picked_index = Some(index);
    }
    let call = calls.swap_remove(index);
    side.notes.extend(call.notes);
    call.request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_variables_match_any_segment() {
        assert_eq!(
            path_alike("/v1.0/users/42/messages", "/v1.0/users/{{id}}/messages"),
            (4, 4)
        );
        assert_eq!(path_alike("/a/b", "/a/c/d"), (1, 3));
        assert!(is_placeholder("0b7c9d3e-1111-2222-3333-444455556666"));
        assert!(!is_placeholder("me"));
    }
}
