//! A small RFC 4180 reader (quoted fields with embedded separators, line breaks and doubled
//! quotes; a leading byte-order mark; CRLF, LF or CR line ends) and the tolerant date reader for
//! the time columns of exported run histories.

use crate::time::Timestamp;

/// The field separator of the first line: comma, semicolon (spreadsheets in many European
/// locales) or tab, whichever occurs most often outside quotes. Comma on a tie.
pub fn detect_separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[1] > counts[0] && counts[1] >= counts[2] {
        ';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        '\t'
    } else {
        ','
    }
}

/// Every record of `text`, fields unquoted. Blank lines are dropped. Never fails: a quote left
/// open runs to the end of the text, as spreadsheet programs read it.
pub fn records(text: &str, sep: char) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let finish = |record: &mut Vec<String>, field: &mut String, out: &mut Vec<Vec<String>>| {
        record.push(std::mem::take(field));
        let rec = std::mem::take(record);
        if !(rec.len() == 1 && rec[0].trim().is_empty()) {
            out.push(rec);
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish(&mut record, &mut field, &mut out);
            }
            '\n' => finish(&mut record, &mut field, &mut out),
            c if c == sep => record.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        finish(&mut record, &mut field, &mut out);
    }
    out
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Reads the time shapes of exported run histories: `2026-11-20 10:02:11`,
/// `11/20/2026 10:02 AM`, `20/11/2026 10:02` (day first when the first number exceeds 12),
/// `20.11.2026 10:02:11` (dots: day first), `2026/11/20 10:02`, `Nov 20, 2026 10:02 AM`,
/// `20 Nov 2026 10:02`, and everything [`Timestamp::parse`] reads (RFC 3339, HTTP dates).
/// Times without a zone are read as UTC.
pub fn parse_time(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Some(t) = Timestamp::parse(s) {
        return Some(t);
    }
    let lower = s.to_ascii_lowercase();
    let mut date_parts: Vec<&str> = Vec::new();
    let mut time_part: Option<&str> = None;
    let mut meridiem: Option<bool> = None; // Some(true) = PM
    let mut dotted = false;
    for tok in lower.split([' ', ',']).filter(|t| !t.is_empty()) {
        let (tok, suffix) = match tok {
            t if t.ends_with("am") && t.len() > 2 && t.contains(':') => (&t[..t.len() - 2], "am"),
            t if t.ends_with("pm") && t.len() > 2 && t.contains(':') => (&t[..t.len() - 2], "pm"),
            t => (t, ""),
        };
        match (tok, suffix) {
            (_, "am") | ("am" | "a.m.", _) => meridiem = Some(false),
            (_, "pm") | ("pm" | "p.m.", _) => meridiem = Some(true),
            _ => {}
        }
        if matches!(tok, "am" | "pm" | "a.m." | "p.m." | "utc" | "gmt" | "z") {
            continue;
        }
        if tok.contains(':') {
            time_part = Some(tok);
        } else if tok.contains(['/', '-', '.']) {
            dotted |= tok.contains('.');
            date_parts.extend(tok.split(['/', '-', '.']).filter(|p| !p.is_empty()));
        } else {
            date_parts.push(tok);
        }
    }
    if date_parts.len() != 3 {
        return None;
    }
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let month_word = |p: &str| -> Option<u32> {
        (p.len() >= 3 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| MONTHS.iter().position(|m| p.starts_with(m)))
            .flatten()
            .map(|i| i as u32 + 1)
    };
    let (y, m, d) = if let Some(i) = date_parts.iter().position(|p| month_word(p).is_some()) {
        let m = month_word(date_parts[i])?;
        let rest: Vec<&str> = date_parts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| *p)
            .collect();
        let (a, b) = (rest[0], rest[1]);
        if a.len() == 4 {
            (num(a)?, m, num(b)?)
        } else {
            (num(b)?, m, num(a)?)
        }
    } else {
        let (a, b, c) = (date_parts[0], date_parts[1], date_parts[2]);
        if a.len() == 4 {
            (num(a)?, num(b)?, num(c)?)
        } else if c.len() == 4 {
            let (a, b, c) = (num(a)?, num(b)?, num(c)?);
            if dotted || a > 12 {
                (c, b, a)
            } else {
                (c, a, b)
            }
        } else {
            return None;
        }
    };
    let (mut h, mi, sec) = match time_part {
        None => (0, 0, 0),
        Some(t) => {
            let mut it = t.split(':');
            let h = num(it.next()?)?;
            let mi = num(it.next()?)?;
            let sec = match it.next() {
                None => 0,
                Some(s) => num(s.split(['.', ',']).next()?)?,
            };
            (h, mi, sec)
        }
    };
    match meridiem {
        Some(_) if h == 0 || h > 12 => return None,
        Some(false) if h == 12 => h = 0,
        Some(true) if h < 12 => h += 12,
        _ => {}
    }
    Timestamp::from_parts(i64::from(y), m, d, h, mi, sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_with_separators_newlines_and_quotes() {
        let t = "\u{feff}a,b,c\r\n1,\"x, y\",\"line1\nline2\"\r\n\r\n2,\"say \"\"hi\"\"\",\n";
        let r = records(t, ',');
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[0], ["a", "b", "c"]);
        assert_eq!(r[1], ["1", "x, y", "line1\nline2"]);
        assert_eq!(r[2], ["2", "say \"hi\"", ""]);
    }

    #[test]
    fn separator_detection() {
        assert_eq!(detect_separator("a;b;\"c,d\"\n1;2;3"), ';');
        assert_eq!(detect_separator("a\tb\tc"), '\t');
        assert_eq!(detect_separator("a,b"), ',');
    }

    #[test]
    fn reads_export_time_shapes() {
        let want = Timestamp::parse("2026-11-20T10:02:11Z");
        let minute = Timestamp::parse("2026-11-20T10:02:00Z");
        assert_eq!(parse_time("2026-11-20 10:02:11"), want);
        assert_eq!(parse_time("11/20/2026 10:02:11 AM"), want);
        assert_eq!(parse_time("11/20/2026 10:02 AM"), minute);
        assert_eq!(parse_time("20/11/2026 10:02"), minute);
        assert_eq!(parse_time("20.11.2026 10:02:11"), want);
        assert_eq!(parse_time("2026/11/20 10:02:11"), want);
        assert_eq!(parse_time("Nov 20, 2026 10:02 AM"), minute);
        assert_eq!(parse_time("20 November 2026 10:02"), minute);
        assert_eq!(
            parse_time("Oct 2, 2026 9:00"),
            Timestamp::parse("2026-10-02T09:00:00Z")
        );
        assert_eq!(
            parse_time("11/20/2026 10:02 PM"),
            Timestamp::parse("2026-11-20T22:02:00Z")
        );
        assert_eq!(
            parse_time("11/20/2026 12:05 AM"),
            Timestamp::parse("2026-11-20T00:05:00Z")
        );
        for bad in [
            "",
            "yesterday",
            "13/13/2026 10:00",
            "11/20/26 25:00",
            "2 days ago",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
