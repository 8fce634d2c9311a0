//! The handbook's single-page app: routes, layout, and the data handle every page shares.

pub mod api;
pub mod components;
pub mod pages;
pub mod url;

use handbook_search::Kind;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::api::Handbook;
use crate::components::loading::LoadingBanner;
use crate::components::search_box::{SearchBox, SearchText};
use crate::pages::{entity::EntityPage, home::Home, not_found::NotFound, search::SearchPage};

/// The app: starts loading the data and routes between pages.
#[component]
pub fn App() -> impl IntoView {
    let handbook = Handbook::start();
    provide_context(handbook);
    SearchText::provide();
    view! {
        <Router>
            <a class="skip" href="#main">"Bỏ qua đến nội dung"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">
                    "Sổ tay Làng nghề Hà Nội"
                </A>
                <SearchBox />
                <nav aria-label="Chính">
                    <A href="/search">"Tìm kiếm"</A>
                </nav>
            </header>
            <LoadingBanner />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/search") view=SearchPage />
                    <Route path=path!("/village/:id") view=|| view! { <EntityPage kind=Kind::Village /> } />
                    <Route path=path!("/craft/:id") view=|| view! { <EntityPage kind=Kind::Craft /> } />
                    <Route path=path!("/product/:id") view=|| view! { <EntityPage kind=Kind::Product /> } />
                    <Route path=path!("/tour/:id") view=|| view! { <EntityPage kind=Kind::Tour /> } />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Dữ liệu tổng hợp từ các nguồn công khai, ghi rõ nguồn trên từng trang."</p>
            </footer>
        </Router>
    }
}
