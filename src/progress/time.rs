//! A UTC timestamp with millisecond precision, written as RFC 3339 (`2026-11-28T14:03:12.345Z`).
//!
//! Why our own: the progress file needs one readable, sortable time format and a merge key for
//! answers; a calendar crate for ~80 lines of well-known arithmetic (Howard Hinnant's civil-date
//! algorithms) is not worth the dependency. Milliseconds make two answers to the same question
//! landing on the same key practically impossible, which keeps the merge (a union keyed by time)
//! honest.
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds since 1970-01-01T00:00:00Z, limited to years 0000–9999 so it can always be
/// written as RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

/// 0000-01-01T00:00:00Z.
const MIN_MS: i64 = -62_167_219_200_000;
/// 9999-12-31T23:59:59.999Z.
const MAX_MS: i64 = 253_402_300_799_999;

impl Timestamp {
    /// The current time. Only the edges (the app, the store) call this; the core takes times as
    /// arguments so it stays testable.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// Converts a `SystemTime`, clamping to the representable range.
    pub fn from_system_time(t: SystemTime) -> Self {
        let ms = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => i64::try_from(e.duration().as_millis())
                .map(|m| -m)
                .unwrap_or(i64::MIN),
        };
        Self::from_unix_millis(ms)
    }

    /// From milliseconds since the Unix epoch, clamped to years 0000–9999.
    pub fn from_unix_millis(ms: i64) -> Self {
        Timestamp(ms.clamp(MIN_MS, MAX_MS))
    }

    /// From whole seconds since the Unix epoch (older files or hand edits may use them).
    pub fn from_unix_seconds(s: i64) -> Self {
        Self::from_unix_millis(s.saturating_mul(1000))
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_millis(self) -> i64 {
        self.0
    }

    /// This time plus a duration (saturating), e.g. "answered at start + elapsed".
    pub fn plus(self, d: Duration) -> Self {
        let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        Self::from_unix_millis(self.0.saturating_add(ms))
    }

    fn parts(self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400_000);
        let ms_of_day = self.0.rem_euclid(86_400_000);
        let (y, m, d) = civil_from_days(days);
        let secs = (ms_of_day / 1000) as u32;
        (
            y,
            m,
            d,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            (ms_of_day % 1000) as u32,
        )
    }

    /// A compact form for file names (`20261128T140312Z`): sortable, no `:` (not allowed in
    /// Windows file names).
    pub fn compact(self) -> String {
        let (y, mo, d, h, mi, s, _) = self.parts();
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }

    /// Parses RFC 3339 (`2026-11-28T14:03:12Z`, optional fraction, `Z` or `±HH:MM` offset; `t`,
    /// `z` and a space for `T` are accepted as RFC 3339 allows). Digits past milliseconds are
    /// truncated. `None` for anything else.
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(r)?;
            if part.iter().all(u8::is_ascii_digit) {
                std::str::from_utf8(part).ok()?.parse().ok()
            } else {
                None
            }
        };
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let mut i = 19;
        let mut millis = 0i64;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 3 {
                    millis = millis * 10 + i64::from(b[i] - b'0');
                }
                i += 1;
            }
            if i == start {
                return None;
            }
            for _ in (i - start)..3 {
                millis *= 10;
            }
        }
        let offset_minutes = match b.get(i..)? {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let m = oh * 60 + om;
                if *sign == b'-' { -m } else { m }
            }
            _ => return None,
        };
        // A leap second (:60) is read as the last millisecond of the minute.
        let (second, millis) = if second == 60 {
            (59, 999)
        } else {
            (second, millis)
        };
        let days = days_from_civil(year, month as u32, day as u32);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
        Some(Self::from_unix_millis(secs * 1000 + millis))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC with milliseconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s, ms) = self.parts();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Accepts an RFC 3339 string or an integer number of Unix seconds.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 UTC time like \"2026-11-28T14:03:12Z\" or Unix seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(v)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_unix_seconds(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_unix_seconds(
                    i64::try_from(v).unwrap_or(i64::MAX),
                ))
            }
        }
        d.deserialize_any(V)
    }
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_instants() {
        assert_eq!(
            Timestamp::from_unix_millis(0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
        let t = Timestamp::parse_rfc3339("2026-11-28T14:03:12.345Z").unwrap();
        assert_eq!(t.unix_millis(), 1_795_874_592_345);
        assert_eq!(t.to_string(), "2026-11-28T14:03:12.345Z");
        assert_eq!(t.compact(), "20261128T140312Z");
        assert_eq!(
            Timestamp::parse_rfc3339("2024-02-29T23:59:59Z")
                .unwrap()
                .to_string(),
            "2024-02-29T23:59:59.000Z"
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-28T15:03:12.3456789+01:00"),
            Timestamp::parse_rfc3339("2026-11-28T14:03:12.345Z")
        );
        assert_eq!(
            Timestamp::parse_rfc3339("1969-12-31T23:59:59.9Z")
                .unwrap()
                .unix_millis(),
            -100
        );
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "",
            "2026-11-28",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T14:03:12",
            "2026-11-28T14:03:12.Z",
            "2026-11-28T14:03:12+1:00",
            "2026-11-28T14:03:12ZZ",
            "2026-11-28T14:03:1xZ",
            "२०२६-11-28T14:03:12Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn serde_accepts_strings_and_unix_seconds() {
        let t: Timestamp = serde_json::from_str("\"2026-11-28T14:03:12Z\"").unwrap();
        let u: Timestamp = serde_json::from_str("1795874592").unwrap();
        assert_eq!(t, u);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2026-11-28T14:03:12.000Z\""
        );
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
    }

    #[test]
    fn plus_adds_and_saturates() {
        let t = Timestamp::from_unix_millis(1000);
        assert_eq!(t.plus(Duration::from_millis(1500)).unix_millis(), 2500);
        assert_eq!(t.plus(Duration::MAX).unix_millis(), MAX_MS);
    }

    #[test]
    fn clamps_to_four_digit_years() {
        assert_eq!(
            Timestamp::from_unix_millis(i64::MAX).to_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            Timestamp::from_unix_millis(i64::MIN).to_string(),
            "0000-01-01T00:00:00.000Z"
        );
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(ms in MIN_MS..=MAX_MS) {
            let t = Timestamp::from_unix_millis(ms);
            prop_assert_eq!(Timestamp::parse_rfc3339(&t.to_string()), Some(t));
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Timestamp::parse_rfc3339(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{2}:[0-9]{2}|x)?") {
            let _ = Timestamp::parse_rfc3339(&s);
        }
    }
}
