//! `/village/<id>`, `/craft/<id>`, `/product/<id>`, `/tour/<id>`: the whole record, its links to
//! the others, its sources, and an "unverified" badge where the data says so.

use std::sync::Arc;

use handbook_search::{
    Craft, Engine, Kind, Product, Record, Source, Status, Tour, Verification, Village,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::use_handbook;
use crate::components::results::kind_label;
use crate::url;

/// A record's page.
#[component]
pub fn EntityPage(
    /// Which kind of record the route shows.
    kind: Kind,
) -> impl IntoView {
    let handbook = use_handbook();
    let params = use_params_map();
    let record = Memo::new(move |_| {
        let engine = handbook.engine()?;
        let id = params.read().get("id").unwrap_or_default();
        Some(engine.get(kind, &id).map_err(|e| e.to_string()))
    });
    move || match record.get() {
        None => view! { <p class="muted page">"Đang tải…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error page" role="alert">{message}</p> }.into_any(),
        Some(Ok(None)) => view! {
            <section class="page">
                <h1>"Không tìm thấy"</h1>
                <p>{format!("Sổ tay chưa có {} này.", kind_label(kind).to_lowercase())}</p>
                <p><A href="/">"Về trang chủ"</A></p>
            </section>
        }
        .into_any(),
        Some(Ok(Some(record))) => match handbook.engine() {
            Some(engine) => record_view(&engine, record).into_any(),
            None => ().into_any(),
        },
    }
}

fn verification_badge(v: Verification) -> impl IntoView {
    (v == Verification::Unverified).then(|| {
        view! {
            <span class="badge unverified" title="Một số thông tin chưa được đối chiếu với nguồn">
                "Chưa kiểm chứng"
            </span>
        }
    })
}

fn sources_view(sources: &[Source]) -> impl IntoView {
    let items = sources
        .iter()
        .map(|s| {
            let mut parts = vec![s.title.clone()];
            parts.extend(s.publisher.clone());
            parts.extend(s.document.clone());
            parts.extend(s.date.clone());
            let text = parts.join(" — ");
            match &s.url {
                Some(href) => view! { <li><a href=href.clone() rel="noopener" target="_blank">{text}</a></li> }.into_any(),
                None => view! { <li>{text}</li> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <section class="sources">
            <h2>"Nguồn"</h2>
            {if sources.is_empty() {
                view! { <p class="muted">"Chưa có nguồn."</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
        </section>
    }
}

fn link_list(engine: &Engine, kind: Kind, ids: &[String]) -> impl IntoView {
    ids.iter()
        .map(|id| {
            let name = engine
                .get(kind, id)
                .ok()
                .flatten()
                .map_or_else(|| id.clone(), |r| r.name().to_string());
            view! { <li><A href=url::record(kind, id)>{name}</A></li> }
        })
        .collect_view()
}

fn related<F: Fn(&Record) -> bool>(engine: &Engine, kind: Kind, keep: F) -> Vec<String> {
    engine
        .all(kind)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| keep(r))
        .map(|r| r.id().to_string())
        .collect()
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Active => "Đang hoạt động",
        Status::Endangered => "Có nguy cơ mai một",
        Status::Reviving => "Đang được phục hồi",
        Status::ProposedForDelisting => "Được đề xuất rút khỏi danh sách công nhận",
    }
}

fn village_view(engine: &Engine, v: Village) -> impl IntoView {
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
    let address_then = format!(
        "{}{}",
        v.historical
            .commune
            .as_ref()
            .map(|c| format!("{c}, "))
            .unwrap_or_default(),
        v.historical.district
    );
    let address_now = v.current.as_ref().map_or_else(
        || "chưa xác định (xã cũ có thể đã được chia cho nhiều đơn vị)".to_string(),
        |u| match &u.code {
            Some(code) => format!("{} (mã {code})", u.name),
            None => u.name.clone(),
        },
    );
    let recognition = v
        .recognition
        .iter()
        .map(|r| {
            let mut text = format!("{} ({})", r.title.name_vi(), r.title.code());
            if let Some(d) = &r.decision {
                text.push_str(&format!(", quyết định {d}"));
            }
            if let Some(y) = r.year {
                text.push_str(&format!(", năm {y}"));
            }
            view! { <li>{text}</li> }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>"Nghề"</dt>
            <dd><ul class="inline">{link_list(engine, Kind::Craft, &v.crafts)}</ul></dd>
            <dt>"Địa chỉ trước 2025"</dt>
            <dd>{address_then}</dd>
            <dt>"Đơn vị hành chính từ 1/7/2025"</dt>
            <dd>{address_now}</dd>
            <dt>"Tình trạng"</dt>
            <dd>{status_label(v.status)}</dd>
            {(!v.recognition.is_empty()).then(|| view! { <dt>"Danh hiệu"</dt><dd><ul>{recognition}</ul></dd> })}
            {(!v.artisans.is_empty()).then(|| view! { <dt>"Nghệ nhân"</dt><dd>{v.artisans.join(", ")}</dd> })}
            {(!v.aliases.is_empty()).then(|| view! { <dt>"Tên khác"</dt><dd>{v.aliases.join(", ")}</dd> })}
        </dl>
        {v.history.clone().map(|h| view! { <h2>"Lịch sử"</h2><p>{h}</p> })}
        {(!products.is_empty()).then(|| view! { <h2>"Sản phẩm"</h2><ul>{link_list(engine, Kind::Product, &products)}</ul> })}
        {(!tours.is_empty()).then(|| view! { <h2>"Tour đi qua"</h2><ul>{link_list(engine, Kind::Tour, &tours)}</ul> })}
    }
}

fn craft_view(engine: &Engine, c: Craft) -> impl IntoView {
    let villages = related(
        engine,
        Kind::Village,
        |r| matches!(r, Record::Village(v) if v.crafts.contains(&c.id)),
    );
    let steps = c
        .process
        .iter()
        .map(|s| view! { <li>{s.clone()}</li> })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>"Tiếng Anh"</dt>
            <dd lang="en">{c.name_en.clone()}</dd>
            <dt>"Nhóm nghề"</dt>
            <dd>{c.group.name_vi()}</dd>
            {(!c.materials.is_empty()).then(|| view! { <dt>"Nguyên liệu"</dt><dd>{c.materials.join(", ")}</dd> })}
        </dl>
        {(!c.process.is_empty()).then(|| view! { <h2>"Quy trình"</h2><ol>{steps}</ol> })}
        <h2>"Làng giữ nghề"</h2>
        <ul>{link_list(engine, Kind::Village, &villages)}</ul>
    }
}

fn product_view(engine: &Engine, p: Product) -> impl IntoView {
    let ocop = p.ocop.as_ref().map(|o| {
        let mut text = format!("{} sao", o.stars);
        if o.potential_five_star {
            text.push_str(" (tiềm năng 5 sao)");
        }
        if let Some(d) = &o.decision {
            text.push_str(&format!(", quyết định {d}"));
        }
        if let (Some(y), Some(until)) = (o.year, o.valid_until_year()) {
            text.push_str(&format!(
                ", năm {y}, hiệu lực 36 tháng (đến khoảng {until})"
            ));
        }
        text
    });
    let ip = p.ip.as_ref().map(|ip| {
        match ip.kind {
            handbook_search::IpKind::CollectiveMark => "Nhãn hiệu tập thể",
            handbook_search::IpKind::CertificationMark => "Nhãn hiệu chứng nhận",
            handbook_search::IpKind::GeographicalIndication => "Chỉ dẫn địa lý",
        }
        .to_string()
    });
    view! {
        <dl class="facts">
            <dt>"Làng nghề"</dt>
            <dd><ul class="inline">{link_list(engine, Kind::Village, std::slice::from_ref(&p.village))}</ul></dd>
            <dt>"Nghề"</dt>
            <dd><ul class="inline">{link_list(engine, Kind::Craft, std::slice::from_ref(&p.craft))}</ul></dd>
            {p.producer.clone().map(|x| view! { <dt>"Chủ thể"</dt><dd>{x}</dd> })}
            {ocop.map(|x| view! { <dt>"OCOP"</dt><dd>{x}</dd> })}
            {ip.map(|x| view! { <dt>"Sở hữu trí tuệ"</dt><dd>{x}</dd> })}
        </dl>
    }
}

fn tour_view(engine: &Engine, t: Tour) -> impl IntoView {
    let stops = t
        .stops
        .iter()
        .map(|s| {
            let place = match (&s.village, &s.place) {
                (Some(v), _) => {
                    let name = engine
                        .get(Kind::Village, v)
                        .ok()
                        .flatten()
                        .map_or_else(|| v.clone(), |r| r.name().to_string());
                    view! { <A href=url::record(Kind::Village, v)>{name}</A> }.into_any()
                }
                (None, Some(p)) => p.clone().into_any(),
                (None, None) => ().into_any(),
            };
            let minutes = format!("{} phút", s.minutes);
            view! { <li>{place}" — "{minutes}": "{s.activity.clone()}</li> }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>"Chủ đề"</dt>
            <dd>{t.theme.clone()}</dd>
        </dl>
        <h2>"Các điểm dừng"</h2>
        <ol class="stops">{stops}</ol>
    }
}

fn record_view(engine: &Arc<Engine>, record: Record) -> impl IntoView {
    let kind = record.kind();
    let name = record.name().to_string();
    let (name_en, summary, summary_en, verification, sources) = match &record {
        Record::Village(v) => (
            v.name_en.clone(),
            v.summary.clone(),
            v.summary_en.clone(),
            v.verification,
            v.sources.clone(),
        ),
        Record::Craft(c) => (
            Some(c.name_en.clone()),
            c.description.clone(),
            c.description_en.clone(),
            c.verification,
            c.sources.clone(),
        ),
        Record::Product(p) => (
            p.name_en.clone(),
            p.summary.clone(),
            p.summary_en.clone(),
            p.verification,
            p.sources.clone(),
        ),
        Record::Tour(t) => (
            t.name_en.clone(),
            t.summary.clone(),
            t.summary_en.clone(),
            t.verification,
            t.sources.clone(),
        ),
    };
    let details = match record {
        Record::Village(v) => village_view(engine, v).into_any(),
        Record::Craft(c) => craft_view(engine, c).into_any(),
        Record::Product(p) => product_view(engine, p).into_any(),
        Record::Tour(t) => tour_view(engine, t).into_any(),
    };
    view! {
        <article class="page entity" data-kind=kind.as_str()>
            <p class="kind">{kind_label(kind)}</p>
            <h1>{name}" "{verification_badge(verification)}</h1>
            {name_en.map(|n| view! { <p class="name-en" lang="en">{n}</p> })}
            <p class="lead">{summary}</p>
            {summary_en.map(|s| view! { <p class="summary-en" lang="en">{s}</p> })}
            {details}
            {sources_view(&sources)}
        </article>
    }
}
