//! The tantivy schema of the handbook's index, shared by the indexer and the app.
//!
//! Text is indexed twice, folded and exact (see [`crate::text`]), so ranking can prefer a
//! query typed with the right accents without missing one typed without them.
//!
//! Each field keeps only what a query reads of it, because every byte of the bundle is
//! downloaded on a phone's first visit (issue 13): positions only where [`crate::query`] looks
//! for words next to each other (a test there checks both ways), term frequencies only where a
//! field is scored, and no stored or fast copy nothing reads.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analyzer;

/// The fields of the index, looked up once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Record kind (`village`, `craft`, `product`, `tour`), stored (it says which type the
    /// stored record is), untokenised.
    pub kind: Field,
    /// Record kind as a number (see [`crate::ranking::kind_rank`]), for ranking.
    pub kind_rank: Field,
    /// A village's standing (see [`crate::ranking::standing`]), for ranking; neutral for
    /// other records.
    pub standing: Field,
    /// `kind/id`, the unique key used to look a record up.
    pub key: Field,
    /// Name and aliases, exact form; no positions (phrases are looked for folded).
    pub title_exact: Field,
    /// Name and aliases, folded form, with positions.
    pub title_folded: Field,
    /// Name and each alias as one whole folded token, for exact-name matches.
    pub name_whole: Field,
    /// Names of a village's crafts: weighed like a name, but never a whole name; with
    /// positions.
    pub topics: Field,
    /// Summary, history, related names; exact form; no positions.
    pub body_exact: Field,
    /// The same text, folded, with positions.
    pub body_folded: Field,
    /// English names and summaries, folded; no positions (English words are weighed one by
    /// one).
    pub english: Field,
    /// Former district and commune, current commune or ward; folded, with positions.
    pub places: Field,
    /// The same places, exact form (`Gia Lâm` is not `gia làm`): only whether a record holds a
    /// word counts (a constant score), so neither frequencies nor lengths are kept.
    pub places_exact: Field,
    /// The whole record as JSON (stored only).
    pub record: Field,
    /// Facet terms such as `group=ceramics` (see [`crate::facets`]), untokenised and fast.
    pub facets: Field,
}

/// Field names, which are part of the bundle format.
mod names {
    pub const KIND: &str = "kind";
    pub const KIND_RANK: &str = "kind_rank";
    pub const STANDING: &str = "standing";
    pub const KEY: &str = "key";
    pub const TITLE_EXACT: &str = "title_exact";
    pub const TITLE_FOLDED: &str = "title_folded";
    pub const NAME_WHOLE: &str = "name_whole";
    pub const TOPICS: &str = "topics";
    pub const BODY_EXACT: &str = "body_exact";
    pub const BODY_FOLDED: &str = "body_folded";
    pub const ENGLISH: &str = "english";
    pub const PLACES: &str = "places";
    pub const PLACES_EXACT: &str = "places_exact";
    pub const RECORD: &str = "record";
    pub const FACETS: &str = "facets";
}

/// What a text field keeps of each word.
#[derive(Clone, Copy)]
enum Keeps {
    /// Positions too, for phrases.
    Positions,
    /// How often the word occurs, and the field's length: for scoring.
    Frequencies,
    /// Only which records hold the word: for a constant score.
    Presence,
}

fn text(tokenizer: &str, keeps: Keeps) -> TextOptions {
    let (record, norms) = match keeps {
        Keeps::Positions => (IndexRecordOption::WithFreqsAndPositions, true),
        Keeps::Frequencies => (IndexRecordOption::WithFreqs, true),
        Keeps::Presence => (IndexRecordOption::Basic, false),
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record)
            .set_fieldnorms(norms),
    )
}

/// Builds the schema.
pub fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field(names::KIND, STRING);
    b.add_u64_field(names::KIND_RANK, FAST);
    b.add_u64_field(names::STANDING, FAST);
    b.add_text_field(names::KEY, STRING);
    b.add_text_field(
        names::TITLE_EXACT,
        text(analyzer::EXACT, Keeps::Frequencies),
    );
    b.add_text_field(
        names::TITLE_FOLDED,
        text(analyzer::FOLDED, Keeps::Positions),
    );
    b.add_text_field(names::NAME_WHOLE, text(analyzer::WHOLE, Keeps::Frequencies));
    b.add_text_field(names::TOPICS, text(analyzer::FOLDED, Keeps::Positions));
    b.add_text_field(names::BODY_EXACT, text(analyzer::EXACT, Keeps::Frequencies));
    b.add_text_field(names::BODY_FOLDED, text(analyzer::FOLDED, Keeps::Positions));
    b.add_text_field(names::ENGLISH, text(analyzer::FOLDED, Keeps::Frequencies));
    b.add_text_field(names::PLACES, text(analyzer::FOLDED, Keeps::Positions));
    b.add_text_field(names::PLACES_EXACT, text(analyzer::EXACT, Keeps::Presence));
    b.add_bytes_field(names::RECORD, STORED);
    b.add_text_field(names::FACETS, STRING | FAST);
    b.build()
}

impl Fields {
    /// Looks the fields up in a schema; fails if the schema is not the handbook's.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            kind: schema.get_field(names::KIND)?,
            kind_rank: schema.get_field(names::KIND_RANK)?,
            standing: schema.get_field(names::STANDING)?,
            key: schema.get_field(names::KEY)?,
            title_exact: schema.get_field(names::TITLE_EXACT)?,
            title_folded: schema.get_field(names::TITLE_FOLDED)?,
            name_whole: schema.get_field(names::NAME_WHOLE)?,
            topics: schema.get_field(names::TOPICS)?,
            body_exact: schema.get_field(names::BODY_EXACT)?,
            body_folded: schema.get_field(names::BODY_FOLDED)?,
            english: schema.get_field(names::ENGLISH)?,
            places: schema.get_field(names::PLACES)?,
            places_exact: schema.get_field(names::PLACES_EXACT)?,
            record: schema.get_field(names::RECORD)?,
            facets: schema.get_field(names::FACETS)?,
        })
    }
}

/// The unique key of a record in the index.
pub fn key(kind: crate::Kind, id: &str) -> String {
    format!("{}/{}", kind.as_str(), id)
}

/// Name of the kind-rank fast field, read by the ranking.
pub const KIND_RANK_FIELD: &str = names::KIND_RANK;

/// Name of the standing fast field, read by the ranking.
pub const STANDING_FIELD: &str = names::STANDING;

/// Name of the facet field, read by [`crate::facets::FacetCounter`].
pub const FACETS_FIELD: &str = names::FACETS;

#[cfg(test)]
mod tests {
    use tantivy::schema::FieldType;

    use super::*;

    /// The browser's copy of `tantivy-columnar` opens only u64 and string columns
    /// (`vendor/tantivy-columnar.patch`): a fast field of another type would fail to open there.
    #[test]
    fn every_fast_field_is_of_a_type_the_browser_opens() {
        let schema = schema();
        let fast: Vec<(&str, &FieldType)> = schema
            .fields()
            .filter(|(_, entry)| entry.is_fast())
            .map(|(_, entry)| (entry.name(), entry.field_type()))
            .collect();
        assert_eq!(fast.len(), 3, "{fast:?}");
        for (name, field_type) in fast {
            assert!(
                matches!(field_type, FieldType::U64(_) | FieldType::Str(_)),
                "{name}: {field_type:?}"
            );
        }
    }
}
