//! The search engine over one opened bundle: the single entry point the app and the indexer's
//! `query` command both use, so native results equal browser results.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::columnar::ColumnValues;
use tantivy::directory::OwnedBytes;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentReader, Term,
};

use crate::bundle::{DatasetInfo, DATASET_FILE};
use crate::details::{self, Digest};
use crate::directory::BundleDirectory;
use crate::facets::{Dimension, FacetCounter, Filter};
use crate::profiles::{Profiles, SegmentProfiles};
use crate::query::{Corpus, ParsedQuery};
use crate::ranking::{
    kind_factor, prominence, standing_factor, NEUTRAL_STANDING, UNKNOWN_RANK, VILLAGE_LIFT,
};
use crate::schema::{self, Fields};
use crate::{
    analyzer, bundle, integrity, Craft, Error, Kind, Product, Record, Result, Stored, Tour, Village,
};

/// A search as the user asked it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchRequest {
    /// The text typed (any text; never an error).
    pub text: String,
    /// Filters; all must hold.
    pub filters: Vec<Filter>,
    /// Most hits returned.
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    /// The record's kind.
    pub kind: Kind,
    /// The record's id.
    pub id: String,
    /// Relevance score (higher is better).
    pub score: f32,
    /// The whole record.
    pub record: Record,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchResults {
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// How many records match in all.
    pub total: usize,
    /// Counts of matching records per facet value, per dimension, largest first.
    pub facets: BTreeMap<Dimension, Vec<(String, u64)>>,
    /// The parsed query, for highlighting.
    pub query: Option<ParsedQuery>,
}

/// Blocks of stored records kept after reading (16 KB each). Stored records are not
/// compressed, yet tantivy copies each block it reads and keeps the last 100 by default:
/// 1.6 MB of wasm memory that is never given back, for copies of bytes the bundle already holds.
/// A keystroke reads at most one block per hit shown, so this keeps the last query's blocks.
const STORE_CACHE_BLOCKS: usize = 12;

/// An opened bundle.
pub struct Engine {
    searcher: Searcher,
    // Kept so the searcher's segments stay open for the engine's life.
    _reader: IndexReader,
    fields: Fields,
    info: DatasetInfo,
    /// What the collector reads of each matching record, packed at open.
    profiles: Profiles,
    /// The details files added so far ([`Engine::add_details`]), by digest: a card whose
    /// details are here reads as its whole record.
    details: RwLock<HashMap<Digest, Vec<u8>>>,
}

impl Engine {
    /// Opens a bundle from its bytes (checked: magic, version, checksums).
    pub fn open(bytes: Vec<u8>) -> Result<Engine> {
        Engine::open_files(bundle::read(OwnedBytes::new(bytes))?)
    }

    /// Opens a bundle whose size and SHA-256 matched its manifest's, as [`Engine::open`] does
    /// but for the bundle's per-file checksums, which that SHA-256 makes redundant
    /// ([`bundle::read_downloaded`]). The checks of `integrity::check` still run: they catch
    /// a file damaged before the bundle was written.
    pub fn open_downloaded(bundle: crate::download::Downloaded) -> Result<Engine> {
        Engine::open_files(bundle::read_downloaded(OwnedBytes::new(
            bundle.into_bytes(),
        ))?)
    }

    fn open_files(files: BTreeMap<String, OwnedBytes>) -> Result<Engine> {
        integrity::check(&files)?;
        integrity::contain_panics(|| Engine::open_checked(files))
    }

    /// Opens the index of a bundle whose files passed [`integrity::check`].
    fn open_checked(files: BTreeMap<String, OwnedBytes>) -> Result<Engine> {
        let directory = BundleDirectory::new(files);
        let info = directory
            .file(DATASET_FILE)
            .ok_or_else(|| Error::MissingFile(DATASET_FILE.into()))?;
        let info: DatasetInfo = crate::wire::decode(info.as_slice())?;
        let index = Index::open(directory)?;
        analyzer::register(&index);
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(STORE_CACHE_BLOCKS)
            .try_into()?;
        let searcher = reader.searcher();
        let profiles = Profiles::read(&searcher);
        let engine = Engine {
            searcher,
            _reader: reader,
            fields,
            info,
            profiles,
            details: RwLock::default(),
        };
        // Warm the term dictionaries and the store once so the first keystroke is fast.
        engine.search(&SearchRequest {
            text: "a".into(),
            limit: 1,
            ..Default::default()
        })?;
        Ok(engine)
    }

    /// What the bundle says about its data.
    pub fn info(&self) -> &DatasetInfo {
        &self.info
    }

    /// Number of records in the index.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Searches. Any text is accepted: an empty query with filters lists the filtered records,
    /// an empty query without filters returns nothing.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut parsed = ParsedQuery::read(&request.text, &self.fields, self);
        if parsed.is_empty() && request.filters.is_empty() {
            return Ok(SearchResults {
                query: Some(parsed),
                ..Default::default()
            });
        }
        let limit = request.limit.max(1);
        let mut results = self.run(&parsed, &request.filters, limit)?;
        while results.total == 0 && parsed.widen() {
            results = self.run(&parsed, &request.filters, limit)?;
        }
        results.query = Some(parsed);
        Ok(results)
    }

    fn run(&self, parsed: &ParsedQuery, filters: &[Filter], limit: usize) -> Result<SearchResults> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match parsed.to_query(&self.fields) {
            Some(q) => {
                clauses.push((Occur::Must, q));
                let village = TermQuery::new(
                    Term::from_field_text(self.fields.kind, Kind::Village.as_str()),
                    IndexRecordOption::Basic,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(village), VILLAGE_LIFT)),
                ));
            }
            None => clauses.push((Occur::Must, Box::new(AllQuery))),
        }
        for filter in filters {
            let term = Term::from_field_text(self.fields.facets, &filter.term());
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let facet_counter = FacetCounter {
            field: schema::FACETS_FIELD.to_string(),
            profiles: self.profiles.clone(),
        };
        let vagueness = parsed.vagueness();
        let profiles = self.profiles.clone();
        let top = TopDocs::with_limit(limit).tweak_score(move |segment: &SegmentReader| {
            let standings = Standings::of(segment, &profiles, vagueness);
            move |doc: DocId, score: Score| {
                let (kind, standing, prominence) = standings.factors(doc);
                score * kind * standing + prominence
            }
        });
        let (top, total, facet_counts) =
            self.searcher.search(&query, &(top, Count, facet_counter))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let record = self.record_at(address)?;
            hits.push(Hit {
                kind: record.kind(),
                id: record.id().to_string(),
                score,
                record,
            });
        }
        let mut facets: BTreeMap<Dimension, Vec<(String, u64)>> = BTreeMap::new();
        for (term, count) in facet_counts {
            if let Some((dim, value)) = Dimension::parse_term(&term) {
                facets
                    .entry(dim)
                    .or_default()
                    .push((value.to_string(), count));
            }
        }
        for values in facets.values_mut() {
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Ok(SearchResults {
            hits,
            total,
            facets,
            query: None,
        })
    }

    /// Why a record scores what it scores for a query, as tantivy's explanation (JSON), before
    /// the kind and standing factors; `None` if the record does not match. For tuning the
    /// weights of [`crate::ranking`].
    pub fn explain(&self, text: &str, kind: Kind, id: &str) -> Result<Option<String>> {
        let results = self.search(&SearchRequest {
            text: text.to_string(),
            limit: 1,
            ..Default::default()
        })?;
        let Some(query) = results
            .query
            .and_then(|parsed| parsed.to_query(&self.fields))
        else {
            return Ok(None);
        };
        let Some(address) = self
            .addresses(self.fields.key, &schema::key(kind, id), 1)?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        Ok(query
            .explain(&self.searcher, address)
            .ok()
            .map(|e| e.to_pretty_json()))
    }

    /// The stored form of the record at `address` ([`Record::to_stored`]): its details file
    /// where the engine holds it, else what the index stores (a card, or a whole record).
    fn stored_at(&self, address: DocAddress) -> Result<Vec<u8>> {
        let stored = self.card_at(address)?;
        if let Some(digest) = Record::details_of(&stored).map_err(Error::Stored)? {
            if let Some(whole) = self.held(&digest) {
                return Ok(whole);
            }
        }
        Ok(stored)
    }

    /// What the index stores of the record at `address`.
    fn card_at(&self, address: DocAddress) -> Result<Vec<u8>> {
        let doc: StoredBytes = self.searcher.doc(address)?;
        doc.take(self.fields.record)
            .ok_or(Error::MissingStoredField("record"))
    }

    /// The details file with this digest, if the engine holds it.
    fn held(&self, digest: &Digest) -> Option<Vec<u8>> {
        let held = self.details.read().unwrap_or_else(|e| e.into_inner());
        held.get(digest).cloned()
    }

    /// The digest of the details of the record with this kind and id that the engine does
    /// not hold yet: `None` when there is no such record, when it is stored whole, or when its
    /// details are here. What the engine's worker fetches before it answers for the record's
    /// page.
    pub fn details_wanted(&self, kind: Kind, id: &str) -> Result<Option<Digest>> {
        let key = schema::key(kind, id);
        let Some(address) = self.addresses(self.fields.key, &key, 1)?.first().copied() else {
            return Ok(None);
        };
        let digest = Record::details_of(&self.card_at(address)?).map_err(Error::Stored)?;
        Ok(digest.filter(|d| self.held(d).is_none()))
    }

    /// The digests of every details file the engine does not hold yet, in the index's order:
    /// what keeping the whole handbook for offline use fetches.
    pub fn details_missing(&self) -> Result<Vec<Digest>> {
        let mut missing = Vec::new();
        for address in self.all_matching(&AllQuery)? {
            let digest = Record::details_of(&self.card_at(address)?).map_err(Error::Stored)?;
            if let Some(digest) = digest.filter(|d| self.held(d).is_none()) {
                missing.push(digest);
            }
        }
        Ok(missing)
    }

    /// Takes a details file fetched for `digest`: accepted only if its bytes hash to the digest
    /// and read as a whole record (a details file names no digest of its own). A card naming the
    /// digest then reads as that record.
    pub fn add_details(&self, digest: Digest, bytes: Vec<u8>) -> Result<()> {
        if details::digest(&bytes) != digest {
            return Err(Error::Malformed {
                path: details::file_name(&digest),
                problem: "its bytes do not hash to its name",
            });
        }
        if Record::details_of(&bytes).map_err(Error::Stored)?.is_some() {
            return Err(Error::Malformed {
                path: details::file_name(&digest),
                problem: "a card, not a whole record",
            });
        }
        Record::from_stored(&bytes).map_err(Error::Stored)?;
        let mut held = self.details.write().unwrap_or_else(|e| e.into_inner());
        held.insert(digest, bytes);
        Ok(())
    }

    /// Reads every details file the engine does not hold from `data` (a bundle's folder, whose
    /// `details/` holds them), as the prerenderer and the indexer's commands read a bundle.
    /// Fails on the first file missing or refused: a build whose pages would show cards only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add_details_from(&self, data: &std::path::Path) -> std::result::Result<usize, String> {
        let missing = self.details_missing().map_err(|e| e.to_string())?;
        for digest in &missing {
            let path = data
                .join(details::DETAILS_DIR)
                .join(details::file_name(digest));
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            self.add_details(*digest, bytes)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(missing.len())
    }

    /// Whether the record with this kind and id reads as a card only: its details are in a
    /// file the engine does not hold (offline before the handbook was kept).
    pub fn is_card_only(&self, kind: Kind, id: &str) -> Result<bool> {
        Ok(self.details_wanted(kind, id)?.is_some())
    }

    fn record_at(&self, address: DocAddress) -> Result<Record> {
        Record::from_stored(&self.stored_at(address)?).map_err(Error::Stored)
    }

    fn typed_at<T: Stored>(&self, address: DocAddress) -> Result<T> {
        Record::typed_from_stored(&self.stored_at(address)?)
            .map_err(Error::Stored)?
            .ok_or(Error::MissingStoredField("record"))
    }

    /// The addresses of the records matching a term, at most `limit`.
    fn addresses(&self, field: Field, text: &str, limit: usize) -> Result<Vec<DocAddress>> {
        let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        Ok(top.into_iter().map(|(_, address)| address).collect())
    }

    /// The addresses of every record `query` matches, in the index's order. Collected as a
    /// set, not as top hits sized by the number of documents: that number is read from the
    /// bundle's `meta.json`, and a damaged one asked for 34 GB (issue 11).
    fn all_matching(&self, query: &dyn Query) -> Result<Vec<DocAddress>> {
        let mut addresses: Vec<DocAddress> = self
            .searcher
            .search(query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        Ok(addresses)
    }

    /// The record with this kind and id, if there is one.
    pub fn get(&self, kind: Kind, id: &str) -> Result<Option<Record>> {
        let key = schema::key(kind, id);
        let found = self.addresses(self.fields.key, &key, 1)?;
        found.first().map(|a| self.record_at(*a)).transpose()
    }

    /// The record of type `T` with this id, if there is one.
    pub fn record<T: Stored>(&self, id: &str) -> Result<Option<T>> {
        let key = schema::key(T::KIND, id);
        let found = self.addresses(self.fields.key, &key, 1)?;
        found.first().map(|a| self.typed_at(*a)).transpose()
    }

    /// Every record of type `T`, sorted by name (accents folded, so `Đ` sorts with `D`).
    pub fn records<T: Stored>(&self) -> Result<Vec<T>> {
        let term = Term::from_field_text(self.fields.kind, T::KIND.as_str());
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let mut records = self
            .all_matching(&query)?
            .into_iter()
            .map(|a| self.typed_at::<T>(a))
            .collect::<Result<Vec<_>>>()?;
        records.sort_by_cached_key(|r| crate::text::fold(r.name()));
        Ok(records)
    }

    /// Every village, by name.
    pub fn villages(&self) -> Result<Vec<Village>> {
        self.records()
    }

    /// Every craft, by name.
    pub fn crafts(&self) -> Result<Vec<Craft>> {
        self.records()
    }

    /// Every product, by name.
    pub fn products(&self) -> Result<Vec<Product>> {
        self.records()
    }

    /// Every tour, by name.
    pub fn tours(&self) -> Result<Vec<Tour>> {
        self.records()
    }

    /// The village with this id, if there is one.
    pub fn village(&self, id: &str) -> Result<Option<Village>> {
        self.record(id)
    }

    /// The craft with this id, if there is one.
    pub fn craft(&self, id: &str) -> Result<Option<Craft>> {
        self.record(id)
    }

    /// The products of the village with this id, by name.
    pub fn products_of(&self, village: &str) -> Result<Vec<Product>> {
        let mut products = self.products()?;
        products.retain(|p| p.village == village);
        Ok(products)
    }

    /// The villages that keep the craft with this id, by name.
    pub fn villages_with_craft(&self, craft: &str) -> Result<Vec<Village>> {
        let mut villages = self.villages()?;
        villages.retain(|v| v.keeps(craft));
        Ok(villages)
    }

    /// The tours that stop at the village with this id, by name.
    pub fn tours_through(&self, village: &str) -> Result<Vec<Tour>> {
        let mut tours = self.tours()?;
        tours.retain(|t| t.stops_at(village));
        Ok(tours)
    }
}

/// The index's own statistics, for weighing query words and splitting joined ones.
impl Corpus for Engine {
    fn records(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        // A term dictionary that cannot be read counts as not holding the word: the word then
        // weighs as unknown, which changes the order of results, never whether search works.
        self.searcher
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0)
    }

    fn has_prefix(&self, field: Field, prefix: &str) -> bool {
        self.searcher.segment_readers().iter().any(|segment| {
            let Ok(index) = segment.inverted_index(field) else {
                return false;
            };
            let Ok(mut terms) = index.terms().range().ge(prefix.as_bytes()).into_stream() else {
                return false;
            };
            terms.advance() && terms.key().starts_with(prefix.as_bytes())
        })
    }
}

/// What a segment's records' scores are multiplied by and added to, after the words: the
/// [`kind_factor`] and [`standing_factor`] of each record, times, and its [`prominence`] for
/// this query, plus. Worked out once per profile for a packed segment ([`Profiles`]), or read
/// from the columns record by record for a segment too varied to pack.
enum Standings {
    Packed {
        profiles: Arc<SegmentProfiles>,
        /// Kind factor, standing factor and prominence, by profile.
        factors: Vec<(f32, f32, f32)>,
    },
    Columns {
        ranks: Option<Arc<dyn ColumnValues<u64>>>,
        standings: Option<Arc<dyn ColumnValues<u64>>>,
        vagueness: f32,
    },
}

impl Standings {
    fn of(segment: &SegmentReader, profiles: &Profiles, vagueness: f32) -> Standings {
        if let Some(profiles) = profiles.of(segment) {
            let factors = profiles
                .ranks_and_standings()
                .map(|(rank, standing)| score_factors(rank, standing, vagueness))
                .collect();
            return Standings::Packed { profiles, factors };
        }
        let fast = segment.fast_fields();
        Standings::Columns {
            ranks: fast
                .u64(schema::KIND_RANK_FIELD)
                .ok()
                .map(|column| column.first_or_default_col(UNKNOWN_RANK)),
            standings: fast
                .u64(schema::STANDING_FIELD)
                .ok()
                .map(|column| column.first_or_default_col(NEUTRAL_STANDING)),
            vagueness,
        }
    }

    /// The kind factor, the standing factor and the prominence of a record.
    fn factors(&self, doc: DocId) -> (f32, f32, f32) {
        match self {
            Standings::Packed { profiles, factors } => factors
                .get(profiles.profile_of(doc))
                .copied()
                .unwrap_or_else(|| score_factors(UNKNOWN_RANK, NEUTRAL_STANDING, 0.0)),
            Standings::Columns {
                ranks,
                standings,
                vagueness,
            } => score_factors(
                ranks.as_ref().map_or(UNKNOWN_RANK, |r| r.get_val(doc)),
                standings
                    .as_ref()
                    .map_or(NEUTRAL_STANDING, |s| s.get_val(doc)),
                *vagueness,
            ),
        }
    }
}

/// The kind factor, the standing factor and the prominence of a rank and a standing.
fn score_factors(rank: u64, standing: u64, vagueness: f32) -> (f32, f32, f32) {
    (
        kind_factor(rank),
        standing_factor(standing),
        prominence(standing, vagueness),
    )
}

/// Most stored fields a document of the schema has: a bound for the reader's first allocation,
/// which would otherwise be sized by a number read from the store (a damaged store asked for
/// 985 TB and aborted the process).
const MAX_STORED_FIELDS: usize = 16;

/// The stored fields of a document, all bytes. Read instead of tantivy's general document type,
/// whose value type (and its debug output) would pull a regex engine into the browser build.
struct StoredBytes(Vec<(Field, Vec<u8>)>);

impl StoredBytes {
    fn take(self, field: Field) -> Option<Vec<u8>> {
        self.0
            .into_iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }
}

impl DocumentDeserialize for StoredBytes {
    fn deserialize<'de, D>(mut deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut fields = Vec::with_capacity(deserializer.size_hint().min(MAX_STORED_FIELDS));
        while let Some((field, value)) = deserializer.next_field::<Vec<u8>>()? {
            fields.push((field, value));
        }
        Ok(StoredBytes(fields))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::facets::{Dimension, Filter};

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/tiny.bundle");

    /// Issue 12 (keystrokes at 100,000 records): results read through the packed profiles are
    /// the results read from the columns, scores, totals and facet counts included.
    #[test]
    fn packed_profiles_give_the_results_of_the_columns() {
        let packed = Engine::open(FIXTURE.to_vec()).unwrap();
        assert!(!packed.profiles.is_empty(), "the fixture is packed");
        let mut columns = Engine::open(FIXTURE.to_vec()).unwrap();
        columns.profiles = Profiles::default();
        let filters = [
            Vec::new(),
            vec![Filter {
                dimension: Dimension::Kind,
                value: "village".into(),
            }],
        ];
        for text in ["b", "bat", "bát tràng", "gốm", "lang nghe", "silk", "v", ""] {
            for filters in &filters {
                let request = SearchRequest {
                    text: text.into(),
                    filters: filters.clone(),
                    limit: 10,
                };
                let got = packed.search(&request).unwrap();
                assert_eq!(got, columns.search(&request).unwrap(), "{request:?}");
                if !text.is_empty() {
                    assert!(!got.facets.is_empty(), "{text:?} counts facets");
                }
            }
        }
    }
}
