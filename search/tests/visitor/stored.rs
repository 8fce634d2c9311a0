//! The bundle stores each record in postcard's compact form after its kind
//! (`handbook_search::Record::to_stored`): every seed record must read back whole, and as its
//! own kind only.

use handbook_search::model::{Craft, Village};
use handbook_search::Record;

use crate::seeds;

/// Every village, craft, product and tour of the seeds reads back from its stored form as the
/// same record.
#[test]
fn every_seed_record_reads_back_from_its_stored_form() {
    let seeds = seeds::load();
    let records: Vec<Record> = (seeds.villages.iter().cloned().map(Record::Village))
        .chain(seeds.crafts.iter().cloned().map(Record::Craft))
        .chain(seeds.products.iter().cloned().map(Record::Product))
        .chain(seeds.tours.iter().cloned().map(Record::Tour))
        .collect();
    assert!(
        seeds.products.len() > 100,
        "{} products",
        seeds.products.len()
    );
    for record in &records {
        let stored = record.to_stored(None);
        let read = Record::from_stored(&stored)
            .unwrap_or_else(|e| panic!("{}/{}: {e}", record.kind().as_str(), record.id()));
        assert_eq!(&read, record, "{}/{}", record.kind().as_str(), record.id());
    }
}

/// A stored village reads as a village, not as a craft; a stored record cut short is an error.
#[test]
fn a_stored_record_reads_only_as_its_own_kind_and_only_whole() {
    let seeds = seeds::load();
    let village = &seeds.villages[0];
    let stored = Record::Village(village.clone()).to_stored(None);
    assert_eq!(
        Record::typed_from_stored::<Village>(&stored)
            .unwrap()
            .as_ref(),
        Some(village)
    );
    assert_eq!(Record::typed_from_stored::<Craft>(&stored).unwrap(), None);
    assert!(Record::from_stored(&stored[..stored.len() / 2]).is_err());
    assert!(Record::from_stored(&[]).is_err());
}
