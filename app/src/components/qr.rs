//! A QR code of a page's own address, drawn as SVG in the app (no network), so a visitor at a
//! kiosk can carry the page to their phone.

use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::QrCode;

use crate::browser;
use crate::i18n::{t, use_i18n};

/// The absolute address of a path on this site.
pub fn absolute(path: &str) -> String {
    format!("{}{path}", browser::origin())
}

/// The SVG of a QR code for `text`, or `None` if it does not fit in a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
    )
}

/// A QR code of the page at `path`, with its caption.
#[component]
pub fn PageQr(
    /// The page's path, e.g. `/village/bat-trang`.
    path: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let address = absolute(&path);
    let svg = qr_svg(&address);
    svg.map(|svg| {
        view! {
            <figure class="qr" data-url=address.clone()>
                <div class="qr-code" role="img" aria-label=address.clone() inner_html=svg></div>
                <figcaption>
                    <strong>{t!(i18n, qr_title)}</strong>
                    <br />
                    {t!(i18n, qr_hint)}
                </figcaption>
            </figure>
        }
    })
}
