//! `/`: the search box first (in the header), then featured villages and ways in.

use handbook_search::{Kind, Record};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_handbook;
use crate::components::results::summary;
use crate::url;

/// How many villages are featured.
const FEATURED: usize = 6;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let handbook = use_handbook();
    let featured = Memo::new(move |_| {
        let engine = handbook.engine()?;
        let villages = engine.all(Kind::Village).ok()?;
        // Villages that receive visitors first, then the rest, in name order.
        let (mut visit, rest): (Vec<_>, Vec<_>) = villages
            .into_iter()
            .partition(|r| matches!(r, Record::Village(v) if v.services.tourism));
        visit.extend(rest);
        visit.truncate(FEATURED);
        Some(visit)
    });
    let counts = move || {
        handbook.engine().map(|e| {
            let c = &e.info().counts;
            format!(
                "{} làng nghề · {} nghề · {} sản phẩm · {} tour",
                c.get("village").unwrap_or(&0),
                c.get("craft").unwrap_or(&0),
                c.get("product").unwrap_or(&0),
                c.get("tour").unwrap_or(&0)
            )
        })
    };
    view! {
        <section class="page home">
            <h1>"Sổ tay Làng nghề Hà Nội"</h1>
            <p class="lead">
                "Tra cứu làng nghề, nghề, sản phẩm và tour du lịch làng nghề của Hà Nội — ngay cả khi không có mạng."
            </p>
            <p class="muted">{counts}</p>
            <h2>"Làng nghề tiêu biểu"</h2>
            <ul class="cards">
                {move || {
                    featured
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|record| {
                            let href = url::record(record.kind(), record.id());
                            let text = summary(&record).to_string();
                            view! {
                                <li class="card">
                                    <A href=href>
                                        <strong>{record.name().to_string()}</strong>
                                    </A>
                                    <p>{text}</p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
