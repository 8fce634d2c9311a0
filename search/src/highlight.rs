//! Marks the words of a text that a query matched, for highlighting results. Matching uses the
//! same normalisation as the index, so `bat trang` highlights `Bát Tràng`.

use crate::query::ParsedQuery;
use crate::text::words;

/// A run of text, matched by the query or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text, as in the original.
    pub text: String,
    /// Whether the query matched this word.
    pub matched: bool,
}

/// Splits `text` into runs, marking the words that `query` matches.
pub fn highlight(text: &str, query: &ParsedQuery) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut pos = 0;
    for word in words(text) {
        if !query.matches_word(&word.folded) {
            continue;
        }
        if word.start > pos {
            out.push(Segment {
                text: text[pos..word.start].to_string(),
                matched: false,
            });
        }
        out.push(Segment {
            text: text[word.start..word.end].to_string(),
            matched: true,
        });
        pos = word.end;
    }
    if pos < text.len() {
        out.push(Segment {
            text: text[pos..].to_string(),
            matched: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_accentless_query_and_prefix() {
        let q = ParsedQuery::parse("bat tr");
        let segs = highlight("Làng gốm Bát Tràng", &q);
        let matched: Vec<_> = segs
            .iter()
            .filter(|s| s.matched)
            .map(|s| &s.text[..])
            .collect();
        assert_eq!(matched, ["Bát", "Tràng"]);
        let joined: String = segs.iter().map(|s| &s.text[..]).collect();
        assert_eq!(joined, "Làng gốm Bát Tràng");
    }
}
