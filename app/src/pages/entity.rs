//! `/village/<id>`, `/craft/<id>`, `/product/<id>`, `/tour/<id>`: the whole record, its links to
//! the others, its sources, an "unverified" badge where the data says so, and a QR code of the
//! page's own link.

use handbook_search::ask::Question;
use handbook_search::decimal::fixed;
use handbook_search::directions::{MapLink, TravelMode};
use handbook_search::festival::UpcomingFestival;
use handbook_search::geo::Distance;
use handbook_search::page_data::{CraftPage, Link, Nearby, ProductPage, RecordPage, VillagePage};
use handbook_search::route::Route;
use handbook_search::{Kind, Lang, Village};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::{
    map_link_row, record_links, show, CardOnly, OutboundLink, Sources, UnverifiedBadge,
};
use crate::components::qr::PageQr;
use crate::components::tour::TourDetails;
use crate::i18n::{td_string, use_i18n, Locale};
use crate::{browser, labels, lang, use_route_param};

/// A record's page: the record named by the address.
#[component]
pub fn EntityPage() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_route_param(|route| match route {
        Route::Record { kind, id } => Some((*kind, id.clone())),
        _ => None,
    });
    let data = use_page_data::<Option<RecordPage>>(move || {
        record.get().map(|(kind, id)| Question::Record {
            kind,
            id,
            today: browser::today_in_vietnam(),
        })
    });
    move || {
        let locale = i18n.get_locale();
        show(data.get(), |page| {
            match page {
            Some(page) => view! { <RecordView page=page locale=locale /> }.into_any(),
            None => view! {
                <section class="page">
                    <Title text=td_string!(locale, not_found) />
                    <h1>{td_string!(locale, not_found)}</h1>
                    <p>{td_string!(locale, not_found_record)}</p>
                    <p><a href=Route::Home.href_in(lang::of(locale))>{td_string!(locale, back_home)}</a></p>
                </section>
            }
            .into_any(),
        }
        })
    }
}

/// The frame every record's page shares: kind, names and summary in both languages, the
/// record's own facts, sources, and the page's QR code.
#[component]
fn RecordView(
    /// The record and what it links to.
    page: RecordPage,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let entry = page.entry();
    let kind = entry.kind();
    // The QR code opens the page in the language it is read in.
    let path = Route::of(entry).href_in(lang);
    let name = entry.name_in(lang).to_string();
    let summary = entry.summary_in(lang).to_string();
    // In Vietnamese, the English name and summary follow for visitors; in English, the
    // Vietnamese name (what signs show) follows the English one.
    let (second_name, second_summary) = match lang {
        Lang::Vi => (
            entry.name_en().map(|n| (n.to_string(), Lang::En)),
            entry.summary_en().map(str::to_string),
        ),
        Lang::En => (
            (entry.name() != name).then(|| (entry.name().to_string(), Lang::Vi)),
            None,
        ),
    };
    let verification = entry.verification();
    let sources = entry.sources().to_vec();
    // A card has no sources to list: the notice says they are not kept yet.
    let (card_only, sources) = if page.card_only() {
        (Some(view! { <CardOnly locale=locale /> }), None)
    } else {
        (None, Some(view! { <Sources sources=sources /> }))
    };
    let details = match page {
        RecordPage::Village(p) => view! { <VillageFacts page=p locale=locale /> }.into_any(),
        RecordPage::Craft(p) => view! { <CraftFacts page=p locale=locale /> }.into_any(),
        RecordPage::Product(p) => view! { <ProductFacts page=p locale=locale /> }.into_any(),
        RecordPage::Tour(p) => view! { <TourDetails data=p locale=locale /> }.into_any(),
    };
    view! {
        <article class="page entity" data-kind=kind.as_str()>
            <Title text=name.clone() />
            <div class="entity-main">
                <p class="kind">{labels::kind(locale, kind)}</p>
                <h1>{name}" "<UnverifiedBadge verification=verification /></h1>
                {second_name.map(|(n, l)| view! { <p class="name-alt" lang=l.code()>{n}</p> })}
                <p class="lead">{summary}</p>
                {second_summary.map(|s| view! { <p class="summary-alt" lang="en">{s}</p> })}
                {card_only}
                {details}
                {sources}
            </div>
            <aside class="entity-side">
                <PageQr path=path />
            </aside>
        </article>
    }
}

/// How many of a village's products its page lists before "all N products".
const FEATURED_PRODUCTS: usize = 6;

/// `Commune, District` before the 2025 reform.
fn address_before(v: &Village) -> String {
    match &v.historical.commune {
        Some(c) => format!("{c}, {}", v.historical.district),
        None => v.historical.district.clone(),
    }
}

/// The commune or ward since 2025, with its code.
fn address_now(v: &Village, locale: Locale) -> String {
    v.current.as_ref().map_or_else(
        || td_string!(locale, address_unknown).to_string(),
        |u| match &u.code {
            Some(code) => format!("{} ({code})", u.name),
            None => u.name.clone(),
        },
    )
}

/// `15 km south-east`: a distance and its direction, as a reader of `locale` says it.
pub(crate) fn distance_text(d: &Distance, locale: Locale) -> String {
    let lang = lang::of(locale);
    td_string!(
        locale,
        distance_direction,
        km = fixed(d.km.max(1.0), 0).to_string(),
        direction = d.compass.name(lang)
    )
    .to_string()
}

/// A village's page: first what a visitor needs (getting there, what to see, festivals, where
/// to buy), then its crafts, products, tours and neighbours; its administrative details last.
#[component]
fn VillageFacts(
    /// The village and its links.
    page: VillagePage,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let map_links = page.map_links(lang);
    let getting_there = page.getting_there(lang);
    let VillagePage {
        village: v,
        crafts,
        products,
        tours,
        nearby,
        from_hoan_kiem,
        festivals,
        card_only: _,
    } = page;
    view! {
        <VisitBlock village=v.clone() locale=locale from_hoan_kiem=from_hoan_kiem map_links=map_links getting_there=getting_there festivals=festivals />
        <h2>{td_string!(locale, crafts)}</h2>
        <ul class="inline chips">{record_links(&crafts, lang)}</ul>
        <AboutVillage village=v.clone() locale=locale />
        <ProductList products=products locale=locale />
        {(!tours.is_empty()).then(|| view! {
            <h2>{td_string!(locale, tours_through)}</h2>
            <ul class="link-list">{record_links(&tours, lang)}</ul>
        })}
        <NearbyList nearby=nearby locale=locale />
        <AddressBlock village=v locale=locale />
    }
}

/// What a visitor needs to go: the way from Hoàn Kiếm Lake, map-app links, what to see and
/// do, the next festival dates, where to buy. Parts with no source are left out.
#[component]
fn VisitBlock(
    /// The village.
    village: Village,
    /// The interface language.
    locale: Locale,
    /// Distance and direction from Hoàn Kiếm Lake.
    from_hoan_kiem: Option<Distance>,
    /// Links that show the village in each map app.
    map_links: Vec<MapLink>,
    /// Directions from Hoàn Kiếm Lake per travel mode.
    getting_there: Vec<(TravelMode, Vec<MapLink>)>,
    /// Its festivals with their next dates.
    festivals: Vec<UpcomingFestival>,
) -> impl IntoView {
    let lang = lang::of(locale);
    let visit = village.visit.clone().unwrap_or_default();
    let distance = from_hoan_kiem.map(|d| {
        view! { <p data-testid="from-hoan-kiem">{td_string!(locale, from_hoan_kiem, distance = distance_text(&d, locale)).to_string()}</p> }
    });
    let how = visit.getting_there.as_deref().map(|vi| {
        let text = lang.pick(vi, visit.getting_there_en.as_deref());
        view! { <p lang=text.lang.code()>{text.text.to_string()}</p> }
    });
    let modes = (!getting_there.is_empty()).then(|| {
        let rows = getting_there
            .into_iter()
            .map(|(mode, links)| {
                view! {
                    <li data-mode=labels::travel_mode_code(mode)>
                        <span class="mode">{labels::travel_mode(locale, mode)}</span>
                        <ul class="inline chips">{map_link_row(links)}</ul>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{td_string!(locale, getting_there)}</h3>
            {how}
            <ul class="modes">{rows}</ul>
        }
    });
    let open_in = (!map_links.is_empty()).then(|| {
        view! {
            <h3>{td_string!(locale, open_in)}</h3>
            <ul class="inline chips" data-testid="map-links">
                {map_link_row(map_links)}
                <li><a href=Route::map_at(&village.id).href_in(lang)>{td_string!(locale, on_map)}</a></li>
            </ul>
        }
    });
    let see = lang.pick(
        visit.see_and_do.as_slice(),
        Some(visit.see_and_do_en.as_slice()),
    );
    let see = (!see.text.is_empty()).then(|| {
        let items = see
            .text
            .iter()
            .map(|s| view! { <li>{s.clone()}</li> })
            .collect_view();
        view! { <h3>{td_string!(locale, see_and_do)}</h3><ul lang=see.lang.code()>{items}</ul> }
    });
    let festivals = (!festivals.is_empty()).then(|| {
        let items = festivals
            .into_iter()
            .map(|f| {
                let name = f.name.in_lang(lang).to_string();
                let about = f.about.as_ref().map(|a| a.in_lang(lang).to_string());
                view! {
                    <li class="festival">
                        <strong>{name}</strong>
                        <br />
                        <span data-testid="festival-next">{td_string!(locale, festival_next, dates = f.next.format(lang)).to_string()}</span>
                        " ("{f.lunar_date(lang)}")"
                        {about.map(|a| view! { <p class="small">{a}</p> })}
                    </li>
                }
            })
            .collect_view();
        view! { <h3>{td_string!(locale, festivals)}</h3><ul class="festivals">{items}</ul> }
    });
    let shops = (!village.shops.is_empty()).then(|| {
        let items = village
            .shops
            .iter()
            .map(|shop| {
                let name = match &shop.url {
                    Some(url) => view! { <OutboundLink href=url.clone() text=shop.name.clone() /> }
                        .into_any(),
                    None => shop.name.clone().into_any(),
                };
                let online = shop
                    .online
                    .then(|| view! { " · "{td_string!(locale, shop_online)} });
                let address = shop
                    .address
                    .clone()
                    .map(|a| view! { <br /><span class="small">{a}</span> });
                view! { <li>{name}{online}{address}</li> }
            })
            .collect_view();
        view! { <h3>{td_string!(locale, shops)}</h3><ul class="shops">{items}</ul> }
    });
    view! {
        <section class="visit" data-testid="visit" aria-labelledby="visit-heading">
            <h2 id="visit-heading">{td_string!(locale, visit)}</h2>
            {distance}
            {modes}
            {open_in}
            {see}
            {festivals}
            {shops}
        </section>
    }
}

/// The village's standing: status, recognitions, people, services, history.
#[component]
fn AboutVillage(
    /// The village.
    village: Village,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let v = village;
    let recognition = v
        .recognition
        .iter()
        .map(|r| {
            let mut text = format!("{} ({})", r.title.name_vi(), r.title.code());
            if let Some(d) = &r.decision {
                text.push_str(&format!(", {} {d}", td_string!(locale, decision)));
            }
            if let Some(y) = r.year {
                text.push_str(&format!(", {} {y}", td_string!(locale, year)));
            }
            view! { <li>{text}</li> }
        })
        .collect_view();
    let services: Vec<&str> = [
        (v.services.showroom, td_string!(locale, showroom)),
        (v.services.ecommerce, td_string!(locale, ecommerce)),
        (v.services.tourism, td_string!(locale, tourism)),
    ]
    .into_iter()
    .filter_map(|(on, label)| on.then_some(label))
    .collect();
    let list = |label: &'static str, items: &[String]| {
        (!items.is_empty()).then(|| view! { <dt>{label}</dt><dd>{items.join(", ")}</dd> })
    };
    view! {
        <h2>{td_string!(locale, about_village)}</h2>
        <dl class="facts">
            <dt>{td_string!(locale, status)}</dt>
            <dd data-status=v.status.as_str()>{labels::status(locale, v.status)}</dd>
            {(!v.recognition.is_empty()).then(|| view! { <dt>{td_string!(locale, recognition)}</dt><dd><ul>{recognition}</ul></dd> })}
            {list(td_string!(locale, artisans), &v.artisans)}
            {(!services.is_empty()).then(|| view! { <dt>{td_string!(locale, services)}</dt><dd>{services.join(", ")}</dd> })}
        </dl>
        {v.history.clone().map(|h| view! { <h3>{td_string!(locale, history)}</h3><p lang="vi">{h}</p> })}
    }
}

/// A few of the village's products, the rest behind "all N products".
#[component]
fn ProductList(
    /// The products, by name.
    products: Vec<Link>,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let total = products.len();
    let (featured, rest) = products.split_at(total.min(FEATURED_PRODUCTS));
    let rest = (!rest.is_empty()).then(|| {
        view! {
            <details class="more">
                <summary>{td_string!(locale, all_products, n = total).to_string()}</summary>
                <ul class="link-list columns">{record_links(rest, lang)}</ul>
            </details>
        }
    });
    (total > 0).then(|| {
        view! {
            <h2>{td_string!(locale, products)}</h2>
            <ul class="link-list columns" data-testid="products">{record_links(featured, lang)}</ul>
            {rest}
        }
    })
}

/// The nearest other villages, with distance and direction.
#[component]
fn NearbyList(
    /// The nearest villages, nearest first.
    nearby: Vec<Nearby>,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    (!nearby.is_empty()).then(|| {
        let items = nearby
            .into_iter()
            .map(|n| {
                let href = Route::record(Kind::Village, &n.pin.id).href_in(lang);
                let name = n.pin.name.in_lang(lang).to_string();
                view! { <li><a href=href>{name}</a>" — "{distance_text(&n.distance, locale)}</li> }
            })
            .collect_view();
        view! {
            <h2>{td_string!(locale, nearby)}</h2>
            <ul class="link-list" data-testid="nearby">{items}</ul>
        }
    })
}

/// Administrative details and coordinates: the compact block at the end of a village's page.
#[component]
fn AddressBlock(
    /// The village.
    village: Village,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let v = village;
    let location = v.coordinates.map(|c| {
        view! {
            <dt>{td_string!(locale, location)}</dt>
            <dd>{format!("{}, {} ({})", fixed(c.lat, 4), fixed(c.lon, 4), labels::precision(locale, c.precision))}</dd>
        }
    });
    let aliases = (!v.aliases.is_empty()).then(|| {
        view! { <dt>{td_string!(locale, aliases)}</dt><dd>{v.aliases.join(", ")}</dd> }
    });
    view! {
        <section class="address" aria-labelledby="address-heading">
            <h2 id="address-heading">{td_string!(locale, address)}</h2>
            <dl class="facts compact">
                <dt>{td_string!(locale, address_now)}</dt>
                <dd>{address_now(&v, locale)}</dd>
                <dt>{td_string!(locale, address_before)}</dt>
                <dd>{address_before(&v)}</dd>
                {aliases}
                {location}
            </dl>
        </section>
    }
}

/// A craft's facts: its English name, group, materials, process and the villages keeping it.
#[component]
fn CraftFacts(
    /// The craft and the villages keeping it.
    page: CraftPage,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let c = &page.craft;
    let process = c.process_in(lang);
    let steps = process
        .text
        .iter()
        .map(|s| view! { <li>{s.clone()}</li> })
        .collect_view();
    let steps = (!process.text.is_empty()).then(|| view! { <h2>{td_string!(locale, process)}</h2><ol lang=process.lang.code()>{steps}</ol> });
    let materials = c.materials_in(lang);
    let materials = (!materials.text.is_empty()).then(|| {
        let list = materials.text.join(", ");
        view! { <dt>{td_string!(locale, materials)}</dt><dd lang=materials.lang.code()>{list}</dd> }
    });
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, english_name)}</dt>
            <dd lang="en">{c.name_en.clone()}</dd>
            <dt>{td_string!(locale, craft_group)}</dt>
            <dd>{labels::group(locale, c.group)}</dd>
            {materials}
        </dl>
        {steps}
        <h2>{td_string!(locale, villages_keeping)}</h2>
        <ul class="columns">{record_links(&page.villages, lang)}</ul>
    }
}

/// An OCOP rating in words: stars, "potential 5 stars", decision, year and validity.
fn ocop_text(ocop: &handbook_search::Ocop, locale: Locale) -> String {
    let mut text = td_string!(locale, stars, n = ocop.stars).to_string();
    if ocop.potential_five_star {
        text.push_str(&format!(" ({})", td_string!(locale, potential_5)));
    }
    if let Some(d) = &ocop.decision {
        text.push_str(&format!(", {} {d}", td_string!(locale, decision)));
    }
    if let (Some(y), Some(until)) = (ocop.year, ocop.valid_until_year()) {
        text.push_str(&format!(
            ", {} {y}, {} {until}",
            td_string!(locale, year),
            td_string!(locale, valid_until)
        ));
    }
    text
}

/// A product's facts: its village and craft, producer, OCOP rating and IP protection.
#[component]
fn ProductFacts(
    /// The product, its village and its craft.
    page: ProductPage,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let p = &page.product;
    let ocop = p.ocop.as_ref().map(|o| ocop_text(o, locale));
    let ip = p.ip.as_ref().map(|ip| labels::ip(locale, ip.kind));
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, village)}</dt>
            <dd><ul class="inline">{record_links(std::slice::from_ref(&page.village), lang)}</ul></dd>
            <dt>{td_string!(locale, crafts)}</dt>
            <dd><ul class="inline">{record_links(std::slice::from_ref(&page.craft), lang)}</ul></dd>
            {p.producer.clone().map(|x| view! { <dt>{td_string!(locale, producer)}</dt><dd>{x}</dd> })}
            {ocop.map(|x| view! { <dt>{td_string!(locale, ocop)}</dt><dd data-testid="ocop">{x}</dd> })}
            {ip.map(|x| view! { <dt>{td_string!(locale, ip_right)}</dt><dd>{x}</dd> })}
        </dl>
    }
}
