//! What each page of the app shows, computed from the engine in one call per page.
//!
//! A page of the app is a view over one of these values: it never asks the engine itself. So a
//! page can receive its data from wherever the engine runs (the page's own thread today, a
//! worker or data embedded in prerendered HTML later: every type here is serde-serialisable),
//! and every engine error reaches the page as an `Err` it shows, never as an empty list.
//!
//! Names are kept in both languages ([`Bilingual`]); the page picks the reader's.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::details::snippet;
use crate::directions::{self, MapLink, Place, TourLinks, TravelMode};
use crate::festival::{self, UpcomingFestival};
use crate::geo::{nearest, Commune, Distance, HOAN_KIEM};
use crate::lang::{Bilingual, Lang};
use crate::quiz::{self, KeyEntry, Question, QuizCode, Topic};
use crate::route::Route;
use crate::tours::{TourFilter, TourSummary};
use crate::{
    Coordinates, Counts, Craft, CraftGroup, Engine, Entry, Kind, Product, Record, Result,
    RouteEstimate, Status, Stop, Stored, Tour, Verification, Village,
};

/// How many villages the start page features.
pub const FEATURED_VILLAGES: usize = 6;
/// How many crafts join the kiosk's spotlight on the start page.
pub const FEATURED_CRAFTS: usize = 4;
/// How many nearest villages the map lists for the selected one, and a village page shows.
pub const NEAREST: usize = 5;

/// A link to a record: where it is and what it is called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The record's kind.
    pub kind: Kind,
    /// The record's id.
    pub id: String,
    /// Its name.
    pub name: Bilingual,
}

impl Link {
    /// A link to a record.
    pub fn to(entry: &dyn Entry) -> Link {
        Link {
            kind: entry.kind(),
            id: entry.id().to_string(),
            name: Bilingual {
                vi: entry.name().to_string(),
                en: entry.name_en().map(str::to_string),
            },
        }
    }

    /// A link to the record of type `T` with this id, named by its id when it is missing (the
    /// link then leads to the "no such entry" page, as a broken reference should).
    fn by_id<T: Stored>(engine: &Engine, id: &str) -> Result<Link> {
        Ok(match engine.record::<T>(id)? {
            Some(record) => Link::to(&record),
            None => Link {
                kind: T::KIND,
                id: id.to_string(),
                name: Bilingual::vi_only(id),
            },
        })
    }

    /// The record's page.
    pub fn route(&self) -> Route {
        Route::record(self.kind, &self.id)
    }
}

/// Links to each of some records, in order.
fn links_to<T: Entry>(records: &[T]) -> Vec<Link> {
    records.iter().map(|r| Link::to(r)).collect()
}

/// A record with the summary a card shows ([`crate::details::snippet`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// The record.
    pub link: Link,
    /// Its summary (a craft's description).
    pub summary: Bilingual,
}

impl Card {
    fn of(entry: &dyn Entry) -> Card {
        Card {
            link: Link::to(entry),
            summary: Bilingual {
                vi: snippet(entry.summary()),
                en: entry.summary_en().map(snippet),
            },
        }
    }
}

/// Items listed under one craft group's heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group<T> {
    /// The group.
    pub group: CraftGroup,
    /// Its items, in the order given.
    pub items: Vec<T>,
}

/// Items sorted under their craft groups, in [`CraftGroup::ALL`] order; empty groups and items
/// without a group are left out.
fn by_group<T>(items: Vec<(Option<CraftGroup>, T)>) -> Vec<Group<T>> {
    let mut groups: Vec<Group<T>> = CraftGroup::ALL
        .into_iter()
        .map(|group| Group {
            group,
            items: Vec::new(),
        })
        .collect();
    for (group, item) in items {
        if let Some(slot) = groups.iter_mut().find(|g| Some(g.group) == group) {
            slot.items.push(item);
        }
    }
    groups.retain(|g| !g.items.is_empty());
    groups
}

/// The group of each craft, by id.
fn craft_groups(engine: &Engine) -> Result<HashMap<String, CraftGroup>> {
    Ok(engine
        .crafts()?
        .into_iter()
        .map(|c| (c.id, c.group))
        .collect())
}

/// `/`: featured villages, the crafts of the kiosk's spotlight, and the counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomePage {
    /// Villages that receive visitors first, then the rest, in name order;
    /// [`FEATURED_VILLAGES`] of them.
    pub featured: Vec<Card>,
    /// The first crafts by name, [`FEATURED_CRAFTS`] of them.
    pub crafts: Vec<Card>,
    /// Records per kind.
    pub counts: Counts,
}

impl HomePage {
    /// The start page's data.
    ///
    /// The featured villages are the bundle's choice ([`crate::DatasetInfo::featured`], made by
    /// [`featured_villages`] when it was built), read by id: reading every village here held
    /// all of them in memory at once (24 MiB and a second more at 100,000 records).
    pub fn load(engine: &Engine) -> Result<HomePage> {
        let featured: Vec<Village> = engine
            .info()
            .featured
            .iter()
            .filter_map(|id| engine.village(id).transpose())
            .collect::<Result<_>>()?;
        let mut crafts = engine.crafts()?;
        crafts.truncate(FEATURED_CRAFTS);
        Ok(HomePage {
            featured: featured.iter().map(|v| Card::of(v)).collect(),
            crafts: crafts.iter().map(|c| Card::of(c)).collect(),
            counts: engine.info().counts,
        })
    }
}

/// The ids of the villages the start page features: those that receive visitors first, then
/// the rest, each in name order (accents folded, as [`Engine::records`] sorts);
/// [`FEATURED_VILLAGES`] of them.
pub fn featured_villages(villages: &[Village]) -> Vec<String> {
    let mut order: Vec<&Village> = villages.iter().collect();
    order.sort_by_cached_key(|v| (!v.services.tourism, crate::text::fold(&v.name)));
    order
        .into_iter()
        .take(FEATURED_VILLAGES)
        .map(|v| v.id.clone())
        .collect()
}

/// A village in the list of villages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillageItem {
    /// The village.
    pub link: Link,
    /// Its district before 2025.
    pub district: String,
    /// Whether its facts are backed by sources.
    pub verification: Verification,
}

/// `/villages`: every village under the group of its main craft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillagesPage {
    /// Every village, including any whose main craft has no group.
    pub count: usize,
    /// The villages by the group of their main craft.
    pub groups: Vec<Group<VillageItem>>,
}

impl VillagesPage {
    /// The list of villages.
    pub fn load(engine: &Engine) -> Result<VillagesPage> {
        let groups = craft_groups(engine)?;
        let villages = engine.villages()?;
        let items = villages
            .iter()
            .map(|v| {
                let group = v.main_craft().and_then(|c| groups.get(c)).copied();
                let item = VillageItem {
                    link: Link::to(v),
                    district: v.historical.district.clone(),
                    verification: v.verification,
                };
                (group, item)
            })
            .collect();
        Ok(VillagesPage {
            count: villages.len(),
            groups: by_group(items),
        })
    }
}

/// A craft in the list of crafts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CraftItem {
    /// The craft.
    pub link: Link,
    /// How many villages keep it.
    pub villages: usize,
}

/// `/crafts`: every craft by group, with how many villages keep it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CraftsPage {
    /// The crafts by group.
    pub groups: Vec<Group<CraftItem>>,
}

impl CraftsPage {
    /// The list of crafts.
    pub fn load(engine: &Engine) -> Result<CraftsPage> {
        let villages = engine.villages()?;
        let items = engine
            .crafts()?
            .iter()
            .map(|c| {
                let keepers = villages.iter().filter(|v| v.keeps(&c.id)).count();
                (
                    Some(c.group),
                    CraftItem {
                        link: Link::to(c),
                        villages: keepers,
                    },
                )
            })
            .collect();
        Ok(CraftsPage {
            groups: by_group(items),
        })
    }
}

/// One stop of a tour, placed and named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TourStop {
    /// The stop as the tour gives it.
    pub stop: Stop,
    /// Its village's name, or the place's name (empty when the stop names neither).
    pub name: Bilingual,
    /// Its position: its own, or its village's.
    pub at: Option<Coordinates>,
    /// The group of its village's main craft, for its marker (as on the map's pins).
    #[serde(default)]
    pub group: Option<CraftGroup>,
}

/// A tour with its stops placed and named, and its estimated length and time: what the tour's
/// page and the list of tours show of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TourPage {
    /// The tour.
    pub tour: Tour,
    /// Its stops, in order.
    pub stops: Vec<TourStop>,
    /// Its estimated distance and duration.
    pub route: RouteEstimate,
    /// Whether the page shows only the tour's card: its sources are in a file not fetched yet
    /// ([`crate::details`]).
    pub card_only: bool,
}

impl TourPage {
    /// A tour's details.
    pub fn of(engine: &Engine, tour: Tour) -> Result<TourPage> {
        let mut villages: HashMap<String, Village> = HashMap::new();
        for id in tour.stops.iter().filter_map(|s| s.village.as_deref()) {
            if let Some(v) = engine.village(id)? {
                villages.insert(id.to_string(), v);
            }
        }
        let position = |id: &str| villages.get(id).and_then(|v| v.coordinates);
        let groups = craft_groups(engine)?;
        let stops = tour
            .stops
            .iter()
            .zip(tour.stop_positions(position))
            .map(|(stop, at)| {
                let name = match (&stop.village, &stop.place) {
                    (Some(id), _) => villages
                        .get(id)
                        .map_or_else(|| Bilingual::vi_only(id), |v| Link::to(v).name),
                    (None, Some(place)) => Bilingual::vi_only(place),
                    (None, None) => Bilingual::default(),
                };
                let group = stop
                    .village
                    .as_ref()
                    .and_then(|id| villages.get(id)?.main_craft())
                    .and_then(|craft| groups.get(craft))
                    .copied();
                TourStop {
                    stop: stop.clone(),
                    name,
                    at,
                    group,
                }
            })
            .collect();
        let route = tour.route(position);
        Ok(TourPage {
            card_only: engine.is_card_only(Kind::Tour, &tour.id)?,
            tour,
            stops,
            route,
        })
    }

    /// Map-app links for the tour (the whole route, each leg, each stop), stops named for a
    /// reader of `lang`.
    pub fn directions(&self, lang: Lang) -> TourLinks {
        let stops: Vec<(&str, Option<Coordinates>)> = self
            .stops
            .iter()
            .map(|s| (s.name.in_lang(lang), s.at))
            .collect();
        directions::tour(&stops, self.tour.transport)
    }

    /// The tour's summary card.
    pub fn summary(&self) -> TourSummary {
        let placed: HashMap<&str, Coordinates> = self
            .stops
            .iter()
            .filter_map(|s| Some((s.stop.village.as_deref()?, s.at?)))
            .collect();
        TourSummary::new(&self.tour, |id| placed.get(id).copied())
    }
}

/// `/tours`: every tour with its details, and its summary card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToursPage {
    /// The tours, by name.
    pub tours: Vec<TourPage>,
    /// Their cards, in the same order.
    pub cards: Vec<TourSummary>,
}

impl ToursPage {
    /// The list of tours.
    pub fn load(engine: &Engine) -> Result<ToursPage> {
        let tours: Vec<TourPage> = engine
            .tours()?
            .into_iter()
            .map(|t| TourPage::of(engine, t))
            .collect::<Result<_>>()?;
        let cards = tours.iter().map(TourPage::summary).collect();
        Ok(ToursPage { tours, cards })
    }

    /// The cards that pass `filter` (from [`Route::Tours`]), by name.
    pub fn shown(&self, filter: &TourFilter) -> Vec<&TourSummary> {
        filter.apply(&self.cards)
    }
}

/// `/village/<id>`: the village and the records it links to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillagePage {
    /// The village.
    pub village: Village,
    /// Its crafts, main craft first.
    pub crafts: Vec<Link>,
    /// Its products, by name.
    pub products: Vec<Link>,
    /// The tours that stop there, by name.
    pub tours: Vec<Link>,
    /// The nearest other villages, nearest first; [`NEAREST`] of them (none when the village
    /// has no position).
    pub nearby: Vec<Nearby>,
    /// How far it is from Hoàn Kiếm Lake, and in which direction.
    pub from_hoan_kiem: Option<Distance>,
    /// Its festivals with their next dates from the day the page is shown, soonest first
    /// ([`festival::upcoming`]). Computed for each showing, never stored: the dates move every
    /// year. The engine computes them: the lunar calendar's astronomy stays out of the page's
    /// module (about 11 KB of it, brotli).
    pub festivals: Vec<UpcomingFestival>,
    /// Whether the page shows only the village's card: its details (history, visit,
    /// festivals, shops, sources) are in a file not fetched yet ([`crate::details`]).
    pub card_only: bool,
}

impl VillagePage {
    /// Links that show the village in each map app, named for a reader of `lang`; none when it
    /// has no position.
    pub fn map_links(&self, lang: Lang) -> Vec<MapLink> {
        self.place(lang).map(directions::place).unwrap_or_default()
    }

    /// The ways there from Hoàn Kiếm Lake by bus, motorbike and bicycle, in each map app.
    pub fn getting_there(&self, lang: Lang) -> Vec<(TravelMode, Vec<MapLink>)> {
        self.place(lang)
            .map(directions::from_hoan_kiem)
            .unwrap_or_default()
    }

    fn place(&self, lang: Lang) -> Option<Place<'_>> {
        Some(Place {
            name: self.village.name_in(lang),
            at: self.village.coordinates?,
        })
    }
}

/// A village near another, with its distance and direction from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nearby {
    /// The village.
    pub pin: Pin,
    /// Straight-line distance and direction from the other village.
    pub distance: Distance,
}

/// The `n` pins nearest to `from` (other than `from` itself), nearest first.
fn nearest_to(pins: &[Pin], from: &Pin, n: usize) -> Vec<Nearby> {
    let others: Vec<(&Pin, Coordinates)> = pins
        .iter()
        .filter(|p| p.id != from.id)
        .map(|p| (p, p.at))
        .collect();
    nearest(&from.at, &others, n)
        .into_iter()
        .map(|(pin, _)| Nearby {
            pin: (*pin).clone(),
            distance: Distance::between(&from.at, &pin.at),
        })
        .collect()
}

/// `/craft/<id>`: the craft and the villages that keep it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CraftPage {
    /// The craft.
    pub craft: Craft,
    /// The villages that keep it, by name.
    pub villages: Vec<Link>,
    /// Whether the page shows only the craft's card: its materials, process and sources are in
    /// a file not fetched yet ([`crate::details`]).
    pub card_only: bool,
}

/// `/product/<id>`: the product, its village and its craft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    /// The product.
    pub product: Product,
    /// Its village.
    pub village: Link,
    /// Its craft.
    pub craft: Link,
    /// Whether the page shows only the product's card: its producer and sources are in a file
    /// not fetched yet ([`crate::details`]).
    pub card_only: bool,
}

/// A record's page: the record and what it links to.
// One is held at a time (the page shown), so boxing the largest would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecordPage {
    /// `/village/<id>`.
    Village(VillagePage),
    /// `/craft/<id>`.
    Craft(CraftPage),
    /// `/product/<id>`.
    Product(ProductPage),
    /// `/tour/<id>`.
    Tour(TourPage),
}

impl RecordPage {
    /// The page of the record with this kind and id, shown on `today` (in Hanoi: see
    /// [`Date::in_vietnam_at`]); `None` when there is no such record.
    pub fn load(engine: &Engine, kind: Kind, id: &str, today: Date) -> Result<Option<RecordPage>> {
        let Some(record) = engine.get(kind, id)? else {
            return Ok(None);
        };
        Ok(Some(match record {
            Record::Village(village) => {
                let pins = pins(engine)?;
                let nearby = pins
                    .iter()
                    .find(|p| p.id == village.id)
                    .map(|pin| nearest_to(&pins, pin, NEAREST))
                    .unwrap_or_default();
                RecordPage::Village(VillagePage {
                    crafts: village
                        .crafts
                        .iter()
                        .map(|id| Link::by_id::<Craft>(engine, id))
                        .collect::<Result<_>>()?,
                    products: links_to(&engine.products_of(&village.id)?),
                    tours: links_to(&engine.tours_through(&village.id)?),
                    nearby,
                    from_hoan_kiem: village
                        .coordinates
                        .map(|at| Distance::between(&HOAN_KIEM, &at)),
                    festivals: festival::upcoming(&village.festivals, today),
                    card_only: engine.is_card_only(kind, id)?,
                    village,
                })
            }
            Record::Craft(craft) => RecordPage::Craft(CraftPage {
                villages: links_to(&engine.villages_with_craft(&craft.id)?),
                card_only: engine.is_card_only(kind, id)?,
                craft,
            }),
            Record::Product(product) => RecordPage::Product(ProductPage {
                village: Link::by_id::<Village>(engine, &product.village)?,
                craft: Link::by_id::<Craft>(engine, &product.craft)?,
                card_only: engine.is_card_only(kind, id)?,
                product,
            }),
            Record::Tour(tour) => RecordPage::Tour(TourPage::of(engine, tour)?),
        }))
    }

    /// Whether the page shows only the record's card (its details not fetched yet).
    pub fn card_only(&self) -> bool {
        match self {
            RecordPage::Village(p) => p.card_only,
            RecordPage::Product(p) => p.card_only,
            RecordPage::Craft(p) => p.card_only,
            RecordPage::Tour(p) => p.card_only,
        }
    }

    /// The record the page is about.
    pub fn entry(&self) -> &dyn Entry {
        match self {
            RecordPage::Village(p) => &p.village,
            RecordPage::Craft(p) => &p.craft,
            RecordPage::Product(p) => &p.product,
            RecordPage::Tour(p) => &p.tour,
        }
    }
}

/// A village on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pin {
    /// The village's id.
    pub id: String,
    /// Its name.
    pub name: Bilingual,
    /// Where it is.
    pub at: Coordinates,
    /// The group of its main craft, for the pin's colour.
    pub group: Option<CraftGroup>,
}

/// The selected village on the map, for its sheet: what it makes, how far it is from the
/// lake, and the villages nearest to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// The selected village.
    pub pin: Pin,
    /// Its crafts, main craft first.
    pub crafts: Vec<Link>,
    /// Straight-line distance and direction from Hoàn Kiếm Lake.
    pub from_hoan_kiem: Distance,
    /// The nearest other villages with their distance in km, nearest first; [`NEAREST`] of
    /// them.
    pub nearest: Vec<(Pin, f64)>,
}

/// `/map?v=<id>`: every placed village, and the selected one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPage {
    /// Every village with coordinates, by name.
    pub pins: Vec<Pin>,
    /// The groups the pins are coloured by, for the legend.
    pub groups: Vec<CraftGroup>,
    /// The selected village, if the address names one that is on the map.
    pub selection: Option<Selection>,
    /// Hanoi's communes and wards, to label the map around the villages (empty for a bundle
    /// built without the admin table).
    pub communes: Vec<Commune>,
}

/// Every village with coordinates, by name, as a pin.
fn pins(engine: &Engine) -> Result<Vec<Pin>> {
    let groups = craft_groups(engine)?;
    Ok(engine
        .villages()?
        .iter()
        .filter_map(|v| {
            Some(Pin {
                id: v.id.clone(),
                name: Link::to(v).name,
                at: v.coordinates?,
                group: v.main_craft().and_then(|c| groups.get(c)).copied(),
            })
        })
        .collect())
}

impl MapPage {
    /// The map, with the village `selected` (by id) if it is on it.
    pub fn load(engine: &Engine, selected: Option<&str>) -> Result<MapPage> {
        let pins = pins(engine)?;
        let selection = match selected {
            Some(id) => selection_of(engine, &pins, id)?,
            None => None,
        };
        let present: Vec<CraftGroup> = CraftGroup::ALL
            .into_iter()
            .filter(|g| pins.iter().any(|p| p.group == Some(*g)))
            .collect();
        Ok(MapPage {
            pins,
            groups: present,
            selection,
            communes: engine.info().communes.clone(),
        })
    }

    /// The sheet of the village `id`, if it is on the map: the page loads the map once and this
    /// at each tap, so the map keeps its zoom while the selection changes.
    pub fn selection(engine: &Engine, id: &str) -> Result<Option<Selection>> {
        selection_of(engine, &pins(engine)?, id)
    }
}

/// The selection of the pin `id` among `pins`; `None` when no pin has that id.
fn selection_of(engine: &Engine, pins: &[Pin], id: &str) -> Result<Option<Selection>> {
    let Some(pin) = pins.iter().find(|p| p.id == id) else {
        return Ok(None);
    };
    let crafts = match engine.record::<Village>(id)? {
        Some(village) => village
            .crafts
            .iter()
            .map(|c| Link::by_id::<Craft>(engine, c))
            .collect::<Result<_>>()?,
        None => Vec::new(),
    };
    Ok(Some(Selection {
        pin: pin.clone(),
        crafts,
        from_hoan_kiem: Distance::between(&HOAN_KIEM, &pin.at),
        nearest: nearest_to(pins, pin, NEAREST)
            .into_iter()
            .map(|n| (n.pin, n.distance.km))
            .collect(),
    }))
}

/// A topic a teacher can pick for a quiz, with its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicChoice {
    /// The topic.
    pub topic: Topic,
    /// The group's or the tour's name; `None` for every village (the app names that itself).
    pub name: Option<Bilingual>,
}

/// The topics with enough data: every village, each craft group that has crafts, each tour.
fn topic_choices(crafts: &[Craft], tours: &[Tour]) -> Vec<TopicChoice> {
    let mut out = vec![TopicChoice {
        topic: Topic::All,
        name: None,
    }];
    out.extend(
        CraftGroup::ALL
            .into_iter()
            .filter(|g| crafts.iter().any(|c| c.group == *g))
            .map(|g| TopicChoice {
                topic: Topic::Group(g),
                name: Some(Bilingual::new(g.name_vi(), g.name_en())),
            }),
    );
    out.extend(tours.iter().map(|t| TopicChoice {
        topic: Topic::Tour(t.id.clone()),
        name: Some(Link::to(t).name),
    }));
    out
}

/// `/learn`: the crafts to learn about, and the topics a quiz can be on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnPage {
    /// The crafts by group.
    pub crafts: Vec<Group<Link>>,
    /// The topics, every village first.
    pub topics: Vec<TopicChoice>,
}

impl LearnPage {
    /// School mode's start page.
    pub fn load(engine: &Engine) -> Result<LearnPage> {
        let crafts = engine.crafts()?;
        let topics = topic_choices(&crafts, &engine.tours()?);
        let items = crafts
            .iter()
            .map(|c| (Some(c.group), Link::to(c)))
            .collect();
        Ok(LearnPage {
            crafts: by_group(items),
            topics,
        })
    }
}

/// A village that keeps a craft, with how the craft is doing there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keeper {
    /// The village.
    pub link: Link,
    /// How the craft is doing there.
    pub status: Status,
}

/// `/learn/craft/<id>`: one craft for a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnCraftPage {
    /// The craft.
    pub craft: Craft,
    /// The villages that keep it, by name.
    pub keepers: Vec<Keeper>,
    /// Whether the lesson shows only the craft's card: its materials, process and sources are
    /// in a file not fetched yet ([`crate::details`]).
    pub card_only: bool,
}

impl LearnCraftPage {
    /// The learning page of the craft with this id; `None` when there is no such craft.
    pub fn load(engine: &Engine, id: &str) -> Result<Option<LearnCraftPage>> {
        let Some(craft) = engine.craft(id)? else {
            return Ok(None);
        };
        let keepers = engine
            .villages_with_craft(&craft.id)?
            .iter()
            .map(|v| Keeper {
                link: Link::to(v),
                status: v.status,
            })
            .collect();
        Ok(Some(LearnCraftPage {
            card_only: engine.is_card_only(Kind::Craft, id)?,
            craft,
            keepers,
        }))
    }

    /// Whether some village keeping the craft is at risk of losing it or reviving it.
    pub fn at_risk(&self) -> bool {
        self.keepers.iter().any(|k| k.status.at_risk())
    }
}

/// `/learn/quiz?topic=&seed=`: a quiz, and its answer key for a separate printed page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizPage {
    /// What the quiz is about.
    pub topic: Topic,
    /// Its code.
    pub code: QuizCode,
    /// The topic as the quiz builder names it; `None` for a topic it does not offer.
    pub choice: Option<TopicChoice>,
    /// The questions, [`quiz::QUESTIONS`] at most.
    pub questions: Vec<Question>,
    /// The right answers, question by question.
    pub answer_key: Vec<KeyEntry>,
}

impl QuizPage {
    /// The quiz on `topic` with code `code`.
    pub fn load(engine: &Engine, topic: Topic, code: QuizCode) -> Result<QuizPage> {
        let (villages, crafts, tours) = (engine.villages()?, engine.crafts()?, engine.tours()?);
        let questions = quiz::generate(
            &villages,
            &crafts,
            &tours,
            &topic,
            code.seed(),
            quiz::QUESTIONS,
        );
        let choice = topic_choices(&crafts, &tours)
            .into_iter()
            .find(|c| c.topic == topic);
        Ok(QuizPage {
            topic,
            code,
            choice,
            answer_key: quiz::answer_key(&questions),
            questions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn featured_villages_are_those_receiving_visitors_first_then_by_folded_name() {
        let village = |id: &str, name: &str, tourism: bool| {
            let mut v = Village {
                id: id.into(),
                name: name.into(),
                ..Village::default()
            };
            v.services.tourism = tourism;
            v
        };
        let villages = [
            village("z", "Zô", false),
            village("d", "Đông Hồ", true),
            village("a", "An Lạc", false),
            village("e", "Ê", true),
        ];
        assert_eq!(featured_villages(&villages), ["d", "e", "a", "z"]);
        let many: Vec<Village> = (0..10)
            .map(|i| village(&i.to_string(), &format!("Làng {i}"), false))
            .collect();
        assert_eq!(featured_villages(&many).len(), FEATURED_VILLAGES);
    }

    #[test]
    fn items_are_listed_under_their_groups_in_display_order() {
        let groups = by_group(vec![
            (Some(CraftGroup::Textiles), "lụa"),
            (Some(CraftGroup::Ceramics), "gốm"),
            (None, "không rõ"),
            (Some(CraftGroup::Textiles), "thêu"),
        ]);
        let got: Vec<_> = groups.iter().map(|g| (g.group, g.items.clone())).collect();
        assert_eq!(
            got,
            [
                (CraftGroup::Ceramics, vec!["gốm"]),
                (CraftGroup::Textiles, vec!["lụa", "thêu"])
            ]
        );
    }
}
