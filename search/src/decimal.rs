//! Numbers as decimal text: with a fixed number of places for machines (SVG coordinates, the
//! coordinates in map links and GPX files, [`fixed`]), and for readers in their language's form
//! ([`for_reader`]: `1,5 giờ`, `about 1.5 h`). A multiplication, a rounding and integer digits,
//! not the standard library's float formatting, which only saved a few hundred bytes of the
//! page's WebAssembly: `f64`'s `Display` stays reachable from code that is not ours
//! (docs/phone.md).

use std::fmt;

use crate::lang::Lang;

/// `value` with `places` decimals (at most 9), rounded half away from zero; `-0` is written
/// `0`, and a number that is not finite is written `0` rather than `NaN` or `inf`.
pub fn fixed(value: f64, places: u32) -> Fixed {
    Fixed { value, places }
}

/// A number for a reader, with at most `places` decimals and no trailing zeros, in the
/// language's way: `1.5` in English, `1,5` in Vietnamese, `2` in both.
pub fn for_reader(value: f64, places: u32, lang: Lang) -> String {
    let text = trimmed(value, places);
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// `value` with at most `places` decimals and no trailing zeros (`1.5`, `2`, `21.0285`), as
/// [`fixed`] rounds it.
pub fn trimmed(value: f64, places: u32) -> String {
    let text = fixed(value, places).to_string();
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A number written with a fixed number of decimals ([`fixed`]).
#[derive(Clone, Copy, Debug)]
pub struct Fixed {
    value: f64,
    places: u32,
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let places = self.places.min(9);
        let scale = 10u64.pow(places);
        let magnitude = if self.value.is_finite() {
            // `as` saturates: a number beyond u64 is written as u64::MAX units.
            (self.value.abs() * scale as f64).round() as u64
        } else {
            0
        };
        if self.value < 0.0 && magnitude != 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", magnitude / scale)?;
        if places > 0 {
            write!(f, ".{:0width$}", magnitude % scale, width = places as usize)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{fixed, for_reader};
    use crate::lang::Lang;

    #[test]
    fn writes_what_the_standard_library_writes_away_from_ties() {
        let mut checked = 0;
        for i in -20_000..20_000 {
            // Values that are not exact decimals, positive and negative, small and large.
            let value = f64::from(i) * 0.013_7 + f64::from(i).powi(3) * 1.1e-7;
            for places in 0..=6u32 {
                let scaled = value.abs() * 10f64.powi(places as i32);
                if (scaled.fract() - 0.5).abs() < 1e-6 {
                    continue; // a tie: the standard library rounds to even, this away from zero
                }
                let ours = fixed(value, places).to_string();
                let std = format!("{value:.*}", places as usize);
                let std = if std
                    .trim_start_matches('-')
                    .trim_matches(['0', '.'])
                    .is_empty()
                {
                    std.trim_start_matches('-').to_string()
                } else {
                    std
                };
                assert_eq!(ours, std, "{value} with {places} places");
                checked += 1;
            }
        }
        assert!(checked > 250_000, "only {checked} compared");
    }

    #[test]
    fn rounds_ties_away_from_zero_and_never_writes_minus_zero() {
        assert_eq!(fixed(2.5, 0).to_string(), "3");
        assert_eq!(fixed(-2.5, 0).to_string(), "-3");
        assert_eq!(fixed(0.25, 1).to_string(), "0.3");
        assert_eq!(fixed(-0.04, 1).to_string(), "0.0");
        assert_eq!(fixed(-0.0, 0).to_string(), "0");
        assert_eq!(fixed(21.028_511, 6).to_string(), "21.028511");
        assert_eq!(fixed(105.804_817_3, 5).to_string(), "105.80482");
        assert_eq!(fixed(1_048_576.0 / 1024.0, 1).to_string(), "1024.0");
    }

    #[test]
    fn a_number_for_a_reader_drops_trailing_zeros_and_takes_the_language_s_decimal_mark() {
        assert_eq!(for_reader(1.5, 1, Lang::En), "1.5");
        assert_eq!(for_reader(1.5, 1, Lang::Vi), "1,5");
        assert_eq!(for_reader(2.0, 1, Lang::Vi), "2");
        assert_eq!(for_reader(10.04, 1, Lang::En), "10");
        assert_eq!(for_reader(120.0, 0, Lang::En), "120");
        assert_eq!(for_reader(-0.01, 1, Lang::Vi), "0");
    }

    #[test]
    fn writes_zero_for_numbers_that_are_not_finite() {
        assert_eq!(fixed(f64::NAN, 2).to_string(), "0.00");
        assert_eq!(fixed(f64::INFINITY, 0).to_string(), "0");
    }
}
