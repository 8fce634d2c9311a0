//! When the app panics: the release build aborts on a panic (`panic = "abort"`), which would
//! freeze the page while `<html data-handbook>` still says `ready`. The hook installed at start
//! logs the panic, marks the page `failed` and shows a message with a retry in the page's
//! language, with plain DOM calls, since no app code may run after the abort.

use wasm_bindgen::JsValue;

use crate::browser;
use crate::i18n::{td_string, Locale};

/// Installs the panic hook (once, before the app mounts).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let locale = match page_language().as_deref() {
            Some("en") => Locale::en,
            _ => Locale::vi,
        };
        show(td_string!(locale, crashed), td_string!(locale, try_again));
    }));
}

/// The language of the page (`<html lang>`, kept by the app while it ran).
fn page_language() -> Option<String> {
    web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute("lang")
}

/// Marks the page failed and shows `message` with a retry link that loads the page again.
fn show(message: &str, retry: &str) {
    browser::mark_document("failed");
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("handbook-crash").is_some() {
        return;
    }
    let build = || -> Result<web_sys::Element, JsValue> {
        let banner = document.create_element("div")?;
        banner.set_id("handbook-crash");
        banner.set_class_name("banner error");
        banner.set_attribute("role", "alert")?;
        banner.set_attribute("data-state", "failed")?;
        let text = document.create_element("p")?;
        let strong = document.create_element("strong")?;
        strong.set_text_content(Some(message));
        text.append_child(&strong)?;
        banner.append_child(&text)?;
        // A link, not a button with a handler: after an abort no Rust code may run again.
        let link = document.create_element("a")?;
        link.set_class_name("button");
        link.set_attribute("role", "button")?;
        let here = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_else(|| "/".into());
        link.set_attribute("href", &here)?;
        // The router (still listening after a panic) must leave this click to the browser.
        link.set_attribute("rel", "external")?;
        link.set_text_content(Some(retry));
        banner.append_child(&link)?;
        Ok(banner)
    };
    if let Ok(banner) = build() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
}
