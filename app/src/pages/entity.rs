//! `/village/<id>`, `/craft/<id>`, `/product/<id>`, `/tour/<id>`: the whole record, its links to
//! the others, its sources, an "unverified" badge where the data says so, and a QR code of the
//! page's own link.

use handbook_search::{Craft, Engine, Kind, Product, Record, Village};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::use_handbook;
use crate::components::bits::{record_links, Sources, UnverifiedBadge};
use crate::components::qr::PageQr;
use crate::components::results::name_and_summary;
use crate::i18n::{td_string, use_i18n, Locale};
use crate::pages::map::geo_uri;
use crate::pages::tours::tour_details;
use crate::{labels, lang, url};

/// A record's page.
#[component]
pub fn EntityPage(
    /// Which kind of record the route shows.
    kind: Kind,
) -> impl IntoView {
    let handbook = use_handbook();
    let params = use_params_map();
    let i18n = use_i18n();
    let record = Memo::new(move |_| {
        let engine = handbook.engine()?;
        let id = params.read().get("id").unwrap_or_default();
        Some(engine.get(kind, &id).map_err(|e| e.to_string()))
    });
    move || {
        let locale = i18n.get_locale();
        match record.get() {
            None => ().into_any(),
            Some(Err(message)) => {
                view! { <p class="error page" role="alert">{message}</p> }.into_any()
            }
            Some(Ok(None)) => view! {
                <section class="page">
                    <h1>{td_string!(locale, not_found)}</h1>
                    <p>{td_string!(locale, not_found_record)}</p>
                    <p><a href="/">{td_string!(locale, back_home)}</a></p>
                </section>
            }
            .into_any(),
            Some(Ok(Some(record))) => match handbook.engine() {
                Some(engine) => record_view(&engine, record, locale).into_any(),
                None => ().into_any(),
            },
        }
    }
}

/// Records of `kind` that `keep` selects, as ids.
fn related(engine: &Engine, kind: Kind, keep: impl Fn(&Record) -> bool) -> Vec<String> {
    engine
        .all(kind)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| keep(r))
        .map(|r| r.id().to_string())
        .collect()
}

fn village_view(engine: &Engine, v: Village, locale: Locale) -> impl IntoView {
    let english = labels::english(locale);
    let products = related(
        engine,
        Kind::Product,
        |r| matches!(r, Record::Product(p) if p.village == v.id),
    );
    let tours = related(
        engine,
        Kind::Tour,
        |r| matches!(r, Record::Tour(t) if t.stops.iter().any(|s| s.village.as_deref() == Some(v.id.as_str()))),
    );
    let address_then = match &v.historical.commune {
        Some(c) => format!("{c}, {}", v.historical.district),
        None => v.historical.district.clone(),
    };
    let address_now = v.current.as_ref().map_or_else(
        || td_string!(locale, address_unknown).to_string(),
        |u| match &u.code {
            Some(code) => format!("{} ({code})", u.name),
            None => u.name.clone(),
        },
    );
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
        let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false);
        let geo = online.then(|| {
            view! { " · "<a class="external" href=geo_uri(&c, &v.name)>{td_string!(locale, open_in_map_app)}</a> }
        });
        view! {
            <dt>{td_string!(locale, location)}</dt>
            <dd>
                {format!("{:.4}, {:.4} ({})", c.lat, c.lon, labels::precision(locale, c.precision))}
                " · "<a href=format!("/map?v={}", url::encode(&v.id))>{td_string!(locale, on_map)}</a>
                {geo}
            </dd>
        }
    });
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, crafts)}</dt>
            <dd><ul class="inline">{record_links(engine, Kind::Craft, &v.crafts, english)}</ul></dd>
            <dt>{td_string!(locale, address_before)}</dt>
            <dd>{address_then}</dd>
            <dt>{td_string!(locale, address_now)}</dt>
            <dd>{address_now}</dd>
            <dt>{td_string!(locale, status)}</dt>
            <dd data-status=v.status.as_str()>{labels::status(locale, v.status)}</dd>
            {(!v.recognition.is_empty()).then(|| view! { <dt>{td_string!(locale, recognition)}</dt><dd><ul>{recognition}</ul></dd> })}
            {(!v.artisans.is_empty()).then(|| view! { <dt>{td_string!(locale, artisans)}</dt><dd>{v.artisans.join(", ")}</dd> })}
            {(!v.aliases.is_empty()).then(|| view! { <dt>{td_string!(locale, aliases)}</dt><dd>{v.aliases.join(", ")}</dd> })}
            {(!services.is_empty()).then(|| view! { <dt>{td_string!(locale, services)}</dt><dd>{services.join(", ")}</dd> })}
            {location}
        </dl>
        {v.history.clone().map(|h| view! { <h2>{td_string!(locale, history)}</h2><p>{h}</p> })}
        {(!products.is_empty()).then(|| view! {
            <h2>{td_string!(locale, products)}</h2>
            <ul class="columns">{record_links(engine, Kind::Product, &products, english)}</ul>
        })}
        {(!tours.is_empty()).then(|| view! {
            <h2>{td_string!(locale, tours_through)}</h2>
            <ul>{record_links(engine, Kind::Tour, &tours, english)}</ul>
        })}
    }
}

fn craft_view(engine: &Engine, c: Craft, locale: Locale) -> impl IntoView {
    let english = labels::english(locale);
    let villages = related(
        engine,
        Kind::Village,
        |r| matches!(r, Record::Village(v) if v.crafts.contains(&c.id)),
    );
    let (process, process_en) = c.process_in(english);
    let has_steps = !process.is_empty();
    let steps = process
        .iter()
        .map(|s| view! { <li>{s.clone()}</li> })
        .collect_view();
    let (materials, materials_en) = c.materials_in(english);
    let materials = (!materials.is_empty()).then(|| {
        let list = materials.join(", ");
        view! { <dt>{td_string!(locale, materials)}</dt><dd lang=lang::code(materials_en)>{list}</dd> }
    });
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, english_name)}</dt>
            <dd lang="en">{c.name_en.clone()}</dd>
            <dt>{td_string!(locale, craft_group)}</dt>
            <dd>{labels::group(locale, c.group)}</dd>
            {materials}
        </dl>
        {has_steps.then(|| view! { <h2>{td_string!(locale, process)}</h2><ol lang=lang::code(process_en)>{steps}</ol> })}
        <h2>{td_string!(locale, villages_keeping)}</h2>
        <ul class="columns">{record_links(engine, Kind::Village, &villages, english)}</ul>
    }
}

fn product_view(engine: &Engine, p: Product, locale: Locale) -> impl IntoView {
    let english = labels::english(locale);
    let ocop = p.ocop.as_ref().map(|o| {
        let mut text = td_string!(locale, stars, n = o.stars).to_string();
        if o.potential_five_star {
            text.push_str(&format!(" ({})", td_string!(locale, potential_5)));
        }
        if let Some(d) = &o.decision {
            text.push_str(&format!(", {} {d}", td_string!(locale, decision)));
        }
        if let (Some(y), Some(until)) = (o.year, o.valid_until_year()) {
            text.push_str(&format!(
                ", {} {y}, {} {until}",
                td_string!(locale, year),
                td_string!(locale, valid_until)
            ));
        }
        text
    });
    let ip = p.ip.as_ref().map(|ip| labels::ip(locale, ip.kind));
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, village)}</dt>
            <dd><ul class="inline">{record_links(engine, Kind::Village, std::slice::from_ref(&p.village), english)}</ul></dd>
            <dt>{td_string!(locale, crafts)}</dt>
            <dd><ul class="inline">{record_links(engine, Kind::Craft, std::slice::from_ref(&p.craft), english)}</ul></dd>
            {p.producer.clone().map(|x| view! { <dt>{td_string!(locale, producer)}</dt><dd>{x}</dd> })}
            {ocop.map(|x| view! { <dt>{td_string!(locale, ocop)}</dt><dd data-testid="ocop">{x}</dd> })}
            {ip.map(|x| view! { <dt>{td_string!(locale, ip_right)}</dt><dd>{x}</dd> })}
        </dl>
    }
}

fn record_view(engine: &Engine, record: Record, locale: Locale) -> impl IntoView {
    let english = labels::english(locale);
    let kind = record.kind();
    let path = url::record(kind, record.id());
    let (name, summary) = name_and_summary(&record, english);
    let vi_name = record.name().to_string();
    let (alt_name, alt_summary, verification, sources) = match &record {
        Record::Village(v) => (
            v.name_en.clone(),
            v.summary_en.clone(),
            v.verification,
            v.sources.clone(),
        ),
        Record::Craft(c) => (
            Some(c.name_en.clone()),
            c.description_en.clone(),
            c.verification,
            c.sources.clone(),
        ),
        Record::Product(p) => (
            p.name_en.clone(),
            p.summary_en.clone(),
            p.verification,
            p.sources.clone(),
        ),
        Record::Tour(t) => (
            t.name_en.clone(),
            t.summary_en.clone(),
            t.verification,
            t.sources.clone(),
        ),
    };
    // In Vietnamese, the English name and summary follow for visitors; in English, the
    // Vietnamese name (what signs show) follows the English one.
    let second_name = if english {
        (vi_name != name).then_some((vi_name, "vi"))
    } else {
        alt_name.map(|n| (n, "en"))
    };
    let second_summary = (!english).then_some(alt_summary).flatten();
    let details = match record {
        Record::Village(v) => village_view(engine, v, locale).into_any(),
        Record::Craft(c) => craft_view(engine, c, locale).into_any(),
        Record::Product(p) => product_view(engine, p, locale).into_any(),
        Record::Tour(t) => tour_details(engine, &t, locale).into_any(),
    };
    view! {
        <article class="page entity" data-kind=kind.as_str()>
            <div class="entity-main">
                <p class="kind">{labels::kind(locale, kind)}</p>
                <h1>{name}" "<UnverifiedBadge verification=verification /></h1>
                {second_name.map(|(n, l)| view! { <p class="name-alt" lang=l>{n}</p> })}
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
