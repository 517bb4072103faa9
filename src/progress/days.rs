//! Local calendar days: every "day" a learner sees (streak, due today, the drill summary, the
//! forecast, `results --since DATE`) is a day of the learner's own calendar, while every stored
//! time stays UTC ([`Timestamp`]).
//!
//! Why: a learner in Los Angeles who answers on Saturday at noon (20:00 UTC) and on Sunday at
//! 21:00 (Monday 05:00 UTC) has practised two days running, but UTC days see a gap on Sunday and
//! break the streak. And a learner who drills at 06:31 must find a card due "today at 08:00"
//! due, or every one-day card slips a day each morning. Cutting days at the learner's own
//! midnight fixes both.
//!
//! The core never reads the time zone itself: callers pass a [`Zone`]. [`Zone::System`] asks
//! chrono for the machine's zone (the `TZ` variable, else `/etc/localtime`), which is what the
//! binary uses; tests use [`Zone::Fixed`] offsets so they give the same answer on every machine.
use chrono::{Offset, TimeZone};

use super::time::{Timestamp, civil_from_days, days_from_civil};

const DAY_MS: i64 = 86_400_000;

/// Where the learner's days begin and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The machine's local zone, with its daylight-saving rules (chrono's `Local`).
    System,
    /// A fixed offset from UTC in minutes, east positive (`-480` is PST, `60` is CET). Tests only:
    /// the binary always follows the machine's zone (`TZ`).
    #[cfg(test)]
    Fixed(i32),
}

/// A local calendar day: days since 1970-01-01 in the learner's zone. Ordered; `day + 1` is the
/// next day.
pub type Day = i64;

impl Zone {
    /// UTC days (the behaviour before local days existed; also the fallback for tests).
    #[cfg(test)]
    pub const UTC: Zone = Zone::Fixed(0);

    /// The zone's offset from UTC at instant `t`, in milliseconds (east positive).
    pub fn offset_ms(self, t: Timestamp) -> i64 {
        match self {
            #[cfg(test)]
            Zone::Fixed(minutes) => i64::from(minutes) * 60_000,
            Zone::System => {
                let utc = chrono::DateTime::from_timestamp_millis(t.unix_millis())
                    .unwrap_or_default()
                    .naive_utc();
                i64::from(
                    chrono::Local
                        .offset_from_utc_datetime(&utc)
                        .fix()
                        .local_minus_utc(),
                ) * 1000
            }
        }
    }

    /// The local calendar day holding instant `t`.
    pub fn day(self, t: Timestamp) -> Day {
        (t.unix_millis() + self.offset_ms(t)).div_euclid(DAY_MS)
    }

    /// The first instant of local day `day` (local midnight; where a daylight-saving change
    /// skips midnight, the offset in force just after it is used).
    pub fn start_of(self, day: Day) -> Timestamp {
        let midnight = day.saturating_mul(DAY_MS);
        let guess = Timestamp::from_unix_millis(
            midnight - self.offset_ms(Timestamp::from_unix_millis(midnight)),
        );
        Timestamp::from_unix_millis(midnight - self.offset_ms(guess))
    }

    /// The local date of `t` as `YYYY-MM-DD`, for messages ("due on 2026-12-01").
    pub fn date(self, t: Timestamp) -> String {
        date_of(self.day(t))
    }

    /// The local day of a `YYYY-MM-DD` date, `None` if it is not one.
    pub fn parse_date(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = text.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let probe = Timestamp::parse_rfc3339(&format!("{text}T00:00:00Z"))?;
        let day = days_from_civil(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?);
        (probe.unix_millis().div_euclid(DAY_MS) == day).then_some(day)
    }
}

/// "today", "tomorrow", "in 3 days": how far a local day is ahead of today (`n` days; past
/// days read as today, since what is overdue is due now).
pub fn in_days(n: i64) -> String {
    match n {
        ..=0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    }
}

/// `YYYY-MM-DD` of a day count.
pub fn date_of(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn los_angeles_days_are_not_utc_days() {
        let la = Zone::Fixed(-8 * 60);
        // Saturday noon and Sunday 21:00 in Los Angeles: consecutive local days, but two UTC
        // days apart (Sunday 21:00 PST is Monday 05:00 UTC).
        let sat = t("2026-11-28T20:00:00Z");
        let sun = t("2026-11-30T05:00:00Z");
        assert_eq!(la.day(sun) - la.day(sat), 1);
        assert_eq!(Zone::UTC.day(sun) - Zone::UTC.day(sat), 2);
        assert_eq!(la.date(sun), "2026-11-29");
        assert_eq!(Zone::UTC.date(sun), "2026-11-30");
    }

    #[test]
    fn start_of_day_is_local_midnight() {
        let la = Zone::Fixed(-8 * 60);
        let day = la.day(t("2026-11-29T10:00:00Z"));
        assert_eq!(la.start_of(day), t("2026-11-29T08:00:00Z"));
        let cet = Zone::Fixed(60);
        assert_eq!(
            cet.start_of(cet.day(t("2026-11-29T00:30:00Z"))),
            t("2026-11-28T23:00:00Z")
        );
    }

    #[test]
    fn dates_parse_and_print() {
        let day = Zone::parse_date("2026-11-29").unwrap();
        assert_eq!(date_of(day), "2026-11-29");
        for bad in ["2026-02-30", "2026-1-01", "", "20261129", "2026-11-2x"] {
            assert_eq!(Zone::parse_date(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_date_round_trips_and_never_panics(day in -719_468i64..2_932_896, s in "\\PC{0,12}") {
            proptest::prop_assert_eq!(Zone::parse_date(&date_of(day)), Some(day));
            let _ = Zone::parse_date(&s);
        }

        #[test]
        fn start_of_a_day_is_in_that_day(day in -100_000i64..100_000, minutes in -14 * 60..=14 * 60i32) {
            let zone = Zone::Fixed(minutes);
            proptest::prop_assert_eq!(zone.day(zone.start_of(day)), day);
            let before = Timestamp::from_unix_millis(zone.start_of(day).unix_millis() - 1);
            proptest::prop_assert_eq!(zone.day(before), day - 1);
        }
    }

    #[test]
    fn system_zone_is_a_whole_offset() {
        // Whatever the machine's zone, its offset is under a day and days are contiguous.
        let now = t("2026-11-29T12:00:00Z");
        assert!(Zone::System.offset_ms(now).abs() < DAY_MS);
        let d = Zone::System.day(now);
        assert_eq!(Zone::System.day(Zone::System.start_of(d + 1)), d + 1);
    }
}
