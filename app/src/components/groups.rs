//! Items listed under their craft groups' headings: the villages and crafts lists and the
//! crafts of school mode.

use handbook_search::page_data::Group;
use leptos::prelude::*;

use crate::i18n::Locale;
use crate::labels;

/// Each group's heading (`<h2>`, or `<h3>` when `nested`) and its items as a list, each item
/// drawn by `item`.
pub fn grouped<T>(
    groups: &[Group<T>],
    locale: Locale,
    nested: bool,
    item: impl Fn(&T) -> AnyView,
) -> impl IntoView {
    groups
        .iter()
        .map(|group| {
            let label = labels::group(locale, group.group);
            let heading = if nested {
                view! { <h3>{label}</h3> }.into_any()
            } else {
                view! { <h2>{label}</h2> }.into_any()
            };
            let items = group.items.iter().map(&item).collect_view();
            view! {
                <section class="group" id=group.group.as_str()>
                    {heading}
                    <ul class="columns">{items}</ul>
                </section>
            }
        })
        .collect_view()
}
