//! The plan's indicators, measured from the dataset where the data can measure them.
//!
//! Shares are taken over the villages in the handbook, not over all of Hanoi's recognised
//! villages, and the method says so: the handbook never presents its own coverage as the
//! city's statistic. Every figure carries its definition in Vietnamese and English.

use std::collections::HashSet;

use handbook_search::{Dataset, PlanFigure, Product, Status};

use crate::standard;

/// The measures an indicator's `measure` field can name.
pub const MEASURES: [&str; 7] = [
    "villages_with_ocop",
    "villages_with_ip",
    "villages_with_showroom",
    "products_digitised",
    "tours",
    "villages_reviving",
    "villages_recognised",
];

/// One measured figure: its value and its definition in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// A fraction (0–1) for shares, a count otherwise.
    pub value: f64,
    /// How it was computed, in Vietnamese.
    pub method: String,
    /// How it was computed, in English.
    pub method_en: String,
}

/// Products that count as digitised: flagged `digitised` and a complete profile by the
/// checker's definition ([`standard::profile_gaps`]: a specific summary, a producer or
/// village, `sourced` with an article).
pub fn digitised_products(data: &Dataset) -> usize {
    let faults = standard::summary_faults(data);
    data.products
        .iter()
        .enumerate()
        .filter(|(i, p)| p.digitised && standard::is_complete_profile(data, &faults, *i, p))
        .count()
}

/// Villages carrying at least one of the city's recognition titles (LN, LNTT, NTT).
pub fn recognised_villages(data: &Dataset) -> usize {
    data.villages
        .iter()
        .filter(|v| !v.recognition.is_empty())
        .count()
}

/// Computes one measure, or `None` for an unknown name.
pub fn measure(data: &Dataset, name: &str) -> Option<Measured> {
    let total = data.villages.len();
    let share = |n: usize, vi: &str, en: &str| Measured {
        value: n as f64 / total.max(1) as f64,
        method: format!("{n} trên {total} làng trong Sổ tay {vi}"),
        method_en: format!("{n} of the handbook's {total} villages {en}"),
    };
    // One pass over the products, then one over the villages: a nested scan was quadratic
    // and took most of a 100,000-record build.
    let with_product = |pred: &dyn Fn(&Product) -> bool| {
        let villages: HashSet<&str> = data
            .products
            .iter()
            .filter(|p| pred(p))
            .map(|p| p.village.as_str())
            .collect();
        data.villages
            .iter()
            .filter(|v| villages.contains(v.id.as_str()))
            .count()
    };
    Some(match name {
        "villages_with_ocop" => share(
            with_product(&|p| p.ocop.as_ref().is_some_and(|o| !o.expired)),
            "có sản phẩm được đánh giá OCOP còn hiệu lực, có nguồn",
            "have a product with a sourced OCOP rating still in force",
        ),
        "villages_with_ip" => share(
            with_product(&|p| p.ip.is_some()),
            "có sản phẩm được bảo hộ sở hữu trí tuệ, có nguồn",
            "have a product with sourced IP protection",
        ),
        "villages_with_showroom" => share(
            data.villages
                .iter()
                .filter(|v| v.services.showroom || v.services.ecommerce)
                .count(),
            "có phòng trưng bày, điểm bán hoặc bán hàng trực tuyến được đưa tin",
            "have a reported showroom, sales point or e-commerce",
        ),
        "products_digitised" => {
            let n = digitised_products(data);
            Measured {
                value: n as f64,
                method: format!(
                    "{n} sản phẩm có hồ sơ đầy đủ: mô tả riêng, chủ thể hoặc làng, và nguồn là \
                     bài viết có đường dẫn và ngày (trên {} sản phẩm trong Sổ tay)",
                    data.products.len()
                ),
                method_en: format!(
                    "{n} products with a complete profile: a specific description, a producer \
                     or village, and an article source with URL and date (of {} products in \
                     the handbook)",
                    data.products.len()
                ),
            }
        }
        "tours" => Measured {
            value: data.tours.len() as f64,
            method: format!("{} tuyến du lịch làng nghề trong Sổ tay", data.tours.len()),
            method_en: format!("{} craft-tourism routes in the handbook", data.tours.len()),
        },
        "villages_reviving" => {
            let n = data
                .villages
                .iter()
                .filter(|v| v.status == Status::Reviving)
                .count();
            Measured {
                value: n as f64,
                method: format!("{n} làng trong Sổ tay đang khôi phục nghề đã mai một"),
                method_en: format!("{n} villages in the handbook are reviving a lost craft"),
            }
        }
        "villages_recognised" => {
            let n = recognised_villages(data);
            Measured {
                value: n as f64,
                method: format!(
                    "{n} làng trong Sổ tay mang danh hiệu của thành phố (làng nghề, làng nghề \
                     truyền thống hoặc nghề truyền thống), so với số làng được công nhận ở chỉ \
                     tiêu"
                ),
                method_en: format!(
                    "{n} villages in the handbook hold a city title (craft village, traditional \
                     craft village or traditional craft), against the recognised villages in \
                     the target"
                ),
            }
        }
        _ => return None,
    })
}

/// Every indicator with its measured figure.
pub fn figures(data: &Dataset) -> Vec<PlanFigure> {
    data.plan
        .iter()
        .map(|indicator| {
            let measured = indicator.measure.as_deref().and_then(|m| measure(data, m));
            PlanFigure {
                indicator: indicator.clone(),
                measured: measured.as_ref().map(|m| m.value),
                method: measured.as_ref().map(|m| m.method.clone()),
                method_en: measured.map(|m| m.method_en),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_search::{
        HistoricalAddress, Product, Recognition, Source, Title, Verification, Village,
    };

    fn village(id: &str, titled: bool) -> Village {
        let title = Recognition {
            title: Title::Lntt,
            decision: None,
            year: None,
        };
        Village {
            id: id.into(),
            name: id.into(),
            summary: format!("Làng {id} làm nón lá từ lá cọ phơi sương, khâu bằng sợi móc."),
            recognition: if titled { vec![title] } else { vec![] },
            historical: HistoricalAddress {
                district: "Gia Lâm".into(),
                ..HistoricalAddress::default()
            },
            ..Village::default()
        }
    }

    fn product(id: &str, summary: &str, sourced: bool) -> Product {
        Product {
            id: id.into(),
            name: id.into(),
            name_en: None,
            village: "a".into(),
            craft: "gom-su".into(),
            producer: Some("HTX Gốm".into()),
            summary: summary.into(),
            summary_en: None,
            ocop: None,
            ip: None,
            digitised: true,
            verification: if sourced {
                Verification::Sourced
            } else {
                Verification::Unverified
            },
            sources: vec![Source {
                title: "Bài viết".into(),
                publisher: None,
                url: Some("https://hanoimoi.vn/bai-viet-123.html".into()),
                document: None,
                date: Some("2024-05-02".into()),
            }],
        }
    }

    #[test]
    fn digitised_products_count_only_complete_profiles() {
        let data = Dataset {
            villages: vec![village("a", true), village("b", false)],
            products: vec![
                product("x", "Bình men lam vẽ tay, nung lò gas, cao 40 cm.", true),
                product("y", "y — sản phẩm của làng a.", true),
                product("z", "z — sản phẩm của làng a.", true),
                product(
                    "w",
                    "Đĩa men rạn cổ, vẽ tích Bát Tiên, đường kính 30 cm.",
                    false,
                ),
            ],
            ..Default::default()
        };
        let m = measure(&data, "products_digitised").unwrap();
        assert_eq!(m.value, 1.0, "{m:?}");
        assert!(m.method.starts_with("1 sản phẩm") && m.method_en.starts_with("1 products"));
        assert!(m.method_en.contains("of 4 products"), "{m:?}");
    }

    #[test]
    fn recognised_villages_are_counted_with_a_definition_in_both_languages() {
        let data = Dataset {
            villages: vec![village("a", true), village("b", false), village("c", true)],
            ..Default::default()
        };
        let m = measure(&data, "villages_recognised").unwrap();
        assert_eq!(m.value, 2.0);
        assert!(m.method.contains("danh hiệu") && m.method_en.contains("city title"));
    }
}
