//! Secrets in URLs, recognised by shape: userinfo (`https://user:pw@`, `amqps://user:pw@`),
//! secrets carried in URL paths (webhooks, bot tokens), and cURL's `-u user:password`. Each is
//! one forward scan that resumes after what it cut, like the rest of the redactor.

use super::shapes::{find_all_ci, looks_like_credential};
use super::{starts_with_marker, Cut, REDACTED};
use memchr::memmem;

/// URL userinfo (`https://user:pw@`, `amqps://user:pw@`) and secrets carried in URL paths
/// (Slack, Discord, Teams webhooks, Telegram bot tokens). Query secrets are names: see `scan`.
pub(crate) fn url_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut last_end = 0;
    let stop = |c: u8| {
        c.is_ascii_whitespace()
            || matches!(
                c,
                b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`' | b')' | b']' | b'}' | b'|' | b'^'
            )
    };
    for p in memmem::find_iter(b, b"://") {
        if p < last_end || p == 0 || !b[p - 1].is_ascii_alphabetic() {
            continue;
        }
        let a = p + 3;
        let mut x = a;
        while x < b.len() && !stop(b[x]) && !matches!(b[x], b'/' | b'?' | b'#') {
            x += 1;
        }
        let authority_end = x;
        let auth = &b[a..authority_end];
        let mut host_start = a;
        if let Some(at) = auth.iter().rposition(|&c| c == b'@') {
            let user = &auth[..at];
            host_start = a + at + 1;
            if let Some(colon) = user.iter().position(|&c| c == b':') {
                let s = a + colon + 1;
                let e = a + at;
                if e > s && !starts_with_marker(&b[s..e]) {
                    cuts.push(Cut::marker(s, e, REDACTED));
                }
            } else if user.len() >= 16 && looks_like_credential(user) && !starts_with_marker(user) {
                cuts.push(Cut::marker(a, a + at, REDACTED));
            }
        }
        let host_end = b[host_start..authority_end]
            .iter()
            .position(|&c| c == b':')
            .map_or(authority_end, |c| host_start + c);
        let host = &b[host_start..host_end];
        let path_start = authority_end;
        let mut y = path_start;
        // The path ends where another URL starts too, so each `://` is looked at once.
        while y < b.len()
            && !stop(b[y])
            && !matches!(b[y], b'?' | b'#')
            && !b[y..].starts_with(b"://")
        {
            y += 1;
        }
        let path = &b[path_start..y];
        path_cuts(b, host, path, path_start, cuts);
        last_end = authority_end;
    }
}

fn ends_with_ci(h: &[u8], suffix: &[u8]) -> bool {
    h.len() >= suffix.len() && h[h.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn find_ci(h: &[u8], pat: &[u8]) -> Option<usize> {
    h.windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
}

fn path_cuts(b: &[u8], host: &[u8], path: &[u8], at: usize, cuts: &mut Vec<Cut>) {
    let mut cut_from = |from: usize, to: usize| {
        let (s, e) = (at + from, at + to);
        if e > s && !starts_with_marker(&b[s..]) {
            cuts.push(Cut::marker(s, e, REDACTED));
        }
    };
    let seg_end = |from: usize| {
        path[from..]
            .iter()
            .position(|&c| c == b'/')
            .map_or(path.len(), |p| from + p)
    };
    if ends_with_ci(host, b"hooks.slack.com") {
        for pre in [&b"/services/"[..], b"/workflows/", b"/triggers/"] {
            if path.len() > pre.len() && path[..pre.len()].eq_ignore_ascii_case(pre) {
                cut_from(pre.len(), path.len());
            }
        }
    } else if ends_with_ci(host, b"discord.com") || ends_with_ci(host, b"discordapp.com") {
        if let Some(w) = find_ci(path, b"/webhooks/") {
            let id_end = seg_end(w + 10);
            if id_end < path.len() {
                cut_from(id_end + 1, seg_end(id_end + 1));
            }
        }
    } else if ends_with_ci(host, b"webhook.office.com")
        || ends_with_ci(host, b"outlook.office.com")
        || ends_with_ci(host, b"outlook.office365.com")
    {
        if let Some(w) = find_ci(path, b"/IncomingWebhook/") {
            cut_from(w + 17, path.len());
        }
    }
    // Telegram bot tokens (`/bot123456:AA…/sendMessage`), on api.telegram.org and proxies.
    let mut from = 0;
    while let Some(p) = path[from..]
        .windows(4)
        .position(|w| w.eq_ignore_ascii_case(b"/bot"))
    {
        let s = from + p + 4;
        let e = seg_end(s);
        let seg = &path[s..e];
        let digits = seg.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits >= 5 && seg.get(digits) == Some(&b':') && seg.len() > digits + 20 {
            cut_from(s, e);
        }
        from = e;
        if from >= path.len() {
            break;
        }
    }
}

/// cURL's `-u user:password` / `--user user:password` (quoted or not): the password part.
pub(crate) fn user_option_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    for opt in ["-u", "--user"] {
        let mut last_end = 0;
        for s in find_all_ci(t, opt) {
            let e = s + opt.len();
            if s < last_end {
                continue;
            }
            let bounded_before =
                s == 0 || matches!(b[s - 1], b' ' | b'\t' | b'\n' | b'^' | b'\\' | b'`');
            let Some(&sep) = b.get(e) else { continue };
            if !bounded_before
                || !(sep == b' ' || sep == b'=')
                || (opt == "-u" && b.get(e + 1) == Some(&b'-'))
            {
                continue;
            }
            let mut i = e + 1;
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            let quote = b.get(i).copied().filter(|q| *q == b'\'' || *q == b'"');
            if quote.is_some() {
                i += 1;
            }
            let mut end = i;
            while end < b.len() && !matches!(b[end], b'\r' | b'\n') {
                if quote == Some(b'\'') && b[end..].starts_with(b"'\\''") {
                    end += 4;
                    continue;
                }
                if Some(b[end]) == quote || (quote.is_none() && b[end] == b' ') {
                    break;
                }
                end += 1;
            }
            let value = &b[i..end];
            if let Some(colon) = value.iter().position(|&c| c == b':') {
                let pass = &value[colon + 1..];
                if !pass.is_empty() && !pass.starts_with(b"[") {
                    cuts.push(Cut::marker(i + colon + 1, end, REDACTED));
                }
            }
            last_end = end;
        }
    }
}
