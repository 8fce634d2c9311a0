//! Mounts the handbook app, after installing the panic hook: beside a prerendered page, which
//! it replaces once ready (see `app::browser::takeover_root`), or on the body.

fn main() {
    app::crash::install_panic_hook();
    match app::browser::takeover_root() {
        Some(root) => {
            app::browser::start_on_the_typed_search(app::kiosk::on_at_start);
            leptos::mount::mount_to(root, app::App).forget();
            app::browser::follow_typing_before_the_app();
            app::browser::prerendered_links_load_their_pages();
        }
        None => leptos::mount::mount_to_body(app::App),
    }
}
