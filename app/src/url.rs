//! Links between pages, built in one place so every page is reachable the same way.

use handbook_search::facets::Filter;
use handbook_search::Kind;

/// The page of a record.
pub fn record(kind: Kind, id: &str) -> String {
    format!("/{}/{}", kind.as_str(), encode(id))
}

/// Percent-encodes a query-string component.
pub fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// The search page for a text and filters (filters as `dimension=value` pairs).
pub fn search(text: &str, filters: &[Filter]) -> String {
    let mut url = format!("/search?q={}", encode(text));
    for f in filters {
        url.push('&');
        url.push_str(f.dimension.as_str());
        url.push('=');
        url.push_str(&encode(&f.value));
    }
    url
}
