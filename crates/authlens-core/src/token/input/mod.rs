//! From whatever was pasted (a bare token, `Authorization: Bearer …`, a JSON pair, a cURL `-H`,
//! quoted, escaped, wrapped) to the token text, with header-shape checks and a byte map back to
//! the input so every finding points at the offending characters. The shapes a value can take
//! (header names, schemes, expressions, Basic credentials) are read in [`shape`].

use super::{Check, CheckStatus as S, SchemeInfo, TokenReport};
use crate::span::Span;

mod locate;
mod shape;

pub(crate) use locate::find_pick;
pub use locate::{locate, ContainedToken, TokenRole, TokenSource};

use shape::{
    basic, describe_ws, find_expression, other_scheme_message, strip_header_name, OTHER_SCHEMES,
};
/// Text derived from the input, each byte mapped to the input range it came from.
#[derive(Clone, Debug, Default)]
pub struct Mapped {
    pub text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Mapped {
    pub fn identity(input: &str, span: Span) -> Mapped {
        let text = span.slice(input).to_string();
        let starts = (0..text.len()).map(|i| span.start + i).collect();
        let ends = (0..text.len()).map(|i| span.start + i + 1).collect();
        Mapped { text, starts, ends }
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.starts.push(start);
            self.ends.push(end);
        }
    }

    /// The input span behind bytes `a..b` of the text (clamped; empty ranges give a point).
    pub fn span(&self, a: usize, b: usize) -> Span {
        let n = self.text.len();
        if n == 0 {
            return Span::default();
        }
        let a = a.min(n);
        let b = b.min(n);
        if a >= b {
            let at = if a < n {
                self.starts[a]
            } else {
                self.ends[n - 1]
            };
            return Span::new(at, at);
        }
        Span::new(self.starts[a], self.ends[b - 1])
    }

    pub fn whole(&self) -> Span {
        self.span(0, self.text.len())
    }

    /// Bytes `a..b` (clamped to char boundaries by the caller: all callers pass boundaries).
    pub fn sub(&self, a: usize, b: usize) -> Mapped {
        let b = b.min(self.text.len());
        let a = a.min(b);
        match self.text.get(a..b) {
            Some(t) => Mapped {
                text: t.to_string(),
                starts: self.starts[a..b].to_vec(),
                ends: self.ends[a..b].to_vec(),
            },
            None => Mapped::default(),
        }
    }

    /// Keeps only the characters for which `keep` is true.
    pub fn filter(&self, keep: impl Fn(char) -> bool) -> Mapped {
        let mut out = Mapped::default();
        for (i, c) in self.text.char_indices() {
            if keep(c) {
                out.push(c, self.starts[i], self.ends[i + c.len_utf8() - 1]);
            }
        }
        out
    }

    fn trim(&self) -> Mapped {
        let t = self.text.trim();
        let a = t.as_ptr() as usize - self.text.as_ptr() as usize;
        self.sub(a, a + t.len())
    }

    /// Decodes JSON string escapes. Returns the decoded text and the span of the first escape.
    fn json_unescape(&self) -> (Mapped, Option<Span>) {
        let mut out = Mapped::default();
        let mut first = None;
        let b = self.text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' && i + 1 < b.len() {
                let (c, len) = match b[i + 1] {
                    b'"' => (Some('"'), 2),
                    b'/' => (Some('/'), 2),
                    b'\\' => (Some('\\'), 2),
                    b'n' => (Some('\n'), 2),
                    b'r' => (Some('\r'), 2),
                    b't' => (Some('\t'), 2),
                    b'u' => {
                        let hex = self.text.get(i + 2..i + 6).unwrap_or("");
                        let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                        (c, 6)
                    }
                    _ => (None, 0),
                };
                if let Some(c) = c {
                    let sp = self.span(i, i + len);
                    first.get_or_insert(sp);
                    out.push(c, sp.start, sp.end);
                    i += len;
                    continue;
                }
            }
            let Some(c) = self.text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            out.push(c, self.starts[i], self.ends[i + c.len_utf8() - 1]);
            i += c.len_utf8();
        }
        (out, first)
    }
}

/// The token after unwrapping, ready to decode.
#[derive(Clone, Debug, Default)]
pub struct PreparedToken {
    pub m: Mapped,
    pub text: String,
    /// The input was an Authorization header (name present) or had a scheme.
    #[allow(dead_code)]
    pub header_context: bool,
}

impl PreparedToken {
    pub fn span(&self, a: usize, b: usize) -> Span {
        self.m.span(a, b)
    }
}

fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

pub fn prepare(input: &str, report: &mut TokenReport) -> Option<PreparedToken> {
    let full = Mapped::identity(input, Span::new(0, input.len()));
    let trimmed = full.trim();
    if trimmed.text.is_empty() {
        report.kind = "empty".into();
        report.message = Some("Nothing to inspect: the input is empty.".into());
        report.push(Check::new(
            "structure",
            S::Fail,
            "The input is empty or only whitespace: there is no token.",
        ));
        return None;
    }
    // Leading/trailing whitespace around the whole value.
    let lead = input.len() - input.trim_start().len();
    let trail_at = input.trim_end().len();
    let mut ws_issue: Option<(String, Span)> = None;
    if lead > 0 {
        ws_issue = Some((
            describe_ws(&input[..lead], "starts with"),
            Span::new(0, lead),
        ));
    } else if trail_at < input.len() {
        ws_issue = Some((
            describe_ws(&input[trail_at..], "ends with"),
            Span::new(trail_at, input.len()),
        ));
    }

    let (mut value, json_form, named) = strip_header_name(&trimmed);
    let mut header_context = named;

    // Quotes around the value.
    let mut quote_issue: Option<Check> = None;
    let vt = value.text.clone();
    if json_form && vt.len() >= 2 && vt.starts_with('"') && vt.ends_with('"') {
        value = value.sub(1, vt.len() - 1);
    } else if vt.len() >= 2
        && ((vt.starts_with('"') && vt.ends_with('"'))
            || (vt.starts_with('\'') && vt.ends_with('\'')))
    {
        let status = if named { S::Fail } else { S::Warn };
        let msg = if named {
            "The header value is wrapped in quotes: the API receives the quote characters as part \
             of the value and cannot read the token. Remove the quotes (Power Automate adds them when \
             a string expression is wrapped in quotes, e.g. \"@{variables('token')}\")."
        } else {
            "The value is wrapped in quotes. If the quotes are only JSON syntax around it, ignore \
             this; if they are part of the header value the API receives, remove them: it cannot \
             read a quoted token."
        };
        quote_issue = Some(Check::new("header.quoted", status, msg).at(Some(value.span(0, 1))));
        value = value.sub(1, vt.len() - 1).trim();
    }

    // JSON escapes.
    if value.text.contains('\\') {
        let (un, first) = value.json_unescape();
        if let Some(sp) = first {
            if !json_form {
                report.push(
                    Check::new(
                        "header.json-escaped",
                        S::Fail,
                        format!(
                            "The value still contains JSON escapes (first: `{}`): it was copied \
                             out of JSON without decoding. Sent as-is, the API sees backslashes \
                             and rejects the token; use the decoded value (AuthLens decoded it \
                             to inspect it).",
                            sp.slice(input)
                        ),
                    )
                    .at(Some(sp)),
                );
            }
            value = un.trim();
        }
    }
    // Quotes that were inside the (decoded) JSON string: real quotes in the header value.
    let vt = value.text.clone();
    if vt.len() >= 2 && vt.starts_with('"') && vt.ends_with('"') {
        quote_issue = Some(
            Check::new(
                "header.quoted",
                S::Fail,
                "The header value itself contains quotes (\"Bearer …\" inside the JSON string): \
                 the API receives the quote characters and cannot read the token. Remove the \
                 quotes around the expression that builds the value.",
            )
            .at(Some(value.span(0, 1))),
        );
        value = value.sub(1, vt.len() - 1).trim();
    }

    // Unevaluated expressions.
    if let Some((a, b)) = find_expression(&value.text) {
        let sp = value.span(a, b);
        report.kind = "expression".into();
        let expr = value.text.get(a..b).unwrap_or("");
        report.message = Some(format!(
            "This is the expression text `{}`, not a token: the workflow sent it literally \
             instead of evaluating it.",
            crate::text::shorten(expr, 120)
        ));
        report.push(
            Check::new(
                "header.expression",
                S::Fail,
                format!(
                    "The value contains the unevaluated expression `{}`. The API received the \
                     expression text instead of a token. Insert it as dynamic content or as an \
                     expression (not typed as plain text, and not escaped as `@@`), and check the \
                     action it reads from ran and returned access_token.",
                    crate::text::shorten(expr, 120)
                ),
            )
            .at(Some(sp)),
        );
        push_opt(report, quote_issue);
        push_ws(report, ws_issue);
        report.redacted = value.text.clone();
        return None;
    }

    // Scheme.
    let vt = value.text.clone();
    let word_end = vt.find(is_ws).unwrap_or(vt.len());
    let word = &vt[..word_end];
    let after_ws = vt[word_end..].len() - vt[word_end..].trim_start().len();
    let rest_at = word_end + after_ws;
    let mut token = value.clone();
    let looks_tokenish = word.starts_with("eyJ") || word.contains('.') && word.len() > 40;
    if word.eq_ignore_ascii_case("bearer") || word.eq_ignore_ascii_case("pop") {
        header_context = true;
        report.scheme = Some(SchemeInfo {
            name: word.to_string(),
            ..Default::default()
        });
        let scheme_span = value.span(0, word_end);
        if after_ws > 1 || vt[word_end..rest_at].contains(|c: char| c != ' ') {
            report.push(
                Check::new(
                    "header.whitespace",
                    S::Warn,
                    "More than one space (or a tab/line break) between the scheme and the token: \
                     strict APIs expect exactly one space (`Bearer <token>`).",
                )
                .at(Some(value.span(word_end, rest_at))),
            );
        }
        token = value.sub(rest_at, vt.len());
        let rt = token.text.clone();
        let w2_end = rt.find(is_ws).unwrap_or(rt.len());
        if rt[..w2_end].eq_ignore_ascii_case("bearer") {
            let after = rt[w2_end..].len() - rt[w2_end..].trim_start().len();
            report.push(
                Check::new(
                    "header.scheme",
                    S::Fail,
                    "`Bearer` appears twice (`Bearer Bearer …`): the token value already \
                     contained the scheme and another `Bearer ` was added in front. Remove one.",
                )
                .at(Some(token.span(0, w2_end))),
            );
            token = token.sub(w2_end + after, rt.len());
        } else if word == "Bearer" || word == "PoP" {
            report.push(
                Check::new(
                    "header.scheme",
                    S::Pass,
                    format!("The scheme is `{word}`, written as expected."),
                )
                .at(Some(scheme_span)),
            );
        } else {
            report.push(
                Check::new(
                    "header.scheme",
                    S::Warn,
                    format!(
                        "The scheme is written `{word}`. The standard says the scheme is \
                         case-insensitive, but some APIs only accept `Bearer` with a capital B."
                    ),
                )
                .at(Some(scheme_span)),
            );
        }
        if token.text.trim().is_empty() {
            report.kind = "empty".into();
            report.message = Some(
                "The header has the Bearer scheme but no token after it: the expression or \
                 variable that should hold the token was empty."
                    .into(),
            );
            report.push(
                Check::new(
                    "structure",
                    S::Fail,
                    "There is no token after `Bearer`: the value that should hold the token was \
                     empty (the token request failed, or the expression points at the wrong \
                     field, e.g. `access_token` misspelled).",
                )
                .at(Some(scheme_span)),
            );
            push_opt(report, quote_issue);
            push_ws(report, ws_issue);
            report.redacted = value.text.clone();
            return None;
        }
    } else if word.eq_ignore_ascii_case("basic") {
        basic(&value, rest_at, word, report);
        push_opt(report, quote_issue);
        push_ws(report, ws_issue);
        return None;
    } else if word.eq_ignore_ascii_case("SharedAccessSignature") {
        header_context = true;
        report.scheme = Some(SchemeInfo {
            name: word.to_string(),
            ..Default::default()
        });
        token = value.sub(rest_at, vt.len());
    } else if let Some(s) = OTHER_SCHEMES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(word) && rest_at > word_end)
    {
        report.kind = "other-scheme".into();
        report.scheme = Some(SchemeInfo {
            name: word.to_string(),
            ..Default::default()
        });
        report.message = Some(other_scheme_message(s));
        report.push(
            Check::new(
                "header.scheme",
                S::Warn,
                format!(
                    "The scheme is `{word}`, not `Bearer`. APIs that take Entra ID tokens \
                     (Graph, SharePoint, Dataverse, Azure) expect `Bearer <token>`."
                ),
            )
            .at(Some(value.span(0, word_end))),
        );
        push_opt(report, quote_issue);
        push_ws(report, ws_issue);
        report.redacted = format!("{word} [secret removed]");
        return None;
    } else if !looks_tokenish && rest_at > word_end && !word.contains(['=', '&']) {
        // Some other word followed by something: an unknown scheme.
        report.kind = "other-scheme".into();
        report.scheme = Some(SchemeInfo {
            name: word.to_string(),
            ..Default::default()
        });
        report.message = Some(format!(
            "The value uses the scheme `{}`, which AuthLens does not know. Entra ID tokens are sent \
             as `Bearer <token>`.",
            crate::text::shorten(word, 40)
        ));
        report.push(
            Check::new(
                "header.scheme",
                S::Warn,
                format!(
                    "Unknown scheme `{}`: APIs that take Entra ID tokens expect `Bearer <token>`.",
                    crate::text::shorten(word, 40)
                ),
            )
            .at(Some(value.span(0, word_end))),
        );
        push_opt(report, quote_issue);
        push_ws(report, ws_issue);
        report.redacted = format!("{} [secret removed]", crate::text::shorten(word, 40));
        return None;
    } else if named {
        report.push(
            Check::new(
                "header.scheme",
                S::Fail,
                "The Authorization value has no scheme: it must be `Bearer <token>`, with \
                 `Bearer ` in front of the token.",
            )
            .at(Some(value.span(0, 0))),
        );
    }

    // Quotes around the token itself (`Bearer "eyJ…"`).
    let tt = token.text.trim().to_string();
    token = token.trim();
    if tt.len() >= 2
        && ((tt.starts_with('"') && tt.ends_with('"'))
            || (tt.starts_with('\'') && tt.ends_with('\'')))
    {
        quote_issue = Some(
            Check::new(
                "header.quoted",
                S::Fail,
                "The token itself is wrapped in quotes (`Bearer \"eyJ…\"`): the API reads the \
                 quote as part of the token. Remove the quotes.",
            )
            .at(Some(token.span(0, 1))),
        );
        token = token.sub(1, tt.len() - 1);
    }

    // Line breaks or spaces inside the token.
    if let Some(i) = token.text.find(is_ws) {
        let end = token.text[i..]
            .find(|c: char| !c.is_whitespace())
            .map_or(token.text.len(), |e| i + e);
        report.push(
            Check::new(
                "header.whitespace",
                S::Warn,
                "The token contains a line break or space: it was wrapped or split when copied. \
                 A token is one unbroken string; AuthLens joined the pieces to inspect it.",
            )
            .at(Some(token.span(i, end))),
        );
        token = token.filter(|c| !c.is_whitespace());
    }

    // Ellipsis: a shortened copy.
    let ell = token
        .text
        .find("...")
        .map(|i| (i, 3))
        .or_else(|| token.text.find('…').map(|i| (i, '…'.len_utf8())));
    if let Some((i, len)) = ell {
        report.push(
            Check::new(
                "header.truncated",
                S::Fail,
                "The token contains an ellipsis (`...` or `…`): it was copied from a display that \
                 shortens long values, so part of it is missing. Copy the full value (from the \
                 action's raw outputs) or better, do not copy tokens at all: reference the token \
                 action's output.",
            )
            .at(Some(token.span(i, i + len))),
        );
        token = token.sub(0, i);
        while token.text.ends_with('.') {
            let n = token.text.len();
            token = token.sub(0, n - 1);
        }
    }

    push_opt(report, quote_issue);
    push_ws(report, ws_issue);
    let text = token.text.clone();
    Some(PreparedToken {
        m: token,
        text,
        header_context,
    })
}

fn push_opt(report: &mut TokenReport, c: Option<Check>) {
    if let Some(c) = c {
        report.push(c);
    }
}

fn push_ws(report: &mut TokenReport, ws: Option<(String, Span)>) {
    if let Some((msg, sp)) = ws {
        report.push(Check::new("header.whitespace", S::Warn, msg).at(Some(sp)));
    }
}
