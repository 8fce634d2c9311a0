//! The search box. It lives in the page header, outside the routes, so typing on any page keeps
//! focus while the app moves to `/search?q=…`, and every keystroke searches.
//!
//! Every keystroke searches, but not every keystroke writes the address bar: Safari throws
//! after 100 `history.replaceState` calls in 30 s (Firefox has a similar limit), which a kiosk
//! visitor reaches in half a minute of tapping. The URL follows the text once typing pauses
//! ([`QUIET_MS`]), and at least every [`MAX_WAIT_MS`] while typing goes on (issue 11).

use std::time::Duration;

use handbook_search::route::Route;
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{t, t_string, use_i18n};
use crate::kiosk::use_kiosk;
use crate::{lang, use_address};

/// The text being searched, shared by the box and the results page.
#[derive(Clone, Copy)]
pub struct SearchText {
    /// What is in the box.
    pub text: RwSignal<String>,
    /// The last `q` this app wrote into the URL, to tell our own updates from back/forward.
    written: StoredValue<String>,
    /// The URL write waiting for typing to pause, and when the first unwritten keystroke came.
    pending: StoredValue<Option<(TimeoutHandle, f64)>>,
    /// Writes the text into the URL now (set by [`use_set_search`]).
    writer: StoredValue<Option<Callback<()>>>,
}

/// How long typing must pause before the URL follows the text (milliseconds).
pub const QUIET_MS: f64 = 300.0;

/// The longest the URL lags behind the text while typing goes on (milliseconds): at most one
/// history call per this long.
pub const MAX_WAIT_MS: f64 = 1000.0;

/// How long to wait, at `now`, before writing the URL, when the first keystroke not yet written
/// came at `first_unwritten`: until typing pauses, but never past [`MAX_WAIT_MS`] after it.
pub fn write_delay(now: f64, first_unwritten: f64) -> f64 {
    let deadline = first_unwritten + MAX_WAIT_MS;
    QUIET_MS.min(deadline - now).max(0.0)
}

impl SearchText {
    /// Creates the shared state and provides it as context.
    pub fn provide() -> SearchText {
        let state = SearchText {
            text: RwSignal::new(String::new()),
            written: StoredValue::new(String::new()),
            pending: StoredValue::new(None),
            writer: StoredValue::new(None),
        };
        provide_context(state);
        state
    }

    /// Runs a URL write still waiting, now: a link is about to be followed, and the search page's
    /// history entry must hold what was typed, so Back returns to it.
    pub fn flush(self) {
        if let Some((timer, _)) = self.pending.try_update_value(Option::take).flatten() {
            timer.clear();
            if let Some(write) = self.writer.get_value() {
                write.run(());
            }
        }
    }

    /// Drops a URL write still waiting (the text was reset, or the visitor left the page).
    pub fn cancel_pending(self) {
        if let Some((timer, _)) = self.pending.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    }
}

/// The search state from context.
pub fn use_search_text() -> SearchText {
    expect_context::<SearchText>()
}

/// Sets the text searched, as typing in the box does: the text at once, then the URL
/// (`/search?q=…`, keeping the filters when already searching). From another page the first
/// keystroke moves to the search page (a new history entry); on the search page the URL is
/// replaced once typing pauses. Used by the box and the kiosk keyboard.
pub fn use_set_search() -> Callback<String> {
    let state = use_search_text();
    let address = use_address();
    let navigate = use_navigate();
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let lang = move || lang::of(i18n.get_locale_untracked());
    // Writes the text now in the box into the URL, if the search page still shows.
    let write = {
        let navigate = navigate.clone();
        move || {
            state.pending.set_value(None);
            let Some(filters) = address.with_untracked(|a| match &a.route {
                Route::Search { filters, .. } => Some(filters.clone()),
                _ => None,
            }) else {
                return;
            };
            let text = state.text.get_untracked();
            if text == state.written.get_value() {
                return;
            }
            state.written.set_value(text.clone());
            navigate(
                &Route::Search { text, filters }.href_in(lang()),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    state.writer.set_value(Some(Callback::new({
        let write = write.clone();
        move |()| write()
    })));
    Callback::new(move |text: String| {
        state.text.set(text.clone());
        let on_search = address.with_untracked(|a| matches!(a.route, Route::Search { .. }));
        if !on_search {
            state.cancel_pending();
            state.written.set_value(text.clone());
            let route = Route::Search {
                text,
                filters: Vec::new(),
            };
            navigate(
                &route.href_in(lang()),
                NavigateOptions {
                    // A kiosk keeps one history entry (see `kiosk`).
                    replace: kiosk.on.get_untracked(),
                    scroll: false,
                    ..Default::default()
                },
            );
            return;
        }
        let now = crate::browser::now_ms();
        let first_unwritten = state
            .pending
            .try_update_value(Option::take)
            .flatten()
            .map(|(timer, since)| {
                timer.clear();
                since
            })
            .unwrap_or(now);
        let delay = write_delay(now, first_unwritten);
        let write = write.clone();
        match set_timeout_with_handle(write.clone(), Duration::from_millis(delay as u64)) {
            Ok(timer) => state.pending.set_value(Some((timer, first_unwritten))),
            // No timer (no browser): write at once.
            Err(_) => write(),
        }
    })
}

/// The search box (an `<input type="search">`).
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_search_text();
    let address = use_address();
    let i18n = use_i18n();

    // A link about to be followed (pressed, or Enter) first gets the URL write still waiting,
    // so the search page's history entry holds all that was typed. Listeners in an effect:
    // there is no window when prerendering.
    Effect::new(move |_| {
        let press = window_event_listener(ev::pointerdown, move |ev| {
            if crate::browser::within(&ev, "a[href]") {
                state.flush();
            }
        });
        let enter = window_event_listener(ev::keydown, move |ev| {
            if ev.key() == "Enter" {
                state.flush();
            }
        });
        on_cleanup(move || {
            press.remove();
            enter.remove();
        });
    });

    // The URL is the source of truth on load and on back/forward; our own writes are skipped.
    Effect::new(move |_| {
        let Route::Search { text, .. } = &address.read().route else {
            return;
        };
        if *text != state.written.get_value() {
            // Back or forward: the URL wins over a write still waiting.
            state.cancel_pending();
            state.written.set_value(text.clone());
            state.text.set(text.clone());
        }
    });

    let set_search = use_set_search();
    let on_input = move |ev| set_search.run(event_target_value(&ev));
    // A kiosk's on-screen keyboard comes up when the box is touched (a tap on the box that
    // already has focus brings it back after results were browsed).
    let kiosk = use_kiosk();

    view! {
        // `action`: Enter before the app has taken a prerendered page over (or with scripts off)
        // asks the search page, which the app then renders.
        <form class="search-form" role="search" action="/search" on:submit=|ev| ev.prevent_default()>
            <label for="q" class="visually-hidden">{t!(i18n, search_label)}</label>
            <input
                id="q"
                type="search"
                name="q"
                autocomplete="off"
                spellcheck="false"
                placeholder=move || t_string!(i18n, search_placeholder)
                prop:value=move || state.text.get()
                on:input=on_input
                on:focus=move |_| kiosk.open_keyboard()
                on:click=move |_| kiosk.open_keyboard()
            />
            // Asked of the search page with the rest of the form, like every link's `lang=`.
            <input type="hidden" name="lang" value=move || lang::of(i18n.get_locale()).code() />
            // Shown by the stylesheet only on a prerendered page, with scripts on, once something
            // is typed: what is typed there is searched when the app takes over.
            <p class="search-preparing" role="status">{t!(i18n, search_preparing)}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_waits_for_a_pause_but_never_longer_than_the_cap() {
        assert_eq!(write_delay(0.0, 0.0), QUIET_MS);
        // Typing for 0.8 s: only what is left of the cap.
        assert_eq!(write_delay(800.0, 0.0), 200.0);
        // Past the cap: at once.
        assert_eq!(write_delay(1500.0, 0.0), 0.0);
    }

    #[test]
    fn steady_typing_writes_at_most_once_per_cap() {
        // 300 keystrokes 33 ms apart (10 s): a write happens when the delay runs out before
        // the next keystroke.
        let mut first = None;
        let mut writes = 0;
        let mut due = f64::INFINITY;
        for i in 0..300 {
            let now = f64::from(i) * 33.0;
            if now >= due {
                writes += 1;
                first = None;
            }
            let since = *first.get_or_insert(now);
            due = now + write_delay(now, since);
        }
        writes += 1; // the pause after the last keystroke
        assert!((9..=12).contains(&writes), "{writes} writes");
    }
}
