//! The vendored tantivy's buffered union (vendor/README.md) looks ahead over at most 1,024
//! documents: over a segment several windows long, a union of terms, and a union seeked by a
//! required clause, find exactly the documents a plain count finds.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, STRING};
use tantivy::{doc, Index, IndexWriter, Term};

const DOCS: u32 = 5_000;

/// The terms of document `i`: `a` every 3rd, `b` every 7th, `c` in a run past the first
/// window, `r` every 2nd (the required clause).
fn terms(i: u32) -> Vec<&'static str> {
    let mut t = Vec::new();
    if i.is_multiple_of(3) {
        t.push("a");
    }
    if i.is_multiple_of(7) {
        t.push("b");
    }
    if (1_500..2_600).contains(&i) {
        t.push("c");
    }
    if i.is_multiple_of(2) {
        t.push("r");
    }
    t
}

#[test]
fn a_union_over_several_windows_finds_every_document_once() {
    let mut schema = Schema::builder();
    let field = schema.add_text_field("t", STRING);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for i in 0..DOCS {
        let mut d = doc!();
        for t in terms(i) {
            d.add_text(field, t);
        }
        writer.add_document(d).unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    assert_eq!(searcher.segment_readers().len(), 1);
    let term = |t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::Basic,
        ))
    };
    let any = || {
        BooleanQuery::new(
            ["a", "b", "c"]
                .into_iter()
                .map(|t| (Occur::Should, term(t)))
                .collect(),
        )
    };
    let found = |q: &dyn Query| -> BTreeSet<u32> {
        searcher
            .search(q, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| a.doc_id)
            .collect()
    };
    let expected = |required: bool| -> BTreeSet<u32> {
        (0..DOCS)
            .filter(|&i| {
                let t = terms(i);
                (!required || t.contains(&"r")) && t.iter().any(|t| ["a", "b", "c"].contains(t))
            })
            .collect()
    };
    assert_eq!(found(&any()), expected(false));
    // Required plus optional: the union is seeked, within and beyond its window.
    let both = BooleanQuery::new(vec![
        (Occur::Must, term("r")),
        (Occur::Must, Box::new(any())),
    ]);
    assert_eq!(found(&both), expected(true));
}
