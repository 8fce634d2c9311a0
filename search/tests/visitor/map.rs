//! The map's geometry on the real villages: Hanoi's frame holds them, and the three pottery
//! villages that sat within 12 px of each other (issue 15) become one marker at first and
//! three when zoomed in.

use handbook_search::geo::{Projection, HANOI_BOUNDS};
use handbook_search::map::{cluster, MapView, MAX_ZOOM, TOUCH_TARGET_PX};

use crate::seeds;

#[test]
fn hanoi_frame_holds_every_village_and_commune() {
    let seeds = seeds::load();
    assert_eq!(seeds.communes.len(), 126);
    for c in &seeds.communes {
        let at = c.centroid();
        assert!(HANOI_BOUNDS.contains(&at), "{} {at:?}", c.name);
        // The margin keeps the outermost communes' areas in the frame.
        let margin = (at.lat - HANOI_BOUNDS.south)
            .min(HANOI_BOUNDS.north - at.lat)
            .min(at.lon - HANOI_BOUNDS.west)
            .min(HANOI_BOUNDS.east - at.lon);
        assert!(margin >= 0.04, "{} is {margin:.3}° from the edge", c.name);
    }
    for v in &seeds.villages {
        if let Some(at) = v.coordinates {
            assert!(HANOI_BOUNDS.contains(&at), "{} {at:?}", v.id);
        }
    }
}

#[test]
fn bat_trang_giang_cao_and_kim_lan_split_when_zoomed_in() {
    let seeds = seeds::load();
    let projection = Projection::hanoi(800.0, 0.0);
    let pins: Vec<(&str, f64, f64)> = seeds
        .villages
        .iter()
        .filter_map(|v| {
            let (x, y) = projection.xy(&v.coordinates?);
            Some((v.id.as_str(), x, y))
        })
        .collect();
    let three = ["bat-trang", "giang-cao", "kim-lan"];
    let holding = |clusters: &[handbook_search::map::Cluster], id: &str| {
        clusters
            .iter()
            .position(|c| c.members.iter().any(|m| m == id))
            .unwrap()
    };

    let phone = MapView::new(&projection, 390.0, 600.0);
    let whole = cluster(&pins, phone.px_per_unit(), TOUCH_TARGET_PX);
    let at_first = holding(&whole, three[0]);
    for id in three {
        assert_eq!(
            holding(&whole, id),
            at_first,
            "{id} joins Bát Tràng's marker at zoom 1"
        );
    }
    assert!(whole.len() < pins.len(), "zoom 1 merges close pins");

    // Zoomed in on them, each has its own marker, 44 px apart at least.
    let points: Vec<(f64, f64)> = pins
        .iter()
        .filter(|(id, _, _)| three.contains(id))
        .map(|(_, x, y)| (*x, *y))
        .collect();
    let close_up = phone.fit(&points, 60.0);
    assert!(close_up.zoom <= MAX_ZOOM);
    let split = cluster(&pins, close_up.px_per_unit(), TOUCH_TARGET_PX);
    let markers: Vec<usize> = three.iter().map(|id| holding(&split, id)).collect();
    assert!(
        markers[0] != markers[1] && markers[1] != markers[2] && markers[0] != markers[2],
        "{split:?}"
    );
    assert_eq!(pins.len(), split.iter().map(|c| c.count()).sum::<usize>());
}
