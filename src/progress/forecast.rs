//! What is coming and how it went: reviews due per local day for the next two weeks, and the
//! share of reviews answered right over the last month. Plain data for the progress screen's
//! bar chart and the plain drill's summary; pure (the caller passes now and the zone).
use super::days::Zone;
use super::drill;
use super::{Progress, Timestamp};
use crate::content::Catalog;

/// Days the forecast covers, today included.
pub const FORECAST_DAYS: usize = 14;

/// Days (today included) the retention figure looks back over.
pub const RETENTION_DAYS: i64 = 30;

/// Reviews to come and recent retention.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Reviews due per local day: `[0]` is today (overdue ones included), `[1]` tomorrow, … up
    /// to [`FORECAST_DAYS`] entries.
    pub due_per_day: Vec<usize>,
    /// Scheduled reviews (answers to a question answered before; not first answers, relearning
    /// retries or cram) in the last [`RETENTION_DAYS`] local days.
    pub reviews: usize,
    /// Of those, answered right.
    pub right: usize,
}

impl Forecast {
    /// The share of reviews answered right, `None` with no reviews (a screen shows "–").
    pub fn retention(&self) -> Option<f64> {
        (self.reviews > 0).then(|| self.right as f64 / self.reviews as f64)
    }
}

/// The forecast at `now` for the questions of `catalog` (answers to questions no longer in the
/// course are ignored). Cards are read with [`drill::card_at`], so a time from the future counts
/// from now.
pub fn forecast(catalog: &Catalog, progress: &Progress, now: Timestamp, zone: Zone) -> Forecast {
    let today = zone.day(now);
    let mut due_per_day = vec![0; FORECAST_DAYS];
    let (mut reviews, mut right) = (0, 0);
    for (id, _, question) in drill::course_order(catalog) {
        let Some(record) = progress.questions.get(&id) else {
            continue;
        };
        if let Some(card) = drill::card_at(question, record, now) {
            let offset = (zone.day(card.due) - today).max(0);
            if let Some(n) = usize::try_from(offset)
                .ok()
                .and_then(|i| due_per_day.get_mut(i))
            {
                *n += 1;
            }
        }
        let mut scheduled: Vec<_> = record
            .answers
            .iter()
            .filter(|a| a.practice.is_review())
            .collect();
        scheduled.sort_by_key(|a| a.at);
        for a in scheduled.iter().skip(1) {
            let day = zone.day(a.at.min(now));
            if today - day < RETENTION_DAYS {
                reviews += 1;
                right += usize::from(a.correct);
            }
        }
    }
    Forecast {
        due_per_day,
        reviews,
        right,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::progress::drill::tests::{at_hours, catalog, day};
    use crate::progress::drill::{record, record_as};
    use crate::progress::{Practice, Progress};
    use crate::quiz::{Answered, Response, grade};

    fn tf(right: bool) -> Answered {
        let response = Response::TrueFalse { answer: right };
        Answered {
            outcome: grade(&crate::content::Kind::TrueFalse { answer: true }, &response),
            response,
            elapsed: Duration::from_secs(5),
        }
    }

    #[test]
    fn due_per_local_day_for_two_weeks() {
        let c = catalog(4, 0);
        let mut p = Progress::new();
        let q = |id: &str| c.question(id).unwrap().1.clone();
        // Two lapses on day 0 (due day 1), two right answers (due a few days later).
        record(&mut p, "qa/q1", &q("qa/q1"), at_hours(1.0), tf(false));
        record(&mut p, "qa/q2", &q("qa/q2"), at_hours(2.0), tf(false));
        record(&mut p, "qa/q3", &q("qa/q3"), at_hours(3.0), tf(true));
        record(&mut p, "qa/q4", &q("qa/q4"), at_hours(4.0), tf(true));
        let f = forecast(&c, &p, at_hours(5.0), Zone::UTC);
        assert_eq!(f.due_per_day.len(), FORECAST_DAYS);
        assert_eq!(f.due_per_day[0], 0);
        assert_eq!(f.due_per_day[1], 2);
        assert_eq!(f.due_per_day.iter().sum::<usize>(), 4);
        let later = f.due_per_day.iter().rposition(|&n| n > 0).unwrap();
        assert_eq!(
            f.due_per_day[later], 2,
            "both right answers due on the same later day"
        );
        // Overdue reviews count for today.
        let f = forecast(&c, &p, day(30.0), Zone::UTC);
        assert_eq!(f.due_per_day[0], 4);
        // First answers are not reviews: no retention yet.
        assert_eq!(f.retention(), None);
    }

    #[test]
    fn retention_is_the_share_right_of_recent_reviews() {
        let c = catalog(3, 0);
        let mut p = Progress::new();
        let q = |id: &str| c.question(id).unwrap().1.clone();
        for id in ["qa/q1", "qa/q2", "qa/q3"] {
            record(&mut p, id, &q(id), day(0.0), tf(true));
        }
        // Reviews on day 5: two right, one wrong; a relearning retry and a cram answer do not count.
        record(&mut p, "qa/q1", &q("qa/q1"), day(5.0), tf(true));
        record(&mut p, "qa/q2", &q("qa/q2"), day(5.1), tf(true));
        record(&mut p, "qa/q3", &q("qa/q3"), day(5.2), tf(false));
        record_as(
            &mut p,
            "qa/q3",
            &q("qa/q3"),
            day(5.3),
            tf(true),
            Practice::Relearn,
        );
        record_as(
            &mut p,
            "qa/q1",
            &q("qa/q1"),
            day(5.4),
            tf(false),
            Practice::Cram,
        );
        let f = forecast(&c, &p, day(6.0), Zone::UTC);
        assert_eq!((f.reviews, f.right), (3, 2));
        assert!((f.retention().unwrap() - 2.0 / 3.0).abs() < 1e-9);
        // Thirty days later the day-5 reviews have left the window.
        assert_eq!(forecast(&c, &p, day(35.5), Zone::UTC).reviews, 0);
        assert_eq!(forecast(&c, &p, day(34.5), Zone::UTC).reviews, 3);
    }
}
