//! The search engine over one opened bundle: the single entry point the app and the indexer's
//! `query` command both use, so native results equal browser results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::OwnedBytes;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentReader, Term,
};

use crate::directory::BundleDirectory;
use crate::facets::{Dimension, FacetCounter, Filter};
use crate::query::ParsedQuery;
use crate::schema::{self, Fields};
use crate::{analyzer, bundle, Error, Kind, PlanIndicator, Record, Result};

/// Name of the dataset file inside the bundle, beside the index files.
pub const DATASET_FILE: &str = "handbook.json";

/// A small lift for villages, so that a village outranks a product that merely mentions it when
/// the query is the village's name.
const VILLAGE_LIFT: f32 = 1.5;

/// Score multipliers by kind rank (see [`kind_rank`]): villages are what people look for
/// first; products repeat their village's name and would otherwise crowd it out.
pub const KIND_FACTORS: [f32; 4] = [1.0, 0.9, 0.8, 0.5];

/// The rank of a kind in [`KIND_FACTORS`].
pub fn kind_rank(kind: Kind) -> u64 {
    match kind {
        Kind::Village => 0,
        Kind::Craft => 1,
        Kind::Tour => 2,
        Kind::Product => 3,
    }
}

/// What the bundle says about the data in it (the `handbook.json` file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    /// Date the seeds were last updated, `YYYY-MM-DD`.
    pub data_updated: String,
    /// Records per kind.
    pub counts: BTreeMap<String, u64>,
    /// The plan's indicators, with figures measured from the data.
    #[serde(default)]
    pub plan: Vec<PlanFigure>,
    /// PIN that lets an operator leave kiosk mode (a convenience lock, not a secret: the
    /// bundle is public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_pin: Option<String>,
}

/// One indicator of the plan and what the dataset shows for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFigure {
    /// The indicator and its targets.
    pub indicator: PlanIndicator,
    /// The figure computed from the data, where it can be measured, as a fraction (0–1) for
    /// shares and a count otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<f64>,
    /// How the figure was computed (its definition), in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The same definition in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method_en: Option<String>,
}

impl PlanFigure {
    /// The figure's definition in the reader's language: English when asked for and written,
    /// Vietnamese otherwise.
    pub fn method_in(&self, english: bool) -> Option<&str> {
        match (english, &self.method_en) {
            (true, Some(en)) => Some(en),
            _ => self.method.as_deref(),
        }
    }
}

/// A search as the user asked it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// The text typed (any text; never an error).
    pub text: String,
    /// Filters; all must hold.
    pub filters: Vec<Filter>,
    /// Most hits returned.
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, Default, PartialEq)]
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

/// An opened bundle.
pub struct Engine {
    searcher: Searcher,
    // Kept so the searcher's segments stay open for the engine's life.
    _reader: IndexReader,
    fields: Fields,
    info: DatasetInfo,
}

impl Engine {
    /// Opens a bundle from its bytes (checked: magic, version, checksums).
    pub fn open(bytes: Vec<u8>) -> Result<Engine> {
        let files = bundle::read(OwnedBytes::new(bytes))?;
        let directory = BundleDirectory::new(files);
        let info = directory
            .file(DATASET_FILE)
            .ok_or_else(|| Error::MissingFile(DATASET_FILE.into()))?;
        let info: DatasetInfo = serde_json::from_slice(info.as_slice())?;
        let index = Index::open(directory)?;
        analyzer::register(&index);
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let engine = Engine {
            searcher,
            _reader: reader,
            fields,
            info,
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
        let parsed = ParsedQuery::parse(&request.text);
        if parsed.is_empty() && request.filters.is_empty() {
            return Ok(SearchResults {
                query: Some(parsed),
                ..Default::default()
            });
        }
        let limit = request.limit.max(1);
        let mut results = self.run(&parsed, &request.filters, limit, true)?;
        if results.total == 0 && parsed.words.len() > 1 {
            // No record has every word: fall back to records with any of them.
            results = self.run(&parsed, &request.filters, limit, false)?;
        }
        results.query = Some(parsed);
        Ok(results)
    }

    fn run(
        &self,
        parsed: &ParsedQuery,
        filters: &[Filter],
        limit: usize,
        all_words: bool,
    ) -> Result<SearchResults> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match parsed.to_query(&self.fields, all_words) {
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
        };
        let top = TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
            let ranks = segment
                .fast_fields()
                .u64(schema::KIND_RANK_FIELD)
                .ok()
                .map(|column| column.first_or_default_col(3));
            move |doc: DocId, score: Score| {
                let rank = ranks.as_ref().map_or(3, |r| r.get_val(doc)) as usize;
                score * KIND_FACTORS.get(rank).copied().unwrap_or(1.0)
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

    fn record_at(&self, address: DocAddress) -> Result<Record> {
        let doc: StoredText = self.searcher.doc(address)?;
        let kind = doc
            .get(self.fields.kind)
            .and_then(Kind::parse)
            .ok_or_else(|| Error::MissingFile("a stored record's kind".into()))?;
        let json = doc
            .get(self.fields.record)
            .ok_or_else(|| Error::MissingFile("a stored record".into()))?;
        Ok(Record::from_json(kind, json)?)
    }

    /// The record with this kind and id, if there is one.
    pub fn get(&self, kind: Kind, id: &str) -> Result<Option<Record>> {
        let key = Term::from_field_text(self.fields.key, &schema::key(kind, id));
        let query = TermQuery::new(key, IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|(_, address)| self.record_at(*address))
            .transpose()
    }

    /// Every record of a kind, sorted by name.
    pub fn all(&self, kind: Kind) -> Result<Vec<Record>> {
        let term = Term::from_field_text(self.fields.kind, kind.as_str());
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let limit = (self.searcher.num_docs() as usize).max(1);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut records = top
            .into_iter()
            .map(|(_, address)| self.record_at(address))
            .collect::<Result<Vec<_>>>()?;
        records.sort_by_cached_key(|r| crate::text::fold(r.name()));
        Ok(records)
    }
}

/// The stored fields of a document, all text. Read instead of tantivy's general document type,
/// whose value type (and its debug output) would pull a regex engine into the browser build.
struct StoredText(Vec<(Field, String)>);

impl StoredText {
    fn get(&self, field: Field) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

impl DocumentDeserialize for StoredText {
    fn deserialize<'de, D>(mut deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut fields = Vec::with_capacity(deserializer.size_hint());
        while let Some((field, value)) = deserializer.next_field::<String>()? {
            fields.push((field, value));
        }
        Ok(StoredText(fields))
    }
}
