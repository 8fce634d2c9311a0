//! Geography for the offline map and the tours: a flat projection of Hanoi onto an SVG canvas,
//! nearest villages, and GPX export for offline map apps.

use crate::model::{Coordinates, Tour};

/// An equirectangular projection of a latitude/longitude box onto a `width × height` canvas,
/// corrected for the latitude so distances look right near Hanoi.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    max_lat: f64,
    min_lon: f64,
    scale: f64,
    cos_lat: f64,
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    pad: f64,
}

impl Projection {
    /// A projection that fits every point into a canvas `width` wide, with `pad` around.
    /// Returns `None` when there is no point.
    pub fn fit(points: &[Coordinates], width: f64, pad: f64) -> Option<Projection> {
        let first = points.first()?;
        let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) =
            (first.lat, first.lat, first.lon, first.lon);
        for p in points {
            min_lat = min_lat.min(p.lat);
            max_lat = max_lat.max(p.lat);
            min_lon = min_lon.min(p.lon);
            max_lon = max_lon.max(p.lon);
        }
        // A single point (or a line) still gets a small box around it.
        let span = 0.02;
        if max_lat - min_lat < span {
            min_lat -= span / 2.0;
            max_lat += span / 2.0;
        }
        if max_lon - min_lon < span {
            min_lon -= span / 2.0;
            max_lon += span / 2.0;
        }
        let cos_lat = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let scale = (width - 2.0 * pad) / ((max_lon - min_lon) * cos_lat);
        let height = (max_lat - min_lat) * scale + 2.0 * pad;
        Some(Projection {
            max_lat,
            min_lon,
            scale,
            cos_lat,
            width,
            height,
            pad,
        })
    }

    /// Canvas position of a point (y grows downwards).
    pub fn xy(&self, c: &Coordinates) -> (f64, f64) {
        let x = self.pad + (c.lon - self.min_lon) * self.cos_lat * self.scale;
        let y = self.pad + (self.max_lat - c.lat) * self.scale;
        (x, y)
    }
}

/// The `n` items nearest to `from`, with their distance in km, nearest first.
pub fn nearest<'a, T>(
    from: &Coordinates,
    items: &'a [(T, Coordinates)],
    n: usize,
) -> Vec<(&'a T, f64)> {
    let mut with_distance: Vec<(&T, f64)> = items
        .iter()
        .map(|(item, c)| (item, from.distance_km(c)))
        .collect();
    with_distance.sort_by(|a, b| a.1.total_cmp(&b.1));
    with_distance.truncate(n);
    with_distance
}

/// Whether XML 1.0 allows a character in a document at all, escaped or not: tab, line feed,
/// carriage return and everything from U+0020 except U+FFFE and U+FFFF (Rust's `char` has no
/// surrogates). Names pasted from Word carry U+000B for a manual line break, and one such
/// character makes a map app refuse the whole file.
fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Text as XML character data: markup characters escaped, characters XML forbids replaced by a
/// space (they usually stand for a break between words).
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if xml_allows(c) => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// A GPX 1.1 document of a tour: its stops as waypoints and as one route, in order. `stops`
/// gives each stop's display name and position; stops without a position are left out.
pub fn gpx(tour: &Tour, stops: &[(String, Option<Coordinates>)]) -> String {
    let placed: Vec<(&String, &Coordinates)> = stops
        .iter()
        .filter_map(|(name, c)| c.as_ref().map(|c| (name, c)))
        .collect();
    let points = |tag: &str, indent: &str| -> String {
        placed
            .iter()
            .map(|(name, c)| {
                format!(
                    "{indent}<{tag} lat=\"{:.6}\" lon=\"{:.6}\"><name>{}</name></{tag}>\n",
                    c.lat,
                    c.lon,
                    xml_escape(name)
                )
            })
            .collect()
    };
    let name = xml_escape(&tour.name);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gpx version=\"1.1\" creator=\"Sổ tay Làng nghề Hà Nội\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n\
         \x20 <metadata><name>{name}</name></metadata>\n\
         {}\
         \x20 <rte>\n    <name>{name}</name>\n\
         {}\
         \x20 </rte>\n</gpx>\n",
        points("wpt", "  "),
        points("rtept", "    "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Precision, Transport, Verification};

    fn at(lat: f64, lon: f64) -> Coordinates {
        Coordinates {
            lat,
            lon,
            precision: Precision::Commune,
        }
    }

    #[test]
    fn projection_keeps_points_inside_and_north_up() {
        let points = [at(21.0, 105.8), at(21.2, 105.9), at(20.8, 105.6)];
        let p = Projection::fit(&points, 400.0, 10.0).unwrap();
        for c in &points {
            let (x, y) = p.xy(c);
            assert!(
                (10.0..=390.0 + 1e-9).contains(&x) && (10.0..=p.height - 10.0 + 1e-9).contains(&y)
            );
        }
        assert!(p.xy(&points[1]).1 < p.xy(&points[0]).1, "north is up");
        assert!(Projection::fit(&[], 400.0, 10.0).is_none());
    }

    #[test]
    fn nearest_sorts_by_distance() {
        let items = [
            ("far", at(21.3, 105.9)),
            ("near", at(21.01, 105.8)),
            ("mid", at(21.1, 105.8)),
        ];
        let got: Vec<_> = nearest(&at(21.0, 105.8), &items, 2)
            .into_iter()
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(got, ["near", "mid"]);
    }

    fn tour(name: &str) -> Tour {
        Tour {
            id: "t".into(),
            name: name.into(),
            name_en: None,
            theme: "x".into(),
            summary: "x".into(),
            summary_en: None,
            audience: vec![Audience::Tourists],
            transport: Transport::Car,
            origin: Default::default(),
            stops: vec![],
            verification: Verification::Unverified,
            sources: vec![],
        }
    }

    #[test]
    fn gpx_lists_stops_in_order_and_escapes_names() {
        let doc = gpx(
            &tour("Gốm & gỗ"),
            &[
                ("Bát Tràng".into(), Some(at(20.97, 105.91))),
                ("Nowhere".into(), None),
                ("<Vân Hà>".into(), Some(at(21.15, 105.85))),
            ],
        );
        assert_eq!(
            doc,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Sổ tay Làng nghề Hà Nội" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>Gốm &amp; gỗ</name></metadata>
  <wpt lat="20.970000" lon="105.910000"><name>Bát Tràng</name></wpt>
  <wpt lat="21.150000" lon="105.850000"><name>&lt;Vân Hà&gt;</name></wpt>
  <rte>
    <name>Gốm &amp; gỗ</name>
    <rtept lat="20.970000" lon="105.910000"><name>Bát Tràng</name></rtept>
    <rtept lat="21.150000" lon="105.850000"><name>&lt;Vân Hà&gt;</name></rtept>
  </rte>
</gpx>
"#
        );
    }

    /// Issue 11: a name pasted from Word carried U+000B into the XML, and map apps refused the
    /// file. Whatever the names hold, a real XML parser must read the document back, with
    /// every name's text in place.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn gpx_is_well_formed_xml_whatever_the_names_hold() {
        let hostile = [
            "Bát Tràng\u{b}(gốm)",
            "\u{0}\u{1}\u{8}\u{c}\u{e}\u{1f}",
            "a\u{fffe}b\u{ffff}c",
            "<![CDATA[ ]]> & &amp; \"quoted\" 'single' </name>",
            "tab\tline\ncr\r",
            "\u{7f}\u{85}\u{9f} 🏺 \u{10ffff}",
        ];
        for name in hostile {
            let stops = [(name.to_string(), Some(at(21.0, 105.8)))];
            let doc = gpx(&tour(name), &stops);
            let parsed = roxmltree::Document::parse(&doc)
                .unwrap_or_else(|e| panic!("{name:?} made invalid XML ({e}):\n{doc}"));
            let texts: Vec<&str> = parsed
                .descendants()
                .filter(|n| n.has_tag_name("name"))
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(texts.len(), 4, "tour name twice, the stop twice: {doc}");
            let kept: String = name.chars().filter(|&c| xml_allows(c)).collect();
            for text in texts {
                let text: String = text.chars().filter(|&c| c != ' ').collect();
                let want: String = kept.chars().filter(|&c| c != ' ').collect();
                // XML parsers normalise a carriage return to a line feed.
                assert_eq!(
                    text.replace('\r', "\n"),
                    want.replace('\r', "\n"),
                    "{name:?}"
                );
            }
        }
        let doc = gpx(&tour("Bát Tràng\u{b}gốm"), &[]);
        assert!(
            doc.contains("Bát Tràng gốm"),
            "a break becomes a space: {doc}"
        );
    }
}
