//! The handbook's records: villages, crafts, products and tours, as kept in `seeds/` and
//! stored (as JSON) in the bundle. Vietnamese text is the primary text; `*_en` fields carry
//! the English for tourists where it has been written.
//!
//! Every record carries its `sources` and a `verification` state. A record is `sourced` only
//! when at least one source backs it; anything else is `unverified` and the app says so.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::details::Digest;
use crate::lang::{InLang, Lang};

/// The four kinds of record in the handbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A craft village (làng nghề) or a street/ward keeping a traditional craft.
    Village,
    /// A craft (nghề), such as ceramics or silk weaving.
    Craft,
    /// A product made in a village, such as a Bát Tràng tea set.
    Product,
    /// A craft-tourism route through several villages.
    Tour,
}

impl Kind {
    /// All kinds, in the order they are listed.
    pub const ALL: [Kind; 4] = [Kind::Village, Kind::Craft, Kind::Product, Kind::Tour];

    /// The kind's name in ids, URLs and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Village => "village",
            Kind::Craft => "craft",
            Kind::Product => "product",
            Kind::Tour => "tour",
        }
    }

    /// Parses the name produced by [`Kind::as_str`].
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Where a fact was reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the article, page or document.
    pub title: String,
    /// Who published it (a newspaper, a city office).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub publisher: Option<String>,
    /// Address of the page, where it is online.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub url: Option<String>,
    /// Number of an official document, e.g. `282/QĐ-UBND`.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub document: Option<String>,
    /// Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub date: Option<String>,
}

/// Whether a record's facts are backed by its sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Every fact of the record is reported by one of its sources.
    Sourced,
    /// Some fact is not (yet) backed by a source; the app shows a badge.
    #[default]
    Unverified,
}

/// The city's titles for a craft village or craft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Title {
    /// "Làng nghề Hà Nội".
    #[serde(rename = "LN")]
    Ln,
    /// "Làng nghề truyền thống Hà Nội".
    #[serde(rename = "LNTT")]
    Lntt,
    /// "Nghề truyền thống Hà Nội" (can belong to a street or ward).
    #[serde(rename = "NTT")]
    Ntt,
}

impl Title {
    /// The short code used in decisions: `LN`, `LNTT`, `NTT`.
    pub fn code(self) -> &'static str {
        match self {
            Title::Ln => "LN",
            Title::Lntt => "LNTT",
            Title::Ntt => "NTT",
        }
    }

    /// The title in full, in Vietnamese.
    pub fn name_vi(self) -> &'static str {
        match self {
            Title::Ln => "Làng nghề Hà Nội",
            Title::Lntt => "Làng nghề truyền thống Hà Nội",
            Title::Ntt => "Nghề truyền thống Hà Nội",
        }
    }
}

/// One recognition of a village by the city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    /// The title awarded.
    pub title: Title,
    /// Decision number, e.g. `2982/QĐ-UBND`, only where a source gives it.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub decision: Option<String>,
    /// Year of the decision, where a source gives it.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub year: Option<i32>,
}

/// How a village's craft is doing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Practised by working households.
    #[default]
    Active,
    /// Few households left; at risk of being lost.
    Endangered,
    /// Lost or nearly lost, now being revived.
    Reviving,
    /// Proposed for removal from the city's recognised list.
    ProposedForDelisting,
}

impl Status {
    /// All statuses, from the healthiest.
    pub const ALL: [Status; 4] = [
        Status::Active,
        Status::Endangered,
        Status::Reviving,
        Status::ProposedForDelisting,
    ];

    /// Parses a name made by [`Status::as_str`].
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the craft is at risk: few households left, or lost and being revived.
    pub fn at_risk(self) -> bool {
        matches!(self, Status::Endangered | Status::Reviving)
    }

    /// The status's name in the index and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Endangered => "endangered",
            Status::Reviving => "reviving",
            Status::ProposedForDelisting => "proposed_for_delisting",
        }
    }
}

/// The address before the 2025 reform (printed sources use it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoricalAddress {
    /// Former district, town or urban district, e.g. `Gia Lâm`.
    pub district: String,
    /// Former commune or ward, where known, as the sources name it.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub commune: Option<String>,
    /// Code of the commune or ward as it stood just before 1 July 2025 (the
    /// `seeds/admin/communes-legacy.csv` row it lies in; names merged in 2024 map to it).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub code: Option<String>,
}

/// The commune or ward since 1 July 2025 (Resolution 1656/NQ-UBTVQH15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentUnit {
    /// Name with its type, e.g. `Xã Bát Tràng`, `Phường Hà Đông`.
    pub name: String,
    /// Official five-digit unit code (names repeat; codes do not).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub code: Option<String>,
    /// The former commune was divided between several units and no source says which one the
    /// village is in: this is the conversion's default unit, and the app says "probably".
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub uncertain: bool,
    /// A source that places the village in this unit, where the former commune was divided or
    /// the record departs from the conversion.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub source: Option<Source>,
}

/// How closely coordinates place a village.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Within the village itself.
    Village,
    /// Somewhere in the commune.
    #[default]
    Commune,
    /// Only the district is known.
    District,
}

/// A point in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    /// Latitude, degrees north (Hanoi: 20.5–21.4).
    pub lat: f64,
    /// Longitude, degrees east (Hanoi: 105.2–106.1).
    pub lon: f64,
    /// How close the point is to the village.
    #[serde(default)]
    pub precision: Precision,
}

impl Coordinates {
    /// A point at `lat`, `lon`, placed as closely as `precision` says.
    pub fn point(lat: f64, lon: f64, precision: Precision) -> Coordinates {
        Coordinates {
            lat,
            lon,
            precision,
        }
    }

    /// Great-circle distance in kilometres (haversine).
    pub fn distance_km(&self, other: &Coordinates) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = la2 - la1;
        let dlon = (other.lon - self.lon).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
    }
}

/// What a village offers visitors and buyers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    /// A showroom, sales point or OCOP centre is reported.
    #[serde(default)]
    pub showroom: bool,
    /// Sales through e-commerce are reported.
    #[serde(default)]
    pub ecommerce: bool,
    /// The village receives tourists (tours, workshops).
    #[serde(default)]
    pub tourism: bool,
    /// Details in Vietnamese.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub notes: Option<String>,
}

/// A craft village. `Default` is an empty record, for building one field by field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Village {
    /// Slug, unique among villages, e.g. `bat-trang`.
    pub id: String,
    /// Name as written in Vietnamese, e.g. `Bát Tràng`.
    pub name: String,
    /// English name, where one is in use.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub name_en: Option<String>,
    /// Other names (old names, the name of the village's craft street); not accentless spellings.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub aliases: Vec<String>,
    /// Ids of the crafts practised, main craft first.
    pub crafts: Vec<String>,
    /// One or two sentences in Vietnamese.
    pub summary: String,
    /// The summary in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub summary_en: Option<String>,
    /// The city's recognitions, where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub recognition: Vec<Recognition>,
    /// How the craft is doing.
    #[serde(default)]
    pub status: Status,
    /// Address before July 2025.
    pub historical: HistoricalAddress,
    /// Commune or ward since July 2025, where known (old communes were often split).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub current: Option<CurrentUnit>,
    /// Where the village is, where known.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub coordinates: Option<Coordinates>,
    /// History in Vietnamese.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub history: Option<String>,
    /// Notable artisans named by the sources.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub artisans: Vec<String>,
    /// Showroom, e-commerce and tourism.
    #[serde(default)]
    pub services: Services,
    /// Environmental notes (pollution, treatment models).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub environment: Option<String>,
    /// For visitors: getting there, what to see and do; only what a source reports.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub visit: Option<Visit>,
    /// The village's festivals, by the lunar calendar.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub festivals: Vec<Festival>,
    /// Showrooms, shops and online stores a source names.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub shops: Vec<Shop>,
    /// Whether the sources back every fact.
    #[serde(default)]
    pub verification: Verification,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl Village {
    /// Id of the village's main craft (listed first).
    pub fn main_craft(&self) -> Option<&str> {
        self.crafts.first().map(String::as_str)
    }

    /// Whether the village practises the craft with this id.
    pub fn keeps(&self, craft: &str) -> bool {
        self.crafts.iter().any(|c| c == craft)
    }
}

/// What a visitor needs to plan a visit, as the sources report it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// How to get there from central Hanoi (Hoàn Kiếm): bus lines, roads, times, in Vietnamese.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub getting_there: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub getting_there_en: Option<String>,
    /// Things to see and do, one per item, in Vietnamese.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub see_and_do: Vec<String>,
    /// The same items in English (item for item).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub see_and_do_en: Vec<String>,
}

/// A village festival, held on a day of the lunar calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Festival {
    /// Name in Vietnamese, e.g. `Hội làng Triều Khúc`.
    pub name: String,
    /// Name in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub name_en: Option<String>,
    /// Lunar month of the first day, 1–12.
    pub lunar_month: u8,
    /// Lunar day of the first day, 1–30.
    pub lunar_day: u8,
    /// Number of days, 1 or more.
    #[serde(default = "one_day")]
    pub days: u8,
    /// What happens, in Vietnamese.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub about: Option<String>,
    /// What happens, in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub about_en: Option<String>,
}

fn one_day() -> u8 {
    1
}

/// A place to buy the village's work: a showroom, a shop, an online store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shop {
    /// Name as the source gives it.
    pub name: String,
    /// Web address (`https://…`), for an online store or a shop's own page.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub url: Option<String>,
    /// Street address, for a physical shop or showroom.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub address: Option<String>,
    /// Sells online.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub online: bool,
}

/// Families of crafts, used for facets and map colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CraftGroup {
    /// Pottery and ceramics.
    Ceramics,
    /// Silk, weaving, embroidery, garments.
    Textiles,
    /// Carpentry, carving, wooden statues, wood turning.
    Woodwork,
    /// Bronze casting, forging, gold and silver.
    Metalwork,
    /// Lacquer and mother-of-pearl inlay.
    LacquerInlay,
    /// Rattan, bamboo, sedge and hat making.
    Weaving,
    /// Dó paper and woodblock prints.
    PaperPrints,
    /// Food and drink.
    Food,
    /// Flowers, ornamental plants and trees.
    Horticulture,
    /// Toys, kites, incense and other folk crafts.
    FolkArt,
    /// Leather, shoes and other manufacture.
    Manufacture,
}

impl CraftGroup {
    /// All groups, in display order.
    pub const ALL: [CraftGroup; 11] = [
        CraftGroup::Ceramics,
        CraftGroup::Textiles,
        CraftGroup::Woodwork,
        CraftGroup::Metalwork,
        CraftGroup::LacquerInlay,
        CraftGroup::Weaving,
        CraftGroup::PaperPrints,
        CraftGroup::Food,
        CraftGroup::Horticulture,
        CraftGroup::FolkArt,
        CraftGroup::Manufacture,
    ];

    /// The group's id in the index and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            CraftGroup::Ceramics => "ceramics",
            CraftGroup::Textiles => "textiles",
            CraftGroup::Woodwork => "woodwork",
            CraftGroup::Metalwork => "metalwork",
            CraftGroup::LacquerInlay => "lacquer_inlay",
            CraftGroup::Weaving => "weaving",
            CraftGroup::PaperPrints => "paper_prints",
            CraftGroup::Food => "food",
            CraftGroup::Horticulture => "horticulture",
            CraftGroup::FolkArt => "folk_art",
            CraftGroup::Manufacture => "manufacture",
        }
    }

    /// Parses an id made by [`CraftGroup::as_str`].
    pub fn parse(id: &str) -> Option<CraftGroup> {
        CraftGroup::ALL.into_iter().find(|g| g.as_str() == id)
    }

    /// The group's label for a reader of `lang` (every group has both).
    pub fn name_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.name_vi(),
            Lang::En => self.name_en(),
        }
    }

    /// Vietnamese label.
    pub fn name_vi(self) -> &'static str {
        match self {
            CraftGroup::Ceramics => "Gốm sứ",
            CraftGroup::Textiles => "Dệt, thêu, may",
            CraftGroup::Woodwork => "Mộc, chạm khắc gỗ",
            CraftGroup::Metalwork => "Kim khí, đúc đồng, kim hoàn",
            CraftGroup::LacquerInlay => "Sơn mài, khảm trai",
            CraftGroup::Weaving => "Mây tre, cói, nón",
            CraftGroup::PaperPrints => "Giấy dó, tranh dân gian",
            CraftGroup::Food => "Chế biến thực phẩm",
            CraftGroup::Horticulture => "Sinh vật cảnh, hoa",
            CraftGroup::FolkArt => "Đồ chơi, hương, thủ công dân gian",
            CraftGroup::Manufacture => "Da giày và sản xuất khác",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            CraftGroup::Ceramics => "Ceramics",
            CraftGroup::Textiles => "Silk, embroidery, garments",
            CraftGroup::Woodwork => "Woodwork and carving",
            CraftGroup::Metalwork => "Metalwork, bronze, jewellery",
            CraftGroup::LacquerInlay => "Lacquer and mother-of-pearl",
            CraftGroup::Weaving => "Rattan, bamboo, sedge, hats",
            CraftGroup::PaperPrints => "Dó paper and folk prints",
            CraftGroup::Food => "Food",
            CraftGroup::Horticulture => "Plants and flowers",
            CraftGroup::FolkArt => "Toys, incense, folk crafts",
            CraftGroup::Manufacture => "Leather and other manufacture",
        }
    }
}

/// A craft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Craft {
    /// Slug, unique among crafts, e.g. `gom-su`.
    pub id: String,
    /// Vietnamese name, e.g. `Gốm sứ`.
    pub name: String,
    /// English name, e.g. `Ceramics`.
    pub name_en: String,
    /// Family of the craft.
    pub group: CraftGroup,
    /// Description in Vietnamese.
    pub description: String,
    /// Description in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub description_en: Option<String>,
    /// Main materials.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub materials: Vec<String>,
    /// Main materials, in English (the same items as `materials`).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub materials_en: Vec<String>,
    /// Process steps, in order.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub process: Vec<String>,
    /// Process steps in English (the same steps as `process`).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub process_en: Vec<String>,
    /// Whether the sources back every fact.
    #[serde(default)]
    pub verification: Verification,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl Craft {
    /// The materials for a reader of `lang`, with the language they are in.
    pub fn materials_in(&self, lang: Lang) -> InLang<&[String]> {
        lang.pick(&self.materials[..], Some(&self.materials_en[..]))
    }

    /// The process steps for a reader of `lang`, with the language they are in.
    pub fn process_in(&self, lang: Lang) -> InLang<&[String]> {
        lang.pick(&self.process[..], Some(&self.process_en[..]))
    }
}

/// An OCOP rating, recorded only where a source reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ocop {
    /// Stars, 3 to 5.
    pub stars: u8,
    /// Labelled "potential 5 stars".
    #[serde(default)]
    pub potential_five_star: bool,
    /// Decision number, where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub decision: Option<String>,
    /// Year of the rating, where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub year: Option<i32>,
    /// The 36-month validity has run out (and no source reports a renewal).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub expired: bool,
}

impl Ocop {
    /// A rating is valid for 36 months: the last year it can still be valid, if the year is known.
    pub fn valid_until_year(&self) -> Option<i32> {
        self.year.map(|y| y + 3)
    }
}

/// Kinds of intellectual-property protection of a product's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IpKind {
    /// Nhãn hiệu tập thể.
    CollectiveMark,
    /// Nhãn hiệu chứng nhận.
    CertificationMark,
    /// Chỉ dẫn địa lý.
    GeographicalIndication,
}

/// An IP right, recorded only where a source reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpRight {
    /// Kind of protection.
    pub kind: IpKind,
    /// Holder, where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub holder: Option<String>,
    /// Certificate number, where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub certificate: Option<String>,
    /// Year granted, where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub year: Option<i32>,
}

/// A product of a village.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Slug, unique among products.
    pub id: String,
    /// Name in Vietnamese.
    pub name: String,
    /// Name in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub name_en: Option<String>,
    /// Id of the village it comes from.
    pub village: String,
    /// Id of its craft.
    pub craft: String,
    /// Producer (household, co-operative, company), where reported.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub producer: Option<String>,
    /// One or two sentences in Vietnamese.
    pub summary: String,
    /// The summary in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub summary_en: Option<String>,
    /// OCOP rating, only where a source reports it.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub ocop: Option<Ocop>,
    /// IP protection, only where a source reports it.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub ip: Option<IpRight>,
    /// Whether the product has been digitised (photographed, described) for the handbook.
    #[serde(default)]
    pub digitised: bool,
    /// Whether the sources back every fact.
    #[serde(default)]
    pub verification: Verification,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// Who a tour is designed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Visitors from Vietnam and abroad.
    Tourists,
    /// Classes on a field trip.
    Schools,
}

impl Audience {
    /// Both audiences.
    pub const ALL: [Audience; 2] = [Audience::Tourists, Audience::Schools];

    /// The audience's name in URLs: `tourists`, `schools`.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Tourists => "tourists",
            Audience::Schools => "schools",
        }
    }

    /// Parses a name made by [`Audience::as_str`].
    pub fn parse(name: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// How a tour travels between stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// Car or minibus.
    #[default]
    Car,
    /// Motorbike.
    Motorbike,
    /// Bicycle.
    Bicycle,
    /// On foot.
    Walking,
}

impl Transport {
    /// Every way of travelling, in the order filters list them.
    pub const ALL: [Transport; 4] = [
        Transport::Car,
        Transport::Motorbike,
        Transport::Bicycle,
        Transport::Walking,
    ];

    /// The transport's name in the seeds and URLs: `car`, `motorbike`, `bicycle`, `walking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Car => "car",
            Transport::Motorbike => "motorbike",
            Transport::Bicycle => "bicycle",
            Transport::Walking => "walking",
        }
    }

    /// Parses a name made by [`Transport::as_str`].
    pub fn parse(name: &str) -> Option<Transport> {
        Transport::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Average speed between stops, km/h, for the duration estimate.
    pub fn speed_kmh(self) -> f64 {
        match self {
            Transport::Car => 30.0,
            Transport::Motorbike => 25.0,
            Transport::Bicycle => 12.0,
            Transport::Walking => 4.5,
        }
    }
}

/// One stop of a tour: a village of the handbook or another named place.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stop {
    /// Id of a village, when the stop is one.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub village: Option<String>,
    /// Name of another place (a temple, a museum), when the stop is not a village.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub place: Option<String>,
    /// Coordinates of a place (villages use their own).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub coordinates: Option<Coordinates>,
    /// Minutes spent there.
    pub minutes: u32,
    /// What visitors do there, in Vietnamese.
    pub activity: String,
    /// The activity in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub activity_en: Option<String>,
}

#[cfg(test)]
impl Stop {
    /// A stop at `village` for `minutes`, to look around: the tests' tours are made of these.
    pub(crate) fn visit(village: &str, minutes: u32) -> Stop {
        Stop {
            village: Some(village.into()),
            minutes,
            activity: "xem".into(),
            ..Stop::default()
        }
    }
}

/// Who composed a tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TourOrigin {
    /// A route the handbook suggests, composed from the villages' data.
    #[default]
    Suggested,
    /// A route published by the city or a travel operator (named in the tour's sources).
    Published,
}

/// A craft-tourism route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    /// Slug, unique among tours.
    pub id: String,
    /// Name in Vietnamese.
    pub name: String,
    /// Name in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub name_en: Option<String>,
    /// Theme in Vietnamese, e.g. `Gốm và gỗ`.
    pub theme: String,
    /// One or two sentences in Vietnamese.
    pub summary: String,
    /// The summary in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub summary_en: Option<String>,
    /// Who the route is designed for.
    pub audience: Vec<Audience>,
    /// How the route travels.
    #[serde(default)]
    pub transport: Transport,
    /// Whether the route was published (by the city, an operator) or is the handbook's own.
    #[serde(default)]
    pub origin: TourOrigin,
    /// Stops in order.
    pub stops: Vec<Stop>,
    /// Whether the sources back every fact.
    #[serde(default)]
    pub verification: Verification,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One of the plan's indicators, with its targets and, where the data can measure it, the
/// figure computed from the handbook's own records at build time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanIndicator {
    /// Slug, unique among indicators.
    pub id: String,
    /// The indicator in Vietnamese.
    pub name: String,
    /// The indicator in English.
    pub name_en: String,
    /// Target for 2030, as written in the plan (`≥ 5`, `> 50 %`).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub target_2030: Option<String>,
    /// Target for 2050, as written in the plan.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub target_2050: Option<String>,
    /// Which figure of the dataset measures it, if any (see the indexer's `plan` module).
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub measure: Option<String>,
    /// Whether the sources state the targets.
    #[serde(default)]
    pub verification: Verification,
    /// Where the targets come from.
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl PlanIndicator {
    /// The indicator's name for a reader of `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        lang.pick(self.name.as_str(), Some(self.name_en.as_str()))
            .text
    }
}

/// What every kind of record has: an id, a name and a summary in Vietnamese (and in English
/// where written), a verification state and sources. Pages reach records through this, so the
/// language rule ([`Lang::pick`]) is applied in one place.
pub trait Entry {
    /// The record's kind.
    fn kind(&self) -> Kind;
    /// The record's id (unique within its kind).
    fn id(&self) -> &str;
    /// The name in Vietnamese.
    fn name(&self) -> &str;
    /// The name in English, where written.
    fn name_en(&self) -> Option<&str>;
    /// One or two sentences in Vietnamese (a craft's description).
    fn summary(&self) -> &str;
    /// The summary in English, where written.
    fn summary_en(&self) -> Option<&str>;
    /// Whether the sources back every fact.
    fn verification(&self) -> Verification;
    /// Where the facts come from.
    fn sources(&self) -> &[Source];

    /// The name for a reader of `lang`.
    fn name_in(&self, lang: Lang) -> &str {
        lang.pick(self.name(), self.name_en()).text
    }

    /// The summary for a reader of `lang`.
    fn summary_in(&self, lang: Lang) -> &str {
        lang.pick(self.summary(), self.summary_en()).text
    }
}

/// A kind of record as stored in the bundle: the engine reads it back by its type.
pub trait Stored: Entry + Serialize + DeserializeOwned {
    /// The kind every record of this type has.
    const KIND: Kind;
}

/// [`Entry`] and [`Stored`] for a record type whose fields carry the usual names (`name`,
/// `name_en`, `summary`, `summary_en`).
macro_rules! entry {
    ($type:ty, $kind:expr) => {
        impl Entry for $type {
            fn kind(&self) -> Kind {
                $kind
            }
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn name_en(&self) -> Option<&str> {
                self.name_en.as_deref()
            }
            fn summary(&self) -> &str {
                &self.summary
            }
            fn summary_en(&self) -> Option<&str> {
                self.summary_en.as_deref()
            }
            fn verification(&self) -> Verification {
                self.verification
            }
            fn sources(&self) -> &[Source] {
                &self.sources
            }
        }

        impl Stored for $type {
            const KIND: Kind = $kind;
        }
    };
}

entry!(Village, Kind::Village);
entry!(Product, Kind::Product);
entry!(Tour, Kind::Tour);

/// A craft's English name is required and its summary is its description.
impl Entry for Craft {
    fn kind(&self) -> Kind {
        Kind::Craft
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn name_en(&self) -> Option<&str> {
        Some(&self.name_en)
    }
    fn summary(&self) -> &str {
        &self.description
    }
    fn summary_en(&self) -> Option<&str> {
        self.description_en.as_deref()
    }
    fn verification(&self) -> Verification {
        self.verification
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

impl Stored for Craft {
    const KIND: Kind = Kind::Craft;
}

/// A record of any kind, as the search returns it.
// Villages are the largest records; a few dozen at most are held at once (one page of hits),
// so boxing them would only add an allocation per record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Record {
    /// A village.
    Village(Village),
    /// A craft.
    Craft(Craft),
    /// A product.
    Product(Product),
    /// A tour.
    Tour(Tour),
}

impl Record {
    /// The record as an [`Entry`], for what every kind has.
    pub fn entry(&self) -> &dyn Entry {
        match self {
            Record::Village(r) => r,
            Record::Craft(r) => r,
            Record::Product(r) => r,
            Record::Tour(r) => r,
        }
    }

    /// The record's kind.
    pub fn kind(&self) -> Kind {
        self.entry().kind()
    }

    /// The record's id (unique within its kind).
    pub fn id(&self) -> &str {
        self.entry().id()
    }

    /// The record's Vietnamese name.
    pub fn name(&self) -> &str {
        self.entry().name()
    }

    /// The record as the bundle stores it: its kind, the digest of its details file
    /// ([`crate::details`]; `None` for a whole record and in a details file itself), then the
    /// record, in postcard's compact form (no field names: the engine's module then holds no
    /// JSON reader for records).
    pub fn to_stored(&self, details: Option<Digest>) -> Vec<u8> {
        let bytes = match self {
            Record::Village(r) => postcard::to_allocvec(&(Kind::Village, details, r)),
            Record::Craft(r) => postcard::to_allocvec(&(Kind::Craft, details, r)),
            Record::Product(r) => postcard::to_allocvec(&(Kind::Product, details, r)),
            Record::Tour(r) => postcard::to_allocvec(&(Kind::Tour, details, r)),
        };
        bytes.expect("records serialise: every field is a plain value")
    }

    /// The digest of the details file a stored record names: `Some` for a card.
    pub fn details_of(stored: &[u8]) -> postcard::Result<Option<Digest>> {
        let ((_, details), _) = postcard::take_from_bytes::<(Kind, Option<Digest>)>(stored)?;
        Ok(details)
    }

    /// Reads a record stored by [`Record::to_stored`].
    pub fn from_stored(stored: &[u8]) -> postcard::Result<Record> {
        let ((kind, _), rest) = postcard::take_from_bytes::<(Kind, Option<Digest>)>(stored)?;
        Ok(match kind {
            Kind::Village => Record::Village(postcard::from_bytes(rest)?),
            Kind::Craft => Record::Craft(postcard::from_bytes(rest)?),
            Kind::Product => Record::Product(postcard::from_bytes(rest)?),
            Kind::Tour => Record::Tour(postcard::from_bytes(rest)?),
        })
    }

    /// Reads a record of type `T` stored by [`Record::to_stored`]; `None` when the stored
    /// record is of another kind.
    pub fn typed_from_stored<T: Stored>(stored: &[u8]) -> postcard::Result<Option<T>> {
        let ((kind, _), rest) = postcard::take_from_bytes::<(Kind, Option<Digest>)>(stored)?;
        (kind == T::KIND)
            .then(|| postcard::from_bytes(rest))
            .transpose()
    }
}

/// Road distance is longer than the straight line; this factor turns one into an estimate of
/// the other for villages on Hanoi's road network.
pub const ROAD_FACTOR: f64 = 1.3;

/// One leg of a tour, from a stop to the next stop whose position is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    /// Index of the stop the leg starts from.
    pub from: usize,
    /// Index of the stop it ends at (the next placed stop; unplaced stops are skipped).
    pub to: usize,
    /// Straight-line ("as the crow flies") distance, km: an estimate, shorter than the road.
    pub straight_km: f64,
}

pub use crate::geo::straight_line_km;

/// A tour's length and time, computed from its stops' coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RouteEstimate {
    /// Estimated road distance between the first and last stop, km.
    pub distance_km: f64,
    /// Minutes travelling between stops at the tour's transport speed.
    pub travel_minutes: u32,
    /// Minutes spent at the stops.
    pub stop_minutes: u32,
    /// Stops whose position is unknown (left out of the distance).
    pub unplaced_stops: usize,
}

impl RouteEstimate {
    /// Travel and stops together.
    pub fn total_minutes(&self) -> u32 {
        self.travel_minutes + self.stop_minutes
    }
}

impl Tour {
    /// Whether the tour stops at the village with this id.
    pub fn stops_at(&self, village: &str) -> bool {
        self.stops
            .iter()
            .any(|s| s.village.as_deref() == Some(village))
    }

    /// Each stop's position: its own coordinates, or its village's.
    pub fn stop_positions(
        &self,
        village: impl Fn(&str) -> Option<Coordinates>,
    ) -> Vec<Option<Coordinates>> {
        self.stops
            .iter()
            .map(|s| {
                s.coordinates
                    .or_else(|| s.village.as_deref().and_then(&village))
            })
            .collect()
    }

    /// The legs between consecutive placed stops, as straight-line estimates; their sum is the
    /// tour's straight-line length. Roads are longer (see [`ROAD_FACTOR`]).
    pub fn straight_legs(&self, village: impl Fn(&str) -> Option<Coordinates>) -> Vec<Leg> {
        let placed: Vec<(usize, Coordinates)> = self
            .stop_positions(village)
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, p?)))
            .collect();
        placed
            .windows(2)
            .map(|w| Leg {
                from: w[0].0,
                to: w[1].0,
                straight_km: w[0].1.distance_km(&w[1].1),
            })
            .collect()
    }

    /// Distance and duration from the stops' positions.
    pub fn route(&self, village: impl Fn(&str) -> Option<Coordinates>) -> RouteEstimate {
        let positions = self.stop_positions(village);
        let placed: Vec<Coordinates> = positions.iter().flatten().copied().collect();
        let distance_km = straight_line_km(&placed) * ROAD_FACTOR;
        let travel_minutes = (distance_km / self.transport.speed_kmh() * 60.0).round() as u32;
        RouteEstimate {
            distance_km,
            travel_minutes,
            stop_minutes: self.stops.iter().map(|s| s.minutes).sum(),
            unplaced_stops: positions.iter().filter(|p| p.is_none()).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(village: &str, minutes: u32) -> Stop {
        Stop::visit(village, minutes)
    }

    fn tour(transport: Transport, stops: Vec<Stop>) -> Tour {
        Tour {
            id: "t".into(),
            name: "T".into(),
            name_en: None,
            theme: "x".into(),
            summary: "x".into(),
            summary_en: None,
            audience: vec![Audience::Tourists],
            transport,
            origin: TourOrigin::Suggested,
            stops,
            verification: Verification::Unverified,
            sources: vec![],
        }
    }

    #[test]
    fn route_sums_legs_with_the_road_factor_and_stop_times() {
        let tour = tour(
            Transport::Bicycle,
            vec![stop("a", 30), stop("b", 45), stop("nowhere", 15)],
        );
        let a = Coordinates {
            lat: 21.0,
            lon: 105.8,
            precision: Precision::Commune,
        };
        let b = Coordinates {
            lat: 21.1,
            lon: 105.8,
            precision: Precision::Commune,
        };
        let route = tour.route(|id| match id {
            "a" => Some(a),
            "b" => Some(b),
            _ => None,
        });
        // 0.1° of latitude is 11.12 km in a straight line, 14.46 km by road; at a bicycle's
        // 12 km/h that is 72 minutes.
        assert!((route.distance_km - 14.46).abs() < 0.01, "{route:?}");
        assert_eq!(route.travel_minutes, 72, "{route:?}");
        assert_eq!(route.stop_minutes, 90);
        assert_eq!(route.unplaced_stops, 1);
    }

    #[test]
    fn legs_are_straight_lines_between_placed_stops_and_skip_unplaced_ones() {
        let at = |lat: f64| Coordinates {
            lat,
            lon: 105.8,
            precision: Precision::Village,
        };
        let tour = tour(
            Transport::Car,
            vec![
                stop("a", 30),
                stop("nowhere", 10),
                stop("b", 45),
                stop("c", 5),
            ],
        );
        let legs = tour.straight_legs(|id| match id {
            "a" => Some(at(21.0)),
            "b" => Some(at(21.1)),
            "c" => Some(at(21.0)),
            _ => None,
        });
        let ends: Vec<(usize, usize)> = legs.iter().map(|l| (l.from, l.to)).collect();
        assert_eq!(ends, [(0, 2), (2, 3)], "the unplaced stop 1 is skipped");
        for leg in &legs {
            assert!((leg.straight_km - 11.12).abs() < 0.05, "{leg:?}");
        }
        let total: f64 = legs.iter().map(|l| l.straight_km).sum();
        assert!((total - straight_line_km(&[at(21.0), at(21.1), at(21.0)])).abs() < 1e-9);
    }
}
