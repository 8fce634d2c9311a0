//! The `/map` page's map: every village on Hanoi's frame, with zoom and pan (wheel, pinch,
//! drag, the +/− buttons and the keyboard), close pins merged into clusters, labels that do
//! not overlap, Hoàn Kiếm Lake with distance rings, and a scale bar. All the arithmetic is the
//! shared crate's ([`handbook_search::map`], [`handbook_search::map_scene`]); this draws it.
//!
//! Two views are kept: `live`, which the `viewBox` follows at every pointer move, and
//! `settled`, from which clusters, labels and rings are recomputed once a gesture ends (and at
//! once for the wheel, the keys and the buttons), so a drag moves the drawing without
//! rebuilding it.

use handbook_search::decimal::fixed;
use handbook_search::geo::{Commune, Projection, HOAN_KIEM};
use handbook_search::map::{
    distance_rings, marker, pin_marker, Cluster, MapView, ScaleBar, MARKER_OUTLINE,
};
use handbook_search::map_scene::{self, Gesture, MapStyle, NamedPoint, FOCUS_ZOOM};
use handbook_search::page_data::Pin;
use handbook_search::{CraftGroup, Lang};
use leptos::ev;
use leptos::prelude::*;

use crate::browser;
use crate::i18n::{t, td_string, use_i18n};

/// The canvas's width, units: Hanoi's frame ([`Projection::hanoi`]) drawn 1,000 units wide.
const CANVAS_WIDTH: f64 = 1000.0;
/// The lake's id among the labels (no village or commune id has a colon).
const LAKE_ID: &str = "lake:hoan-kiem";
/// Rings at least this far apart on screen, px.
const RING_GAP_PX: f64 = 56.0;
/// The scale bar's longest length, px.
const SCALE_BAR_PX: f64 = 120.0;

/// A village as the map draws it.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    id: String,
    name: String,
    group: Option<CraftGroup>,
    x: f64,
    y: f64,
}

/// The interactive map of villages.
#[component]
pub fn ZoomMap(
    /// The villages.
    pins: Vec<Pin>,
    /// Hanoi's communes and wards, labelled once the map is zoomed in (none in a bundle built
    /// without the admin table).
    communes: Vec<Commune>,
    /// The selected village (its pin is ringed and labelled first).
    #[prop(into)]
    selected: Signal<Option<String>>,
    /// The village to centre on when the map opens (`/map?v=<id>`).
    focus: Option<String>,
    /// Called with a village's id when its pin is tapped.
    on_pin: Callback<String>,
    /// Called with the ids of villages that no zoom can part (placed at one point), when their
    /// cluster is tapped: the page lists them.
    on_list: Callback<Vec<String>>,
    /// The language labels are in.
    lang: Lang,
    /// Sizes on screen (the kiosk's are larger).
    style: MapStyle,
    /// The focusable frame (the page returns focus to it when a sheet closes).
    frame: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let projection = Projection::hanoi(CANVAS_WIDTH, 0.0);
    let units_per_km = projection.units_per_km();
    let placed: Vec<Placed> = pins
        .iter()
        .map(|p| {
            let (x, y) = projection.xy(&p.at);
            Placed {
                id: p.id.clone(),
                name: p.name.in_lang(lang).to_string(),
                group: p.group,
                x,
                y,
            }
        })
        .collect();
    let communes: Vec<(String, String, f64, f64)> = communes
        .iter()
        .map(|c| {
            let (x, y) = projection.xy(&c.centroid());
            (c.code.clone(), c.short_name().to_string(), x, y)
        })
        .collect();
    let lake = projection.xy(&HOAN_KIEM);
    let lake_name = td_string!(locale, map_lake).to_string();
    let placed = StoredValue::new(placed);
    let communes = StoredValue::new(communes);

    // A first size until the frame is measured after mounting.
    let start = MapView::new(&projection, 390.0, 600.0);
    let live = RwSignal::new(start);
    let settled = RwSignal::new(start);
    let set_view = move |view: MapView| {
        live.set(view);
        settled.set(view);
    };
    let gesture = StoredValue::new(Gesture::default());
    // The drawing's box on screen (inside the frame's border): its size sets the view's, its
    // corner turns pointer positions into map positions.
    let drawing = NodeRef::<leptos::svg::Svg>::new();
    let measure = move || {
        drawing
            .get_untracked()
            .and_then(|d| browser::client_box(&d))
    };
    let fit_frame = move || {
        if let Some((_, _, w, h)) = measure() {
            let view = live.get_untracked();
            if (view.screen_width, view.screen_height) != (w, h) && w > 0.0 && h > 0.0 {
                set_view(view.resized(w, h));
            }
        }
    };
    let position_of = placed_position(placed);
    Effect::new(move |_| {
        if drawing.get().is_some() {
            fit_frame();
            if let Some(at) = focus.as_deref().and_then(position_of) {
                set_view(live.get_untracked().focus(at, FOCUS_ZOOM));
            }
        }
    });
    // A rotated phone or a resized window (in an effect: there is no window when prerendering).
    Effect::new(move |_| {
        let resize = window_event_listener(ev::resize, move |_| fit_frame());
        on_cleanup(move || resize.remove());
    });
    // A village chosen from the sheet's list that lies off screen: bring it into view.
    Effect::new(move |first: Option<()>| {
        let chosen = selected.get();
        if first.is_some() {
            if let Some(at) = chosen.as_deref().and_then(position_of) {
                let view = live.get_untracked();
                let (x, y) = view.to_screen(at);
                if !(0.0..=view.screen_width).contains(&x)
                    || !(0.0..=view.screen_height).contains(&y)
                {
                    set_view(view.focus(at, view.zoom));
                }
            }
        }
    });

    let scene = Memo::new(move |_| {
        let view = settled.get();
        let chosen = selected.get();
        placed.with_value(|placed| {
            communes.with_value(|communes| {
                let pins: Vec<NamedPoint> = placed
                    .iter()
                    .map(|p| NamedPoint {
                        id: &p.id,
                        name: &p.name,
                        x: p.x,
                        y: p.y,
                    })
                    .collect();
                let communes: Vec<NamedPoint> = communes
                    .iter()
                    .map(|(id, name, x, y)| NamedPoint {
                        id,
                        name,
                        x: *x,
                        y: *y,
                    })
                    .collect();
                let lake = NamedPoint {
                    id: LAKE_ID,
                    name: &lake_name,
                    x: lake.0,
                    y: lake.1,
                };
                map_scene::scene(
                    &pins,
                    &communes,
                    Some(lake),
                    chosen.as_deref(),
                    &view,
                    &style,
                )
            })
        })
    });
    // Pins and labels keep a constant size on screen: drawn in px about their point, scaled by
    // the view's units per px.
    let at = move |x: f64, y: f64| {
        move || {
            format!(
                "translate({} {}) scale({})",
                fixed(x, 2),
                fixed(y, 2),
                fixed(1.0 / live.get().px_per_unit(), 5)
            )
        }
    };

    let open_cluster = move |cluster: &Cluster| {
        let members: Vec<(String, f64, f64)> = cluster
            .members
            .iter()
            .filter_map(|id| position_of(id).map(|(x, y)| (id.clone(), x, y)))
            .collect();
        let refs: Vec<(&str, f64, f64)> = members
            .iter()
            .map(|(id, x, y)| (id.as_str(), *x, *y))
            .collect();
        match map_scene::open_cluster(&live.get_untracked(), &refs, &style) {
            Some(view) => set_view(view),
            None => on_list.run(cluster.members.clone()),
        }
    };
    let tapped = move || gesture.with_value(Gesture::dragged);
    let markers = move |cluster: Cluster| {
        let transform = at(cluster.x, cluster.y);
        // Half a pixel over the target on each side, so rounding never leaves it short.
        let hit = style.target_px / 2.0 + 0.5;
        if cluster.count() > 1 {
            let count = cluster.count();
            let label = td_string!(locale, map_cluster, n = count).to_string();
            let members = cluster.members.join(" ");
            let holds_selected = {
                let members = cluster.members.clone();
                move || selected.get().is_some_and(|id| members.contains(&id))
            };
            let title = label.clone();
            let on_click = cluster.clone();
            let on_key = cluster;
            view! {
                <g
                    class="cluster"
                    class:selected=holds_selected
                    data-members=members
                    role="button"
                    tabindex="0"
                    aria-label=label
                    transform=transform
                    on:click=move |_| {
                        if !tapped() {
                            open_cluster(&on_click);
                        }
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            open_cluster(&on_key);
                        }
                    }
                >
                    <title>{title}</title>
                    <circle class="hit" r=fixed(hit, 1).to_string() />
                    <circle class="halo" r=fixed(style.cluster_radius_px + 5.0, 1).to_string() />
                    <circle class="cluster-dot" r=fixed(style.cluster_radius_px, 1).to_string() />
                    <text class="count" text-anchor="middle" dominant-baseline="central" font-size=fixed(style.font_px, 0).to_string()>
                        {count.to_string()}
                    </text>
                </g>
            }
            .into_any()
        } else {
            let id = cluster.members[0].clone();
            let (name, group) = placed.with_value(|p| {
                p.iter()
                    .find(|p| p.id == id)
                    .map(|p| (p.name.clone(), p.group))
                    .unwrap_or_default()
            });
            let m = pin_marker(group);
            let (colour, path) = (m.colour, m.shape.path(0.0, 0.0, style.pin_radius_px));
            let is_selected = {
                let id = id.clone();
                move || selected.get().as_deref() == Some(id.as_str())
            };
            let (click_id, key_id) = (id.clone(), id.clone());
            let title = name.clone();
            view! {
                <g
                    class="pin"
                    class:selected=is_selected
                    role="link"
                    tabindex="0"
                    data-id=id
                    aria-label=name
                    transform=transform
                    on:click=move |_| {
                        if !tapped() {
                            on_pin.run(click_id.clone());
                        }
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            on_pin.run(key_id.clone());
                        }
                    }
                >
                    <title>{title}</title>
                    <circle class="hit" r=fixed(hit, 1).to_string() />
                    <circle class="halo" r=fixed(style.pin_radius_px + 5.0, 1).to_string() />
                    <path class="marker" d=path fill=colour stroke=MARKER_OUTLINE />
                </g>
            }
            .into_any()
        }
    };
    let labels = move || {
        scene
            .get()
            .labels
            .into_iter()
            .map(|l| {
                view! {
                    <text
                        class=l.kind.class()
                        transform=at(l.x, l.y)
                        text-anchor=l.side.text_anchor()
                        dominant-baseline="central"
                        font-size=fixed(l.font_px, 0).to_string()
                    >
                        {l.text}
                    </text>
                }
            })
            .collect_view()
    };
    let rings = move || {
        let view = settled.get();
        distance_rings(lake, &view, units_per_km, RING_GAP_PX)
            .into_iter()
            .map(|ring| {
                let (label_x, label_y) = map_scene::ring_label_at(lake, ring.r, &view);
                view! {
                    <circle class="ring" cx=fixed(lake.0, 2).to_string() cy=fixed(lake.1, 2).to_string() r=fixed(ring.r, 2).to_string() vector-effect="non-scaling-stroke" />
                    <text class="ring-label" transform=at(label_x, label_y) text-anchor="middle" dominant-baseline="central" font-size=fixed(style.commune_font_px, 0).to_string()>
                        {ring.label}
                    </text>
                }
            })
            .collect_view()
    };
    let scale = move || {
        let bar = ScaleBar::for_view(&live.get(), units_per_km, SCALE_BAR_PX);
        // Wide enough for its label too, in the kiosk's larger text.
        let font = style.font_px;
        let width = (bar.px + 8.0).max(font * 4.0);
        let base = font + 14.0;
        view! {
            <svg class="scale-bar" width=fixed(width, 0).to_string() height=fixed(base + 4.0, 0).to_string() aria-hidden="true">
                <path d=format!("M4,{}V{}H{}V{}", fixed(base - 8.0, 1), fixed(base, 1), fixed(bar.px + 4.0, 1), fixed(base - 8.0, 1)) fill="none" />
                <text x="4" y=fixed(font, 1).to_string() font-size=fixed(font, 0).to_string()>{bar.label()}</text>
            </svg>
        }
    };
    // The scale in words, for screen readers (the bar itself is a drawing).
    let scale_text = move || ScaleBar::for_view(&live.get(), units_per_km, SCALE_BAR_PX).label();

    // Pointer positions relative to the frame, from its box at the gesture's start.
    let origin = StoredValue::new((0.0, 0.0));
    let point = move |ev: &ev::PointerEvent| {
        let (left, top) = origin.get_value();
        (
            f64::from(ev.client_x()) - left,
            f64::from(ev.client_y()) - top,
        )
    };
    let on_down = move |ev: ev::PointerEvent| {
        if !ev.is_primary() && !gesture.with_value(Gesture::is_active) {
            return;
        }
        if !gesture.with_value(Gesture::is_active) {
            fit_frame();
            if let Some((left, top, _, _)) = measure() {
                origin.set_value((left, top));
            }
        }
        let at = point(&ev);
        gesture.update_value(|g| g.down(ev.pointer_id(), at));
    };
    let on_move = move |ev: ev::PointerEvent| {
        let at = point(&ev);
        let view = live.get_untracked();
        if let Some(next) = gesture
            .try_update_value(|g| g.moved(ev.pointer_id(), at, &view))
            .flatten()
        {
            ev.prevent_default();
            live.set(next);
        }
    };
    let on_up = move |ev: ev::PointerEvent| {
        gesture.update_value(|g| g.up(ev.pointer_id()));
        if !gesture.with_value(Gesture::is_active)
            && settled.get_untracked() != live.get_untracked()
        {
            settled.set(live.get_untracked());
        }
    };
    let on_wheel = move |ev: ev::WheelEvent| {
        ev.prevent_default();
        fit_frame();
        let Some((left, top, _, _)) = measure() else {
            return;
        };
        // Lines (Firefox) and pages turned into pixels.
        let delta = match ev.delta_mode() {
            1 => ev.delta_y() * 16.0,
            2 => ev.delta_y() * live.get_untracked().screen_height,
            _ => ev.delta_y(),
        };
        let at = (
            f64::from(ev.client_x()) - left,
            f64::from(ev.client_y()) - top,
        );
        set_view(live.get_untracked().wheel(delta, at));
    };
    let on_key = move |ev: ev::KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        if let Some(view) = map_scene::on_key(&live.get_untracked(), &ev.key()) {
            ev.prevent_default();
            set_view(view);
        }
    };
    let zoom = move |steps: i32| {
        fit_frame();
        set_view(live.get_untracked().zoom_steps(steps));
    };
    let reset = move |_| {
        fit_frame();
        let view = live.get_untracked();
        set_view(MapView::new(
            &projection,
            view.screen_width,
            view.screen_height,
        ));
    };
    let (lake_x, lake_y) = lake;
    view! {
        <div class="map-wrap">
            <div
                class="map-frame"
                node_ref=frame
                tabindex="0"
                role="region"
                aria-label=move || td_string!(i18n.get_locale(), map_title).to_string()
                aria-describedby="map-keys"
                on:keydown=on_key
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
                on:pointerleave=on_up
            >
                <svg
                    node_ref=drawing
                    class="map zoom-map"
                    role="group"
                    aria-label=move || td_string!(i18n.get_locale(), map_title).to_string()
                    viewBox=move || live.get().view_box().to_string()
                    data-zoom=move || fixed(live.get().zoom, 2).to_string()
                >
                    <rect class="land" x="0" y="0" width=fixed(projection.width, 0).to_string() height=fixed(projection.height, 0).to_string() />
                    <g class="rings" aria-hidden="true">{rings}</g>
                    <g class="lake" aria-hidden="true" transform=at(lake_x, lake_y)>
                        <circle r=fixed(style.pin_radius_px, 1).to_string() />
                    </g>
                    <g class="markers">
                        <For
                            each=move || scene.get().clusters
                            key=|c| c.members.join(" ")
                            children=markers
                        />
                    </g>
                    <g class="labels" aria-hidden="true">{labels}</g>
                </svg>
                <div class="map-controls">
                    <button type="button" class="zoom-in" on:click=move |_| zoom(1) aria-label=move || td_string!(i18n.get_locale(), map_zoom_in).to_string()>"+"</button>
                    <button type="button" class="zoom-out" on:click=move |_| zoom(-1) aria-label=move || td_string!(i18n.get_locale(), map_zoom_out).to_string()>"−"</button>
                    <button type="button" class="reset" on:click=reset>{t!(i18n, map_reset)}</button>
                </div>
                <div class="map-scale">
                    {scale}
                    <span class="visually-hidden">{move || td_string!(i18n.get_locale(), map_scale, distance = scale_text()).to_string()}</span>
                </div>
            </div>
            <p id="map-keys" class="small muted">{t!(i18n, map_keys)}</p>
        </div>
    }
}

/// A village's canvas position, by id.
fn placed_position(
    placed: StoredValue<Vec<Placed>>,
) -> impl Fn(&str) -> Option<(f64, f64)> + Copy + Send + Sync + 'static {
    move |id: &str| placed.with_value(|p| p.iter().find(|p| p.id == id).map(|p| (p.x, p.y)))
}

/// The legend: each craft group's marker, the same shape and colour as on every map
/// (`/map` and a tour's).
#[component]
pub fn MapLegend(
    /// Groups to list, with their labels.
    groups: Vec<(CraftGroup, String)>,
) -> impl IntoView {
    let items = groups
        .into_iter()
        .map(|(group, label)| {
            let m = marker(group);
            view! {
                <li>
                    <svg class="legend-marker" viewBox="-10 -10 20 20" aria-hidden="true">
                        <path d=m.shape.path(0.0, 0.0, 8.0) fill=m.colour stroke=MARKER_OUTLINE stroke-width="1.5" />
                    </svg>
                    " "{label}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="legend">{items}</ul> }
}
