//! The map's geometry, for an SVG map drawn over the canvas of a [`Projection`]: the view (zoom
//! and pan as a value, from wheel, pinch, drag and keys), pins merged into clusters where they
//! would overlap, a scale bar, distance rings around Hoàn Kiếm Lake, labels placed so they do not
//! overlap, and a marker (colour and shape) per craft group that colour-blind readers can tell
//! apart. Everything here is plain arithmetic on canvas units and screen pixels, so the UI only
//! draws: it sets the SVG's `viewBox` to [`MapView::view_box`] and scales pins and text by
//! [`MapView::px_per_unit`] to keep them a constant size on screen.
//!
//! Two spaces: *canvas* units (the projection's, fixed: the whole of Hanoi at zoom 1) and
//! *screen* pixels (CSS px of the drawn map, origin top left).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::decimal::fixed;
use crate::geo::Projection;
use crate::model::CraftGroup;

/// The widest the map zooms out: all of Hanoi.
pub const MIN_ZOOM: f64 = 1.0;
/// The furthest the map zooms in (a few streets across on a phone).
pub const MAX_ZOOM: f64 = 32.0;
/// Smallest touch target, CSS px (WCAG 2.5.5): pins and clusters are drawn at least this wide,
/// and pins closer than this merge into a cluster.
pub const TOUCH_TARGET_PX: f64 = 44.0;
/// Wheel scroll, in pixels, that doubles or halves the zoom.
const WHEEL_PX_PER_DOUBLING: f64 = 300.0;

/// What part of the canvas the map shows, and at what size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// Canvas width, units (the projection's).
    pub canvas_width: f64,
    /// Canvas height, units.
    pub canvas_height: f64,
    /// The drawn map's width on screen, CSS px.
    pub screen_width: f64,
    /// The drawn map's height on screen, CSS px.
    pub screen_height: f64,
    /// Zoom, [`MIN_ZOOM`]–[`MAX_ZOOM`]; 1 fits the whole canvas on screen.
    pub zoom: f64,
    /// The canvas point at the middle of the screen, x.
    pub center_x: f64,
    /// The canvas point at the middle of the screen, y.
    pub center_y: f64,
}

/// An SVG `viewBox`: the canvas rectangle on screen. Its `Display` is the attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ViewBox {
    /// Left edge, canvas units.
    pub x: f64,
    /// Top edge, canvas units.
    pub y: f64,
    /// Width, canvas units.
    pub width: f64,
    /// Height, canvas units.
    pub height: f64,
}

impl fmt::Display for ViewBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            fixed(self.x, 2),
            fixed(self.y, 2),
            fixed(self.width, 2),
            fixed(self.height, 2)
        )
    }
}

impl MapView {
    /// The whole canvas of `projection` on a screen `screen_width × screen_height` px.
    pub fn new(projection: &Projection, screen_width: f64, screen_height: f64) -> MapView {
        MapView {
            canvas_width: projection.width,
            canvas_height: projection.height,
            screen_width: screen_width.max(1.0),
            screen_height: screen_height.max(1.0),
            zoom: MIN_ZOOM,
            center_x: projection.width / 2.0,
            center_y: projection.height / 2.0,
        }
    }

    /// The same view on a screen of another size (a rotated phone, a resized window).
    pub fn resized(self, screen_width: f64, screen_height: f64) -> MapView {
        MapView {
            screen_width: screen_width.max(1.0),
            screen_height: screen_height.max(1.0),
            ..self
        }
        .clamped()
    }

    /// Screen px per canvas unit.
    pub fn px_per_unit(&self) -> f64 {
        let fit =
            (self.screen_width / self.canvas_width).min(self.screen_height / self.canvas_height);
        fit * self.zoom
    }

    /// The canvas rectangle on screen.
    pub fn view_box(&self) -> ViewBox {
        let s = self.px_per_unit();
        let (width, height) = (self.screen_width / s, self.screen_height / s);
        ViewBox {
            x: self.center_x - width / 2.0,
            y: self.center_y - height / 2.0,
            width,
            height,
        }
    }

    /// Where a canvas point is on screen.
    pub fn to_screen(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let s = self.px_per_unit();
        (
            (x - self.center_x) * s + self.screen_width / 2.0,
            (y - self.center_y) * s + self.screen_height / 2.0,
        )
    }

    /// The canvas point under a screen point.
    pub fn to_canvas(&self, (sx, sy): (f64, f64)) -> (f64, f64) {
        let s = self.px_per_unit();
        (
            (sx - self.screen_width / 2.0) / s + self.center_x,
            (sy - self.screen_height / 2.0) / s + self.center_y,
        )
    }

    /// Zoomed by `factor` (2: twice as close) keeping the canvas point under `screen_point`
    /// where it is, within the zoom limits and the canvas.
    pub fn zoom_at(self, factor: f64, screen_point: (f64, f64)) -> MapView {
        if !factor.is_finite() || factor <= 0.0 {
            return self;
        }
        let anchor = self.to_canvas(screen_point);
        let zoomed = MapView {
            zoom: (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM),
            ..self
        };
        // Move the centre so the anchor is back under the screen point.
        let now = zoomed.to_canvas(screen_point);
        MapView {
            center_x: zoomed.center_x + anchor.0 - now.0,
            center_y: zoomed.center_y + anchor.1 - now.1,
            ..zoomed
        }
        .clamped()
    }

    /// After a wheel event with `delta_y` pixels (`WheelEvent.deltaY` in pixel mode; multiply
    /// lines by 16 first) over `screen_point`: scrolling down zooms out, 300 px doubles.
    pub fn wheel(self, delta_y: f64, screen_point: (f64, f64)) -> MapView {
        self.zoom_at((-delta_y / WHEEL_PX_PER_DOUBLING).exp2(), screen_point)
    }

    /// After a pinch step: the fingers' distance grew by `scale` (new / old) and their midpoint
    /// moved from `from` to `to` (screen px).
    pub fn pinch(self, scale: f64, from: (f64, f64), to: (f64, f64)) -> MapView {
        self.zoom_at(scale, from).drag(to.0 - from.0, to.1 - from.1)
    }

    /// After dragging the map by `(dx, dy)` screen px (the map follows the finger).
    pub fn drag(self, dx: f64, dy: f64) -> MapView {
        let s = self.px_per_unit();
        MapView {
            center_x: self.center_x - dx / s,
            center_y: self.center_y - dy / s,
            ..self
        }
        .clamped()
    }

    /// After an arrow key: the map moves by a fraction of the screen (`(0.0, -0.25)` shows
    /// more of what is above).
    pub fn pan_by_screen(self, fx: f64, fy: f64) -> MapView {
        self.drag(-fx * self.screen_width, -fy * self.screen_height)
    }

    /// After `+`/`-` (or the zoom buttons): `steps` doublings (negative: zoom out) about the
    /// middle of the screen.
    pub fn zoom_steps(self, steps: i32) -> MapView {
        let middle = (self.screen_width / 2.0, self.screen_height / 2.0);
        self.zoom_at(f64::from(steps).exp2(), middle)
    }

    /// Centred on a canvas point at `zoom` (a selected village).
    pub fn focus(self, (x, y): (f64, f64), zoom: f64) -> MapView {
        MapView {
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
            center_x: x,
            center_y: y,
            ..self
        }
        .clamped()
    }

    /// Zoomed and centred to show every point with `margin_px` around (a tapped cluster's
    /// members); the whole map when there is none.
    pub fn fit(self, points: &[(f64, f64)], margin_px: f64) -> MapView {
        let Some(&(x0, y0)) = points.first() else {
            return MapView {
                zoom: MIN_ZOOM,
                ..self
            }
            .clamped();
        };
        let (mut min_x, mut max_x, mut min_y, mut max_y) = (x0, x0, y0, y0);
        for &(x, y) in points {
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
        }
        let room_x = (self.screen_width - 2.0 * margin_px).max(1.0);
        let room_y = (self.screen_height - 2.0 * margin_px).max(1.0);
        let fit_1 = MapView { zoom: 1.0, ..self }.px_per_unit();
        let needed = (room_x / (max_x - min_x).max(1e-9)).min(room_y / (max_y - min_y).max(1e-9));
        self.focus(
            ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0),
            needed / fit_1,
        )
    }

    /// Within the zoom limits, and panned no further than the canvas's edges (when the canvas
    /// is narrower than the screen in one direction, centred in it).
    fn clamped(self) -> MapView {
        let zoom = if self.zoom.is_finite() {
            self.zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            MIN_ZOOM
        };
        let view = MapView { zoom, ..self };
        let s = view.px_per_unit();
        let clamp = |centre: f64, visible: f64, canvas: f64| {
            if visible >= canvas || !centre.is_finite() {
                canvas / 2.0
            } else {
                centre.clamp(visible / 2.0, canvas - visible / 2.0)
            }
        };
        MapView {
            center_x: clamp(view.center_x, view.screen_width / s, view.canvas_width),
            center_y: clamp(view.center_y, view.screen_height / s, view.canvas_height),
            ..view
        }
    }
}

/// Pins drawn as one marker: a single pin, or a cluster of pins too close to tell apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Canvas position: the mean of the members'.
    pub x: f64,
    /// Canvas position: the mean of the members'.
    pub y: f64,
    /// The members' ids, sorted.
    pub members: Vec<String>,
}

impl Cluster {
    /// How many pins it holds.
    pub fn count(&self) -> usize {
        self.members.len()
    }
}

/// Where to draw points of a small map, some of which may fall on one place: the points at a
/// place (within half a unit of the first of them) are moved, in their order, onto a circle
/// around it, the first at the top, each `apart` units from its neighbours; a point alone stays
/// where it is. Villages placed at their commune's centre share one point, and their pins would
/// otherwise hide each other and share one tap (as Leaflet's "spiderfy" spreads a cluster).
pub fn spread(points: &[(f64, f64)], apart: f64) -> Vec<(f64, f64)> {
    let same = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() < 0.5;
    // Each point's place: the first point it falls on.
    let place: Vec<usize> = points
        .iter()
        .enumerate()
        .map(|(i, &p)| points[..i].iter().position(|&q| same(p, q)).unwrap_or(i))
        .collect();
    points
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            let there: Vec<usize> = (0..points.len())
                .filter(|&j| place[j] == place[i])
                .collect();
            if there.len() < 2 {
                return (x, y);
            }
            let n = there.len() as f64;
            let k = there.iter().position(|&j| j == i).unwrap_or(0) as f64;
            // Neighbours on a circle of radius r are 2 r sin(π / n) apart.
            let radius = apart / (2.0 * (std::f64::consts::PI / n).sin());
            let angle = std::f64::consts::TAU * k / n - std::f64::consts::FRAC_PI_2;
            let (cx, cy) = points[place[i]];
            (cx + radius * angle.cos(), cy + radius * angle.sin())
        })
        .collect()
}

/// Pins (`id`, canvas `x`, `y`) merged so that no two markers are closer than `radius_px` on
/// screen at `px_per_unit` ([`MapView::px_per_unit`]; clusters depend on the zoom, not on the
/// pan). The two closest markers merge first, into one at their members' mean, until none is
/// too close; ties go to the smaller ids. The result does not depend on the order of `pins`,
/// and is sorted by first member.
pub fn cluster(pins: &[(&str, f64, f64)], px_per_unit: f64, radius_px: f64) -> Vec<Cluster> {
    let mut sorted: Vec<&(&str, f64, f64)> = pins.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    // Sums of member positions, so a merge's mean is exact whatever the merge order.
    let mut clusters: Vec<(f64, f64, Vec<String>)> = sorted
        .iter()
        .map(|(id, x, y)| (*x, *y, vec![id.to_string()]))
        .collect();
    let limit = radius_px / px_per_unit;
    let centre = |c: &(f64, f64, Vec<String>)| {
        let n = c.2.len() as f64;
        (c.0 / n, c.1 / n)
    };
    loop {
        let mut closest: Option<(f64, usize, usize)> = None;
        for (i, a) in clusters.iter().enumerate() {
            let (xi, yi) = centre(a);
            for (j, b) in clusters.iter().enumerate().skip(i + 1) {
                let (xj, yj) = centre(b);
                let d = (xi - xj).hypot(yi - yj);
                if d < limit && closest.is_none_or(|(best, _, _)| d < best) {
                    closest = Some((d, i, j));
                }
            }
        }
        let Some((_, i, j)) = closest else { break };
        let (x, y, members) = clusters.remove(j);
        let kept = &mut clusters[i];
        kept.0 += x;
        kept.1 += y;
        kept.2.extend(members);
        kept.2.sort();
    }
    let mut out: Vec<Cluster> = clusters
        .iter()
        .map(|c| {
            let (x, y) = centre(c);
            Cluster {
                x,
                y,
                members: c.2.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.members[0].cmp(&b.members[0]));
    out
}

/// A scale bar: a round distance and its length on screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScaleBar {
    /// The distance it stands for, km (a 1–2–5 round number).
    pub km: f64,
    /// Its length on screen, px.
    pub px: f64,
}

/// Round distances, km, for scale bars and rings.
const NICE_KM: [f64; 13] = [
    0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0,
];

impl ScaleBar {
    /// The longest round distance that fits in `max_px` on screen at this view (the shortest
    /// round one if none fits). `units_per_km` is the projection's ([`Projection::units_per_km`]).
    pub fn for_view(view: &MapView, units_per_km: f64, max_px: f64) -> ScaleBar {
        let px_per_km = units_per_km * view.px_per_unit();
        let km = NICE_KM
            .iter()
            .rev()
            .copied()
            .find(|km| km * px_per_km <= max_px)
            .unwrap_or(NICE_KM[0]);
        ScaleBar {
            km,
            px: km * px_per_km,
        }
    }

    /// `500 m`, `2 km`: the same in both languages.
    pub fn label(&self) -> String {
        distance_label(self.km)
    }
}

/// `500 m` below a kilometre, `2 km` from one.
fn distance_label(km: f64) -> String {
    if km < 1.0 {
        format!("{} m", (km * 1000.0).round())
    } else {
        format!("{} km", km.round())
    }
}

/// A circle at a round distance from the reference point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ring {
    /// Its radius, km.
    pub km: f64,
    /// Its radius, canvas units.
    pub r: f64,
    /// `10 km`.
    pub label: String,
}

/// Most rings drawn at once.
const MAX_RINGS: usize = 12;

/// Rings around `centre` (canvas; the lake: `projection.xy(&geo::HOAN_KIEM)`) at multiples of
/// the smallest round step that keeps them `min_gap_px` apart on screen at this view, out to
/// the farthest corner of the canvas (`MAX_RINGS` at most).
pub fn distance_rings(
    centre: (f64, f64),
    view: &MapView,
    units_per_km: f64,
    min_gap_px: f64,
) -> Vec<Ring> {
    let px_per_km = units_per_km * view.px_per_unit();
    let Some(step) = NICE_KM
        .iter()
        .copied()
        .find(|km| km * px_per_km >= min_gap_px)
    else {
        return Vec::new();
    };
    let corners = [
        (0.0, 0.0),
        (view.canvas_width, 0.0),
        (0.0, view.canvas_height),
        (view.canvas_width, view.canvas_height),
    ];
    let farthest_km = corners
        .iter()
        .map(|(x, y)| (x - centre.0).hypot(y - centre.1) / units_per_km)
        .fold(0.0, f64::max);
    (1..=MAX_RINGS)
        .map(|i| step * i as f64)
        .take_while(|km| *km <= farthest_km + step)
        .map(|km| Ring {
            km,
            r: km * units_per_km,
            label: distance_label(km),
        })
        .collect()
}

/// A label to place beside a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelRequest<'a> {
    /// What it labels (a pin's or a commune's id).
    pub id: &'a str,
    /// The labelled point, canvas.
    pub x: f64,
    /// The labelled point, canvas.
    pub y: f64,
    /// The text's width on screen, px ([`text_width_px`] estimates it).
    pub width_px: f64,
    /// The text's height on screen, px (its font size).
    pub height_px: f64,
    /// Higher first: a selected village over the others, villages over communes.
    pub priority: i32,
    /// Room to leave around the point, px (the marker's radius; 0 for a commune's centroid,
    /// whose label is centred on it).
    pub clearance_px: f64,
}

/// Which side of its point a label sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// To the right, text starting there.
    Right,
    /// To the left, text ending there.
    Left,
    /// Above, centred.
    Above,
    /// Below, centred.
    Below,
    /// On the point, centred (a label with no marker).
    Centre,
}

impl Side {
    /// The SVG `text-anchor` for a label on this side.
    pub fn text_anchor(self) -> &'static str {
        match self {
            Side::Right => "start",
            Side::Left => "end",
            Side::Above | Side::Below | Side::Centre => "middle",
        }
    }
}

/// A label's place: draw `<text x y text-anchor dominant-baseline="central">` there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedLabel {
    /// What it labels.
    pub id: String,
    /// Which side of its point.
    pub side: Side,
    /// The text's anchor point, canvas.
    pub x: f64,
    /// The text's anchor point (its vertical middle), canvas.
    pub y: f64,
}

/// A rough width of `text` in a sans-serif font of `font_px`: about 0.55 em a character, enough
/// to keep labels apart without measuring them in a browser.
pub fn text_width_px(text: &str, font_px: f64) -> f64 {
    text.chars().count() as f64 * 0.55 * font_px
}

/// Labels placed greedily, highest priority first (then by id): each on the first side (right,
/// left, above, below; centred for a label with no clearance) where it stays on screen and
/// overlaps neither a label already placed nor a marker (`markers`: canvas points drawn with
/// `marker_radius_px`); a label that fits nowhere is left out. Deterministic.
pub fn place_labels(
    requests: &[LabelRequest<'_>],
    markers: &[(f64, f64)],
    marker_radius_px: f64,
    view: &MapView,
) -> Vec<PlacedLabel> {
    const GAP: f64 = 4.0;
    let mut order: Vec<&LabelRequest<'_>> = requests.iter().collect();
    order.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(b.id)));
    let markers: Vec<(f64, f64)> = markers.iter().map(|&m| view.to_screen(m)).collect();
    let mut taken: Vec<Rect> = Vec::new();
    let mut out = Vec::new();
    for label in order {
        let (px, py) = view.to_screen((label.x, label.y));
        let (w, h, c) = (label.width_px, label.height_px, label.clearance_px);
        let sides: &[Side] = if c > 0.0 {
            &[Side::Right, Side::Left, Side::Above, Side::Below]
        } else {
            &[Side::Centre]
        };
        let placed = sides.iter().find_map(|&side| {
            let (anchor, rect) = match side {
                Side::Right => (
                    (px + c + GAP, py),
                    Rect::new(px + c + GAP, py - h / 2.0, w, h),
                ),
                Side::Left => (
                    (px - c - GAP, py),
                    Rect::new(px - c - GAP - w, py - h / 2.0, w, h),
                ),
                Side::Above => {
                    let y = py - c - GAP - h / 2.0;
                    ((px, y), Rect::new(px - w / 2.0, y - h / 2.0, w, h))
                }
                Side::Below => {
                    let y = py + c + GAP + h / 2.0;
                    ((px, y), Rect::new(px - w / 2.0, y - h / 2.0, w, h))
                }
                Side::Centre => ((px, py), Rect::new(px - w / 2.0, py - h / 2.0, w, h)),
            };
            let on_screen = rect.x >= 0.0
                && rect.y >= 0.0
                && rect.x + rect.w <= view.screen_width
                && rect.y + rect.h <= view.screen_height;
            let free = !taken.iter().any(|t| t.overlaps(&rect))
                && !markers
                    .iter()
                    .any(|&m| rect.touches_circle(m, marker_radius_px));
            (on_screen && free).then_some((side, anchor, rect))
        });
        if let Some((side, (ax, ay), rect)) = placed {
            taken.push(rect);
            let (x, y) = view.to_canvas((ax, ay));
            out.push(PlacedLabel {
                id: label.id.to_string(),
                side,
                x,
                y,
            });
        }
    }
    out
}

/// A screen rectangle.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn touches_circle(&self, (cx, cy): (f64, f64), r: f64) -> bool {
        let nx = cx.clamp(self.x, self.x + self.w);
        let ny = cy.clamp(self.y, self.y + self.h);
        (cx - nx).hypot(cy - ny) < r
    }
}

/// A marker's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// ●
    Circle,
    /// ■
    Square,
    /// ◆
    Diamond,
    /// ▲
    TriangleUp,
    /// ▼
    TriangleDown,
}

impl Shape {
    /// An SVG path (`d`) of the shape centred on `(cx, cy)`, `r` from its middle to its
    /// furthest point; shapes of the same `r` look about equally large.
    pub fn path(self, cx: f64, cy: f64, r: f64) -> String {
        let points: Vec<(f64, f64)> = match self {
            Shape::Circle => {
                return format!(
                    "M{},{}a{r},{r} 0 1,0 {},0a{r},{r} 0 1,0 {},0Z",
                    fixed(cx - r, 2),
                    fixed(cy, 2),
                    fixed(2.0 * r, 2),
                    fixed(-2.0 * r, 2),
                    r = fixed(r, 2)
                )
            }
            Shape::Square => {
                let h = r * std::f64::consts::FRAC_1_SQRT_2;
                vec![(-h, -h), (h, -h), (h, h), (-h, h)]
            }
            Shape::Diamond => vec![(0.0, -r), (r, 0.0), (0.0, r), (-r, 0.0)],
            Shape::TriangleUp => {
                let (dx, dy) = (r * 0.866, r * 0.5);
                vec![(0.0, -r), (dx, dy), (-dx, dy)]
            }
            Shape::TriangleDown => {
                let (dx, dy) = (r * 0.866, r * 0.5);
                vec![(0.0, r), (-dx, -dy), (dx, -dy)]
            }
        };
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&format!("{},{}", fixed(cx + x, 2), fixed(cy + y, 2)));
        }
        d.push('Z');
        d
    }
}

/// The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008): eight colours chosen to
/// stay distinct for readers with the common colour-vision deficiencies. Name and hex.
pub const OKABE_ITO: [(&str, &str); 8] = [
    ("black", "#000000"),
    ("orange", "#E69F00"),
    ("sky blue", "#56B4E9"),
    ("bluish green", "#009E73"),
    ("yellow", "#F0E442"),
    ("blue", "#0072B2"),
    ("vermillion", "#D55E00"),
    ("reddish purple", "#CC79A7"),
];

/// How a craft group's pins are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Fill, `#RRGGBB`, one of [`OKABE_ITO`].
    pub colour: &'static str,
    /// Shape.
    pub shape: Shape,
}

/// Outline for every marker: a thin dark ring, so the light colours (yellow, sky blue) stand
/// out on a light map.
pub const MARKER_OUTLINE: &str = "#1A1A1A";

/// The marker of a village with no craft group: a grey circle.
pub const UNGROUPED: Marker = Marker {
    colour: "#999999",
    shape: Shape::Circle,
};

/// The marker of a village's pin, on every map: its main craft's group's, else [`UNGROUPED`].
pub fn pin_marker(group: Option<CraftGroup>) -> Marker {
    group.map_or(UNGROUPED, marker)
}

/// The marker of a craft group. Eleven groups share eight colours, so three colours come back
/// with another shape; two groups with the same shape always have colours far apart, also as
/// readers with protanopia, deuteranopia or tritanopia see them (the tests simulate it).
pub fn marker(group: CraftGroup) -> Marker {
    let (colour, shape) = match group {
        CraftGroup::Ceramics => (6, Shape::Circle),
        CraftGroup::Textiles => (2, Shape::Circle),
        CraftGroup::Woodwork => (1, Shape::Square),
        CraftGroup::Metalwork => (5, Shape::Square),
        CraftGroup::LacquerInlay => (0, Shape::TriangleUp),
        CraftGroup::Weaving => (4, Shape::Diamond),
        CraftGroup::PaperPrints => (7, Shape::TriangleUp),
        CraftGroup::Food => (1, Shape::TriangleDown),
        CraftGroup::Horticulture => (3, Shape::Diamond),
        CraftGroup::FolkArt => (2, Shape::TriangleDown),
        CraftGroup::Manufacture => (0, Shape::TriangleDown),
    };
    Marker {
        colour: OKABE_ITO[colour].1,
        shape,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Projection;

    /// Hanoi on a 390 × 600 px phone map.
    fn phone() -> MapView {
        MapView::new(&Projection::hanoi(800.0, 0.0), 390.0, 600.0)
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
    }

    #[test]
    fn points_on_one_place_are_spread_around_it_and_points_alone_stay() {
        let points = [(100.0, 100.0), (300.0, 50.0), (100.2, 99.9), (101.0, 100.0)];
        let drawn = spread(&points, 36.0);
        // The first two at (100, 100), 36 apart: one above it, one below, in their order.
        assert!(close(drawn[0], (100.0, 82.0)), "{:?}", drawn[0]);
        assert!(close(drawn[2], (100.0, 118.0)), "{:?}", drawn[2]);
        // Alone: where they were (a unit away is another place).
        assert!(close(drawn[1], (300.0, 50.0)));
        assert!(close(drawn[3], (101.0, 100.0)));
    }

    #[test]
    fn points_on_one_place_are_drawn_the_given_distance_from_their_neighbours() {
        for n in 3..=6 {
            let drawn = spread(&vec![(0.0, 0.0); n], 104.0);
            let gaps: Vec<f64> = (0..n)
                .map(|i| {
                    let (a, b) = (drawn[i], drawn[(i + 1) % n]);
                    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
                })
                .collect();
            assert!(
                gaps.iter().all(|g| (g - 104.0).abs() < 1e-9),
                "{n}: {gaps:?}"
            );
            let radius = (drawn[0].0.powi(2) + drawn[0].1.powi(2)).sqrt();
            assert!(drawn
                .iter()
                .all(|p| ((p.0.powi(2) + p.1.powi(2)).sqrt() - radius).abs() < 1e-9));
        }
    }

    #[test]
    fn zoom_one_shows_the_whole_canvas() {
        let view = phone();
        let vb = view.view_box();
        assert!(vb.x <= 1e-9 && vb.y <= 1e-9, "{vb:?}");
        assert!(vb.x + vb.width >= view.canvas_width - 1e-9);
        assert!(vb.y + vb.height >= view.canvas_height - 1e-9);
        assert!(close(
            view.to_canvas(view.to_screen((100.0, 200.0))),
            (100.0, 200.0)
        ));
        assert_eq!(
            ViewBox {
                x: 0.0,
                y: 1.5,
                width: 10.0,
                height: 20.126
            }
            .to_string(),
            "0.00 1.50 10.00 20.13"
        );
    }

    #[test]
    fn zooming_keeps_the_point_under_the_finger() {
        let view = phone().zoom_steps(2);
        let finger = (120.0, 300.0);
        let under = view.to_canvas(finger);
        let zoomed = view.zoom_at(1.5, finger);
        assert!((zoomed.zoom - 6.0).abs() < 1e-9);
        assert!(close(zoomed.to_canvas(finger), under));
        let wheeled = view.wheel(-300.0, finger);
        assert!(
            (wheeled.zoom - 8.0).abs() < 1e-9,
            "scrolling up 300 px doubles"
        );
        assert!(close(wheeled.to_canvas(finger), under));
        assert!(
            view.wheel(300.0, finger).zoom < view.zoom,
            "scrolling down zooms out"
        );
    }

    #[test]
    fn zoom_stays_within_its_limits() {
        let view = phone();
        assert_eq!(view.zoom_at(0.1, (10.0, 10.0)).zoom, MIN_ZOOM);
        assert_eq!(view.zoom_steps(40).zoom, MAX_ZOOM);
        assert_eq!(view.zoom_at(f64::NAN, (0.0, 0.0)), view);
        assert_eq!(view.zoom_at(-2.0, (0.0, 0.0)), view);
    }

    #[test]
    fn panning_stops_at_the_edges_of_hanoi() {
        let view = phone().zoom_steps(3);
        let far = view.drag(1e6, 1e6);
        let vb = far.view_box();
        assert!(vb.x.abs() < 1e-6 && vb.y.abs() < 1e-6, "{vb:?}");
        let other = view.drag(-1e6, -1e6).view_box();
        assert!((other.x + other.width - view.canvas_width).abs() < 1e-6);
        // At zoom 1 the canvas is narrower than the phone is tall: it stays centred.
        assert_eq!(phone().drag(0.0, 500.0), phone());
    }

    #[test]
    fn dragging_moves_the_map_with_the_finger() {
        let view = phone().zoom_steps(3);
        let point = view.to_canvas((200.0, 300.0));
        let dragged = view.drag(30.0, -20.0);
        assert!(close(dragged.to_screen(point), (230.0, 280.0)));
        let keyed = view.pan_by_screen(0.0, -0.25);
        assert!(
            keyed.center_y < view.center_y,
            "the up arrow shows more of the north"
        );
    }

    #[test]
    fn pinching_zooms_about_the_fingers_and_follows_them() {
        let view = phone().zoom_steps(1);
        let (from, to) = ((150.0, 250.0), (160.0, 260.0));
        let point = view.to_canvas(from);
        let pinched = view.pinch(2.0, from, to);
        assert!((pinched.zoom - 4.0).abs() < 1e-9);
        assert!(close(pinched.to_screen(point), to));
    }

    #[test]
    fn fitting_points_shows_them_all_with_the_margin() {
        let view = phone();
        let points = [(300.0, 400.0), (310.0, 420.0), (305.0, 405.0)];
        let fitted = view.fit(&points, 44.0);
        assert!(fitted.zoom > 4.0);
        for p in points {
            let (x, y) = fitted.to_screen(p);
            assert!((44.0 - 1e-6..=390.0 - 44.0 + 1e-6).contains(&x), "{x}");
            assert!((44.0 - 1e-6..=600.0 - 44.0 + 1e-6).contains(&y), "{y}");
        }
        assert_eq!(view.zoom_steps(3).fit(&[], 10.0).zoom, MIN_ZOOM);
        let resized = fitted.resized(1920.0, 1080.0);
        assert_eq!(resized.zoom, fitted.zoom);
    }

    #[test]
    fn close_pins_merge_into_one_marker_with_their_count() {
        let pins = [
            ("b", 100.0, 100.0),
            ("a", 101.0, 100.0),
            ("c", 100.0, 102.0),
            ("far", 200.0, 100.0),
        ];
        let clusters = cluster(&pins, 1.0, 10.0);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].members, ["a", "b", "c"]);
        assert_eq!(clusters[0].count(), 3);
        assert!(close(
            (clusters[0].x, clusters[0].y),
            (101.0 / 3.0 + 200.0 / 3.0, 302.0 / 3.0)
        ));
        assert_eq!(clusters[1].members, ["far"]);
        // Zoomed in ten times, they are 10 px and more apart: one marker each.
        assert_eq!(cluster(&pins, 10.0, 10.0).len(), 4);
        assert!(cluster(&[], 1.0, 10.0).is_empty());
    }

    #[test]
    fn clusters_do_not_depend_on_the_order_of_the_pins_and_never_overlap() {
        let mut rng = fastrand::Rng::with_seed(7);
        let ids: Vec<String> = (0..60).map(|i| format!("v{i:02}")).collect();
        let mut pins: Vec<(&str, f64, f64)> = ids
            .iter()
            .map(|id| (id.as_str(), rng.f64() * 300.0, rng.f64() * 300.0))
            .collect();
        let first = cluster(&pins, 1.0, 44.0);
        pins.reverse();
        assert_eq!(cluster(&pins, 1.0, 44.0), first);
        let total: usize = first.iter().map(Cluster::count).sum();
        assert_eq!(total, 60);
        for (i, a) in first.iter().enumerate() {
            for b in &first[i + 1..] {
                assert!((a.x - b.x).hypot(a.y - b.y) >= 44.0, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_scale_bar_is_a_round_distance_that_fits() {
        let p = Projection::hanoi(800.0, 0.0);
        let view = phone();
        let bar = ScaleBar::for_view(&view, p.units_per_km(), 120.0);
        assert!(NICE_KM.contains(&bar.km) && bar.px <= 120.0, "{bar:?}");
        // The next round distance would not fit.
        let next = NICE_KM.iter().find(|k| **k > bar.km).unwrap();
        assert!(next * bar.px / bar.km > 120.0);
        let zoomed = ScaleBar::for_view(&view.zoom_steps(4), p.units_per_km(), 120.0);
        assert!(zoomed.km < bar.km);
        assert_eq!(bar.label(), format!("{} km", bar.km));
        assert_eq!(ScaleBar { km: 0.5, px: 1.0 }.label(), "500 m");
    }

    #[test]
    fn rings_are_round_distances_far_enough_apart() {
        let p = Projection::hanoi(800.0, 0.0);
        let lake = p.xy(&crate::geo::HOAN_KIEM);
        let view = phone();
        let rings = distance_rings(lake, &view, p.units_per_km(), 40.0);
        assert!(!rings.is_empty() && rings.len() <= MAX_RINGS);
        let step = rings[0].km;
        assert!(step * p.units_per_km() * view.px_per_unit() >= 40.0);
        for (i, ring) in rings.iter().enumerate() {
            assert_eq!(ring.km, step * (i + 1) as f64);
            assert!((ring.r - ring.km * p.units_per_km()).abs() < 1e-9);
        }
        assert_eq!(rings[0].label, format!("{step} km"));
        let zoomed = distance_rings(lake, &view.zoom_steps(3), p.units_per_km(), 40.0);
        assert!(zoomed[0].km < step);
    }

    #[test]
    fn labels_never_overlap_and_flip_to_stay_on_screen() {
        let view = phone();
        let at_edge = view.to_canvas((380.0, 300.0));
        let centre = view.to_canvas((195.0, 300.0));
        let requests = [
            LabelRequest {
                id: "edge",
                x: at_edge.0,
                y: at_edge.1,
                width_px: 60.0,
                height_px: 14.0,
                priority: 1,
                clearance_px: 8.0,
            },
            LabelRequest {
                id: "a",
                x: centre.0,
                y: centre.1,
                width_px: 60.0,
                height_px: 14.0,
                priority: 2,
                clearance_px: 8.0,
            },
            // The same point again, lower priority: it takes another side.
            LabelRequest {
                id: "b",
                x: centre.0,
                y: centre.1,
                width_px: 60.0,
                height_px: 14.0,
                priority: 1,
                clearance_px: 8.0,
            },
        ];
        let placed = place_labels(&requests, &[at_edge, centre], 8.0, &view);
        let side = |id: &str| placed.iter().find(|p| p.id == id).map(|p| p.side);
        assert_eq!(side("a"), Some(Side::Right));
        assert_eq!(side("b"), Some(Side::Left));
        assert_eq!(side("edge"), Some(Side::Left));
        assert_eq!(Side::Left.text_anchor(), "end");
        // Five labels on one point: four sides, the fifth left out.
        let crowd: Vec<LabelRequest> = ["p", "q", "r", "s", "t"]
            .iter()
            .map(|id| LabelRequest { id, ..requests[1] })
            .collect();
        assert_eq!(place_labels(&crowd, &[centre], 8.0, &view).len(), 4);
        assert!((text_width_px("Bát Tràng", 10.0) - 49.5).abs() < 1e-9);
    }

    #[test]
    fn every_group_has_its_own_marker() {
        let markers: Vec<Marker> = CraftGroup::ALL.into_iter().map(marker).collect();
        for (i, a) in markers.iter().enumerate() {
            for b in &markers[i + 1..] {
                assert_ne!(a, b);
            }
            assert!(OKABE_ITO.iter().any(|(_, hex)| *hex == a.colour));
        }
        assert!(Shape::Square
            .path(10.0, 10.0, 5.0)
            .starts_with("M6.46,6.46L13.54,6.46"));
        assert!(Shape::Circle
            .path(10.0, 10.0, 5.0)
            .starts_with("M5.00,10.00a5.00,5.00"));
    }

    /// CIELAB of an sRGB colour as a reader with a colour-vision deficiency sees it: Machado,
    /// Oliveira & Fernandes (2009) simulation matrices at full severity, on linear RGB.
    fn seen(hex: &str, deficiency: Option<[[f64; 3]; 3]>) -> [f64; 3] {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let rgb = [channel(1), channel(3), channel(5)];
        let rgb = match deficiency {
            Some(m) => [0, 1, 2]
                .map(|r| (m[r][0] * rgb[0] + m[r][1] * rgb[1] + m[r][2] * rgb[2]).clamp(0.0, 1.0)),
            None => rgb,
        };
        let x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        let y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        let z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    #[test]
    fn groups_with_the_same_shape_differ_in_colour_for_every_reader() {
        const PROTAN: [[f64; 3]; 3] = [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ];
        const DEUTAN: [[f64; 3]; 3] = [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ];
        const TRITAN: [[f64; 3]; 3] = [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ];
        let readers = [None, Some(PROTAN), Some(DEUTAN), Some(TRITAN)];
        for (i, a) in CraftGroup::ALL.iter().enumerate() {
            for b in &CraftGroup::ALL[i + 1..] {
                let (ma, mb) = (marker(*a), marker(*b));
                if ma.shape != mb.shape {
                    continue;
                }
                for reader in readers {
                    let (la, lb) = (seen(ma.colour, reader), seen(mb.colour, reader));
                    let delta_e = ((la[0] - lb[0]).powi(2)
                        + (la[1] - lb[1]).powi(2)
                        + (la[2] - lb[2]).powi(2))
                    .sqrt();
                    assert!(delta_e >= 50.0, "{a:?} and {b:?}: ΔE {delta_e:.0}");
                }
            }
        }
    }
}
