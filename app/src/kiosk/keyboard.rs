//! The on-screen keyboard (kiosk mode): letters, space, backspace and clear, feeding the search
//! box with Telex composition. [`Composer`] is the plain state behind it. It shows once the
//! search box is touched and hides while results are browsed, so the results get the screen.

use leptos::prelude::*;

use super::use_kiosk;
use crate::components::search_box::{use_search_text, use_set_search};
use crate::i18n::{t, td_string, use_i18n};

/// Telex composition for the on-screen keyboard: the keys typed for the current word, shown
/// as the word they spell (`a`,`s` → `á`; `d`,`d` → `đ`), or as typed when they spell nothing.
pub fn compose(keys: &str) -> String {
    handbook_search::typing::decode(keys).unwrap_or_else(|| keys.to_string())
}

/// The text being typed on the keyboard: the text before the current word, and the keys of
/// that word. Each action returns the text the search box should show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composer {
    before: String,
    keys: String,
}

impl Composer {
    /// The text: what came before, then the current word composed.
    fn text(&self) -> String {
        format!("{}{}", self.before, compose(&self.keys))
    }

    /// A letter pressed; a new word continues after `in_box` (what the search box holds: it
    /// may have been typed elsewhere).
    pub fn press(&mut self, key: char, in_box: &str) -> String {
        if self.keys.is_empty() {
            self.before = in_box.to_string();
        }
        self.keys.push(key);
        self.text()
    }

    /// Space: the word is finished.
    pub fn space(&mut self) -> String {
        let text = format!("{} ", self.text());
        self.keys.clear();
        self.before = text.clone();
        text
    }

    /// Backspace: the last key of the word, or else the last letter of `in_box`.
    pub fn backspace(&mut self, in_box: &str) -> String {
        if self.keys.is_empty() {
            let mut text = in_box.to_string();
            text.pop();
            self.before = text.clone();
            text
        } else {
            self.keys.pop();
            self.text()
        }
    }

    /// Whether nothing is being composed.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.before.is_empty()
    }

    /// Clear: nothing typed.
    pub fn clear(&mut self) -> String {
        *self = Composer::default();
        String::new()
    }
}

/// The on-screen keyboard, shown in kiosk mode while the search box is in use.
#[component]
pub fn OnScreenKeyboard() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let search = use_search_text();
    let set_text = use_set_search();
    let composer = kiosk.composer;
    let apply = move |action: &dyn Fn(&mut Composer, &str) -> String| {
        let in_box = search.text.get_untracked();
        let text = composer
            .try_update_value(|c| action(c, &in_box))
            .unwrap_or_default();
        set_text.run(text);
    };
    let press = move |key: char| apply(&|c, in_box| c.press(key, in_box));
    move || {
        (kiosk.on.get() && kiosk.keyboard.get()).then(|| {
            let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
                .into_iter()
                .map(|row| {
                    let row_keys = row
                        .chars()
                        .map(|c| view! {
                            <button class="key" data-key=c.to_string() on:click=move |_| press(c)>{c.to_string()}</button>
                        })
                        .collect_view();
                    view! { <div class="key-row">{row_keys}</div> }
                })
                .collect_view();
            view! {
                <section class="keyboard" aria-label=move || td_string!(i18n.get_locale(), kiosk_keyboard)>
                    <p class="muted small">{t!(i18n, kiosk_telex_hint)}</p>
                    {rows}
                    <div class="key-row">
                        <button class="key wide" data-key="space" on:click=move |_| apply(&|c, _| c.space())>{t!(i18n, kiosk_space)}</button>
                        <button class="key wide" data-key="backspace" on:click=move |_| apply(&|c, in_box| c.backspace(in_box))>{t!(i18n, kiosk_backspace)}</button>
                        <button class="key wide" data-key="clear" on:click=move |_| apply(&|c, _| c.clear())>{t!(i18n, kiosk_clear)}</button>
                        <button class="key wide" data-testid="keyboard-hide" on:click=move |_| kiosk.hide_keyboard()>{t!(i18n, kiosk_hide_keyboard)}</button>
                    </div>
                </section>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Types keys as the keyboard's buttons do (`_` is space, `<` backspace), starting from
    /// what the search box holds.
    fn type_keys(in_box: &str, keys: &str) -> String {
        let mut composer = Composer::default();
        let mut text = in_box.to_string();
        for key in keys.chars() {
            text = match key {
                '_' => composer.space(),
                '<' => composer.backspace(&text),
                c => composer.press(c, &text),
            };
        }
        text
    }

    #[test]
    fn telex_keys_compose_words() {
        assert_eq!(type_keys("", "bast_trangf"), "bát tràng");
        assert_eq!(type_keys("", "ddoongj"), "động");
    }

    #[test]
    fn backspace_takes_a_key_then_letters_of_the_text() {
        assert_eq!(type_keys("", "bast_trangf<"), "bát trang");
        assert_eq!(type_keys("", "bast_<"), "bát");
        assert_eq!(type_keys("", "bast_<<"), "bá");
    }

    #[test]
    fn typing_continues_after_what_is_in_the_box() {
        assert_eq!(type_keys("gom ", "bast"), "gom bát");
        let mut composer = Composer::default();
        composer.press('a', "");
        assert_eq!(composer.clear(), "");
        assert_eq!(composer.press('b', "x"), "xb");
    }
}
