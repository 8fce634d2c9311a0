//! The loading banner: progress in bytes while the data downloads, and a clear message with a
//! retry button if it cannot be loaded or opened.

use leptos::prelude::*;

use crate::api::{use_handbook, Load};

/// Formats a byte count for people: `512 B`, `34.2 KB`, `1.3 MB`.
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        0..=1023 => format!("{bytes} B"),
        1024..=1_048_575 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// Shows loading progress or a loading error; nothing once the data is ready.
#[component]
pub fn LoadingBanner() -> impl IntoView {
    let handbook = use_handbook();
    move || {
        match handbook.state.get() {
        Load::Ready(_) => ().into_any(),
        Load::Manifest => view! {
            <div class="banner" role="status" data-state="loading">
                "Đang tải sổ tay… "<span lang="en">"Loading the handbook…"</span>
            </div>
        }
        .into_any(),
        Load::Bundle { received, total } => {
            let text = format!("{} / {}", human_bytes(received), human_bytes(total));
            view! {
                <div class="banner" role="status" data-state="loading">
                    <label>
                        "Đang tải dữ liệu "
                        <progress max=total.max(1) value=received></progress>
                        " "{text}
                    </label>
                </div>
            }
            .into_any()
        }
        Load::Opening => view! {
            <div class="banner" role="status" data-state="opening">
                "Đang mở dữ liệu… "<span lang="en">"Opening the data…"</span>
            </div>
        }
        .into_any(),
        Load::Failed(message) => view! {
            <div class="banner error" role="alert" data-state="failed">
                <p><strong>"Không mở được dữ liệu sổ tay."</strong>" "<span lang="en">"The handbook data could not be loaded."</span></p>
                <p class="detail">{message}</p>
                <button on:click=move |_| handbook.reload()>"Thử lại / Try again"</button>
            </div>
        }
        .into_any(),
    }
    }
}
