//! Prerendering (native, feature `ssr`): every page of the handbook rendered to static HTML at
//! build time by the app's own components, so a deep link reads before — or without — the wasm.
//!
//! The seam with the browser app is the [`Handbook`] context: [`crate::App`] uses a handbook
//! already provided instead of loading one, so here the engine is opened natively from the
//! indexer's output and handed over as ready; every page then computes its data with the same
//! `page_data` loaders it uses in the browser. The router reads the page's address from
//! [`RequestUrl`]. Effects never run here (the executor drops every task), so what is rendered
//! is each page's first render with its data in place: what the app shows once ready.
//!
//! `?lang=en` is a query, not a path, so a static host has one file per path to give: each file
//! holds the page in both languages, and a script in the page's head shows the reader's (by the
//! app's rule, `app/index.html`), Vietnamese when scripts are off. Each copy's links carry its
//! own language (`?lang=vi` in the Vietnamese copy, `?lang=en` in the English), as the app's do;
//! the head names the copies in the same format, with the bare path as the choice by browser.

use std::sync::Arc;

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use handbook_search::bundle::Manifest;
use handbook_search::model::Entry;
use handbook_search::page_data::RecordPage;
use handbook_search::route::Route;
use handbook_search::{Engine, Kind, Lang};
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::api::Handbook;
use crate::i18n::{td_string, Locale};
use crate::App;

/// The id of the element holding a prerendered page; the app mounts beside it and takes its
/// place once its own render is ready (`main.rs`, [`crate::browser::mark_document`]).
pub const PRERENDERED_ID: &str = "prerendered";

/// The language a page is rendered in, provided around [`App`] (its layout sets it).
#[derive(Debug, Clone, Copy)]
pub struct RenderLocale(pub Locale);

/// An executor that drops every task: rendering is synchronous, effects are for browsers.
struct NoTasks;

impl CustomExecutor for NoTasks {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// Sets up rendering for this process (once; later calls change nothing).
pub fn init() {
    let _ = Executor::init_custom_executor(NoTasks);
}

/// One page to write: its address, its `<title>` and its description.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page (its address has no query: one file per path).
    pub route: Route,
    /// The page's own title.
    pub title: String,
    /// A sentence about the page, for search engines and link previews.
    pub description: String,
}

/// Every page with an address of its own: the fixed pages, each record's page and each
/// craft's class page.
/// Titles and descriptions are in `locale`'s language; the pages come in the same order for
/// either language.
pub fn pages(engine: &Engine, locale: Locale) -> handbook_search::Result<Vec<Page>> {
    let lang = crate::lang::of(locale);
    let site = td_string!(locale, app_title).to_string();
    let titled = |route: Route, title: &str, description: &str| Page {
        route,
        title: format!("{title} · {site}"),
        description: description.to_string(),
    };
    let lead = td_string!(locale, home_lead);
    let mut pages = vec![
        Page {
            route: Route::Home,
            title: site.clone(),
            description: lead.to_string(),
        },
        titled(Route::Villages, td_string!(locale, nav_villages), lead),
        titled(Route::Crafts, td_string!(locale, nav_crafts), lead),
        titled(Route::tours(), td_string!(locale, nav_tours), lead),
        titled(
            Route::Map { selected: None },
            td_string!(locale, nav_map),
            lead,
        ),
        titled(Route::Plan, td_string!(locale, nav_plan), lead),
        titled(Route::Learn, td_string!(locale, learn_title), lead),
        titled(
            Route::About,
            td_string!(locale, about_title),
            td_string!(locale, about_lead),
        ),
    ];
    let mut records: Vec<(Kind, String)> = Vec::new();
    records.extend(
        engine
            .villages()?
            .iter()
            .map(|r| (r.kind(), r.id().to_string())),
    );
    records.extend(
        engine
            .crafts()?
            .iter()
            .map(|r| (r.kind(), r.id().to_string())),
    );
    records.extend(
        engine
            .products()?
            .iter()
            .map(|r| (r.kind(), r.id().to_string())),
    );
    records.extend(
        engine
            .tours()?
            .iter()
            .map(|r| (r.kind(), r.id().to_string())),
    );
    for (kind, id) in &records {
        let Some(page) = RecordPage::load(engine, *kind, id, crate::browser::today_in_vietnam())?
        else {
            continue;
        };
        let entry = page.entry();
        pages.push(titled(
            Route::record(*kind, id),
            entry.name_in(lang),
            entry.summary_in(lang),
        ));
        if *kind == Kind::Craft {
            pages.push(titled(
                Route::LearnCraft { id: id.clone() },
                entry.name_in(lang),
                entry.summary_in(lang),
            ));
        }
    }
    Ok(pages)
}

/// The app's body for `href` in `locale`'s language, rendered with `engine` as its data.
pub fn render(
    engine: Arc<Engine>,
    manifest: Option<Manifest>,
    href: &str,
    locale: Locale,
) -> String {
    // Rendering once reads every signal outside a tracking context, by design; without this a
    // debug build prints a page of advice per read — hundreds of thousands of lines per run.
    let _quiet = leptos::reactive::diagnostics::SpecialNonReactiveZone::enter();
    let owner = Owner::new();
    owner.with(|| {
        provide_context(RequestUrl::new(href));
        provide_context(RenderLocale(locale));
        provide_context(Handbook::ready(engine, manifest));
        view! { <App /> }.to_html()
    })
}

/// The same page in Vietnamese and in English: its description and its rendered body.
pub struct Bilingual<'a> {
    /// The page in Vietnamese (its title and description go in the head).
    pub vi: (&'a Page, &'a str),
    /// The page in English.
    pub en: (&'a Page, &'a str),
}

/// `shell` (trunk's `index.html`) with the page in both languages as its prerendered page, and
/// the page's own title, description, canonical address, language alternates and Open Graph
/// tags; `origin` is the site's public address (no trailing slash). The head describes the
/// Vietnamese copy (what shows with scripts off), so the canonical address is the page's with
/// `lang=vi`; the English copy's is its alternate, and the bare path, which opens in the
/// reader's language, is the `x-default`.
pub fn document(shell: &str, both: &Bilingual, origin: &str) -> Option<String> {
    let (page, vi_body) = both.vi;
    let (en_page, en_body) = both.en;
    // Rendering leaves an empty `<script>` at the end of the app's body: inert, but the page's
    // policy allows no inline script it has no hash for.
    let (vi_body, en_body) = (
        without_empty_scripts(vi_body),
        without_empty_scripts(en_body),
    );
    let en_title = escape(&en_page.title);
    let title = escape(&page.title);
    let description = escape(&page.description);
    let at = |href: String| escape(&format!("{origin}{href}"));
    let url = at(page.route.href_in(Lang::Vi));
    let english = at(en_page.route.href_in(Lang::En));
    let either = at(page.route.href());
    let head = format!(
        "<title>{title}</title>\n    \
         <meta name=\"description\" content=\"{description}\" />\n    \
         <link rel=\"canonical\" href=\"{url}\" />\n    \
         <link rel=\"alternate\" hreflang=\"vi\" href=\"{url}\" />\n    \
         <link rel=\"alternate\" hreflang=\"en\" href=\"{english}\" />\n    \
         <link rel=\"alternate\" hreflang=\"x-default\" href=\"{either}\" />\n    \
         <meta property=\"og:type\" content=\"website\" />\n    \
         <meta property=\"og:site_name\" content=\"Sổ tay Làng nghề Hà Nội\" />\n    \
         <meta property=\"og:locale\" content=\"vi_VN\" />\n    \
         <meta property=\"og:title\" content=\"{title}\" />\n    \
         <meta property=\"og:description\" content=\"{description}\" />\n    \
         <meta property=\"og:url\" content=\"{url}\" />"
    );
    // A later page's code is the page's second module (`crate::is_later_page`): asked for with
    // the page, so the app takes the page over as soon as the first module would.
    let later = match shell
        .split("<meta name=\"handbook-later\" content=\"")
        .nth(1)
    {
        Some(rest) if crate::is_later_page(&page.route) => format!(
            "\n    <link rel=\"preload\" href=\"{}\" as=\"fetch\" type=\"application/wasm\" \
             crossorigin=\"anonymous\" />",
            escape(rest.split('"').next()?)
        ),
        _ => String::new(),
    };
    let head = head + &later;
    // The shell's own title and description give way to the page's.
    let without_title = cut(shell, "<title>", "</title>")?;
    let without_meta = cut(&without_title, "<meta name=\"description\"", ">")?;
    let with_head = without_meta.replacen("</head>", &format!("  {head}\n  </head>"), 1);
    let open = with_head.find("<body")?;
    let end = open + with_head[open..].find('>')? + 1;
    Some(format!(
        "{}\n    <div id=\"{PRERENDERED_ID}\"><div lang=\"vi\" data-title=\"{title}\">{vi_body}</div>\
         <div lang=\"en\" data-title=\"{en_title}\">{en_body}</div></div>{}",
        &with_head[..end],
        &with_head[end..]
    ))
}

/// `html` without its empty `<script></script>` elements.
fn without_empty_scripts(html: &str) -> String {
    html.replace("<script></script>", "")
}

/// `text` without the first span from `start` to the end of the following `end`.
fn cut(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)?;
    let to = from + text[from..].find(end)? + end.len();
    Some(format!("{}{}", &text[..from], &text[to..]))
}

/// `text` safe inside an HTML attribute or element.
fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<html><head><title>Shell</title>\n<meta name=\"description\" \
                         content=\"shell\" />\n</head><body><noscript>x</noscript></body></html>";

    #[test]
    fn the_page_takes_the_shells_title_and_body() {
        let page = Page {
            route: Route::record(Kind::Village, "bat-trang"),
            title: "Bát Tràng <gốm>".into(),
            description: "Làng \"gốm\"".into(),
        };
        let en = Page {
            title: "Bat Trang \"pottery\"".into(),
            ..page.clone()
        };
        let both = Bilingual {
            vi: (&page, "<main>Bát Tràng</main><script></script>"),
            en: (&en, "<main>Bat Trang</main>"),
        };
        let html = document(SHELL, &both, "https://x.vn").unwrap();
        assert!(!html.contains("Shell") && !html.contains("content=\"shell\""));
        assert!(html.contains("<title>Bát Tràng &lt;gốm&gt;</title>"));
        assert!(html.contains("content=\"Làng &quot;gốm&quot;\""));
        assert!(html
            .contains("<link rel=\"canonical\" href=\"https://x.vn/village/bat-trang?lang=vi\""));
        assert!(html.contains("hreflang=\"vi\" href=\"https://x.vn/village/bat-trang?lang=vi\""));
        assert!(html.contains("hreflang=\"en\" href=\"https://x.vn/village/bat-trang?lang=en\""));
        assert!(html.contains("hreflang=\"x-default\" href=\"https://x.vn/village/bat-trang\""));
        assert!(html.contains("og:url\" content=\"https://x.vn/village/bat-trang?lang=vi\""));
        assert!(html.contains(
            "<body>\n    <div id=\"prerendered\"><div lang=\"vi\" data-title=\"Bát Tràng &lt;gốm&gt;\">\
             <main>Bát Tràng</main></div><div lang=\"en\" data-title=\"Bat Trang &quot;pottery&quot;\">\
             <main>Bat Trang</main></div></div><noscript>"
        ));
    }

    #[test]
    fn a_later_page_asks_for_the_second_module_with_itself() {
        let shell = SHELL.replace(
            "</head>",
            "<meta name=\"handbook-later\" content=\"/app-1_later.wasm\" />\n</head>",
        );
        let preload = "<link rel=\"preload\" href=\"/app-1_later.wasm\" as=\"fetch\"";
        for (route, later) in [
            (Route::About, true),
            (Route::Villages, true),
            (Route::record(Kind::Village, "bat-trang"), false),
            (Route::Home, false),
        ] {
            let page = Page {
                route,
                title: "t".into(),
                description: "d".into(),
            };
            let both = Bilingual {
                vi: (&page, ""),
                en: (&page, ""),
            };
            let html = document(&shell, &both, "").unwrap();
            assert_eq!(html.contains(preload), later, "{html}");
        }
    }

    #[test]
    fn a_shell_without_a_body_is_refused() {
        let page = Page {
            route: Route::Home,
            title: "t".into(),
            description: "d".into(),
        };
        let both = Bilingual {
            vi: (&page, ""),
            en: (&page, ""),
        };
        assert!(document("<title>a</title><meta name=\"description\">", &both, "").is_none());
    }
}
