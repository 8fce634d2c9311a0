// The Vietnamese lunar calendar's rules for `calendrical_calculations`, shared by the build
// script (which writes the table of lunar years the crate reads at run time) and the tests of
// `calendar.rs` (which compare that table with the crate's astronomy). Included with
// `include!`, so it holds only items and names its imports in full.

/// The Vietnamese lunar calendar for `calendrical_calculations`: the Chinese rules, with new
/// moons and solar terms dated in Hanoi's time. North Vietnam moved its calendar from UTC+8 to
/// UTC+7 from 1968 (Reingold & Dershowitz's `vietnamese-location`).
pub struct Vietnam;

impl calendrical_calculations::chinese_based::ChineseBased for Vietnam {
    fn utc_offset(fixed: calendrical_calculations::rata_die::RataDie) -> f64 {
        if fixed < const { calendrical_calculations::gregorian::fixed_from_gregorian(1968, 1, 1) } {
            8.0 / 24.0
        } else {
            // `calendar::VIETNAM_UTC_OFFSET_HOURS` (checked by its tests).
            7.0 / 24.0
        }
    }

    // Only the year numbering inside the crate depends on it; the handbook numbers lunar years
    // by the solar year their Tết falls in.
    const EPOCH: calendrical_calculations::rata_die::RataDie =
        calendrical_calculations::gregorian::fixed_from_gregorian(-2636, 2, 15);
    const DEBUG_NAME: &'static str = "vietnamese";
}

/// Lunar year `year` (the one whose Tết falls in solar year `year`) as the crate computes it:
/// the day it begins (a rata die), which of its months have 30 days (bit `i` for the month at
/// ordinal `i + 1`), and the ordinal of its leap month (0 when it has none).
pub fn lunar_year_by_astronomy(year: i32) -> (i64, u16, u8) {
    use calendrical_calculations::chinese_based::{month_structure_for_year, YearBounds};
    // Tết falls between 21 January and 20 February: 1 July is always in the lunar year that
    // began that solar year.
    let day = calendrical_calculations::gregorian::fixed_from_gregorian(year, 7, 1);
    let bounds = YearBounds::compute::<Vietnam>(day);
    let (thirty_days, leap_ordinal) =
        month_structure_for_year::<Vietnam>(bounds.new_year, bounds.next_new_year);
    let count = if bounds.is_leap() { 13 } else { 12 };
    let mask = thirty_days
        .iter()
        .take(count)
        .enumerate()
        .filter(|(_, thirty)| **thirty)
        .fold(0u16, |mask, (i, _)| mask | 1 << i);
    (
        bounds.new_year.to_i64_date(),
        mask,
        leap_ordinal.unwrap_or(0),
    )
}
