//! What the map page draws at a view, from the geometry in [`crate::map`]: the markers (pins
//! merged into clusters where they would overlap), the labels that fit (villages, the lake,
//! and the communes around them once zoomed in), what tapping a cluster does, and what each key
//! does to the view. The app turns a [`Scene`] into SVG and does no arithmetic of its own.

use serde::{Deserialize, Serialize};

use crate::map::{cluster, place_labels, text_width_px, Cluster, LabelRequest, MapView, Side};

/// Sizes on screen, CSS px, for one kind of screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapStyle {
    /// A marker's touch target (its hit area's diameter); markers closer than this merge.
    pub target_px: f64,
    /// A single pin's visible radius (smaller than its hit area).
    pub pin_radius_px: f64,
    /// A cluster's visible radius (it carries its count).
    pub cluster_radius_px: f64,
    /// Village and lake labels' font size.
    pub font_px: f64,
    /// Commune labels' font size.
    pub commune_font_px: f64,
}

impl MapStyle {
    /// Phones and desktops: 44 px targets (WCAG 2.5.5), as [`crate::map::TOUCH_TARGET_PX`].
    pub const STANDARD: MapStyle = MapStyle {
        target_px: crate::map::TOUCH_TARGET_PX,
        pin_radius_px: 8.0,
        cluster_radius_px: 14.0,
        font_px: 13.0,
        commune_font_px: 11.0,
    };

    /// A kiosk read from across the room: 64 px targets and 32 px text, as the rest of the
    /// kiosk's pages.
    pub const KIOSK: MapStyle = MapStyle {
        target_px: 64.0,
        pin_radius_px: 14.0,
        cluster_radius_px: 24.0,
        font_px: 32.0,
        commune_font_px: 32.0,
    };
}

/// The zoom at which commune labels join the villages' (below it, the whole city, there is no
/// room for both and the villages come first).
pub const COMMUNE_LABELS_FROM_ZOOM: f64 = 2.0;

/// The zoom of a map opened on one village (`/map?v=<id>`): its neighbours around it.
pub const FOCUS_ZOOM: f64 = 4.0;

/// A named point on the map: a village's pin, a commune's centroid, the lake.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NamedPoint<'a> {
    /// Its id (a village's id, a commune's code).
    pub id: &'a str,
    /// The name to label it with, in the reader's language.
    pub name: &'a str,
    /// Canvas position.
    pub x: f64,
    /// Canvas position.
    pub y: f64,
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// A village's pin.
    Village,
    /// The reference point (Hoàn Kiếm Lake).
    Landmark,
    /// A commune's or ward's centroid.
    Commune,
}

impl LabelKind {
    /// Its class in the SVG (the stylesheet sets its weight and colour).
    pub fn class(self) -> &'static str {
        match self {
            LabelKind::Village => "label village-label",
            LabelKind::Landmark => "label landmark-label",
            LabelKind::Commune => "label commune-label",
        }
    }
}

/// A label placed on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneLabel {
    /// What it names.
    pub kind: LabelKind,
    /// The labelled point's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Which side of its point (for `text-anchor`).
    pub side: Side,
    /// The text's anchor, canvas.
    pub x: f64,
    /// The text's anchor (its vertical middle), canvas.
    pub y: f64,
    /// Font size, screen px.
    pub font_px: f64,
}

/// Everything the map draws at one view, apart from the rings and the scale bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// Markers: single pins and clusters (a cluster has more than one member).
    pub clusters: Vec<Cluster>,
    /// Labels that fit, none overlapping another or a marker.
    pub labels: Vec<SceneLabel>,
}

/// Label priorities: a selected village first, then the lake, the villages, the communes.
const SELECTED: i32 = 4;
const LANDMARK: i32 = 3;
const VILLAGE: i32 = 2;
const COMMUNE: i32 = 1;

/// A label's height for a font size: the text's line.
fn line_px(font_px: f64) -> f64 {
    font_px * 1.2
}

/// The scene at `view`: `pins` clustered where they would overlap, a label for each single pin
/// that has room, the lake's (`landmark`), and from [`COMMUNE_LABELS_FROM_ZOOM`] the communes'
/// in the room left. A `selected` village's label is placed first. Deterministic.
pub fn scene<'a>(
    pins: &[NamedPoint<'a>],
    communes: &[NamedPoint<'a>],
    landmark: Option<NamedPoint<'a>>,
    selected: Option<&str>,
    view: &MapView,
    style: &MapStyle,
) -> Scene {
    let points: Vec<(&str, f64, f64)> = pins.iter().map(|p| (p.id, p.x, p.y)).collect();
    let clusters = cluster(&points, view.px_per_unit(), style.target_px);
    // Clear of the widest marker: labels keep off every marker by that radius, their own
    // included.
    let marker = style.cluster_radius_px;
    let request = |p: NamedPoint<'a>, kind: LabelKind| -> (LabelKind, f64, LabelRequest<'a>) {
        let (font, clearance, priority) = match kind {
            LabelKind::Village if selected == Some(p.id) => (style.font_px, marker, SELECTED),
            LabelKind::Village => (style.font_px, marker, VILLAGE),
            LabelKind::Landmark => (style.font_px, marker, LANDMARK),
            // Centred on the centroid: a commune has no marker.
            LabelKind::Commune => (style.commune_font_px, 0.0, COMMUNE),
        };
        (
            kind,
            font,
            LabelRequest {
                id: p.id,
                x: p.x,
                y: p.y,
                width_px: text_width_px(p.name, font),
                height_px: line_px(font),
                priority,
                clearance_px: clearance,
            },
        )
    };
    let mut wanted: Vec<(LabelKind, f64, LabelRequest<'a>, &'a str)> = Vec::new();
    for c in clusters.iter().filter(|c| c.count() == 1) {
        if let Some(p) = pins.iter().find(|p| p.id == c.members[0]) {
            let (kind, font, r) = request(*p, LabelKind::Village);
            wanted.push((kind, font, r, p.name));
        }
    }
    if let Some(lake) = landmark {
        let (kind, font, r) = request(lake, LabelKind::Landmark);
        wanted.push((kind, font, r, lake.name));
    }
    if view.zoom >= COMMUNE_LABELS_FROM_ZOOM {
        for commune in communes {
            let (kind, font, r) = request(*commune, LabelKind::Commune);
            wanted.push((kind, font, r, commune.name));
        }
    }
    let mut markers: Vec<(f64, f64)> = clusters.iter().map(|c| (c.x, c.y)).collect();
    markers.extend(landmark.map(|l| (l.x, l.y)));
    let requests: Vec<LabelRequest<'a>> = wanted.iter().map(|w| w.2).collect();
    let placed = place_labels(&requests, &markers, style.cluster_radius_px, view);
    let labels = placed
        .into_iter()
        .filter_map(|p| {
            // Ids are unique within a kind; a commune's code never equals a village's id.
            let (kind, font, _, text) = wanted.iter().find(|w| w.2.id == p.id)?;
            Some(SceneLabel {
                kind: *kind,
                id: p.id,
                text: (*text).to_string(),
                side: p.side,
                x: p.x,
                y: p.y,
                font_px: *font,
            })
        })
        .collect();
    Scene { clusters, labels }
}

/// The view that shows a tapped cluster's members apart: zoomed to fit them with a target's
/// margin, when that separates at least two of them. `None` when no zoom can (villages the data
/// places at one point): the page then lists them.
pub fn open_cluster(
    view: &MapView,
    members: &[(&str, f64, f64)],
    style: &MapStyle,
) -> Option<MapView> {
    let points: Vec<(f64, f64)> = members.iter().map(|m| (m.1, m.2)).collect();
    let fitted = view.fit(&points, style.target_px);
    (cluster(members, fitted.px_per_unit(), style.target_px).len() > 1).then_some(fitted)
}

/// What a key pressed on the focused map does to the view (`KeyboardEvent.key`): the arrows
/// pan by a quarter of the map, `+`/`=` and `-`/`_` zoom about the middle. `None` for any other
/// key, which the page leaves to the browser.
pub fn on_key(view: &MapView, key: &str) -> Option<MapView> {
    Some(match key {
        "ArrowUp" => view.pan_by_screen(0.0, -0.25),
        "ArrowDown" => view.pan_by_screen(0.0, 0.25),
        "ArrowLeft" => view.pan_by_screen(-0.25, 0.0),
        "ArrowRight" => view.pan_by_screen(0.25, 0.0),
        "+" | "=" | "Add" => view.zoom_steps(1),
        "-" | "_" | "Subtract" => view.zoom_steps(-1),
        _ => return None,
    })
}

/// Where a distance ring's label goes: on the ring, on the line from its centre towards the
/// middle of the view, so that a ring crossing the screen has its label on screen (straight
/// above the centre when the view is centred on it).
pub fn ring_label_at(centre: (f64, f64), r: f64, view: &MapView) -> (f64, f64) {
    let (dx, dy) = (view.center_x - centre.0, view.center_y - centre.1);
    let d = dx.hypot(dy);
    if d < 1e-9 {
        return (centre.0, centre.1 - r);
    }
    (centre.0 + dx / d * r, centre.1 + dy / d * r)
}

/// How far, px, the pointers may travel before their release counts as a drag, not a tap.
pub const TAP_SLOP_PX: f64 = 6.0;

/// The pointers (fingers, a pressed mouse) on the map, turned into view changes: one drags,
/// two pinch. A third finger is ignored until one of the first two lifts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gesture {
    /// Pointer id and last screen position (px, relative to the map), at most two.
    pointers: Vec<(i32, (f64, f64))>,
    /// How far the pointers have moved since the first went down, px.
    travelled_px: f64,
}

impl Gesture {
    /// A pointer went down at `at`.
    pub fn down(&mut self, id: i32, at: (f64, f64)) {
        self.pointers.retain(|(p, _)| *p != id);
        if self.pointers.is_empty() {
            self.travelled_px = 0.0;
        }
        if self.pointers.len() < 2 {
            self.pointers.push((id, at));
        }
    }

    /// A pointer moved to `at`: the view after it (`None` for a pointer not on the map).
    pub fn moved(&mut self, id: i32, at: (f64, f64), view: &MapView) -> Option<MapView> {
        let i = self.pointers.iter().position(|(p, _)| *p == id)?;
        let from = self.pointers[i].1;
        self.pointers[i].1 = at;
        self.travelled_px += (at.0 - from.0).hypot(at.1 - from.1);
        let Some(&(_, other)) = self.pointers.get(1 - i) else {
            return Some(view.drag(at.0 - from.0, at.1 - from.1));
        };
        let middle = |a: (f64, f64), b: (f64, f64)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let before = (from.0 - other.0).hypot(from.1 - other.1);
        let after = (at.0 - other.0).hypot(at.1 - other.1);
        // Two fingers on one spot have no distance to scale by.
        let scale = if before >= 1.0 { after / before } else { 1.0 };
        Some(view.pinch(scale, middle(from, other), middle(at, other)))
    }

    /// A pointer lifted (or was cancelled).
    pub fn up(&mut self, id: i32) {
        self.pointers.retain(|(p, _)| *p != id);
    }

    /// Whether a pointer is down.
    pub fn is_active(&self) -> bool {
        !self.pointers.is_empty()
    }

    /// Whether the pointers travelled far enough that the click their release makes is the end
    /// of a drag or a pinch, not a tap on a pin.
    pub fn dragged(&self) -> bool {
        self.travelled_px > TAP_SLOP_PX
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Projection;

    fn phone() -> MapView {
        MapView::new(&Projection::hanoi(800.0, 0.0), 390.0, 600.0)
    }

    fn point<'a>(id: &'a str, name: &'a str, x: f64, y: f64) -> NamedPoint<'a> {
        NamedPoint { id, name, x, y }
    }

    #[test]
    fn close_pins_share_a_marker_and_only_single_pins_get_labels() {
        let view = phone();
        let s = view.px_per_unit();
        // Two pins 10 px apart, one far away.
        let pins = [
            point("a", "An", 400.0, 400.0),
            point("b", "Bình", 400.0 + 10.0 / s, 400.0),
            point("c", "Chương Mỹ", 200.0, 200.0),
        ];
        let got = scene(&pins, &[], None, None, &view, &MapStyle::STANDARD);
        assert_eq!(got.clusters.len(), 2);
        assert_eq!(got.clusters[0].members, ["a", "b"]);
        let labelled: Vec<&str> = got.labels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(labelled, ["c"]);
        assert_eq!(got.labels[0].text, "Chương Mỹ");
        assert_eq!(got.labels[0].kind, LabelKind::Village);
    }

    #[test]
    fn commune_labels_come_only_when_zoomed_in_and_never_before_a_village() {
        let view = phone();
        let pins = [point("v", "Bát Tràng", 400.0, 400.0)];
        // A commune whose centred label would cover the village's marker and label.
        let communes = [
            point("00577", "Bát Tràng", 400.0, 400.0),
            point("00001", "Gia Lâm", 300.0, 300.0),
        ];
        let whole = scene(&pins, &communes, None, None, &view, &MapStyle::STANDARD);
        assert!(whole.labels.iter().all(|l| l.kind != LabelKind::Commune));
        let zoomed = view.focus((350.0, 350.0), COMMUNE_LABELS_FROM_ZOOM);
        let close = scene(&pins, &communes, None, None, &zoomed, &MapStyle::STANDARD);
        let ids: Vec<(&str, LabelKind)> = close
            .labels
            .iter()
            .map(|l| (l.id.as_str(), l.kind))
            .collect();
        assert_eq!(
            ids,
            [("v", LabelKind::Village), ("00001", LabelKind::Commune)]
        );
        assert_eq!(close.labels[1].side, Side::Centre);
        assert_eq!(close.labels[1].font_px, MapStyle::STANDARD.commune_font_px);
    }

    #[test]
    fn the_selected_village_and_the_lake_are_labelled_before_the_others() {
        let view = phone();
        // Both at one point: only one of them can take the right side.
        let pins = [
            point("a", "Aaaa", 400.0, 400.0),
            point("b", "Bbbb", 500.0, 500.0),
        ];
        let lake = point("lake", "Hồ Hoàn Kiếm", 500.0, 500.0);
        let plain = scene(&pins, &[], Some(lake), None, &view, &MapStyle::STANDARD);
        let side = |s: &Scene, id: &str| s.labels.iter().find(|l| l.id == id).map(|l| l.side);
        assert_eq!(side(&plain, "lake"), Some(Side::Right));
        assert_eq!(
            plain.labels.iter().find(|l| l.id == "lake").map(|l| l.kind),
            Some(LabelKind::Landmark)
        );
        assert_ne!(side(&plain, "b"), Some(Side::Right));
        let chosen = scene(
            &pins,
            &[],
            Some(lake),
            Some("b"),
            &view,
            &MapStyle::STANDARD,
        );
        assert_eq!(side(&chosen, "b"), Some(Side::Right));
    }

    #[test]
    fn kiosk_markers_merge_at_their_larger_target() {
        let view = phone();
        let s = view.px_per_unit();
        let pins = [
            point("a", "A", 400.0, 400.0),
            point("b", "B", 400.0 + 50.0 / s, 400.0),
        ];
        assert_eq!(
            scene(&pins, &[], None, None, &view, &MapStyle::STANDARD)
                .clusters
                .len(),
            2
        );
        assert_eq!(
            scene(&pins, &[], None, None, &view, &MapStyle::KIOSK)
                .clusters
                .len(),
            1
        );
    }

    #[test]
    fn a_tapped_cluster_zooms_until_its_members_part_or_is_listed() {
        let view = phone();
        let s = view.px_per_unit();
        let apart = [("a", 400.0, 400.0), ("b", 400.0 + 5.0 / s, 400.0)];
        let zoomed = open_cluster(&view, &apart, &MapStyle::STANDARD).expect("they part");
        assert!(zoomed.zoom > view.zoom);
        assert_eq!(cluster(&apart, zoomed.px_per_unit(), 44.0).len(), 2);
        // Two villages at one commune centroid: no zoom parts them.
        let same = [("a", 400.0, 400.0), ("b", 400.0, 400.0)];
        assert_eq!(open_cluster(&view, &same, &MapStyle::STANDARD), None);
    }

    #[test]
    fn keys_pan_and_zoom_and_other_keys_are_left_alone() {
        let view = phone().zoom_steps(2);
        assert!(on_key(&view, "ArrowUp").unwrap().center_y < view.center_y);
        assert!(on_key(&view, "ArrowDown").unwrap().center_y > view.center_y);
        assert!(on_key(&view, "ArrowLeft").unwrap().center_x < view.center_x);
        assert!(on_key(&view, "ArrowRight").unwrap().center_x > view.center_x);
        assert_eq!(on_key(&view, "+").unwrap().zoom, view.zoom * 2.0);
        assert_eq!(on_key(&view, "=").unwrap().zoom, view.zoom * 2.0);
        assert_eq!(on_key(&view, "-").unwrap().zoom, view.zoom / 2.0);
        assert_eq!(on_key(&view, "Tab"), None);
        assert_eq!(on_key(&view, "Enter"), None);
    }

    #[test]
    fn one_pointer_drags_two_pinch_and_a_short_move_stays_a_tap() {
        let view = phone().zoom_steps(2);
        let mut g = Gesture::default();
        g.down(1, (100.0, 100.0));
        let point = view.to_canvas((100.0, 100.0));
        let dragged = g.moved(1, (103.0, 102.0), &view).unwrap();
        assert!((dragged.to_screen(point).0 - 103.0).abs() < 1e-6);
        assert!(!g.dragged(), "3 px is still a tap");
        let dragged = g.moved(1, (130.0, 100.0), &dragged).unwrap();
        assert!(g.dragged());
        assert_eq!(
            g.moved(9, (0.0, 0.0), &dragged),
            None,
            "not a pointer on the map"
        );
        // A second finger: spreading them doubles the zoom.
        g.down(2, (230.0, 100.0));
        g.down(3, (300.0, 300.0));
        let pinched = g.moved(2, (330.0, 100.0), &dragged).unwrap();
        assert!((pinched.zoom - dragged.zoom * 2.0).abs() < 1e-9);
        g.up(1);
        g.up(2);
        assert!(!g.is_active(), "the third finger was never tracked");
        // The next touch starts afresh.
        g.down(4, (10.0, 10.0));
        assert!(g.is_active() && !g.dragged());
    }

    #[test]
    fn ring_labels_sit_on_their_ring_towards_the_middle_of_the_view() {
        let view = phone().zoom_steps(3);
        let (cx, cy) = (view.center_x, view.center_y);
        // A lake to the north-east of the view: the labels lie south-west of it, on screen.
        let lake = (cx + 30.0, cy - 40.0);
        let (x, y) = ring_label_at(lake, 25.0, &view);
        assert!(((x - lake.0).hypot(y - lake.1) - 25.0).abs() < 1e-9);
        assert!(x < lake.0 && y > lake.1);
        let (sx, sy) = view.to_screen((x, y));
        assert!((0.0..=390.0).contains(&sx) && (0.0..=600.0).contains(&sy));
        assert_eq!(ring_label_at((cx, cy), 10.0, &view), (cx, cy - 10.0));
    }
}
