//! Timestamps without a clock: parsing the shapes that show up in pastes, formatting, durations.
//!
//! The core never reads the clock; callers pass "now" as a [`Timestamp`].

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch (UTC). Fractions of seconds are dropped: nothing here needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Timestamp {
    pub fn from_parts(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Timestamp> {
        if !(1..=12).contains(&mo)
            || d == 0
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || s > 60
        {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(Timestamp(
            days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s),
        ))
    }

    /// Parses RFC 3339 / ISO 8601 (`2024-12-07T12:09:18.3149355Z`, `2018-10-05 07:30:02Z`,
    /// `+01:00` offsets, no zone = UTC) and RFC 7231 HTTP dates (`Tue, 15 Nov 1994 08:12:31 GMT`).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        Self::parse_iso(s).or_else(|| Self::parse_http(s))
    }

    fn parse_iso(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = i64::from(num(0..4)?);
        let mo = num(5..7)?;
        let d = num(8..10)?;
        if b.len() == 10 {
            return Self::from_parts(y, mo, d, 0, 0, 0);
        }
        if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 16 || b[13] != b':' {
            return None;
        }
        let h = num(11..13)?;
        let mi = num(14..16)?;
        let mut i = 16;
        let mut sec = 0;
        if b.get(i) == Some(&b':') {
            sec = num(i + 1..i + 3)?;
            i += 3;
        }
        if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
        let base = Self::from_parts(y, mo, d, h, mi, sec)?;
        let rest = s.get(i..)?.trim();
        let offset = match rest.as_bytes() {
            [] | [b'Z' | b'z'] => 0,
            _ if rest.eq_ignore_ascii_case("utc") || rest.eq_ignore_ascii_case("gmt") => 0,
            [sign @ (b'+' | b'-'), ..] => {
                let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let oh: i64 = digits[..2].parse().ok()?;
                let om: i64 = digits[2..].parse().ok()?;
                let off = oh * 3600 + om * 60;
                if *sign == b'+' {
                    off
                } else {
                    -off
                }
            }
            _ => return None,
        };
        Some(Timestamp(base.0 - offset))
    }

    fn parse_http(s: &str) -> Option<Timestamp> {
        // "Tue, 15 Nov 1994 08:12:31 GMT"
        let rest = s.split_once(',').map_or(s, |(_, r)| r).trim();
        let mut it = rest.split_ascii_whitespace();
        let d: u32 = it.next()?.parse().ok()?;
        let mon = it.next()?.to_ascii_lowercase();
        let mo = MONTHS.iter().position(|m| mon.starts_with(m))? as u32 + 1;
        let y: i64 = it.next()?.parse().ok()?;
        let hms: Vec<u32> = it
            .next()?
            .split(':')
            .map(|p| p.parse().ok())
            .collect::<Option<Vec<_>>>()?;
        if hms.len() != 3 {
            return None;
        }
        match it.next() {
            None => {}
            Some(z) if z.eq_ignore_ascii_case("gmt") || z.eq_ignore_ascii_case("utc") => {}
            Some(_) => return None,
        }
        Self::from_parts(y, mo, d, hms[0], hms[1], hms[2])
    }

    /// `2024-12-07T12:09:18Z`
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        )
    }

    pub fn plus(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }
}

/// Which of day and month a person's locale writes first in numeric dates (`11/23/2026` in the
/// United States, `23/11/2026` in most other places). Decides only dates that could be read
/// either way: `23/11` and `11/23` are each readable one way only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    /// The order of a locale's short date, from how it writes 23 November 2026 (what the
    /// browser's `toLocaleDateString` gives): `"11/23/2026"` → month first, `"23.11.2026"` →
    /// day first. Anything else keeps the default.
    pub fn from_sample(sample: &str) -> DateOrder {
        match (sample.find("23"), sample.find("11")) {
            (Some(d), Some(m)) if d < m => DateOrder::DayFirst,
            _ => DateOrder::MonthFirst,
        }
    }
}

/// A date and time as a person typed it or copied it from a portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadTime {
    /// The wall-clock reading, counted as if it were UTC.
    pub wall: Timestamp,
    /// Seconds east of UTC when the text says (`Z`, `GMT`, `+01:00`, `GMT+0100`). `None`: the
    /// portals' displays (`11/23/2026 5:30:00 AM`) are in the viewer's local time.
    pub offset: Option<i64>,
}

impl ReadTime {
    /// The instant, with `local_offset` (seconds east of UTC at that wall time, from the
    /// browser) used when the text gave no zone.
    pub fn utc(self, local_offset: impl FnOnce(Timestamp) -> i64) -> Timestamp {
        let off = self.offset.unwrap_or_else(|| local_offset(self.wall));
        Timestamp(self.wall.0 - off)
    }
}

/// Why a typed date and time was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeError {
    Empty,
    /// Not a date and time in any shape known here.
    Unreadable,
    /// A date and time, but not a possible one (the reason, in words).
    Impossible(String),
}

/// The shapes [`read_time`] reads, as a person would see them named.
pub const TIME_EXAMPLES: &str = "11/23/2026 5:30:00 AM, 23/11/2026 05:30, \
    2026-11-23T05:30:00Z or Mon, 23 Nov 2026 05:30:00 GMT";

impl TimeError {
    /// The sentence a page shows under the field for the text `input`.
    pub fn message(&self, input: &str) -> String {
        let shown = crate::span::shorten(input.trim(), 60);
        match self {
            TimeError::Empty => "No time given.".into(),
            TimeError::Unreadable => format!(
                "Could not read “{shown}” as a date and time. Use a form like {TIME_EXAMPLES}."
            ),
            TimeError::Impossible(why) => format!("Could not read “{shown}”: {why}."),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Tok {
    Num(u32, usize),
    Word(String),
    Sep(char),
}

fn tokens(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    let mut depth = 0u32;
    while let Some(c) = chars.next() {
        // "(Coordinated Universal Time)" after a JavaScript date: a zone name, said already.
        if c == '(' {
            depth += 1;
            continue;
        }
        if c == ')' {
            depth = depth.checked_sub(1)?;
            continue;
        }
        if depth > 0 || c.is_whitespace() || c == ',' {
            continue;
        }
        if c.is_ascii_digit() {
            let mut v = String::from(c);
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                v.push(d);
                chars.next();
            }
            if v.len() > 9 {
                return None;
            }
            out.push(Tok::Num(v.parse().ok()?, v.len()));
        } else if c.is_alphabetic() {
            let mut v = String::from(c.to_ascii_lowercase());
            while let Some(d) = chars
                .peek()
                .copied()
                .filter(|d| d.is_alphabetic() || *d == '.')
            {
                v.push(d.to_ascii_lowercase());
                chars.next();
            }
            out.push(Tok::Word(v.trim_end_matches('.').to_string()));
        } else if matches!(c, '/' | '-' | '.' | ':' | '+') {
            out.push(Tok::Sep(c));
        } else {
            return None;
        }
    }
    Some(out)
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_of(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|m| m.to_ascii_lowercase().starts_with(word))
        .map(|i| i as u32 + 1)
}

fn impossible(why: String) -> TimeError {
    TimeError::Impossible(why)
}

/// Reads a date and time as the portals display it or a person types it: ISO 8601 / RFC 3339
/// (no zone: UTC, as machine formats mean), RFC 1123 (`Mon, 23 Nov 2026 05:30:00 GMT`), the
/// portals' numeric dates (`11/23/2026 5:30:00 AM`, `23/11/2026 05:30`, `23.11.2026 05:30`,
/// `2026/11/23 05:30`) with `order` deciding day/month when both are 12 or less, month names
/// (`23 Nov 2026 05:30`, `Nov 23, 2026, 5:30 AM`), and JavaScript's date text (`Mon Nov 23 2026
/// 05:30:00 GMT+0100 (Central European Standard Time)`, in Power BI's error details). Numeric
/// and month-name dates without a zone are local time (`offset` is `None`).
pub fn read_time(s: &str, order: DateOrder) -> Result<ReadTime, TimeError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(TimeError::Empty);
    }
    if let Some(t) = Timestamp::parse(s) {
        return Ok(ReadTime {
            wall: t,
            offset: Some(0),
        });
    }
    let toks = tokens(s).ok_or(TimeError::Unreadable)?;
    // The time of day: H:MM[:SS[.fff]].
    let at = toks
        .windows(3)
        .position(|w| matches!(w, [Tok::Num(_, 1..=2), Tok::Sep(':'), Tok::Num(_, 2)]));
    let mut used = vec![false; toks.len()];
    let (mut h, mut mi, mut sec) = (0u32, 0u32, 0u32);
    let mut time_end = 0;
    if let Some(i) = at {
        if let (Tok::Num(a, _), Tok::Num(b, _)) = (&toks[i], &toks[i + 2]) {
            (h, mi) = (*a, *b);
        }
        used[i..i + 3].iter_mut().for_each(|u| *u = true);
        let mut j = i + 3;
        if let (Some(Tok::Sep(':')), Some(Tok::Num(c, 2))) = (toks.get(j), toks.get(j + 1)) {
            sec = *c;
            used[j] = true;
            used[j + 1] = true;
            j += 2;
            if let (Some(Tok::Sep('.')), Some(Tok::Num(..))) = (toks.get(j), toks.get(j + 1)) {
                used[j] = true;
                used[j + 1] = true;
                j += 2;
            }
        }
        time_end = j;
    }
    let mut offset: Option<i64> = None;
    let mut meridiem: Option<bool> = None;
    let mut month_word: Option<u32> = None;
    let mut i = 0;
    while i < toks.len() {
        if used[i] {
            i += 1;
            continue;
        }
        match &toks[i] {
            Tok::Word(w) => {
                used[i] = true;
                match w.as_str() {
                    "am" | "a.m" => meridiem = Some(false),
                    "pm" | "p.m" => meridiem = Some(true),
                    "z" | "utc" | "gmt" => {
                        offset = Some(0);
                        // GMT+0100, UTC+01:00, UTC-5
                        if let (Some(Tok::Sep(c @ ('+' | '-'))), Some(Tok::Num(n, len))) =
                            (toks.get(i + 1), toks.get(i + 2))
                        {
                            let mut secs = zone_seconds(*n, *len, toks.get(i + 3), toks.get(i + 4));
                            if let Some((_, true)) = secs {
                                used[i + 3] = true;
                                used[i + 4] = true;
                            }
                            let (v, _) = secs.take().ok_or(TimeError::Unreadable)?;
                            offset = Some(if *c == '-' { -v } else { v });
                            used[i + 1] = true;
                            used[i + 2] = true;
                        }
                    }
                    "at" | "t" => {}
                    w if WEEKDAYS.iter().any(|d| w.starts_with(d)) => {}
                    w => match month_of(w) {
                        Some(m) if month_word.is_none() => month_word = Some(m),
                        _ => return Err(TimeError::Unreadable),
                    },
                }
            }
            // +01:00 / -0500 right after the time of day.
            Tok::Sep(c @ ('+' | '-')) if at.is_some() && i == time_end => {
                if let Some(Tok::Num(n, len)) = toks.get(i + 1) {
                    let (v, colon) = zone_seconds(*n, *len, toks.get(i + 2), toks.get(i + 3))
                        .ok_or(TimeError::Unreadable)?;
                    offset = Some(if *c == '-' { -v } else { v });
                    used[i] = true;
                    used[i + 1] = true;
                    if colon {
                        used[i + 2] = true;
                        used[i + 3] = true;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    // What is left is the date: numbers and their separators.
    let nums: Vec<(u32, usize)> = toks
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .filter_map(|(t, _)| match t {
            Tok::Num(n, l) => Some((*n, *l)),
            Tok::Sep('/' | '-' | '.') => None,
            _ => Some((u32::MAX, 0)),
        })
        .collect();
    if nums.iter().any(|(n, _)| *n == u32::MAX) {
        return Err(TimeError::Unreadable);
    }
    let year = |n: u32, len: usize| -> i64 {
        if len <= 2 {
            2000 + i64::from(n)
        } else {
            i64::from(n)
        }
    };
    let (y, mo, d) = match (month_word, nums.as_slice()) {
        (Some(m), [(a, la), (b, lb)]) => {
            // 23 Nov 2026 / Nov 23 2026: the year is the four-digit one.
            if *la >= 3 {
                (year(*a, *la), m, *b)
            } else {
                (year(*b, *lb), m, *a)
            }
        }
        (None, [(a, 4), (b, _), (c, _)]) => (i64::from(*a), *b, *c),
        (None, [(a, _), (b, _), (c, lc)]) => {
            let (m, d) = if *a > 12 && *b > 12 {
                return Err(impossible(format!("neither {a} nor {b} can be a month")));
            } else if *a > 12 {
                (*b, *a)
            } else if *b > 12 {
                (*a, *b)
            } else if order == DateOrder::DayFirst {
                (*b, *a)
            } else {
                (*a, *b)
            };
            (year(*c, *lc), m, d)
        }
        (_, []) if at.is_some() => return Err(impossible("a date is needed with the time".into())),
        _ => return Err(TimeError::Unreadable),
    };
    if let Some(pm) = meridiem {
        if h == 0 || h > 12 {
            return Err(impossible(format!("{h} o'clock cannot have AM or PM")));
        }
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    if !(1..=12).contains(&mo) {
        return Err(impossible(format!("there is no month {mo}")));
    }
    let dim = days_in_month(y, mo);
    if d == 0 || d > dim {
        return Err(impossible(format!(
            "{} {y} has {dim} days",
            MONTH_NAMES[mo as usize - 1]
        )));
    }
    if h > 23 || mi > 59 || sec > 59 {
        return Err(impossible(format!(
            "{h:02}:{mi:02}:{sec:02} is not a time of day"
        )));
    }
    let wall = Timestamp::from_parts(y, mo, d, h, mi, sec)
        .ok_or_else(|| impossible("not a date".into()))?;
    Ok(ReadTime { wall, offset })
}

/// A zone offset's seconds from `0100` / `1` / `01` (`:` `00` following), and whether the
/// `:MM` tokens were used.
fn zone_seconds(
    n: u32,
    len: usize,
    colon: Option<&Tok>,
    mins: Option<&Tok>,
) -> Option<(i64, bool)> {
    let (h, m, used) = match (len, colon, mins) {
        (1 | 2, Some(Tok::Sep(':')), Some(Tok::Num(m, 2))) => (n, *m, true),
        (1 | 2, _, _) => (n, 0, false),
        (4, _, _) => (n / 100, n % 100, false),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some((i64::from(h) * 3600 + i64::from(m) * 60, used))
}

/// "3 h 12 min", "52 min", "40 s", "12 days": a duration in the unit a person would say.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    if s < 90 {
        format!("{s} s")
    } else if s < 90 * 60 {
        format!("{} min", (s + 30) / 60)
    } else if s < 48 * 3600 {
        let h = s / 3600;
        let m = (s % 3600) / 60;
        if m == 0 || h >= 10 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else {
        format!("{} days", s / 86_400)
    }
}

/// "expired 3 h ago" / "in 52 min": a point in time relative to `now`.
pub fn relative(at: Timestamp, now: Timestamp) -> String {
    let delta = at.0 - now.0;
    if delta >= 0 {
        format!("in {}", human_duration(delta))
    } else {
        format!("{} ago", human_duration(delta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shapes_seen_in_pastes() {
        let want = Timestamp(1_733_573_358);
        assert_eq!(Timestamp::parse("2024-12-07T12:09:18.3149355Z"), Some(want));
        assert_eq!(Timestamp::parse("2024-12-07 12:09:18Z"), Some(want));
        assert_eq!(Timestamp::parse("2024-12-07T13:09:18+01:00"), Some(want));
        assert_eq!(Timestamp::parse("2024-12-07T12:09:18"), Some(want));
        assert_eq!(
            Timestamp::parse("Sat, 07 Dec 2024 12:09:18 GMT"),
            Some(want)
        );
        assert_eq!(Timestamp::parse("1970-01-01"), Some(Timestamp(0)));
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-13-01",
            "2024-12-07T25:00:00Z",
            "yesterday",
            "",
            "2024-1x-07",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for t in [0i64, 951_782_400, 1_733_573_358, -86_400, 4_102_444_800] {
            let s = Timestamp(t).to_rfc3339();
            assert_eq!(Timestamp::parse(&s), Some(Timestamp(t)), "{s}");
        }
    }

    fn read(s: &str, order: DateOrder) -> Result<String, TimeError> {
        read_time(s, order).map(|r| {
            let t = r.utc(|_| 3600);
            format!(
                "{}{}",
                t.to_rfc3339(),
                if r.offset.is_none() { " local" } else { "" }
            )
        })
    }

    #[test]
    fn reads_the_portals_numeric_dates_in_local_time() {
        use DateOrder::*;
        // 05:30 local at UTC+1 is 04:30 UTC.
        let want = Ok("2026-11-23T04:30:00Z local".to_string());
        assert_eq!(read("11/23/2026 5:30:00 AM", MonthFirst), want);
        assert_eq!(
            read("11/23/2026 5:30:00 AM", DayFirst),
            want,
            "23 cannot be a month"
        );
        assert_eq!(read("23/11/2026 05:30", DayFirst), want);
        assert_eq!(read("23/11/2026 05:30", MonthFirst), want);
        assert_eq!(read("23.11.2026 05:30:00", DayFirst), want);
        assert_eq!(read("2026/11/23 05:30", MonthFirst), want);
        assert_eq!(read("23-11-2026 5:30 am", DayFirst), want);
        assert_eq!(read("11/23/26, 5:30 AM", MonthFirst), want);
        assert_eq!(read("Nov 23, 2026, 5:30:00 AM", DayFirst), want);
        assert_eq!(read("23 November 2026 05:30", MonthFirst), want);
        assert_eq!(
            read("11/23/2026 5:30:00 PM", MonthFirst),
            Ok("2026-11-23T16:30:00Z local".into())
        );
        assert_eq!(
            read("11/23/2026 12:05 AM", MonthFirst),
            Ok("2026-11-22T23:05:00Z local".into())
        );
        assert_eq!(
            read("11/23/2026", MonthFirst),
            Ok("2026-11-22T23:00:00Z local".into())
        );
    }

    #[test]
    fn the_locale_decides_only_what_could_be_read_both_ways() {
        assert_eq!(
            read("03/04/2026 10:00", DateOrder::MonthFirst),
            Ok("2026-03-04T09:00:00Z local".into())
        );
        assert_eq!(
            read("03/04/2026 10:00", DateOrder::DayFirst),
            Ok("2026-04-03T09:00:00Z local".into())
        );
        assert_eq!(DateOrder::from_sample("11/23/2026"), DateOrder::MonthFirst);
        assert_eq!(DateOrder::from_sample("23/11/2026"), DateOrder::DayFirst);
        assert_eq!(DateOrder::from_sample("23.11.2026"), DateOrder::DayFirst);
        assert_eq!(DateOrder::from_sample("2026/11/23"), DateOrder::MonthFirst);
        assert_eq!(
            DateOrder::from_sample("2026. 11. 23."),
            DateOrder::MonthFirst
        );
    }

    #[test]
    fn reads_iso_rfc1123_and_javascript_dates_with_their_zone() {
        use DateOrder::*;
        let want = Ok("2026-11-23T05:30:00Z".to_string());
        assert_eq!(read("2026-11-23T05:30:00Z", DayFirst), want);
        assert_eq!(read("2026-11-23T06:30:00+01:00", DayFirst), want);
        assert_eq!(
            read("2026-11-23T05:30:00", DayFirst),
            want,
            "ISO without zone is UTC"
        );
        assert_eq!(read("Mon, 23 Nov 2026 05:30:00 GMT", MonthFirst), want);
        assert_eq!(
            read(
                "Mon Nov 23 2026 06:30:00 GMT+0100 (Central European Standard Time)",
                DayFirst
            ),
            want
        );
        assert_eq!(read("11/23/2026 5:30:00 AM UTC", MonthFirst), want);
        assert_eq!(read("23/11/2026 00:30 -05:00", DayFirst), want);
        assert_eq!(read("23/11/2026 07:30 UTC+2", DayFirst), want);
    }

    #[test]
    fn says_why_a_time_was_not_read() {
        use DateOrder::*;
        let msg = |s: &str| read_time(s, MonthFirst).map_err(|e| e.message(s));
        assert_eq!(read_time("  ", MonthFirst), Err(TimeError::Empty));
        for bad in [
            "yesterday",
            "5:30",
            "11/23",
            "sometime 11/23/2026",
            "11/23/2026 5:30 XM",
        ] {
            let e = msg(bad).err().unwrap_or_default();
            assert!(e.starts_with("Could not read"), "{bad}: {e}");
        }
        assert!(msg("yesterday")
            .err()
            .unwrap_or_default()
            .contains("11/23/2026 5:30:00 AM"));
        assert_eq!(
            msg("31/02/2026 05:30"),
            Err("Could not read “31/02/2026 05:30”: February 2026 has 28 days.".into())
        );
        assert_eq!(
            msg("25/13/2026 05:30"),
            Err("Could not read “25/13/2026 05:30”: neither 25 nor 13 can be a month.".into())
        );
        assert!(msg("11/23/2026 25:30").is_err());
        assert!(msg("11/23/2026 13:30 PM").is_err());
        assert!(read_time("11/31/2026 5:30", DayFirst).is_err());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(40), "40 s");
        assert_eq!(human_duration(52 * 60), "52 min");
        assert_eq!(human_duration(3 * 3600 + 12 * 60), "3 h 12 min");
        assert_eq!(human_duration(-3 * 3600), "3 h");
        assert_eq!(human_duration(90 * 86_400), "90 days");
        assert_eq!(relative(Timestamp(0), Timestamp(3 * 3600)), "3 h ago");
        assert_eq!(relative(Timestamp(3120), Timestamp(0)), "in 52 min");
    }
}
