//! The benchmark's export: each record's searchable texts, exactly as the index sees them, so
//! that the other engines the benchmark compares search the same words.

use serde::Serialize;

use super::indexed::{records, Links};
use crate::dataset::Dataset;
use crate::schema;

/// One record's searchable texts.
#[derive(Debug, Clone, Serialize)]
pub struct SearchableText {
    /// `kind/id`.
    pub id: String,
    /// Kind of record.
    pub kind: &'static str,
    /// Name and aliases.
    pub title: String,
    /// Body text (summary, related names, crafts).
    pub body: String,
    /// English names and summaries.
    pub english: String,
    /// Former and current place names.
    pub places: String,
}

/// The searchable texts of every record, in index order.
pub fn searchable_texts(data: &Dataset) -> Vec<SearchableText> {
    let links = Links::new(data);
    records(data)
        .into_iter()
        .map(|record| {
            let indexed = links.indexed(&record);
            let join = |parts: &[String]| parts.join(" · ");
            SearchableText {
                id: schema::key(record.kind(), record.id()),
                kind: record.kind().as_str(),
                title: join(&indexed.title),
                body: join(&[indexed.tags.clone(), indexed.body.clone()].concat()),
                english: join(&indexed.english),
                places: join(&indexed.places),
            }
        })
        .collect()
}
