//! The page for links that lead nowhere.

use leptos::prelude::*;
use leptos_router::components::A;

/// "Not found", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Không tìm thấy trang"</h1>
            <p lang="en">"Page not found."</p>
            <p><A href="/">"Về trang chủ"</A></p>
        </section>
    }
}
