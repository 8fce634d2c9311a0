//! The bundle stores each record as JSON without the members that read back as absent
//! (`handbook_search::wire::stored_json`): every seed record must read back whole.

use handbook_search::Record;

use crate::seeds;

/// Every village, craft, product and tour of the seeds reads back from its stored JSON as the
/// same record: no field the stored form leaves out lacks its default.
#[test]
fn every_seed_record_reads_back_from_its_stored_json() {
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
        let json = record.to_json();
        let read = Record::from_json(record.kind(), &json)
            .unwrap_or_else(|e| panic!("{}/{}: {e}\n{json}", record.kind().as_str(), record.id()));
        assert_eq!(&read, record, "{}/{}", record.kind().as_str(), record.id());
    }
}
