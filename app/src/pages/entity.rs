//! `/village/<id>`, `/craft/<id>`, `/product/<id>`, `/tour/<id>`: the whole record, its links to
//! the others, its sources, an "unverified" badge where the data says so, and a QR code of the
//! page's own link.

use handbook_search::page_data::{CraftPage, ProductPage, RecordPage, VillagePage};
use handbook_search::route::{geo_uri, Route};
use handbook_search::{Lang, Village};
use leptos::prelude::*;

use crate::api::use_page_data;
use crate::components::bits::{record_links, show, OutboundLink, Sources, UnverifiedBadge};
use crate::components::qr::PageQr;
use crate::components::tour::TourDetails;
use crate::i18n::{td_string, use_i18n, Locale};
use crate::kiosk::use_kiosk;
use crate::{browser, labels, lang, use_route_param};

/// A record's page: the record named by the address.
#[component]
pub fn EntityPage() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_route_param(|route| match route {
        Route::Record { kind, id } => Some((*kind, id.clone())),
        _ => None,
    });
    let data = use_page_data(move |engine| match record.get() {
        Some((kind, id)) => RecordPage::load(engine, kind, &id),
        None => Ok(None),
    });
    move || {
        let locale = i18n.get_locale();
        show(data.get(), |page| match page {
            Some(page) => view! { <RecordView page=page locale=locale /> }.into_any(),
            None => view! {
                <section class="page">
                    <h1>{td_string!(locale, not_found)}</h1>
                    <p>{td_string!(locale, not_found_record)}</p>
                    <p><a href=Route::Home.href()>{td_string!(locale, back_home)}</a></p>
                </section>
            }
            .into_any(),
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
    let path = Route::of(entry).href();
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
    let details = match page {
        RecordPage::Village(p) => view! { <VillageFacts page=p locale=locale /> }.into_any(),
        RecordPage::Craft(p) => view! { <CraftFacts page=p locale=locale /> }.into_any(),
        RecordPage::Product(p) => view! { <ProductFacts page=p locale=locale /> }.into_any(),
        RecordPage::Tour(p) => view! { <TourDetails data=p locale=locale /> }.into_any(),
    };
    view! {
        <article class="page entity" data-kind=kind.as_str()>
            <div class="entity-main">
                <p class="kind">{labels::kind(locale, kind)}</p>
                <h1>{name}" "<UnverifiedBadge verification=verification /></h1>
                {second_name.map(|(n, l)| view! { <p class="name-alt" lang=l.code()>{n}</p> })}
                <p class="lead">{summary}</p>
                {second_summary.map(|s| view! { <p class="summary-alt" lang="en">{s}</p> })}
                {details}
                <Sources sources=sources />
            </div>
            <aside class="entity-side">
                <PageQr path=path />
            </aside>
        </article>
    }
}

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

/// A village's facts: crafts, addresses, status, recognitions, people, services, location,
/// history, products and tours.
#[component]
fn VillageFacts(
    /// The village and its links.
    page: VillagePage,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let VillagePage {
        village: v,
        crafts,
        products,
        tours,
        ..
    } = page;
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
    let location = v.coordinates.map(|c| {
        // A kiosk shows the QR code even offline: the phone that reads it has a network.
        let geo = (browser::online() || use_kiosk().on.get_untracked()).then(|| {
            view! { " · "<OutboundLink href=geo_uri(&c, &v.name) text=td_string!(locale, open_in_map_app).to_string() /> }
        });
        view! {
            <dt>{td_string!(locale, location)}</dt>
            <dd>
                {format!("{:.4}, {:.4} ({})", c.lat, c.lon, labels::precision(locale, c.precision))}
                " · "<a href=Route::map_at(&v.id).href()>{td_string!(locale, on_map)}</a>
                {geo}
            </dd>
        }
    });
    let list = |label: &'static str, items: &[String]| {
        (!items.is_empty()).then(|| view! { <dt>{label}</dt><dd>{items.join(", ")}</dd> })
    };
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, crafts)}</dt>
            <dd><ul class="inline">{record_links(&crafts, lang)}</ul></dd>
            <dt>{td_string!(locale, address_before)}</dt>
            <dd>{address_before(&v)}</dd>
            <dt>{td_string!(locale, address_now)}</dt>
            <dd>{address_now(&v, locale)}</dd>
            <dt>{td_string!(locale, status)}</dt>
            <dd data-status=v.status.as_str()>{labels::status(locale, v.status)}</dd>
            {(!v.recognition.is_empty()).then(|| view! { <dt>{td_string!(locale, recognition)}</dt><dd><ul>{recognition}</ul></dd> })}
            {list(td_string!(locale, artisans), &v.artisans)}
            {list(td_string!(locale, aliases), &v.aliases)}
            {(!services.is_empty()).then(|| view! { <dt>{td_string!(locale, services)}</dt><dd>{services.join(", ")}</dd> })}
            {location}
        </dl>
        {v.history.clone().map(|h| view! { <h2>{td_string!(locale, history)}</h2><p>{h}</p> })}
        {(!products.is_empty()).then(|| view! {
            <h2>{td_string!(locale, products)}</h2>
            <ul class="columns">{record_links(&products, lang)}</ul>
        })}
        {(!tours.is_empty()).then(|| view! {
            <h2>{td_string!(locale, tours_through)}</h2>
            <ul>{record_links(&tours, lang)}</ul>
        })}
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
