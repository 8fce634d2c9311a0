//! The lunar calendar (`calendrical_calculations` through `calendar`) against an independent reference: the
//! month starts of 2024–2034 computed from PyEphem's astronomy with the Vietnamese calendar's
//! rules at UTC+7 (`lunar-reference.py` beside this file wrote `lunar-months.txt`). A new
//! version of the crate that moved a single month would fail here.

use handbook_search::calendar::{Date, LunarDate};

const MONTHS: &str = include_str!("lunar-months.txt");

/// Each month of the reference: its lunar year, number and leap flag, and its first day.
fn months() -> Vec<(LunarDate, Date)> {
    MONTHS
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            let month = LunarDate {
                year: f[0].parse().unwrap(),
                month: f[1].parse().unwrap(),
                day: 1,
                leap: f[2] == "1",
            };
            (month, Date::parse(f[3]).unwrap())
        })
        .collect()
}

#[test]
fn every_month_of_2024_to_2034_starts_on_the_reference_day() {
    let months = months();
    assert_eq!(months.len(), 136, "11 years of 12 months and 4 leap months");
    for (month, first) in &months {
        assert_eq!(month.to_solar(), Some(*first), "{month:?}");
    }
}

#[test]
fn every_day_of_2024_to_2034_has_the_reference_lunar_date() {
    let months = months();
    for pair in months.windows(2) {
        let ((month, first), (_, next)) = (pair[0], pair[1]);
        let length = first.days_until(next);
        assert!(length == 29 || length == 30, "{month:?} has {length} days");
        assert_eq!(month.month_length(), Some(length as u8), "{month:?}");
        for day in 0..length {
            let expected = LunarDate {
                day: day as u8 + 1,
                ..month
            };
            assert_eq!(first.plus_days(day).lunar(), Some(expected));
        }
    }
}

#[test]
fn leap_months_are_the_reference_ones() {
    let leaps: Vec<(i32, u8)> = months()
        .iter()
        .filter(|(m, _)| m.leap)
        .map(|(m, _)| (m.year, m.month))
        .collect();
    // 2033's leap 11th month is the one the Chinese calendar's "2033 problem" is about.
    assert_eq!(leaps, [(2025, 6), (2028, 5), (2031, 3), (2033, 11)]);
    for year in 2024..=2034 {
        let expected = leaps.iter().find(|(y, _)| *y == year).map(|(_, m)| *m);
        assert_eq!(LunarDate::leap_month(year), expected, "{year}");
    }
}

#[test]
fn a_new_moon_near_midnight_starts_the_month_on_its_day_in_hanoi() {
    // The new moon of August 2026 (a solar eclipse) is at 17:36 UTC on the 12th, 00:36 on the
    // 13th in Hanoi: the 7th month begins on the 13th, and Rằm tháng Bảy is the 27th. (A
    // truncated new-moon series, as in Hồ Ngọc Đức's converter, puts it at 23:55 on the 12th.)
    assert_eq!(
        LunarDate::new(2026, 7, 1).to_solar(),
        Date::parse("2026-08-13")
    );
    assert_eq!(
        LunarDate::new(2026, 7, 15).to_solar(),
        Date::parse("2026-08-27")
    );
}

#[test]
fn the_calendar_is_vietnams_not_chinas() {
    // The December solstice of 1984 fell at 23:22 on the 21st in Hanoi but 00:22 on the 22nd in
    // Beijing, the day a month began: the months after it are numbered differently, and Tết
    // 1985 came on 21 January in Vietnam, 20 February in China. The new moon of February 2007
    // fell at 23:14 on the 17th in Hanoi, 00:14 on the 18th in Beijing: Tết a day apart.
    // (Times from PyEphem, as in months.txt.)
    assert_eq!(
        LunarDate::new(1985, 1, 1).to_solar(),
        Date::parse("1985-01-21")
    );
    assert_eq!(
        LunarDate::new(2007, 1, 1).to_solar(),
        Date::parse("2007-02-17")
    );
}
