//! Labels of the data's enumerations in the interface language.

use handbook_search::directions::TravelMode;
use handbook_search::facets::Dimension;
use handbook_search::page_data::TopicChoice;
use handbook_search::tours::LengthBand;
use handbook_search::{Audience, CraftGroup, IpKind, Kind, Precision, Status, Transport};

use crate::i18n::{td_string, Locale};
use crate::lang;

/// The name of a kind of record.
pub fn kind(locale: Locale, kind: Kind) -> String {
    match kind {
        Kind::Village => td_string!(locale, kind_village),
        Kind::Craft => td_string!(locale, kind_craft),
        Kind::Product => td_string!(locale, kind_product),
        Kind::Tour => td_string!(locale, kind_tour),
    }
    .to_string()
}

/// The name of a facet dimension.
pub fn dimension(locale: Locale, dimension: Dimension) -> String {
    match dimension {
        Dimension::Kind => td_string!(locale, dim_kind),
        Dimension::Group => td_string!(locale, dim_group),
        Dimension::Commune => td_string!(locale, dim_commune),
        Dimension::District => td_string!(locale, dim_district),
        Dimension::Title => td_string!(locale, dim_title),
        Dimension::Ocop => td_string!(locale, dim_ocop),
        Dimension::Status => td_string!(locale, dim_status),
        Dimension::Tours => td_string!(locale, dim_tours),
    }
    .to_string()
}

/// A village's status.
pub fn status(locale: Locale, status: Status) -> String {
    match status {
        Status::Active => td_string!(locale, status_active),
        Status::Endangered => td_string!(locale, status_endangered),
        Status::Reviving => td_string!(locale, status_reviving),
        Status::ProposedForDelisting => td_string!(locale, status_proposed_for_delisting),
    }
    .to_string()
}

/// A craft group.
pub fn group(locale: Locale, group: CraftGroup) -> String {
    group.name_in(lang::of(locale)).to_string()
}

/// A facet value as shown to people (`ceramics` → "Gốm sứ", `4` → "4 sao").
pub fn facet_value(locale: Locale, dimension: Dimension, value: &str) -> String {
    match dimension {
        Dimension::Kind => Kind::parse(value).map_or(value.to_string(), |k| kind(locale, k)),
        Dimension::Group => {
            CraftGroup::parse(value).map_or(value.to_string(), |g| group(locale, g))
        }
        Dimension::Ocop => td_string!(locale, stars, n = value).to_string(),
        Dimension::Status => Status::parse(value).map_or(value.to_string(), |s| status(locale, s)),
        Dimension::Tours if value == "yes" => td_string!(locale, has_tour).to_string(),
        Dimension::Tours => td_string!(locale, no_tour).to_string(),
        _ => value.to_string(),
    }
}

/// A means of transport.
pub fn transport(locale: Locale, transport: Transport) -> String {
    match transport {
        Transport::Car => td_string!(locale, transport_car),
        Transport::Motorbike => td_string!(locale, transport_motorbike),
        Transport::Bicycle => td_string!(locale, transport_bicycle),
        Transport::Walking => td_string!(locale, transport_walking),
    }
    .to_string()
}

/// An audience of a tour.
pub fn audience(locale: Locale, audience: Audience) -> String {
    match audience {
        Audience::Tourists => td_string!(locale, audience_tourists),
        Audience::Schools => td_string!(locale, audience_schools),
    }
    .to_string()
}

/// A kind of IP protection.
pub fn ip(locale: Locale, kind: IpKind) -> String {
    match kind {
        IpKind::CollectiveMark => td_string!(locale, ip_collective_mark),
        IpKind::CertificationMark => td_string!(locale, ip_certification_mark),
        IpKind::GeographicalIndication => td_string!(locale, ip_geographical_indication),
    }
    .to_string()
}

/// How close coordinates are.
pub fn precision(locale: Locale, precision: Precision) -> String {
    match precision {
        Precision::Village => td_string!(locale, precision_village),
        Precision::Commune => td_string!(locale, precision_commune),
        Precision::District => td_string!(locale, precision_district),
    }
    .to_string()
}

/// A quiz topic as the quiz builder names it.
pub fn topic(locale: Locale, choice: &TopicChoice) -> String {
    match &choice.name {
        Some(name) => name.in_lang(lang::of(locale)).to_string(),
        None => td_string!(locale, quiz_all).to_string(),
    }
}

/// How a visitor travels, as a heading of directions: "By bus".
pub fn travel_mode(locale: Locale, mode: TravelMode) -> String {
    match mode {
        TravelMode::Driving => td_string!(locale, mode_driving),
        TravelMode::Motorbike => td_string!(locale, mode_motorbike),
        TravelMode::Bicycle => td_string!(locale, mode_bicycle),
        TravelMode::Walking => td_string!(locale, mode_walking),
        TravelMode::Transit => td_string!(locale, mode_transit),
    }
    .to_string()
}

/// A travel mode's code in the page (`data-mode`), for tests and styles.
pub fn travel_mode_code(mode: TravelMode) -> &'static str {
    match mode {
        TravelMode::Driving => "driving",
        TravelMode::Motorbike => "motorbike",
        TravelMode::Bicycle => "bicycle",
        TravelMode::Walking => "walking",
        TravelMode::Transit => "transit",
    }
}

/// A tour's length band.
pub fn length_band(locale: Locale, band: LengthBand) -> String {
    match band {
        LengthBand::Short => td_string!(locale, length_short),
        LengthBand::Medium => td_string!(locale, length_medium),
        LengthBand::Long => td_string!(locale, length_long),
    }
    .to_string()
}
