//! When a village festival next takes place. Festivals are kept by their lunar date (the seeds'
//! `lunar_month`, `lunar_day`, `days`); a visitor needs the solar dates, which move from year to
//! year, so they are computed on the day they are shown ([`upcoming`]), never stored: a page
//! prerendered today would be wrong in a month.
//!
//! How a lunar date falls in a given year, as villages keep it:
//! - **Leap months**: a festival is held in the regular month. When the year repeats that month
//!   (2025 had a leap 6th month), the festival is not held again in the leap one.
//! - **Day 30**: lunar months have 29 or 30 days. A festival on the 30th of a month that has
//!   29 days that year is held on its last day, the 29th ("ngày cuối tháng"), and the occurrence
//!   says it was moved ([`Occurrence::moved_to_last_day`]).
//! - **Several days**: a festival of `days` days runs on consecutive solar days from its first,
//!   across the end of a lunar month if need be.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, LunarDate};
use crate::lang::{Bilingual, Lang};
use crate::model::Festival;

/// One holding of a festival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The first day.
    pub start: Date,
    /// The last day (the first, for a one-day festival).
    pub end: Date,
    /// The first day in the lunar calendar, as held (the 29th when moved from the 30th).
    pub lunar: LunarDate,
    /// The festival's day is the 30th, and the month has 29 days that year: it is held on the
    /// 29th, the month's last day.
    pub moved_to_last_day: bool,
}

impl Occurrence {
    /// Whether the festival is on during `day`.
    pub fn is_on(&self, day: Date) -> bool {
        (self.start..=self.end).contains(&day)
    }

    /// Days from `today` to the first day; 0 while the festival is on, negative once it is over.
    pub fn days_until(&self, today: Date) -> i32 {
        if self.is_on(today) {
            0
        } else {
            today.days_until(self.start)
        }
    }

    /// The dates as a reader of `lang` writes them: `6 Feb 2027`, `6–8 Feb 2027`.
    pub fn format(&self, lang: Lang) -> String {
        self.start.format_span(self.end, lang)
    }
}

impl Festival {
    /// The festival's holding in lunar year `year`; `None` when its lunar date is not a date
    /// (month outside 1–12, day outside 1–30, no days) or the year is outside
    /// [`crate::calendar::LUNAR_YEARS`].
    pub fn in_lunar_year(&self, year: i32) -> Option<Occurrence> {
        if self.days == 0 || self.lunar_day == 0 || self.lunar_day > 30 {
            return None;
        }
        let asked = LunarDate::new(year, self.lunar_month, self.lunar_day);
        let (lunar, start) = match asked.to_solar() {
            Some(start) => (asked, start),
            // Only the 30th can be missing from a month that exists: hold it on the 29th.
            None if self.lunar_day == 30 => {
                let last = LunarDate { day: 29, ..asked };
                (last, last.to_solar()?)
            }
            None => return None,
        };
        Some(Occurrence {
            start,
            end: start.plus_days(i32::from(self.days) - 1),
            lunar,
            moved_to_last_day: lunar != asked,
        })
    }

    /// The holding that is on `today` or comes next; `None` when the festival's lunar date is
    /// not a date or `today` is outside the years the calendar covers.
    pub fn next(&self, today: Date) -> Option<Occurrence> {
        let year = today.lunar()?.year;
        // A long festival of last year can still be on; this year's may be over already.
        (year - 1..=year + 1)
            .filter_map(|y| self.in_lunar_year(y))
            .find(|o| o.end >= today)
    }
}

/// A festival with its next dates, for a village page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpcomingFestival {
    /// The festival's name.
    pub name: Bilingual,
    /// What happens, where a source says.
    pub about: Option<Bilingual>,
    /// Its lunar date as kept: month 1–12.
    pub lunar_month: u8,
    /// Its lunar date as kept: day 1–30.
    pub lunar_day: u8,
    /// How many days it lasts.
    pub days: u8,
    /// Its holding that is on today or comes next.
    pub next: Occurrence,
}

impl UpcomingFestival {
    /// The lunar date as kept, as a reader of `lang` says it: `ngày 15 tháng 8 âm lịch`.
    pub fn lunar_date(&self, lang: Lang) -> String {
        LunarDate {
            month: self.lunar_month,
            day: self.lunar_day,
            ..self.next.lunar
        }
        .format(lang)
    }
}

/// A village's festivals with their next dates, soonest first (festivals on today come first);
/// festivals whose lunar date is not a date are left out.
pub fn upcoming(festivals: &[Festival], today: Date) -> Vec<UpcomingFestival> {
    let mut out: Vec<UpcomingFestival> = festivals
        .iter()
        .filter_map(|f| {
            Some(UpcomingFestival {
                name: Bilingual {
                    vi: f.name.clone(),
                    en: f.name_en.clone(),
                },
                about: f.about.as_ref().map(|vi| Bilingual {
                    vi: vi.clone(),
                    en: f.about_en.clone(),
                }),
                lunar_month: f.lunar_month,
                lunar_day: f.lunar_day,
                days: f.days,
                next: f.next(today)?,
            })
        })
        .collect();
    out.sort_by_key(|f| f.next.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn festival(lunar_month: u8, lunar_day: u8, days: u8) -> Festival {
        Festival {
            name: format!("Hội {lunar_day}/{lunar_month}"),
            name_en: None,
            lunar_month,
            lunar_day,
            days,
            about: None,
            about_en: None,
        }
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn tet_and_mid_autumn_fall_on_their_known_days() {
        let tet = festival(1, 1, 3);
        let next = tet.next(date("2026-03-01")).unwrap();
        assert_eq!(
            (next.start, next.end),
            (date("2027-02-06"), date("2027-02-08"))
        );
        assert_eq!(next.format(Lang::En), "6–8 Feb 2027");
        let mid_autumn = festival(8, 15, 1).next(date("2026-01-01")).unwrap();
        assert_eq!(mid_autumn.start, date("2026-09-25"));
    }

    #[test]
    fn a_festival_that_is_on_today_is_the_next_one() {
        let tet = festival(1, 1, 3);
        let on = tet.next(date("2026-02-18")).unwrap();
        assert_eq!(on.start, date("2026-02-17"));
        assert!(on.is_on(date("2026-02-18")));
        assert_eq!(on.days_until(date("2026-02-18")), 0);
        // The day after it ends, the next year's comes.
        assert_eq!(
            tet.next(date("2026-02-20")).unwrap().start,
            date("2027-02-06")
        );
        assert_eq!(
            tet.next(date("2026-02-16"))
                .unwrap()
                .days_until(date("2026-02-16")),
            1
        );
    }

    #[test]
    fn a_festival_of_month_twelve_is_found_in_the_next_solar_year() {
        // 23 tháng Chạp of lunar 2025 (Ông Công Ông Táo) is 2026-02-10.
        let kitchen_gods = festival(12, 23, 1);
        assert_eq!(
            kitchen_gods.next(date("2026-01-01")).unwrap().start,
            date("2026-02-10")
        );
    }

    #[test]
    fn day_thirty_moves_to_the_last_day_of_a_short_month() {
        // Month 12 of lunar 2026 has 29 days: the 30th is held on the 29th, 2027-02-05.
        let eve = festival(12, 30, 1);
        let held = eve.in_lunar_year(2026).unwrap();
        assert_eq!(held.start, date("2027-02-05"));
        assert!(held.moved_to_last_day);
        assert_eq!(held.lunar.day, 29);
        // Month 1 of 2026 has 30 days: the 30th stays.
        let full = festival(1, 30, 1).in_lunar_year(2026).unwrap();
        assert_eq!(
            (full.start, full.moved_to_last_day),
            (date("2026-03-18"), false)
        );
    }

    #[test]
    fn a_leap_month_does_not_repeat_the_festival() {
        // 2025 has a leap 6th month (from 2025-07-25); the festival of 10/6 is held once, in
        // the regular month.
        let summer = festival(6, 10, 1);
        let held = summer.next(date("2025-07-01")).unwrap();
        assert_eq!(held.start, date("2025-07-04"));
        assert!(!held.lunar.leap);
        assert_eq!(
            summer.next(date("2025-07-05")).unwrap().start,
            LunarDate::new(2026, 6, 10).to_solar().unwrap()
        );
    }

    #[test]
    fn a_festival_without_a_real_date_has_no_occurrence() {
        for f in [
            festival(13, 1, 1),
            festival(1, 31, 1),
            festival(1, 0, 1),
            festival(1, 1, 0),
        ] {
            assert_eq!(f.next(date("2026-01-01")), None, "{f:?}");
        }
    }

    #[test]
    fn upcoming_lists_the_soonest_first_and_serialises() {
        let festivals = [festival(8, 15, 1), festival(1, 1, 3), festival(13, 1, 1)];
        let list = upcoming(&festivals, date("2026-06-01"));
        let starts: Vec<String> = list.iter().map(|f| f.next.start.to_string()).collect();
        assert_eq!(starts, ["2026-09-25", "2027-02-06"]);
        assert_eq!(list[1].lunar_date(Lang::Vi), "ngày 1 tháng Giêng âm lịch");
        let json = serde_json::to_value(&list[1]).unwrap();
        assert_eq!(json["next"]["start"], "2027-02-06");
        assert_eq!(json["next"]["end"], "2027-02-08");
        let back: UpcomingFestival = serde_json::from_value(json).unwrap();
        assert_eq!(back, list[1]);
    }
}
