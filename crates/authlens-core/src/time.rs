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
