//! Mounts the handbook app: beside a prerendered page, which it replaces once ready (see
//! `app::browser::takeover_root`), or on the body.

fn main() {
    console_error_panic_hook::set_once();
    match app::browser::takeover_root() {
        Some(root) => leptos::mount::mount_to(root, app::App).forget(),
        None => leptos::mount::mount_to_body(app::App),
    }
}
