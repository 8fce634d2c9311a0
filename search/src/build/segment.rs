//! The files of the index's single segment, renamed so that no random segment id leaks into the
//! bundle: the same records always give a byte-identical bundle.

use std::collections::BTreeMap;
use std::path::Path;

use tantivy::directory::{Directory, RamDirectory};
use tantivy::index::SegmentComponent;
use tantivy::Index;

use crate::Result;

/// The fixed id every bundle's single segment is renamed to.
const SEGMENT_ID: &str = "00000000000000000000000000000001";

/// The index's files by path, with the segment id replaced by [`SEGMENT_ID`] in their names and
/// in `meta.json`. The index must have been merged into one segment.
pub(super) fn renamed_files(
    index: &Index,
    directory: &RamDirectory,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let metas = index.searchable_segment_metas()?;
    let [segment] = metas.as_slice() else {
        unreachable!(
            "the index was merged into one segment, found {}",
            metas.len()
        );
    };
    let old_id = segment.id().uuid_string();
    let mut files = BTreeMap::new();
    for component in [
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
        SegmentComponent::Terms,
        SegmentComponent::Store,
    ] {
        // A component no field needs is never written: leave it out.
        let path = segment.relative_path(component);
        if let Ok(bytes) = directory.atomic_read(&path) {
            let name = path.to_string_lossy().replace(&old_id, SEGMENT_ID);
            files.insert(name, bytes);
        }
    }
    let meta = directory
        .atomic_read(Path::new("meta.json"))
        .map_err(tantivy::TantivyError::from)?;
    let meta = String::from_utf8_lossy(&meta)
        .replace(&old_id, SEGMENT_ID)
        .replace(&hyphenated(&old_id), &hyphenated(SEGMENT_ID));
    files.insert("meta.json".to_string(), meta.into_bytes());
    Ok(files)
}

/// `0123…` as `01234567-89ab-cdef-…`, the form segment ids take in `meta.json`.
fn hyphenated(simple: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &simple[0..8],
        &simple[8..12],
        &simple[12..16],
        &simple[16..20],
        &simple[20..32]
    )
}
