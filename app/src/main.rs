//! Mounts the handbook app, after installing the panic hook.

fn main() {
    app::crash::install_panic_hook();
    leptos::mount::mount_to_body(app::App);
}
