//! The standard a record must meet (issue 10): what makes a source an article, which addresses
//! cannot be cited, what a summary must say, when a product counts as digitised, how long an
//! OCOP rating lasts, and whether a tour's stops are in a sensible order.
//!
//! Everything here judges records, not files: [`check`] returns [`Finding`]s that name a record
//! and a field path (`sources[2].url`), which `seeds` turns into `file:line: field: problem`
//! and `report` weighs for curators. The lists of addresses that are not sources
//! ([`LISTING_SEGMENTS`], [`DOCUMENT_SITES`], [`CONTENT_FARMS`] …) live here and only here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use handbook_search::build::Dataset;
use handbook_search::text::words;
use handbook_search::{
    straight_line_km, Coordinates, Ocop, Product, Source, Tour, TourOrigin, Verification, Village,
};

/// The tables of records in the seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `[[indicator]]` in `handbook.toml`.
    Indicator,
    /// `[[craft]]` in `crafts.toml`.
    Craft,
    /// A file in `villages/`.
    Village,
    /// `[[product]]` in a file of `products/`.
    Product,
    /// `[[tour]]` in `tours.toml`.
    Tour,
}

impl Table {
    /// The record kind's name, as the report prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Table::Indicator => "indicator",
            Table::Craft => "craft",
            Table::Village => "village",
            Table::Product => "product",
            Table::Tour => "tour",
        }
    }
}

/// One way a record falls short of the standard.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The record's table.
    pub table: Table,
    /// The record's position in its `Dataset` vector (as loaded, before sorting).
    pub index: usize,
    /// Field path, with the position of repeated tables: `sources[1].url`, `festivals[0].days`.
    pub field: String,
    /// What is wrong, and what to do.
    pub message: String,
}

impl Finding {
    /// A finding on `field` of record `index` of `table`.
    pub fn new(
        table: Table,
        index: usize,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            table,
            index,
            field: field.into(),
            message: message.into(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sources

/// Path segments that name a listing rather than an article: tag, search, category and topic
/// pages. A segment matches exactly or before an extension (`tim-kiem.html`).
pub const LISTING_SEGMENTS: [&str; 13] = [
    "tag",
    "tags",
    "search",
    "tim-kiem",
    "timkiem",
    "category",
    "categories",
    "chuyen-muc",
    "chuyenmuc",
    "danh-muc",
    "chu-de",
    "topic",
    "topics",
];

/// Pieces of a path that mark a tag page on Vietnamese news sites (`…-ptag.html`).
pub const LISTING_INFIXES: [&str; 1] = ["-ptag"];

/// Query parameters of search results (`?q=gốm`, `&s=gốm`), whatever their value.
pub const SEARCH_PARAMETERS: [&str; 7] =
    ["s", "q", "query", "keyword", "keywords", "tukhoa", "search"];

/// Query parameters of the pages of a listing, when their value is a number (`?page=6`;
/// `?page=d` on some sites selects an article view).
pub const PAGE_PARAMETERS: [&str; 3] = ["page", "paged", "trang"];

/// Paths of a site's home page (besides `/` and nothing), when there is no query (`/?p=5602`
/// is a WordPress article).
pub const HOME_PATHS: [&str; 9] = [
    "index.html",
    "index.htm",
    "index.php",
    "home",
    "trang-chu",
    "trang-chu.html",
    "vi",
    "vn",
    "en",
];

/// Document-sharing sites: uploads of unknown origin, not publications. An entry with a dot is
/// a domain (subdomains included); one without is a stem any host containing it matches
/// (`tailieu` catches tailieu.vn and thuvientailieu.vn).
pub const DOCUMENT_SITES: [&str; 11] = [
    "123doc",
    "tailieu",
    "luanvan",
    "doc.edu.vn",
    "vndoc.com",
    "zbook.vn",
    "xemtailieu",
    "violet.vn",
    "scribd.com",
    "flipbuilder.com",
    "dochub.com",
];

/// Content farms, aggregators, directories and SEO sites unrelated to crafts that have been
/// cited in the seeds (a sports-results site, a wiki mirror, listicles, a taxi firm's blog).
/// Cite the article they copied instead. Matching as [`DOCUMENT_SITES`].
pub const CONTENT_FARMS: [&str; 11] = [
    "ketquabongdanews.com",
    "kampuspedia.com",
    "vietnam9news.com",
    "blogphongcach.edu.vn",
    "noibailuxury.net",
    "cantho24h.com.vn",
    "toplist.vn",
    "topxephang.com",
    "yp.vn",
    "caythuocquanhta.com",
    "gsm.vn",
];

/// Why an address cannot be cited as a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlFault {
    /// Not `http(s)://` (`javascript:`, `data:`, `file:`, a bare domain): unsafe as a link.
    NotWeb,
    /// No host, or spaces in it.
    Malformed,
    /// A site's home page.
    HomePage,
    /// A tag, search, category, topic or paginated listing page (what marked it).
    Listing(String),
    /// A document-sharing site (the list entry that matched).
    DocumentSite(&'static str),
    /// A content farm or unrelated SEO site (the list entry that matched).
    ContentFarm(&'static str),
}

impl fmt::Display for UrlFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlFault::NotWeb => write!(f, "is not an http(s) address"),
            UrlFault::Malformed => write!(f, "is not a well-formed web address"),
            UrlFault::HomePage => write!(f, "is a site's home page, not an article"),
            UrlFault::Listing(what) => {
                write!(f, "is a listing page ({what}), not an article")
            }
            UrlFault::DocumentSite(d) => {
                write!(f, "is on a document-sharing site ({d}), not a publication")
            }
            UrlFault::ContentFarm(d) => {
                write!(f, "is on a content farm unrelated to crafts ({d})")
            }
        }
    }
}

/// Whether `host` is `entry` (a domain, subdomains included) or contains it (a stem).
fn host_matches(host: &str, entry: &str) -> bool {
    if entry.contains('.') {
        host == entry || host.ends_with(&format!(".{entry}"))
    } else {
        host.contains(entry)
    }
}

/// Judges an address as a source: `None` if it can be an article.
pub fn url_fault(url: &str) -> Option<UrlFault> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some(UrlFault::NotWeb);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host.is_empty() || !host.contains('.') || url.chars().any(char::is_whitespace) {
        return Some(UrlFault::Malformed);
    }
    // The one rule for what may become a link at all (the app and the import ask it too):
    // credentials, control characters, backslashes.
    if handbook_search::links::safe_href(url) != Some(url) {
        return Some(UrlFault::NotWeb);
    }
    if let Some(d) = DOCUMENT_SITES.iter().find(|d| host_matches(host, d)) {
        return Some(UrlFault::DocumentSite(d));
    }
    if let Some(d) = CONTENT_FARMS.iter().find(|d| host_matches(host, d)) {
        return Some(UrlFault::ContentFarm(d));
    }
    let after = &rest[end..];
    let after = after.split('#').next().unwrap_or("");
    let (path, query) = after.split_once('?').unwrap_or((after, ""));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let home = match segments.as_slice() {
        [] => true,
        [only] => HOME_PATHS.contains(only),
        _ => false,
    };
    if home && query.is_empty() {
        return Some(UrlFault::HomePage);
    }
    for (i, segment) in segments.iter().enumerate() {
        let stem = segment.split('.').next().unwrap_or(segment);
        if LISTING_SEGMENTS.contains(&stem) {
            return Some(UrlFault::Listing(format!("/{stem}/")));
        }
        let next_is_number = segments
            .get(i + 1)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if stem == "page" && next_is_number {
            return Some(UrlFault::Listing("/page/N".into()));
        }
    }
    if let Some(infix) = LISTING_INFIXES.iter().find(|x| path.contains(*x)) {
        return Some(UrlFault::Listing((*infix).into()));
    }
    // `…/hut-khach-du-lich-tag244518.html`: a tag page named by its id.
    let last = segments
        .last()
        .map_or("", |s| s.split('.').next().unwrap_or(s));
    if last
        .rsplit_once("-tag")
        .is_some_and(|(_, id)| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some(UrlFault::Listing("-tagN".into()));
    }
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let number = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        if SEARCH_PARAMETERS.contains(&key) || (PAGE_PARAMETERS.contains(&key) && number) {
            return Some(UrlFault::Listing(format!("?{key}=")));
        }
    }
    None
}

/// Why a source's date is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real month and day).
pub fn date_fault(date: &str) -> Option<&'static str> {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let bad = "must be YYYY, YYYY-MM or YYYY-MM-DD";
    let year = number(parts.first().copied().unwrap_or(""), 4).ok_or(bad);
    let checked = match (year, parts.as_slice()) {
        (Err(e), _) => Err(e),
        (Ok(_), [_]) => Ok(()),
        (Ok(_), [_, m]) => match number(m, 2) {
            Some(1..=12) => Ok(()),
            _ => Err("month must be 01–12"),
        },
        (Ok(y), [_, m, d]) => match (number(m, 2), number(d, 2)) {
            (Some(m @ 1..=12), Some(d)) if d >= 1 && d <= days_in_month(y, m) => Ok(()),
            (Some(1..=12), _) => Err("no such day in that month"),
            _ => Err("month must be 01–12"),
        },
        _ => Err(bad),
    };
    checked.err()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether a source is an article: an http(s) address that is not a listing, a home page, a
/// document-sharing site or a content farm, and a well-formed date. A `sourced` record needs
/// one.
pub fn is_article(source: &Source) -> bool {
    source
        .url
        .as_deref()
        .is_some_and(|u| url_fault(u).is_none())
        && source
            .date
            .as_deref()
            .is_some_and(|d| date_fault(d).is_none())
}

/// Whether any of `sources` is an article.
pub fn has_article(sources: &[Source]) -> bool {
    sources.iter().any(is_article)
}

/// Why a source is a placeholder rather than a citation, if it is one.
pub fn placeholder_fault(source: &Source) -> Option<&'static str> {
    let title = source.title.to_lowercase();
    if source.url.is_none() && source.document.is_none() {
        Some("has no url (nor an official document number): cite the article itself")
    } else if title.trim().is_empty() {
        Some("has no title: give the article's own title")
    } else if title.contains("reporting on") || title.contains("đưa tin về") {
        Some("has a placeholder title (\"reporting on …\"): give the article's own title")
    } else {
        None
    }
}

/// Problems of one source, each with the field it concerns (`url`, `date`, `title`).
pub fn source_faults(source: &Source) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(fault) = placeholder_fault(source) {
        out.push(("title", format!("source `{}` {fault}", source.title)));
    }
    if let Some(url) = &source.url {
        if let Some(fault) = url_fault(url) {
            out.push(("url", format!("`{url}` {fault}")));
        }
    }
    if let Some(date) = &source.date {
        if let Some(fault) = date_fault(date) {
            out.push(("date", format!("`{date}`: {fault}")));
        }
    }
    out
}

const NEEDS_ARTICLE: &str = "a `sourced` record needs at least one source that is an article: \
     an http(s) `url` (not a tag, search, listing or home page, document-sharing site or content \
     farm) and a `date` (YYYY, YYYY-MM or YYYY-MM-DD); otherwise mark it `unverified`";

fn check_sources(
    out: &mut Vec<Finding>,
    table: Table,
    index: usize,
    verification: Verification,
    sources: &[Source],
) {
    if verification == Verification::Sourced && !has_article(sources) {
        out.push(Finding::new(table, index, "verification", NEEDS_ARTICLE));
    }
    for (n, source) in sources.iter().enumerate() {
        for (field, message) in source_faults(source) {
            out.push(Finding::new(
                table,
                index,
                format!("sources[{n}].{field}"),
                message,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Summaries

/// Why a summary says nothing specific.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryFault {
    /// The same text as other records' once their names are taken out.
    Template {
        /// The skeleton, names as `…`.
        skeleton: String,
        /// How many records of this kind share it.
        shared_by: usize,
    },
    /// Nothing is left once the names are taken out.
    NamesOnly,
}

impl fmt::Display for SummaryFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SummaryFault::Template {
                skeleton,
                shared_by,
            } => write!(
                f,
                "is template text shared by {shared_by} records (\"{skeleton}\"): say what a \
                 source reports about this one"
            ),
            SummaryFault::NamesOnly => write!(
                f,
                "says nothing beyond names: say what is made, how, by whom or since when, as a \
                 source reports it"
            ),
        }
    }
}

/// Words that carry no information in a summary once the names are out.
#[rustfmt::skip]
const FILLER: [&str; 44] = [
    "san", "pham", "cua", "lang", "nghe", "la", "mot", "cac", "nhung", "duoc", "va", "o", "tai",
    "thon", "xa", "phuong", "huyen", "quan", "ha", "noi", "truyen", "thong", "nay", "co",
    "the", "a", "an", "of", "in", "by", "from", "and", "made", "product", "products", "village",
    "villages", "craft", "crafts", "hanoi", "traditional", "is", "its", "s",
];

/// Fewest informative words a summary must keep once names and filler are taken out.
const MIN_CONTENT_WORDS: usize = 3;

/// Placeholder a name becomes in a skeleton.
const NAME: &str = "…";

/// The folded words of `text` with every occurrence of one of `names` replaced by [`NAME`].
fn skeleton(text: &str, names: &[String]) -> Vec<String> {
    let mut tokens: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
    let mut names: Vec<Vec<String>> = names
        .iter()
        .map(|n| words(n).into_iter().map(|w| w.folded).collect::<Vec<_>>())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    for name in &names {
        let mut i = 0;
        let mut out = Vec::with_capacity(tokens.len());
        while i < tokens.len() {
            if tokens[i..].starts_with(name) {
                out.push(NAME.to_string());
                i += name.len();
            } else {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
        tokens = out;
    }
    tokens.dedup_by(|a, b| a == NAME && b == NAME);
    tokens
}

fn says_nothing(skeleton: &[String]) -> bool {
    skeleton
        .iter()
        .filter(|t| *t != NAME && !FILLER.contains(&t.as_str()))
        .count()
        < MIN_CONTENT_WORDS
}

/// The names a village's texts may use: its own, its crafts', its places'.
fn village_names(data: &Dataset, v: &Village) -> Vec<String> {
    let mut names = vec![v.name.clone()];
    names.extend(v.name_en.clone());
    names.extend(v.aliases.iter().cloned());
    names.push(v.historical.district.clone());
    names.extend(v.historical.commune.clone());
    if let Some(current) = &v.current {
        names.push(current.name.clone());
        names.push(crate::admin::name_without_type(&current.name).to_string());
    }
    for craft in data.crafts.iter().filter(|c| v.crafts.contains(&c.id)) {
        names.push(craft.name.clone());
        names.push(craft.name_en.clone());
    }
    names
}

fn product_names(data: &Dataset, villages: &HashMap<&str, &Village>, p: &Product) -> Vec<String> {
    let mut names = vec![p.name.clone()];
    names.extend(p.name_en.clone());
    names.extend(p.producer.clone());
    if let Some(v) = villages.get(p.village.as_str()) {
        names.extend(village_names(data, v));
    }
    if let Some(c) = data.crafts.iter().find(|c| c.id == p.craft) {
        names.push(c.name.clone());
        names.push(c.name_en.clone());
    }
    names
}

/// The summaries whose text says nothing specific, by (table, index, field).
pub type SummaryFaults = BTreeMap<(Table, usize, &'static str), SummaryFault>;

/// Finds template and names-only summaries: each summary's skeleton (its words with the
/// record's own names, its village's, crafts' and places' taken out) is compared with the
/// skeletons of the other records of its kind, per language.
pub fn summary_faults(data: &Dataset) -> SummaryFaults {
    let mut texts: Vec<(Table, usize, &'static str, &str, Vec<String>)> = Vec::new();
    for (i, v) in data.villages.iter().enumerate() {
        let names = village_names(data, v);
        texts.push((Table::Village, i, "summary", &v.summary, names.clone()));
        if let Some(en) = &v.summary_en {
            texts.push((Table::Village, i, "summary_en", en, names));
        }
    }
    // Villages by id: a scan per product was quadratic on a 100,000-record build.
    let villages: HashMap<&str, &Village> =
        data.villages.iter().map(|v| (v.id.as_str(), v)).collect();
    for (i, p) in data.products.iter().enumerate() {
        let names = product_names(data, &villages, p);
        texts.push((Table::Product, i, "summary", &p.summary, names.clone()));
        if let Some(en) = &p.summary_en {
            texts.push((Table::Product, i, "summary_en", en, names));
        }
    }
    for (i, t) in data.tours.iter().enumerate() {
        let mut names = vec![t.name.clone(), t.theme.clone()];
        names.extend(t.name_en.clone());
        for stop in &t.stops {
            names.extend(stop.place.clone());
            if let Some(v) = data
                .villages
                .iter()
                .find(|v| Some(&v.id) == stop.village.as_ref())
            {
                names.push(v.name.clone());
            }
        }
        texts.push((Table::Tour, i, "summary", &t.summary, names.clone()));
        if let Some(en) = &t.summary_en {
            texts.push((Table::Tour, i, "summary_en", en, names));
        }
    }
    for (i, c) in data.crafts.iter().enumerate() {
        let names = vec![c.name.clone(), c.name_en.clone()];
        texts.push((
            Table::Craft,
            i,
            "description",
            &c.description,
            names.clone(),
        ));
        if let Some(en) = &c.description_en {
            texts.push((Table::Craft, i, "description_en", en, names));
        }
    }

    let mut groups: HashMap<(Table, &'static str, String), Vec<usize>> = HashMap::new();
    let mut skeletons = Vec::with_capacity(texts.len());
    for (n, (table, _, field, text, names)) in texts.iter().enumerate() {
        let sk = skeleton(text, names);
        groups
            .entry((*table, field, sk.join(" ")))
            .or_default()
            .push(n);
        skeletons.push(sk);
    }
    let mut faults = SummaryFaults::new();
    for (n, (table, index, field, _, _)) in texts.iter().enumerate() {
        let sk = &skeletons[n];
        let shared_by = groups[&(*table, *field, sk.join(" "))].len();
        let fault = if says_nothing(sk) {
            Some(SummaryFault::NamesOnly)
        } else if shared_by > 1 {
            Some(SummaryFault::Template {
                skeleton: sk.join(" "),
                shared_by,
            })
        } else {
            None
        };
        if let Some(fault) = fault {
            faults.insert((*table, *index, field), fault);
        }
    }
    faults
}

// ---------------------------------------------------------------------------------------------
// Products

/// What a `digitised` product lacks, in words (empty: a complete profile). A complete profile
/// has a specific summary (no template, not just names), a producer or a known village, and is
/// `sourced` with an article (http(s) url and date).
pub fn profile_gaps(
    data: &Dataset,
    faults: &SummaryFaults,
    index: usize,
    p: &Product,
) -> Vec<&'static str> {
    let mut gaps = Vec::new();
    if faults.contains_key(&(Table::Product, index, "summary")) {
        gaps.push("a specific summary");
    }
    let known_village = data.villages.iter().any(|v| v.id == p.village);
    if p.producer.as_deref().is_none_or(|s| s.trim().is_empty()) && !known_village {
        gaps.push("a producer or village");
    }
    if p.verification != Verification::Sourced || !has_article(&p.sources) {
        gaps.push("`sourced` with an article (http(s) url and date)");
    }
    gaps
}

/// Whether a product is a complete profile (see [`profile_gaps`]): what the plan's "digitised
/// products" counts.
pub fn is_complete_profile(
    data: &Dataset,
    faults: &SummaryFaults,
    index: usize,
    p: &Product,
) -> bool {
    profile_gaps(data, faults, index, p).is_empty()
}

/// Months an OCOP rating stays valid.
pub const OCOP_VALID_MONTHS: i32 = 36;

/// The last year an OCOP rating awarded in `year` can still be valid: its month is rarely
/// reported, so a rating of year Y is given the benefit of the doubt until the end of Y + 3.
pub fn ocop_last_valid_year(year: i32) -> i32 {
    year + OCOP_VALID_MONTHS / 12
}

/// Whether a rating is past its validity on the data's date (`updated`, `YYYY-MM-DD`) and not
/// marked `expired`.
pub fn ocop_shown_as_current_past_validity(ocop: &Ocop, updated: &str) -> Option<i32> {
    let data_year: i32 = updated.get(..4)?.parse().ok()?;
    let last = ocop_last_valid_year(ocop.year?);
    (data_year > last && !ocop.expired).then_some(last)
}

fn check_product(
    out: &mut Vec<Finding>,
    data: &Dataset,
    faults: &SummaryFaults,
    i: usize,
    p: &Product,
) {
    let t = Table::Product;
    if p.digitised {
        let gaps = profile_gaps(data, faults, i, p);
        if !gaps.is_empty() {
            out.push(Finding::new(
                t,
                i,
                "digitised",
                format!(
                    "a digitised product is a complete profile; this one lacks {}",
                    gaps.join(", ")
                ),
            ));
        }
    }
    if let Some(ocop) = &p.ocop {
        if ocop.year.is_none() {
            out.push(Finding::new(
                t,
                i,
                "ocop",
                "an OCOP rating needs the `year` it was awarded (a rating is valid 36 months)",
            ));
        }
        if p.producer.as_deref().is_none_or(|s| s.trim().is_empty()) {
            out.push(Finding::new(
                t,
                i,
                "ocop",
                "an OCOP rating is awarded to a producer: name the `producer` the source names",
            ));
        }
        if !has_article(&p.sources) {
            out.push(Finding::new(
                t,
                i,
                "ocop",
                "an OCOP rating needs a source that is an article or list (http(s) url and date)",
            ));
        }
        if let Some(last) = ocop_shown_as_current_past_validity(ocop, &data.updated) {
            out.push(Finding::new(
                t,
                i,
                "ocop.year",
                format!(
                    "rated in {}, valid 36 months: at most until {last}, before the data's date \
                     {}; set `expired = true` (or cite the renewal and its year)",
                    ocop.year.unwrap_or_default(),
                    data.updated
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Villages

fn check_village(out: &mut Vec<Finding>, i: usize, v: &Village) {
    let t = Table::Village;
    if let Some(visit) = &v.visit {
        if let Some(m) = translation_fault(&visit.see_and_do, &visit.see_and_do_en, "see_and_do") {
            out.push(Finding::new(t, i, "visit.see_and_do_en", m));
        }
    }
    for (n, f) in v.festivals.iter().enumerate() {
        if !(1..=12).contains(&f.lunar_month) {
            out.push(Finding::new(
                t,
                i,
                format!("festivals[{n}].lunar_month"),
                format!("{}: a lunar month is 1–12", f.lunar_month),
            ));
        }
        if !(1..=30).contains(&f.lunar_day) {
            out.push(Finding::new(
                t,
                i,
                format!("festivals[{n}].lunar_day"),
                format!("{}: a lunar day is 1–30", f.lunar_day),
            ));
        }
        if f.days < 1 {
            out.push(Finding::new(
                t,
                i,
                format!("festivals[{n}].days"),
                "a festival lasts at least 1 day",
            ));
        }
    }
    for (n, shop) in v.shops.iter().enumerate() {
        match &shop.url {
            Some(url) if handbook_search::links::safe_href(url) != Some(url.as_str()) => {
                out.push(Finding::new(
                    t,
                    i,
                    format!("shops[{n}].url"),
                    format!("`{url}` is not an http(s) address"),
                ));
            }
            None if shop.address.is_none() => out.push(Finding::new(
                t,
                i,
                format!("shops[{n}].name"),
                format!("shop `{}` needs a `url` or an `address`", shop.name),
            )),
            _ => {}
        }
    }
    if let Some(source) = v.current.as_ref().and_then(|c| c.source.as_ref()) {
        for (field, message) in source_faults(source) {
            out.push(Finding::new(
                t,
                i,
                format!("current.source.{field}"),
                message,
            ));
        }
    }
}

/// An English list must translate its Vietnamese list item for item (or be absent).
pub fn translation_fault(vi: &[String], en: &[String], vi_field: &str) -> Option<String> {
    (!en.is_empty() && en.len() != vi.len()).then(|| {
        format!(
            "has {} items but `{vi_field}` has {}: translate item for item",
            en.len(),
            vi.len()
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Tours

/// How much longer than the best order of the same stops a tour may be before it counts as
/// backtracking: 10 %, and at least [`ORDER_SLACK_KM`] (so a walk is not failed over 200 m).
pub const ORDER_TOLERANCE: f64 = 1.10;
/// See [`ORDER_TOLERANCE`].
pub const ORDER_SLACK_KM: f64 = 0.5;
/// Most stops whose orders are all tried (8! orders of the stops after the first).
pub const MAX_ORDERED_STOPS: usize = 9;

/// The shortest straight-line path through `points` starting at the first: (length, order).
/// Tries every order of the others (branch and bound), so only for a few points.
pub fn best_order(points: &[Coordinates]) -> (f64, Vec<usize>) {
    fn go(
        points: &[Coordinates],
        path: &mut Vec<usize>,
        used: &mut Vec<bool>,
        length: f64,
        best: &mut (f64, Vec<usize>),
    ) {
        if length >= best.0 {
            return;
        }
        if path.len() == points.len() {
            *best = (length, path.clone());
            return;
        }
        let last = points[*path.last().expect("the path starts at the first point")];
        for next in 1..points.len() {
            if !used[next] {
                used[next] = true;
                path.push(next);
                go(
                    points,
                    path,
                    used,
                    length + last.distance_km(&points[next]),
                    best,
                );
                path.pop();
                used[next] = false;
            }
        }
    }
    if points.len() < 3 {
        return (straight_line_km(points), (0..points.len()).collect());
    }
    let mut best = (f64::INFINITY, Vec::new());
    let mut used = vec![false; points.len()];
    used[0] = true;
    go(points, &mut vec![0], &mut used, 0.0, &mut best);
    best
}

fn stop_label(data: &Dataset, t: &Tour, i: usize) -> String {
    let stop = &t.stops[i];
    stop.village
        .as_deref()
        .and_then(|id| data.villages.iter().find(|v| v.id == id))
        .map(|v| v.name.clone())
        .or_else(|| stop.place.clone())
        .unwrap_or_else(|| format!("stop {}", i + 1))
}

fn village_position(data: &Dataset) -> impl Fn(&str) -> Option<Coordinates> + '_ {
    |id| {
        data.villages
            .iter()
            .find(|v| v.id == id)
            .and_then(|v| v.coordinates)
    }
}

fn check_tour(out: &mut Vec<Finding>, data: &Dataset, i: usize, t: &Tour) {
    let table = Table::Tour;
    if t.origin == TourOrigin::Published && !has_article(&t.sources) {
        out.push(Finding::new(
            table,
            i,
            "origin",
            "a `published` route needs a source that is the publisher's article (http(s) url \
             and date); a route composed here is `suggested`",
        ));
    }
    let positions = t.stop_positions(village_position(data));
    let Some(points) = positions.iter().copied().collect::<Option<Vec<_>>>() else {
        return; // an unplaced stop is reported where its village lacks coordinates
    };
    if points.len() < 3 || points.len() > MAX_ORDERED_STOPS {
        return;
    }
    let given = straight_line_km(&points);
    let (best, order) = best_order(&points);
    if given > best * ORDER_TOLERANCE && given - best >= ORDER_SLACK_KM {
        let names: Vec<String> = order.iter().map(|&s| stop_label(data, t, s)).collect();
        out.push(Finding::new(
            table,
            i,
            "stops",
            format!(
                "the stops in this order are {given:.1} km in a straight line; in the order {} \
                 (first stop kept) they are {best:.1} km: reorder them to avoid backtracking",
                names.join(" → ")
            ),
        ));
    }
}

// ---------------------------------------------------------------------------------------------

/// Everything the standard finds wrong in a dataset (the administrative units are checked by
/// `admin`).
pub fn check(data: &Dataset) -> Vec<Finding> {
    let mut out = Vec::new();
    let faults = summary_faults(data);
    for ((table, index, field), fault) in &faults {
        out.push(Finding::new(*table, *index, *field, format!("{fault}")));
    }
    for (i, ind) in data.plan.iter().enumerate() {
        check_sources(
            &mut out,
            Table::Indicator,
            i,
            ind.verification,
            &ind.sources,
        );
    }
    for (i, c) in data.crafts.iter().enumerate() {
        check_sources(&mut out, Table::Craft, i, c.verification, &c.sources);
        for (vi, en, field) in [
            (&c.materials, &c.materials_en, "materials"),
            (&c.process, &c.process_en, "process"),
        ] {
            if let Some(m) = translation_fault(vi, en, field) {
                out.push(Finding::new(Table::Craft, i, format!("{field}_en"), m));
            }
        }
    }
    for (i, v) in data.villages.iter().enumerate() {
        check_sources(&mut out, Table::Village, i, v.verification, &v.sources);
        check_village(&mut out, i, v);
    }
    for (i, p) in data.products.iter().enumerate() {
        check_sources(&mut out, Table::Product, i, p.verification, &p.sources);
        check_product(&mut out, data, &faults, i, p);
    }
    for (i, t) in data.tours.iter().enumerate() {
        check_sources(&mut out, Table::Tour, i, t.verification, &t.sources);
        check_tour(&mut out, data, i, t);
    }
    out
}

/// The records whose summary or description (in either language) is template text or names
/// only, for counts.
pub fn template_records(faults: &SummaryFaults) -> BTreeSet<(Table, usize)> {
    faults.keys().map(|(t, i, _)| (*t, *i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_pass_and_listings_home_pages_and_farms_do_not() {
        for ok in [
            "https://hanoimoi.vn/lang-gom-bat-trang-700-nam-123456.html",
            "http://www.vietnamplus.vn/lang-nghe/123.vnp",
            "https://blogphongcach.example.vn/?p=42895",
            "https://kyluc.vn/tin-tuc/danh-muc-de-xuat/ha-noi-noi-co-nhieu-lang-nghe",
            "https://hanoidep.vn/?p=20257",
            "http://langnghevietnam.vn/?go=New&page=d&igid=666&iid=22077",
            "https://bnews.vn/photo/nghe-quy-vang-bac-kieu-ky/151062/trang-1.html",
        ] {
            assert_eq!(url_fault(ok), None, "{ok}");
        }
        let cases = [
            ("javascript:alert(1)", UrlFault::NotWeb),
            ("data:text/html,hi", UrlFault::NotWeb),
            ("hanoimoi.vn/bai-viet", UrlFault::NotWeb),
            ("https://", UrlFault::Malformed),
            ("https://hanoimoi.vn", UrlFault::HomePage),
            ("https://www.hanoimoi.vn/", UrlFault::HomePage),
            ("https://sovhtt.hanoi.gov.vn/vi/", UrlFault::HomePage),
            (
                "https://baomoi.com/tag/lang-nghe.epi",
                UrlFault::Listing("/tag/".into()),
            ),
            ("https://x.vn/tags/gom", UrlFault::Listing("/tags/".into())),
            (
                "https://baophapluat.vn/hut-khach-du-lich-tag244518.html",
                UrlFault::Listing("-tagN".into()),
            ),
            (
                "https://kenh14.vn/lang-nghe-ptag.html",
                UrlFault::Listing("-ptag".into()),
            ),
            (
                "https://x.vn/tim-kiem.html?q=gom",
                UrlFault::Listing("/tim-kiem/".into()),
            ),
            (
                "https://x.vn/search?q=gom",
                UrlFault::Listing("/search/".into()),
            ),
            (
                "https://x.vn/lang-nghe?page=6",
                UrlFault::Listing("?page=".into()),
            ),
            (
                "https://x.vn/lang-nghe?cat=2&page=6",
                UrlFault::Listing("?page=".into()),
            ),
            (
                "https://x.vn/lang-nghe/page/3/",
                UrlFault::Listing("/page/N".into()),
            ),
            (
                "https://x.vn/category/lang-nghe/",
                UrlFault::Listing("/category/".into()),
            ),
            (
                "https://x.vn/chuyen-muc/van-hoa",
                UrlFault::Listing("/chuyen-muc/".into()),
            ),
            (
                "https://123docz.net/trich-doan/1527271-lang.htm",
                UrlFault::DocumentSite("123doc"),
            ),
            (
                "https://tailieu.vn/doc/x.html",
                UrlFault::DocumentSite("tailieu"),
            ),
            (
                "https://luanvan.net.vn/luan-van/x",
                UrlFault::DocumentSite("luanvan"),
            ),
            (
                "https://text.doc.edu.vn/x",
                UrlFault::DocumentSite("doc.edu.vn"),
            ),
            ("https://vndoc.com/x", UrlFault::DocumentSite("vndoc.com")),
            (
                "https://ketquabongdanews.com/xa-hoi/banh-chung-816627.html",
                UrlFault::ContentFarm("ketquabongdanews.com"),
            ),
        ];
        for (url, want) in cases {
            assert_eq!(url_fault(url), Some(want), "{url}");
        }
    }

    #[test]
    fn dates_are_year_month_day_with_real_months_and_days() {
        for ok in ["2025", "2025-02", "2024-02-29", "2025-12-31"] {
            assert_eq!(date_fault(ok), None, "{ok}");
        }
        for bad in [
            "25",
            "2025-2",
            "2025-13",
            "2025-02-29",
            "2025-04-31",
            "29/03/2005",
            "",
        ] {
            assert!(date_fault(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn a_placeholder_source_is_not_a_citation() {
        let source = |title: &str, url: Option<&str>, document: Option<&str>| Source {
            title: title.into(),
            publisher: Some("x".into()),
            url: url.map(Into::into),
            document: document.map(Into::into),
            date: Some("2025".into()),
        };
        assert!(placeholder_fault(&source("Vietnam+ (reporting on X)", None, None)).is_some());
        assert!(
            placeholder_fault(&source("(reporting on X)", Some("https://x.vn/a"), None)).is_some()
        );
        assert!(placeholder_fault(&source("Kế hoạch", None, Some("282/QĐ-UBND"))).is_none());
        assert!(placeholder_fault(&source("Làng gốm", Some("https://x.vn/a"), None)).is_none());
    }

    #[test]
    fn skeletons_take_names_out() {
        let names = vec!["Bình gốm".to_string(), "Bát Tràng".to_string()];
        assert_eq!(
            skeleton("Bình gốm — sản phẩm của làng Bát Tràng.", &names).join(" "),
            "… san pham cua lang …"
        );
        assert!(says_nothing(&skeleton(
            "Bình gốm — sản phẩm của làng Bát Tràng.",
            &names
        )));
        assert!(!says_nothing(&skeleton(
            "Bình gốm men rạn vẽ tay, nung lò gas ở Bát Tràng.",
            &names
        )));
    }

    #[test]
    fn best_order_keeps_the_first_stop_and_removes_backtracking() {
        let at = |lon: f64| Coordinates {
            lat: 21.0,
            lon,
            precision: handbook_search::Precision::Village,
        };
        // 0 → 2 → 1 → 3 along a line backtracks; 0 → 1 → 2 → 3 does not.
        let points = [at(105.70), at(105.90), at(105.80), at(106.00)];
        let (best, order) = best_order(&points);
        assert_eq!(order, [0, 2, 1, 3]);
        assert!(
            (best - straight_line_km(&[points[0], points[2], points[1], points[3]])).abs() < 1e-9
        );
        assert!(straight_line_km(&points) > best * ORDER_TOLERANCE);
    }
}
