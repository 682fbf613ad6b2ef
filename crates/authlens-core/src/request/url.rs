//! URL parsing into [`Url`]: scheme, lower-case host, port, path, decoded query. Hand-written and
//! total: every malformed URL gives an error sentence.

use super::model::{default_port, percent_decode, Url};

/// What a parsed URL carried besides the [`Url`] itself.
#[derive(Debug, Default)]
pub(crate) struct UrlExtras {
    /// `user:password` found before the host.
    pub userinfo: Option<String>,
    /// The scheme was missing and `default_scheme` was assumed.
    pub assumed_scheme: bool,
}

/// Parses an absolute URL. `default_scheme` is used when the text has none (`example.com/x`).
pub(crate) fn parse_url(input: &str, default_scheme: &str) -> Result<(Url, UrlExtras), String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("the URL is empty".into());
    }
    if s.contains(char::is_whitespace) {
        return Err(format!(
            "the URL `{}` contains spaces; encode them as %20",
            crate::text::shorten(s, 80)
        ));
    }
    let mut extras = UrlExtras::default();
    let (scheme, rest) = match s.find("://") {
        Some(i)
            if i > 0
                && s[..i]
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.') =>
        {
            (s[..i].to_ascii_lowercase(), &s[i + 3..])
        }
        _ => {
            extras.assumed_scheme = true;
            (default_scheme.to_string(), s)
        }
    };
    // Cut the fragment, then split authority / path / query.
    let rest = rest.split('#').next().unwrap_or("");
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let after = &rest[auth_end..];
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, q),
        None => (after, ""),
    };
    let hostport = match authority.rsplit_once('@') {
        Some((ui, hp)) => {
            extras.userinfo = Some(percent_decode(ui, false));
            hp
        }
        None => authority,
    };
    let (host, port_text) = if let Some(stripped) = hostport.strip_prefix('[') {
        match stripped.split_once(']') {
            Some((h, p)) => (format!("[{}]", h), p.strip_prefix(':')),
            None => return Err(format!("the IPv6 host in `{s}` has no closing ]")),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (hostport.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err(format!(
            "the URL `{}` has no host name",
            crate::text::shorten(s, 80)
        ));
    }
    let port = match port_text {
        None | Some("") => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) => Some(n),
            Err(_) if p.contains("{{") || p.contains("@{") => None,
            Err(_) => return Err(format!("the port `{p}` in the URL is not a number 0-65535")),
        },
    };
    let port = port.filter(|p| Some(*p) != default_port(&scheme));
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path.to_string()
    };
    Ok((
        Url {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path,
            query: super::model::parse_form(query),
        },
        extras,
    ))
}

/// Path normalised for comparison: `%XX` of unreserved characters decoded, hex upper-cased.
pub(crate) fn normalize_path(p: &str) -> String {
    let b = p.as_bytes();
    let mut out = String::with_capacity(p.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |x: u8| (x as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                let c = (h * 16 + l) as u8;
                if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
                    out.push(c as char);
                } else {
                    out.push_str(&format!("%{c:02X}"));
                }
                i += 3;
                continue;
            }
        }
        // Push the whole UTF-8 character starting here.
        let ch_len = p[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&p[i..i + ch_len]);
        i += ch_len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parts() {
        let (u, x) = parse_url(
            "HTTPS://Graph.Microsoft.com:443/v1.0/users?$top=5&$filter=a%20eq%201#frag",
            "https",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "graph.microsoft.com");
        assert_eq!(u.port, None);
        assert_eq!(u.path, "/v1.0/users");
        assert_eq!(
            u.query,
            vec![
                ("$top".to_string(), "5".to_string()),
                ("$filter".to_string(), "a eq 1".to_string())
            ]
        );
        assert!(!x.assumed_scheme);
    }

    #[test]
    fn keeps_explicit_port_userinfo_and_ipv6() {
        let (u, x) =
            parse_url("http://bob:pw@[::1]:8080", "https").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.host, "[::1]");
        assert_eq!(u.port, Some(8080));
        assert_eq!(u.path, "/");
        assert_eq!(x.userinfo.as_deref(), Some("bob:pw"));
    }

    #[test]
    fn errors_are_specific() {
        assert!(parse_url("https://host:99999/x", "https")
            .err()
            .is_some_and(|e| e.contains("port")));
        assert!(parse_url("https:///x", "https")
            .err()
            .is_some_and(|e| e.contains("no host")));
        assert!(parse_url("", "https").is_err());
        assert!(parse_url("https://[::1/x", "https").is_err());
    }

    #[test]
    fn path_normalisation_decodes_unreserved_only() {
        assert_eq!(normalize_path("/a%2db/%2f/%7e"), "/a-b/%2F/~");
        assert_eq!(normalize_path("/é%"), "/é%");
    }
}
