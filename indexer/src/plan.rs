//! The plan's indicators, measured from the dataset where the data can measure them.
//!
//! Shares are taken over the villages in the handbook, not over all of Hanoi's recognised
//! villages, and the method says so: the handbook never presents its own coverage as the
//! city's statistic.

use handbook_search::{Dataset, PlanFigure, Product, Status};

/// The measures an indicator's `measure` field can name.
pub const MEASURES: [&str; 6] = [
    "villages_with_ocop",
    "villages_with_ip",
    "villages_with_showroom",
    "products_digitised",
    "tours",
    "villages_reviving",
];

/// Computes one measure: (value, method in words).
pub fn measure(data: &Dataset, name: &str) -> Option<(f64, String)> {
    let villages = data.villages.len().max(1) as f64;
    let share = |n: usize, what: &str| {
        (
            n as f64 / villages,
            format!(
                "{n} of the handbook's {} villages {what}",
                data.villages.len()
            ),
        )
    };
    let with_product = |pred: &dyn Fn(&Product) -> bool| {
        data.villages
            .iter()
            .filter(|v| data.products.iter().any(|p| p.village == v.id && pred(p)))
            .count()
    };
    Some(match name {
        "villages_with_ocop" => share(
            with_product(&|p| p.ocop.is_some()),
            "have a product with a sourced OCOP rating",
        ),
        "villages_with_ip" => share(
            with_product(&|p| p.ip.is_some()),
            "have a product with sourced IP protection",
        ),
        "villages_with_showroom" => share(
            data.villages
                .iter()
                .filter(|v| v.services.showroom || v.services.ecommerce)
                .count(),
            "have a reported showroom, sales point or e-commerce",
        ),
        "products_digitised" => {
            let n = data.products.iter().filter(|p| p.digitised).count();
            (n as f64, format!("{n} products digitised in the handbook"))
        }
        "tours" => (
            data.tours.len() as f64,
            format!("{} craft-tourism routes in the handbook", data.tours.len()),
        ),
        "villages_reviving" => {
            let n = data
                .villages
                .iter()
                .filter(|v| v.status == Status::Reviving)
                .count();
            (
                n as f64,
                format!("{n} villages in the handbook are reviving a lost craft"),
            )
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
                measured: measured.as_ref().map(|m| m.0),
                method: measured.map(|m| m.1),
            }
        })
        .collect()
}
