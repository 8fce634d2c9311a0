//! Tours as summary cards, and the filters of the list of tours (`/tours?transport=&length=
//! &audience=`, see [`crate::route::Route::Tours`]): what a visitor compares before opening a
//! tour — how it travels, how long it is, who it is for, how many stops, about how many hours.

use serde::{Deserialize, Serialize};

use crate::geo::straight_line_km;
use crate::lang::Bilingual;
use crate::model::{Audience, Coordinates, Tour, TourOrigin, Transport, Verification};

/// How long a tour is, by the straight-line length between its stops (getting to the first
/// stop is not counted). The seeds' tours run from 3 to 26 km.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthBand {
    /// Under [`LengthBand::SHORT_BELOW_KM`]: a bicycle ride or a walk.
    Short,
    /// From [`LengthBand::SHORT_BELOW_KM`] to under [`LengthBand::LONG_FROM_KM`].
    Medium,
    /// [`LengthBand::LONG_FROM_KM`] and more: a day by car.
    Long,
}

impl LengthBand {
    /// Every band, shortest first.
    pub const ALL: [LengthBand; 3] = [LengthBand::Short, LengthBand::Medium, LengthBand::Long];
    /// Straight-line km below which a tour is short.
    pub const SHORT_BELOW_KM: f64 = 10.0;
    /// Straight-line km from which a tour is long.
    pub const LONG_FROM_KM: f64 = 20.0;

    /// The band of a straight-line length, km.
    pub fn of(straight_km: f64) -> LengthBand {
        if straight_km < Self::SHORT_BELOW_KM {
            LengthBand::Short
        } else if straight_km < Self::LONG_FROM_KM {
            LengthBand::Medium
        } else {
            LengthBand::Long
        }
    }

    /// The band's name in URLs: `short`, `medium`, `long`.
    pub fn as_str(self) -> &'static str {
        match self {
            LengthBand::Short => "short",
            LengthBand::Medium => "medium",
            LengthBand::Long => "long",
        }
    }

    /// Parses a name made by [`LengthBand::as_str`].
    pub fn parse(name: &str) -> Option<LengthBand> {
        LengthBand::ALL.into_iter().find(|b| b.as_str() == name)
    }
}

/// What a tour's card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TourSummary {
    /// The tour's id (its page is `/tour/<id>`).
    pub id: String,
    /// Its name.
    pub name: Bilingual,
    /// Its summary.
    pub summary: Bilingual,
    /// How it travels.
    pub transport: Transport,
    /// Who it is designed for.
    pub audience: Vec<Audience>,
    /// Published by the city or an operator, or suggested by the handbook.
    pub origin: TourOrigin,
    /// Whether the sources back it.
    pub verification: Verification,
    /// Number of stops.
    pub stops: usize,
    /// Stops whose position is unknown (left out of the lengths).
    pub unplaced_stops: usize,
    /// Straight-line length from the first stop to the last through the others, km.
    pub straight_km: f64,
    /// Estimated road length, km (straight line × [`crate::model::ROAD_FACTOR`]).
    pub road_km: f64,
    /// Estimated time, minutes: travelling at the transport's speed plus the time at the stops.
    pub minutes: u32,
    /// The length's band, for the filter.
    pub length: LengthBand,
}

impl TourSummary {
    /// The card of a tour; `village` gives a village's position by id (as for
    /// [`Tour::route`], whose estimate of road length and time it shows).
    pub fn new(tour: &Tour, village: impl Fn(&str) -> Option<Coordinates>) -> TourSummary {
        let placed: Vec<Coordinates> = tour
            .stop_positions(&village)
            .into_iter()
            .flatten()
            .collect();
        let straight_km = straight_line_km(&placed);
        let route = tour.route(&village);
        TourSummary {
            id: tour.id.clone(),
            name: Bilingual {
                vi: tour.name.clone(),
                en: tour.name_en.clone(),
            },
            summary: Bilingual {
                vi: tour.summary.clone(),
                en: tour.summary_en.clone(),
            },
            transport: tour.transport,
            audience: tour.audience.clone(),
            origin: tour.origin,
            verification: tour.verification,
            stops: tour.stops.len(),
            unplaced_stops: route.unplaced_stops,
            straight_km,
            road_km: route.distance_km,
            minutes: route.total_minutes(),
            length: LengthBand::of(straight_km),
        }
    }

    /// The estimated time in hours, to the nearest half hour (at least half an hour).
    pub fn hours(&self) -> f64 {
        ((f64::from(self.minutes) / 30.0).round() / 2.0).max(0.5)
    }
}

/// The filters of the list of tours; an absent filter lets every tour through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TourFilter {
    /// Only tours that travel so.
    pub transport: Option<Transport>,
    /// Only tours of this length.
    pub length: Option<LengthBand>,
    /// Only tours designed for this audience.
    pub audience: Option<Audience>,
}

impl TourFilter {
    /// Whether a tour passes every filter set.
    pub fn matches(&self, tour: &TourSummary) -> bool {
        self.transport.is_none_or(|t| tour.transport == t)
            && self.length.is_none_or(|l| tour.length == l)
            && self.audience.is_none_or(|a| tour.audience.contains(&a))
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == TourFilter::default()
    }

    /// The tours that pass, in the order given.
    pub fn apply<'a>(&self, tours: &'a [TourSummary]) -> Vec<&'a TourSummary> {
        tours.iter().filter(|t| self.matches(t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Precision, Stop};

    /// Stops named by their latitude (`"21.05"`), at that latitude.
    fn position(id: &str) -> Option<Coordinates> {
        Some(Coordinates {
            lat: id.parse().ok()?,
            lon: 105.8,
            precision: Precision::Village,
        })
    }

    fn stop(village: &str, minutes: u32) -> Stop {
        Stop {
            village: Some(village.into()),
            place: None,
            coordinates: None,
            minutes,
            activity: "xem".into(),
            activity_en: None,
        }
    }

    fn tour(transport: Transport, audience: Vec<Audience>, stops: &[&str]) -> Tour {
        Tour {
            id: "t".into(),
            name: "Tour".into(),
            name_en: Some("Tour".into()),
            theme: "x".into(),
            summary: "x".into(),
            summary_en: None,
            audience,
            transport,
            origin: TourOrigin::Suggested,
            stops: stops.iter().map(|v| stop(v, 60)).collect(),
            verification: Verification::Sourced,
            sources: vec![],
        }
    }

    #[test]
    fn a_card_sums_the_legs_and_estimates_the_time() {
        let t = tour(
            Transport::Bicycle,
            vec![Audience::Schools],
            &["21.0", "21.1", "21.05"],
        );
        // 0.1° then 0.05° of latitude: 11.12 + 5.56 km in a straight line.
        let card = TourSummary::new(&t, position);
        assert!((card.straight_km - 16.68).abs() < 0.01, "{card:?}");
        assert!((card.road_km - 16.68 * 1.3).abs() < 0.02);
        // 21.7 km by road at 12 km/h is 108 minutes, plus 3 hours at the stops.
        assert_eq!(card.minutes, 108 + 180);
        assert_eq!(card.hours(), 5.0);
        assert_eq!(card.length, LengthBand::Medium);
        assert_eq!((card.stops, card.unplaced_stops), (3, 0));
        let json = serde_json::to_value(&card).unwrap();
        assert_eq!(json["transport"], "bicycle");
        assert_eq!(json["length"], "medium");
    }

    #[test]
    fn unplaced_stops_are_counted_and_left_out_of_the_length() {
        let t = tour(
            Transport::Car,
            vec![Audience::Tourists],
            &["21.0", "nowhere", "21.01"],
        );
        let card = TourSummary::new(&t, position);
        assert_eq!(card.unplaced_stops, 1);
        assert!((card.straight_km - 1.112).abs() < 0.01);
        assert_eq!(card.length, LengthBand::Short);
    }

    #[test]
    fn bands_split_at_ten_and_twenty_km() {
        assert_eq!(LengthBand::of(9.99), LengthBand::Short);
        assert_eq!(LengthBand::of(10.0), LengthBand::Medium);
        assert_eq!(LengthBand::of(19.99), LengthBand::Medium);
        assert_eq!(LengthBand::of(20.0), LengthBand::Long);
        for band in LengthBand::ALL {
            assert_eq!(LengthBand::parse(band.as_str()), Some(band));
        }
    }

    #[test]
    fn filters_let_through_only_the_tours_that_match_every_one_set() {
        let cards = [
            TourSummary::new(
                &tour(
                    Transport::Bicycle,
                    vec![Audience::Tourists],
                    &["21.0", "21.01"],
                ),
                position,
            ),
            TourSummary::new(
                &tour(
                    Transport::Car,
                    vec![Audience::Tourists, Audience::Schools],
                    &["21.0", "21.3"],
                ),
                position,
            ),
        ];
        let ids = |f: TourFilter| -> Vec<Transport> {
            f.apply(&cards).iter().map(|c| c.transport).collect()
        };
        assert_eq!(ids(TourFilter::default()).len(), 2);
        assert!(TourFilter::default().is_empty());
        let schools = TourFilter {
            audience: Some(Audience::Schools),
            ..Default::default()
        };
        assert_eq!(ids(schools), [Transport::Car]);
        let short_by_car = TourFilter {
            transport: Some(Transport::Car),
            length: Some(LengthBand::Short),
            audience: None,
        };
        assert!(ids(short_by_car).is_empty());
        let long = TourFilter {
            length: Some(LengthBand::Long),
            ..Default::default()
        };
        assert_eq!(ids(long), [Transport::Car]);
    }

    #[test]
    fn url_names_are_the_seeds_names() {
        for t in Transport::ALL {
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
            assert_eq!(Transport::parse(t.as_str()), Some(t));
        }
        for a in Audience::ALL {
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.as_str())
            );
            assert_eq!(Audience::parse(a.as_str()), Some(a));
        }
    }
}
