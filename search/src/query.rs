//! Turns what a person typed into a tantivy query, directly (no query parser, so no syntax can
//! fail).
//!
//! **Every word counts, none is required.** A record scores by how much of the query it
//! covers: each word adds at most its *weight* (how informative it is in this corpus, from the
//! index's own statistics, and low for the [`crate::common_words`]), bounded by
//! [`crate::saturate`] so a word counts once however many fields and times it matches. A word
//! the data lacks costs nothing but its share. Names weigh more than body text inside a word,
//! accents typed and matched add a bonus, and whole names, phrases and pairs of words together
//! come on top, as before, so exact names stay first; so do names holding most of the query's
//! informative words (a product named by its craft and its village, for "nón Chuông"). The
//! last word is a prefix while the person is still typing it.
//!
//! **What is a result** is decided by the *selective* words only (those in at most
//! [`weight::SELECTIVE_SHARE`] of the records, and not common): a record holding one of them as
//! typed, in any reading. Their near readings — typos of a word the index holds, and the
//! completions of a word's first two letters typed after other selective words — add to the
//! scores of those records but find none of their own, until the words as typed find nothing:
//! then the engine widens the query ([`ParsedQuery::widen`]), first to the near readings, then
//! to every word. A word in most of a field's records other than the names (`làng` in the texts)
//! is not looked for in that field at all ([`QueryWord::broad`]). At 100,000 records each of
//! these reached most of the index, and every keystroke scored all of it.
//!
//! Each word may also be read as a Telex/VNI leftover ([`crate::typing`]), as an English craft
//! word or a near misspelling of one ([`crate::vocabulary`]), with its other English spelling,
//! with a commonly confused onset (`chàng` for `tràng`), or, typed without spaces, as the
//! syllables the data holds (`battrang`); those readings are alternatives, never replacements.
//! How much each place and reading weighs is decided in [`crate::ranking`].

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::per_kind::PerKind;
use crate::ranking::{idf_weight, weight};
use crate::saturate::Saturated;
use crate::schema::Fields;
use crate::text::{nfc, words, Word};
use crate::{common_words, typing, vocabulary};

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words of a query considered.
pub const MAX_QUERY_WORDS: usize = 12;

/// What the index knows about words: the statistics that say how informative a word is, and
/// the syllable inventory that splits joined words. The engine answers from its index; tests
/// can answer from a table.
pub trait Corpus {
    /// Records in the index.
    fn records(&self) -> u64;
    /// Records holding `text` (one token of that field's analyzer) in `field`.
    fn doc_freq(&self, field: Field, text: &str) -> u64;
    /// Whether some token of `field` starts with `prefix`.
    fn has_prefix(&self, field: Field, prefix: &str) -> bool;
}

/// One word of a query with its alternative readings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueryWord {
    /// The word as typed (normalised).
    pub literal: Word,
    /// The word read as a Telex or VNI leftover, if it reads as one.
    pub decoded: Option<Word>,
    /// Vietnamese words an English term covering this word (or a near misspelling of one)
    /// stands for.
    pub vocabulary: Option<Vec<Word>>,
    /// Other English spellings of the word found in the data (British ↔ American, singular ↔
    /// plural).
    pub spellings: Vec<Word>,
    /// The word with an onset commonly confused with its own (`chàng` → `tràng`).
    pub slips: Vec<Word>,
    /// The syllables of a word typed without spaces (`battrang` → `bat trang`), as the data
    /// holds them; [`ParsedQuery::consult`] also puts each after the word as a word of its
    /// own.
    pub joined: Option<Vec<Word>>,
    /// Whether this word is such a syllable, split out of the joined word before it.
    pub split: bool,
    /// Whether it is one of the [`common_words`].
    pub common: bool,
    /// How much the word counts, 0–1: its informativeness in the corpus (see
    /// [`crate::ranking::idf_weight`]), lowered for common words. 1 until
    /// [`ParsedQuery::consult`] has asked the index.
    pub weight: f32,
    /// No reading of the word is in the index: it is misspelt, or the data does not have it.
    pub unknown: bool,
    /// The fields other than the names where the word as typed is in more than
    /// [`weight::BROAD_SHARE`] of the records ("làng" in the texts): a match there says
    /// next to nothing about a record, and such fields are not searched for it, its typos or
    /// its completions.
    pub broad: Vec<Field>,
    /// Whether a record must match it or another such word to be a result at all (see
    /// [`ParsedQuery::consult`]).
    pub selective: bool,
}

impl QueryWord {
    fn new(
        literal: Word,
        decoded: Option<Word>,
        vocabulary: Option<Vec<Word>>,
        english: bool,
    ) -> QueryWord {
        let common = common_words::is_common(&literal, english);
        let slips = if literal.exact != literal.folded {
            typing::onset_slips(&literal)
        } else {
            Vec::new()
        };
        QueryWord {
            decoded,
            vocabulary,
            spellings: Vec::new(),
            slips,
            joined: None,
            split: false,
            common,
            weight: 1.0,
            unknown: false,
            broad: Vec::new(),
            selective: !common,
            literal,
        }
    }

    /// Every word this one may stand for, for highlighting.
    fn readings(&self) -> impl Iterator<Item = &Word> {
        std::iter::once(&self.literal)
            .chain(&self.decoded)
            .chain(self.vocabulary.iter().flatten())
            .chain(&self.spellings)
            .chain(&self.slips)
            .chain(self.joined.iter().flatten())
    }
}

/// A query as typed, split into normalised words.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParsedQuery {
    /// The words, in order.
    pub words: Vec<QueryWord>,
    /// Whether the last word may be unfinished (the text does not end with a space).
    pub last_is_prefix: bool,
    /// Whether near readings of the selective words (typos, and a prefix shorter than
    /// [`SELECTING_PREFIX`] next to other selective words) also make a record a result,
    /// rather than only adding to the scores of the records their words as typed find. False
    /// at first; set when the words as typed find nothing (see [`ParsedQuery::widen`]).
    pub near_selects: bool,
}

/// The shortest prefix, in characters, whose completions make a record a result while the
/// other selective words as typed find something: two letters (`th`) complete to most of a
/// large corpus.
pub const SELECTING_PREFIX: usize = 3;

/// A word of the query as the index will see it: the folded form for every field but the
/// exact ones.
fn word_of(start: usize, end: usize, text: &str) -> Word {
    Word {
        start,
        end,
        folded: text.to_string(),
        exact: text.to_string(),
    }
}

impl ParsedQuery {
    /// Parses any text; never fails. Long texts are cut to [`MAX_QUERY_CHARS`]. The readings
    /// that need the index, and the weights, come from [`ParsedQuery::consult`].
    pub fn parse(text: &str) -> ParsedQuery {
        let cut: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let text = nfc(&cut);
        let mut found = words(&text);
        found.truncate(MAX_QUERY_WORDS);
        let last_is_prefix = text.chars().last().is_some_and(crate::text::is_word_char);
        let folded: Vec<String> = found.iter().map(|w| w.folded.clone()).collect();
        let english = common_words::reads_as_english(&found);
        let mut vocabulary: Vec<Option<Vec<Word>>> = vec![None; found.len()];
        for (from, to, vi) in vocabulary::english_terms(&folded) {
            for slot in &mut vocabulary[from..to] {
                *slot = Some(words(vi));
            }
        }
        let words = found
            .into_iter()
            .zip(vocabulary)
            .map(|(literal, vocabulary)| {
                let decoded = typing::decoded_word(&literal, &text[literal.start..literal.end]);
                let mut word = QueryWord::new(literal, decoded, vocabulary, english);
                if let Some(other) = vocabulary::other_spelling(&word.literal.folded) {
                    let w = &word.literal;
                    word.spellings.push(word_of(w.start, w.end, other));
                    if word.vocabulary.is_none() {
                        word.vocabulary = vocabulary::english_terms(&[other.to_string()])
                            .first()
                            .map(|(_, _, vi)| words(vi));
                    }
                }
                word
            })
            .collect();
        ParsedQuery {
            words,
            last_is_prefix,
            near_selects: false,
        }
    }

    /// Parses `text` and completes it from the index: the readings that need the data (near
    /// misspellings of English terms, other spellings, joined syllables), each word's weight,
    /// and which words decide what is a result.
    pub fn read(text: &str, fields: &Fields, corpus: &dyn Corpus) -> ParsedQuery {
        let mut parsed = ParsedQuery::parse(text);
        parsed.consult(fields, corpus);
        parsed
    }

    /// Completes a parsed query from the index (see [`ParsedQuery::read`]).
    ///
    /// A word is *selective* unless it is common or in more than
    /// [`weight::SELECTIVE_SHARE`] of the records: the results are the records matching at
    /// least one selective word (all words are selective when none is), and the other words
    /// only add to their scores. That keeps a filler word from making everything a result,
    /// which would also make every keystroke score the whole index.
    pub fn consult(&mut self, fields: &Fields, corpus: &dyn Corpus) {
        let records = corpus.records();
        let anywhere = |text: &str| -> u64 {
            [
                fields.title_folded,
                fields.topics,
                fields.body_folded,
                fields.english,
                fields.places,
            ]
            .into_iter()
            .map(|f| corpus.doc_freq(f, text))
            .max()
            .unwrap_or(0)
        };
        let weigh = |word: &mut QueryWord| {
            let phrase_freq =
                |ws: &[Word]| ws.iter().map(|w| anywhere(&w.folded)).min().unwrap_or(0);
            let mut freq = anywhere(&word.literal.folded);
            for reading in word.decoded.iter().chain(&word.spellings) {
                freq = freq.max(anywhere(&reading.folded));
            }
            if let Some(phrase) = &word.vocabulary {
                freq = freq.max(phrase_freq(phrase));
            }
            word.unknown = freq == 0;
            let literal = &word.literal;
            word.broad = [
                (fields.topics, &literal.folded),
                (fields.body_exact, &literal.exact),
                (fields.body_folded, &literal.folded),
                (fields.english, &literal.folded),
                (fields.places, &literal.folded),
            ]
            .into_iter()
            .filter(|(f, text)| {
                corpus.doc_freq(*f, text) as f64 > weight::BROAD_SHARE * records as f64
            })
            .map(|(f, _)| f)
            .collect();
            word.weight = if word.unknown {
                weight::UNKNOWN_WORD
            } else {
                idf_weight(freq, records)
            };
            if word.common {
                word.weight *= weight::COMMON;
            }
            word.selective = !word.common
                && word.joined.is_none()
                && (freq as f64) <= weight::SELECTIVE_SHARE * records as f64;
        };
        let prefixed = |text: &str| {
            [fields.title_folded, fields.body_folded, fields.english]
                .into_iter()
                .any(|f| corpus.has_prefix(f, text))
        };
        let last = self.words.len().saturating_sub(1);
        let last_is_prefix = self.last_is_prefix;
        // Only a word the index knows as English (or a near misspelling of an English craft
        // word) makes the query English; one it lacks altogether is most likely a misspelt
        // name, whose other syllables must keep their weight ("donng my": `my` is Mỹ).
        let english = self.words.iter().enumerate().any(|(i, w)| {
            let folded = &w.literal.folded;
            common_words::cannot_be_vietnamese(&w.literal)
                && (w.vocabulary.is_some()
                    || !w.spellings.is_empty()
                    || vocabulary::near_term(folded).is_some()
                    || if i == last && last_is_prefix {
                        corpus.has_prefix(fields.english, folded)
                    } else {
                        corpus.doc_freq(fields.english, folded) > 0
                    })
        });
        for word in &mut self.words {
            word.common = common_words::is_common(&word.literal, english);
        }
        let mut completed = Vec::with_capacity(self.words.len());
        for (i, mut word) in std::mem::take(&mut self.words).into_iter().enumerate() {
            let typing_it = i == last && last_is_prefix;
            let literal = word.literal.clone();
            let ascii = literal.folded.bytes().all(|b| b.is_ascii_lowercase());
            // A word (or, while it is typed, a start of a word) the index does not hold.
            let lacking = if typing_it {
                !prefixed(&literal.folded)
            } else {
                anywhere(&literal.folded) == 0
            };
            if ascii && lacking {
                if word.vocabulary.is_none() {
                    word.vocabulary =
                        vocabulary::near_term(&literal.folded).map(|(_, vi)| words(vi));
                }
                if word.decoded.is_none() && word.vocabulary.is_none() {
                    let syllables = |s: &str| {
                        corpus.doc_freq(fields.title_folded, s)
                            + corpus.doc_freq(fields.body_folded, s)
                    };
                    let unfinished = |piece: &str| typing_it && prefixed(piece);
                    word.joined =
                        typing::split_joined(&literal.folded, syllables, records, unfinished).map(
                            |pieces| {
                                pieces
                                    .iter()
                                    .map(|p| word_of(literal.start, literal.end, p))
                                    .collect()
                            },
                        );
                }
            }
            if ascii {
                for form in english_forms(&literal.folded) {
                    if corpus.doc_freq(fields.english, &form) > 0
                        && !word.spellings.iter().any(|s| s.folded == form)
                    {
                        word.spellings
                            .push(word_of(literal.start, literal.end, &form));
                    }
                }
            }
            weigh(&mut word);
            let pieces = word.joined.clone();
            completed.push(word);
            for piece in pieces.into_iter().flatten() {
                let mut piece = QueryWord::new(piece, None, None, false);
                piece.split = true;
                weigh(&mut piece);
                completed.push(piece);
            }
        }
        self.words = completed;
        if !self.words.iter().any(|w| w.selective) {
            self.make_every_word_selective();
        }
    }

    /// Makes every word decide what is a result (the fallback when the selective words alone
    /// find nothing).
    pub fn make_every_word_selective(&mut self) {
        for word in &mut self.words {
            word.selective = true;
        }
    }

    /// How little the query says, 0–1: one minus the sum of its words' weights (a split
    /// joined word counts through its syllables; a word the index lacks counts fully: it is
    /// most likely a misspelt name). A name or a craft leaves none; a question
    /// made of filler words ("cuối tuần đi đâu chơi") leaves nearly all, and then what a
    /// visitor cares about orders the results (see [`crate::ranking::prominence`]).
    pub fn vagueness(&self) -> f32 {
        let said: f32 = self
            .words
            .iter()
            .filter(|w| w.joined.is_none())
            .map(|w| if w.unknown { 1.0 } else { w.weight })
            .sum();
        (1.0 - said).clamp(0.0, 1.0)
    }

    /// Whether some words are not selective.
    pub fn has_unselective_words(&self) -> bool {
        self.words.iter().any(|w| !w.selective)
    }

    /// Widens a query that found nothing, one step: first the near readings of its selective
    /// words (typos, short prefixes) also select, then every word does. False when it cannot
    /// be widened further.
    pub fn widen(&mut self) -> bool {
        if self.has_near_readings() {
            self.near_selects = true;
        } else if self.has_unselective_words() {
            // The informative words found nothing: let the others find what they can.
            self.make_every_word_selective();
        } else {
            return false;
        }
        true
    }

    /// Whether letting near readings select ([`ParsedQuery::near_selects`]) could find more.
    pub fn has_near_readings(&self) -> bool {
        (0..self.words.len())
            .any(|i| self.words[i].selective && self.selecting_reach(i) != Reach::All)
    }

    /// Whether exactly one word selects: then the completions of the word being typed, however
    /// short, are all there is to find by.
    fn selects_alone(&self) -> bool {
        self.words.iter().filter(|w| w.selective).count() == 1
    }

    /// Where the completions of the `i`th word are looked for: none unless it is being typed;
    /// in the names only for one letter, or for two next to other words that select (their
    /// completions are a good share of the vocabulary, and across every text they reached
    /// most of a large corpus); else everywhere.
    fn completion(&self, i: usize) -> Completion {
        let typing = i + 1 == self.words.len() && self.last_is_prefix;
        let len = self.words[i].literal.folded.chars().count();
        if !typing {
            Completion::None
        } else if len < 2 || len < SELECTING_PREFIX && !self.selects_alone() && !self.near_selects {
            Completion::Names
        } else {
            Completion::Everywhere
        }
    }

    /// Which readings of the `i`th word make a record a result, if the word is selective:
    /// all of them once [`ParsedQuery::near_selects`]; before, typos only for a word the index
    /// lacks (most likely misspelt), and the completions of the word being typed only from
    /// [`SELECTING_PREFIX`] letters on or when no other word selects.
    fn selecting_reach(&self, i: usize) -> Reach {
        if self.near_selects {
            return Reach::All;
        }
        let word = &self.words[i];
        let prefix = self.selects_alone() || self.completion(i) != Completion::Names;
        let typos = word.unknown || typo_distance(&word.literal.folded) == 0;
        if prefix && typos {
            // Nothing is left out.
            Reach::All
        } else {
            Reach::Near { prefix, typos }
        }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a folded word of a text is one the query asks for (for highlighting).
    pub fn matches_word(&self, folded: &str) -> bool {
        let last = self.words.len().saturating_sub(1);
        self.words.iter().enumerate().any(|(i, w)| {
            let prefix = i == last && self.last_is_prefix;
            prefix && folded.starts_with(&w.literal.folded)
                || w.readings().any(|r| r.folded == folded)
        })
    }

    /// The tantivy query (see the module docs).
    pub fn to_query(&self, fields: &Fields) -> Option<Box<dyn Query>> {
        if self.words.is_empty() {
            return None;
        }
        // What makes a record a result: one of the selective words as typed (exact, folded,
        // in another reading); typos of a word the index holds and the completions of a
        // two-letter prefix next to other selective words only once those find nothing (the
        // engine widens the query). Each would reach most of a large corpus, and every
        // keystroke would score it all. They still add to the scores of the results.
        let mut selecting = Vec::new();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            let completion = self.completion(i);
            let scored = self.word_query(fields, w, completion, Reach::All);
            match (w.selective, self.selecting_reach(i)) {
                // Every reading selects: the word's own query does, scores and all (built
                // once: typos and completions are the costly part of a query).
                (true, Reach::All) => selecting.push((Occur::Should, scored)),
                (true, reach) => {
                    let narrow = self.word_query(fields, w, completion, reach);
                    selecting.push((Occur::Should, Box::new(ConstScoreQuery::new(narrow, 0.0))));
                    clauses.push((Occur::Should, scored));
                }
                (false, _) => clauses.push((Occur::Should, scored)),
            }
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(selecting))));

        // Readings of the whole query as a name: literal, Telex/VNI-decoded, and with joined
        // syllables split.
        let reading = |pick: &dyn Fn(&QueryWord) -> Option<Word>| -> Vec<Reading> {
            self.words
                .iter()
                .filter_map(|w| {
                    pick(w).map(|word| Reading {
                        word,
                        weight: w.weight,
                        known: !w.unknown,
                    })
                })
                .collect()
        };
        let literal = reading(&|w| (!w.split).then(|| w.literal.clone()));
        self.reading_boosts(fields, &literal, 1.0, true, &mut clauses);
        if self.words.iter().any(|w| w.decoded.is_some()) {
            let decoded =
                reading(&|w| (!w.split).then(|| w.decoded.as_ref().unwrap_or(&w.literal).clone()));
            self.reading_boosts(fields, &decoded, weight::DECODED, false, &mut clauses);
        }
        if self.words.iter().any(|w| w.split) {
            let split = reading(&|w| w.joined.is_none().then(|| w.literal.clone()));
            self.reading_boosts(fields, &split, 1.0, false, &mut clauses);
        }
        // Syllables typed as one word were meant together.
        for (i, word) in self.words.iter().enumerate() {
            let Some(pieces) = &word.joined else {
                continue;
            };
            let weights: f32 = self.words[i + 1..]
                .iter()
                .take(pieces.len())
                .map(|w| w.weight)
                .sum();
            clauses.push((
                Occur::Should,
                together(fields, pieces, weight::PHRASE * weight::JOINED * weights),
            ));
        }
        self.pair_boosts(fields, &mut clauses);
        self.name_coverage(fields, &mut clauses);
        let literals: Vec<Word> = self.words.iter().map(|w| w.literal.clone()).collect();
        for kind in common_words::kinds_asked_for(&literals) {
            clauses.push((
                Occur::Should,
                fact(fields.kind, kind.as_str(), weight::KIND_NAMED),
            ));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Boosts for one reading of the whole query: exact name, name prefix, phrases. With
    /// `accents`, a whole name matched without the accents typed counts for little (`bát` is
    /// not the village `Bặt`).
    fn reading_boosts(
        &self,
        fields: &Fields,
        weighed: &[Reading],
        factor: f32,
        accents: bool,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    ) {
        let reading: Vec<Word> = weighed.iter().map(|r| r.word.clone()).collect();
        let whole = reading
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let accented: Vec<&Word> = reading
            .iter()
            .filter(|w| accents && w.exact != w.folded)
            .collect();
        // The name with the accents as typed, and, for little, without them.
        with_accents_as_typed(
            fields,
            &accented,
            None,
            |w| term(fields.name_whole, &whole, w),
            weight::WHOLE_NAME * factor,
            clauses,
        );
        if self.last_is_prefix {
            // The start of a name, likewise ("diều" is not "Điêu khắc").
            let prefix = |w| {
                boost(
                    FuzzyTermQuery::new_prefix(
                        Term::from_field_text(fields.name_whole, &whole),
                        0,
                        false,
                    ),
                    w,
                )
            };
            with_accents_as_typed(
                fields,
                &accented,
                reading.last(),
                prefix,
                weight::WHOLE_NAME_PREFIX * factor,
                clauses,
            );
        }
        let complete = self.complete(weighed.last().is_some_and(|r| r.known), reading.len());
        if complete >= 2 {
            let weights: f32 = weighed[..complete].iter().map(|r| r.weight).sum();
            clauses.push((
                Occur::Should,
                together(
                    fields,
                    &reading[..complete],
                    weight::PHRASE * weights * factor,
                ),
            ));
        }
    }

    /// How many of `len` words can be looked for next to each other: all of them, but the
    /// last one if it is still being typed and is not yet a word the index holds ("bat tr");
    /// a known last word ("bat trang", no space after it yet) counts, or phrases would wait
    /// for a space that most people never type.
    fn complete(&self, last_known: bool, len: usize) -> usize {
        if self.last_is_prefix && !last_known {
            len.saturating_sub(1)
        } else {
            len
        }
    }

    /// Boosts for two neighbouring informative words found together ("nón lá" in "làng nào
    /// làm nón lá gần Hà Nội", "Chương Mỹ" in "làng nghề ở Chương Mỹ"), for queries longer
    /// than a pair (a pair is the whole query, boosted above).
    fn pair_boosts(&self, fields: &Fields, clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
        let last_known = self.words.last().is_some_and(|w| !w.unknown);
        let complete = &self.words[..self.complete(last_known, self.words.len())];
        if complete.len() < 3 {
            return;
        }
        let complete: Vec<&QueryWord> = complete.iter().filter(|w| w.joined.is_none()).collect();
        for pair in complete.windows(2) {
            if pair.iter().any(|w| w.common || w.unknown) {
                continue;
            }
            let words = [pair[0].literal.clone(), pair[1].literal.clone()];
            let weights = pair[0].weight + pair[1].weight;
            clauses.push((
                Occur::Should,
                together(fields, &words, weight::PAIR * weights),
            ));
        }
    }

    /// A bonus for a record whose names hold most of the query's informative words, in any
    /// order: at least two thirds of them, and at least two, found in its name or aliases, the
    /// names of its crafts or its place names. It adds [`weight::NAME_COVERS`] times the
    /// weights of the words held, the same for every kind of record ([`PerKind`] divides it by
    /// the kind factor the engine multiplies it by).
    ///
    /// A query naming two things ("nón Chuông", "giò chả Ước Lễ") asks for the record whose
    /// names hold both: the product "Nón lá làng Chuông" before a craft or a tour that holds
    /// one. The kind factor is there so that products repeating their village's name do not
    /// crowd the village out; it must not hide a product whose name says more of the query
    /// than a craft's or a tour's. A query that is a village's name still finds the village
    /// first: its names hold every word too, and the rest of its score stays ahead.
    fn name_coverage(&self, fields: &Fields, clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
        let last_known = self.words.last().is_some_and(|w| !w.unknown);
        let complete = &self.words[..self.complete(last_known, self.words.len())];
        let informative: Vec<&QueryWord> = complete
            .iter()
            .filter(|w| !w.common && !w.unknown && w.joined.is_none())
            .collect();
        if informative.len() < 2 {
            return;
        }
        let most = (2 * informative.len()).div_ceil(3);
        let held: Vec<(Occur, Box<dyn Query>)> = informative
            .iter()
            .map(|w| {
                let in_names = std::iter::once(&w.literal)
                    .chain(&w.decoded)
                    .flat_map(|r| {
                        [fields.title_folded, fields.topics, fields.places]
                            .map(|field| term(field, &r.folded, 1.0))
                    })
                    .collect();
                let held: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                    any(in_names),
                    weight::NAME_COVERS * w.weight,
                ));
                (Occur::Should, held)
            })
            .collect();
        let covered = BooleanQuery::with_minimum_required_clauses(held, most);
        clauses.push((Occur::Should, Box::new(PerKind::new(Box::new(covered)))));
    }

    /// The query for one word: its readings in every field, bounded ([`Saturated`]) and
    /// weighed by the word's weight; plus a bonus when accents typed match accents written.
    /// `reach` leaves out the near readings, for the query that selects the results.
    fn word_query(
        &self,
        fields: &Fields,
        word: &QueryWord,
        completion: Completion,
        reach: Reach,
    ) -> Box<dyn Query> {
        let mut should = literal_clauses(
            fields,
            &word.literal,
            completion,
            word.unknown,
            reach,
            &word.broad,
        );
        if let Some(decoded) = &word.decoded {
            should.push(boost(
                any(literal_clauses(
                    fields,
                    decoded,
                    Completion::None,
                    false,
                    reach,
                    &[],
                )),
                weight::DECODED,
            ));
        }
        for spelling in &word.spellings {
            should.push(term(
                fields.english,
                &spelling.folded,
                weight::ENGLISH * weight::SPELLING,
            ));
        }
        for slip in &word.slips {
            should.push(boost(
                any(vec![
                    term(fields.title_exact, &slip.exact, weight::TITLE_EXACT),
                    term(fields.title_folded, &slip.folded, weight::TITLE_FOLDED),
                ]),
                weight::SLIP,
            ));
        }
        if let Some(vi) = &word.vocabulary {
            should.push(boost(reading_query(fields, vi), weight::VOCABULARY));
        }
        let coverage = Saturated::new(any(should), weight::HALF_MATCH);
        let mut parts = vec![boost(coverage, weight::WORD * word.weight)];
        if word.literal.exact != word.literal.folded {
            let accents = any(vec![
                term(fields.title_exact, &word.literal.exact, weight::TITLE_EXACT),
                term(fields.body_exact, &word.literal.exact, weight::BODY_EXACT),
                fact(
                    fields.places_exact,
                    &word.literal.exact,
                    weight::PLACES_EXACT,
                ),
            ]);
            parts.push(boost(
                Saturated::new(accents, weight::HALF_MATCH),
                weight::ACCENTS * word.weight,
            ));
        }
        any(parts)
    }
}

/// Where the completions of a word are looked for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Completion {
    /// Nowhere: the word is finished.
    None,
    /// In the names only: a prefix so short that its completions are a good share of the
    /// vocabulary.
    Names,
    /// In every field.
    Everywhere,
}

/// Which readings of a word a query for it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reach {
    /// Every reading: typos, and the completions of a prefix.
    All,
    /// The word as typed and its other readings; the completions of a prefix only if
    /// `prefix`, typos only if `typos`.
    Near { prefix: bool, typos: bool },
}

/// One reading of a query word in a reading of the whole query.
struct Reading {
    word: Word,
    weight: f32,
    /// The index holds the word.
    known: bool,
}

/// Words next to each other, in order, in a name, a place name, the names of a village's
/// crafts or the body text: the best of these places counts (a name most, a mention in the
/// text least), each bounded like a word, then scaled by `scale`.
fn together(fields: &Fields, words: &[Word], scale: f32) -> Box<dyn Query> {
    let bounded =
        |query: Box<dyn Query>, share: f32| boost(Saturated::new(query, weight::HALF_MATCH), share);
    let places: Vec<Box<dyn Query>> = vec![
        bounded(
            boost(phrase(fields.title_folded, words), weight::PHRASE_TITLE),
            1.0,
        ),
        // Lying in a place is a fact: a constant, like a place word.
        bounded(
            Box::new(ConstScoreQuery::new(
                Box::new(phrase(fields.places, words)),
                weight::PHRASE_PLACES,
            )),
            1.0,
        ),
        bounded(
            boost(phrase(fields.topics, words), weight::PHRASE_BODY),
            weight::PHRASE_TOPICS_SHARE,
        ),
        bounded(
            boost(phrase(fields.body_folded, words), weight::PHRASE_BODY),
            weight::PHRASE_BODY_SHARE,
        ),
    ];
    boost(
        DisjunctionMaxQuery::with_tie_breaker(places, weight::PHRASE_TIE),
        scale,
    )
}

/// The other English forms of a word worth looking up: singular or plural.
fn english_forms(folded: &str) -> Vec<String> {
    let mut forms = Vec::new();
    if folded.len() < 4 {
        return forms;
    }
    if let Some(stem) = folded.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    } else if let Some(stem) = folded.strip_suffix("es") {
        forms.push(stem.to_string());
        forms.push(format!("{stem}e"));
    } else if let Some(stem) = folded.strip_suffix('s') {
        forms.push(stem.to_string());
    } else {
        forms.push(format!("{folded}s"));
    }
    forms
}

/// An English term's Vietnamese: the word itself for one word, the words next to each other
/// for several.
fn reading_query(fields: &Fields, words: &[Word]) -> Box<dyn Query> {
    if let [only] = words {
        return any(vec![
            term(fields.title_exact, &only.exact, weight::TITLE_EXACT),
            term(fields.title_folded, &only.folded, weight::TITLE_FOLDED),
            term(fields.topics, &only.folded, weight::TITLE_FOLDED),
            term(fields.body_exact, &only.exact, weight::BODY_EXACT),
            term(fields.body_folded, &only.folded, weight::BODY_FOLDED),
        ]);
    }
    let mut should = Vec::new();
    for (field, w) in [
        (fields.title_folded, weight::TITLE_FOLDED),
        (fields.topics, weight::TITLE_FOLDED),
        (fields.body_folded, weight::BODY_FOLDED),
        (fields.places, weight::PLACES),
    ] {
        should.push(boost(phrase(field, words), w));
    }
    any(should)
}

fn any(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Adds `name` (a clause on the name, weighted by its argument): at `full` weight where the
/// record's names hold the `accented` words as typed, and at [`weight::WHOLE_NAME_UNACCENTED`]
/// of it otherwise (`bát` is not the village `Bặt`). `typing`, the word still being typed, is
/// held to its letters (đ, â, ê, ơ…) but not to its tone, which is often typed last.
fn with_accents_as_typed(
    fields: &Fields,
    accented: &[&Word],
    typing: Option<&Word>,
    name: impl Fn(f32) -> Box<dyn Query>,
    full: f32,
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
) {
    if accented.is_empty() {
        clauses.push((Occur::Should, name(full)));
        return;
    }
    let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, name(full))];
    for w in accented {
        let in_a_name: Box<dyn Query> = if typing.is_some_and(|t| std::ptr::eq(t, *w)) {
            let letters = w.exact.trim_end_matches(|c: char| c.is_ascii_digit());
            Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(fields.title_exact, letters),
                0,
                false,
            ))
        } else {
            Box::new(TermQuery::new(
                Term::from_field_text(fields.title_exact, &w.exact),
                IndexRecordOption::Basic,
            ))
        };
        must.push((Occur::Must, Box::new(BoostQuery::new(in_a_name, 0.0))));
    }
    clauses.push((Occur::Should, Box::new(BooleanQuery::new(must))));
    clauses.push((Occur::Should, name(full * weight::WHOLE_NAME_UNACCENTED)));
}

fn boost(query: impl Query, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), weight))
}

fn term(field: Field, text: &str, weight: f32) -> Box<dyn Query> {
    boost(
        TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ),
        weight,
    )
}

/// A term whose presence is a fact about the record (it lies in that district), not a matter
/// of how often or in how long a text it occurs: a constant score.
fn fact(field: Field, text: &str, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::Basic,
        )),
        score,
    ))
}

fn phrase(field: Field, words: &[Word]) -> PhraseQuery {
    PhraseQuery::new(
        words
            .iter()
            .map(|w| Term::from_field_text(field, &w.folded))
            .collect(),
    )
}

/// Edit distance allowed for a word of this many characters: 1 from 4, 2 from 8.
fn typo_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The clauses of one reading of a word: exact and folded forms in every field, the prefix
/// while typing, and typos within the allowed distance (counting for more when the word as
/// typed is `unknown` to the index, so most likely misspelt).
fn literal_clauses(
    fields: &Fields,
    word: &Word,
    completion: Completion,
    unknown: bool,
    reach: Reach,
    broad: &[Field],
) -> Vec<Box<dyn Query>> {
    let (completion, distance) = match reach {
        Reach::All => (completion, typo_distance(&word.folded)),
        Reach::Near { prefix, typos } => (
            if prefix { completion } else { Completion::None },
            if typos {
                typo_distance(&word.folded)
            } else {
                0
            },
        ),
    };
    let mut should: Vec<Box<dyn Query>> = [
        (fields.title_exact, &word.exact, weight::TITLE_EXACT),
        (fields.title_folded, &word.folded, weight::TITLE_FOLDED),
        (fields.topics, &word.folded, weight::TITLE_FOLDED),
        (fields.body_exact, &word.exact, weight::BODY_EXACT),
        (fields.body_folded, &word.folded, weight::BODY_FOLDED),
        (fields.english, &word.folded, weight::ENGLISH),
    ]
    .into_iter()
    .filter(|(field, _, _)| !broad.contains(field))
    .map(|(field, text, w)| term(field, text, w))
    .collect();
    should.push(fact(fields.places_exact, &word.exact, weight::PLACES_EXACT));
    if !broad.contains(&fields.places) {
        should.push(fact(fields.places, &word.folded, weight::PLACES));
    }
    if completion != Completion::None {
        let short = completion == Completion::Names;
        for (field, w) in [
            (fields.title_folded, weight::PREFIX_TITLE),
            (fields.topics, weight::PREFIX_BODY),
            (fields.body_folded, weight::PREFIX_BODY),
            (fields.english, weight::PREFIX_BODY),
            (fields.places, weight::PREFIX_BODY),
        ] {
            if short && field != fields.title_folded || broad.contains(&field) {
                continue;
            }
            let t = Term::from_field_text(field, &word.folded);
            should.push(boost(FuzzyTermQuery::new_prefix(t, 0, true), w));
        }
    }
    if distance > 0 {
        let factor = if unknown { weight::TYPO_UNKNOWN } else { 1.0 };
        for (field, w) in [
            (fields.title_folded, weight::TYPO_TITLE),
            (fields.body_folded, weight::TYPO_BODY),
            (fields.english, weight::TYPO_BODY),
        ] {
            if broad.contains(&field) {
                continue;
            }
            let t = Term::from_field_text(field, &word.folded);
            should.push(boost(FuzzyTermQuery::new(t, distance, true), w * factor));
        }
    }
    should
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_space_finishes_the_last_word() {
        assert!(ParsedQuery::parse("bat tr").last_is_prefix);
        assert!(!ParsedQuery::parse("bat trang ").last_is_prefix);
    }

    #[test]
    fn empty_and_symbol_only_queries_have_no_words() {
        for q in ["", "   ", "\"()[]{}", "🙂🙂", "\u{301}"] {
            assert!(ParsedQuery::parse(q).is_empty(), "{q:?}");
        }
    }

    #[test]
    fn long_queries_are_cut() {
        let q = ParsedQuery::parse(&"bát tràng ".repeat(2000));
        assert_eq!(q.words.len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn telex_and_english_are_alternatives() {
        let q = ParsedQuery::parse("bast trangf silk");
        assert_eq!(q.words[0].literal.folded, "bast");
        assert_eq!(q.words[0].decoded.as_ref().unwrap().exact, "bat1");
        assert_eq!(q.words[1].decoded.as_ref().unwrap().exact, "trang2");
        assert_eq!(q.words[2].vocabulary.as_ref().unwrap()[0].exact, "lua5");
        assert!(q.matches_word("trang") && q.matches_word("lua"));
    }

    #[test]
    fn british_spellings_read_as_american_and_through_the_vocabulary() {
        let q = ParsedQuery::parse("jewellery colour");
        assert_eq!(q.words[0].spellings[0].folded, "jewelry");
        assert!(q.words[0].vocabulary.is_some());
        assert_eq!(q.words[1].spellings[0].folded, "color");
    }

    #[test]
    fn common_words_are_marked_and_not_selective() {
        let q = ParsedQuery::parse("làng nào làm nón lá");
        let common: Vec<bool> = q.words.iter().map(|w| w.common).collect();
        assert_eq!(common, [true, true, true, false, false]);
        assert!(q.words[3].selective && !q.words[0].selective);
    }

    /// A corpus of 100 records given as (field-agnostic) word counts.
    struct Table(&'static [(&'static str, u64)]);

    impl Corpus for Table {
        fn records(&self) -> u64 {
            100
        }
        fn doc_freq(&self, _field: Field, text: &str) -> u64 {
            self.0
                .iter()
                .find(|(w, _)| *w == text)
                .map_or(0, |(_, n)| *n)
        }
        fn has_prefix(&self, _field: Field, prefix: &str) -> bool {
            self.0.iter().any(|(w, _)| w.starts_with(prefix))
        }
    }

    fn fields() -> Fields {
        Fields::from_schema(&crate::schema::schema()).unwrap()
    }

    #[test]
    fn consulting_the_index_weighs_words_by_how_informative_they_are() {
        let corpus = Table(&[("lang", 90), ("non", 5), ("la", 30), ("ha", 95)]);
        let q = ParsedQuery::read("làng nón lá hà ", &fields(), &corpus);
        let w: Vec<f32> = q.words.iter().map(|w| w.weight).collect();
        assert!(w[1] > w[2], "rarer is weightier: {w:?}");
        assert!(w[2] > w[3], "{w:?}");
        assert!(w[0] < w[3], "common words weigh least: {w:?}");
        // `hà` is in almost every record: it scores but does not decide what is a result.
        assert!(!q.words[3].selective && q.words[1].selective);
    }

    /// Issue 12: "donng my" (Đông Mỹ misspelt) read as English, which made `my` a filler
    /// word and sank Đông Mỹ below every Đồng village.
    #[test]
    fn a_misspelt_name_does_not_make_its_syllables_english_filler() {
        let corpus = Table(&[("dong", 10), ("my", 3), ("kites", 4)]);
        let q = ParsedQuery::read("donng my ", &fields(), &corpus);
        assert!(q.words[0].unknown && !q.words[1].common, "{q:?}");
        assert!(q.words[1].selective);
        // A word the index knows as English still makes the query English.
        let q = ParsedQuery::read("my kites ", &fields(), &corpus);
        assert!(q.words[0].common, "{q:?}");
        // So does a near misspelling of an English craft word.
        let q = ParsedQuery::read("my embroidry ", &fields(), &corpus);
        assert!(q.words[0].common, "{q:?}");
    }

    /// Issue 12 (keystrokes at 100,000 records): which readings of a selective word decide
    /// what is a result, before the engine widens a query that found nothing.
    #[test]
    fn near_readings_select_only_where_nothing_else_would() {
        let corpus = Table(&[("tranh", 10), ("trang", 30), ("theu", 5), ("lang", 90)]);
        let mut q = ParsedQuery::read("tranh trnah th", &fields(), &corpus);
        // A finished word the index holds: no typos. One it lacks: typos, it is misspelt.
        assert_eq!(
            q.selecting_reach(0),
            Reach::Near {
                prefix: true,
                typos: false
            }
        );
        assert!(q.words[1].unknown);
        assert_eq!(q.selecting_reach(1), Reach::All);
        // Two letters being typed next to other selective words: no completions.
        assert_eq!(
            q.selecting_reach(2),
            Reach::Near {
                prefix: false,
                typos: true
            }
        );
        assert!(q.has_near_readings());
        assert!(q.widen() && q.near_selects);
        assert!((0..3).all(|i| q.selecting_reach(i) == Reach::All));
        assert!(!q.has_near_readings());
        // Then every word selects, then the query is as wide as it gets.
        let mut q = ParsedQuery::read("làng tranh ", &fields(), &corpus);
        assert!(q.has_unselective_words());
        assert!(q.widen() && q.near_selects && q.has_unselective_words());
        assert!(q.widen() && !q.has_unselective_words());
        assert!(!q.widen());
        // Alone, the two letters complete: nothing else would find anything.
        let q = ParsedQuery::read("th", &fields(), &corpus);
        assert_eq!(q.selecting_reach(0), Reach::All);
        // Three letters complete next to other words too.
        let q = ParsedQuery::read("tranh thê", &fields(), &corpus);
        assert_eq!(q.selecting_reach(1), Reach::All);
    }

    /// Issue 12 (keystrokes at 100,000 records): a word is not looked for in the texts that
    /// hold it in most records; always in the names.
    #[test]
    fn a_word_in_most_texts_is_looked_for_in_the_names_only() {
        let corpus = Table(&[("lang", 90), ("non", 5)]);
        let q = ParsedQuery::read("làng nón ", &fields(), &corpus);
        let f = fields();
        assert!(q.words[0].broad.contains(&f.body_folded));
        assert!(!q.words[0].broad.contains(&f.title_folded));
        assert!(q.words[1].broad.is_empty());
        // The query for each word holds no term for it in those fields (phrases of the whole
        // query still look in the texts).
        let built = |i: usize| {
            format!(
                "{:?}",
                q.word_query(&f, &q.words[i], Completion::None, Reach::All)
            )
        };
        let (lang, non) = (built(0), built(1));
        let holds = |built: &str, field: Field, text: &str| {
            built.contains(&format!("{:?}", Term::from_field_text(field, text)))
        };
        assert!(holds(&lang, f.title_folded, "lang") && !holds(&lang, f.body_folded, "lang"));
        assert!(holds(&non, f.title_folded, "non") && holds(&non, f.body_folded, "non"));
    }

    #[test]
    fn a_query_of_common_words_only_still_selects_by_them() {
        let corpus = Table(&[("lang", 90), ("nghe", 80)]);
        let q = ParsedQuery::read("làng nghề ", &fields(), &corpus);
        assert!(q.words.iter().all(|w| w.selective));
    }

    #[test]
    fn unknown_words_are_read_as_joined_syllables_or_near_english_terms() {
        let corpus = Table(&[("bat", 10), ("trang", 8), ("gom", 20), ("theu", 5)]);
        let q = ParsedQuery::read("battrang embroidry ", &fields(), &corpus);
        let joined: Vec<&str> = q.words[0]
            .joined
            .iter()
            .flatten()
            .map(|w| w.folded.as_str())
            .collect();
        assert_eq!(joined, ["bat", "trang"]);
        // The syllables follow as words of their own, and they decide the results.
        let after: Vec<(&str, bool)> = q.words[1..3]
            .iter()
            .map(|w| (w.literal.folded.as_str(), w.split && w.selective))
            .collect();
        assert_eq!(after, [("bat", true), ("trang", true)]);
        assert!(!q.words[0].selective);
        assert_eq!(q.words[3].vocabulary.as_ref().unwrap()[0].folded, "theu");
        assert!(q.matches_word("trang") && q.matches_word("theu"));
        // A word the data lacks costs its share, no more.
        let q = ParsedQuery::read("qwzx gom ", &fields(), &corpus);
        assert!(q.words[0].unknown);
        assert_eq!(q.words[0].weight, weight::UNKNOWN_WORD);
    }

    /// The schema keeps positions only for fields some query looks for phrases in (issue 13:
    /// positions nothing reads were a sixth of the bundle), and every such field has them
    /// (tantivy refuses a phrase query on a field without).
    #[test]
    fn positions_are_kept_exactly_where_phrases_are_looked_for() {
        use std::collections::BTreeSet;
        let schema = crate::schema::schema();
        let corpus = Table(&[
            ("bat", 10),
            ("trang", 8),
            ("gom", 20),
            ("non", 5),
            ("la", 30),
        ]);
        let mut phrased = BTreeSet::new();
        // Whole readings, decoded ones, joined syllables, English phrases, neighbouring pairs.
        for text in [
            "bát tràng gốm ",
            "bast trangf",
            "battrang ",
            "conical hat ",
            "gốm non la ",
        ] {
            let query = ParsedQuery::read(text, &fields(), &corpus)
                .to_query(&fields())
                .unwrap();
            query.query_terms(&mut |term, needs_positions| {
                if needs_positions {
                    phrased.insert(schema.get_field_name(term.field()).to_string());
                }
            });
        }
        let with_positions: BTreeSet<String> = schema
            .fields()
            .filter(|(_, entry)| {
                entry
                    .field_type()
                    .get_index_record_option()
                    .is_some_and(|o| o.has_positions())
            })
            .map(|(_, entry)| entry.name().to_string())
            .collect();
        assert_eq!(with_positions, phrased);
    }

    #[test]
    fn the_word_being_typed_is_split_when_no_word_starts_with_it() {
        let corpus = Table(&[("bat", 10), ("trang", 8), ("tra", 3)]);
        let split = |text: &str| {
            ParsedQuery::read(text, &fields(), &corpus).words[0]
                .joined
                .clone()
                .map(|p| p.into_iter().map(|w| w.folded).collect::<Vec<_>>())
        };
        assert_eq!(split("battrang").unwrap(), ["bat", "trang"]);
        assert_eq!(split("battra").unwrap(), ["bat", "tra"]);
        assert_eq!(split("battr").unwrap(), ["bat", "tr"]);
        assert_eq!(split("battrx"), None);
        // A start of a word the data holds is not split: the word is still being typed.
        assert!(ParsedQuery::read("tran", &fields(), &corpus).words[0]
            .joined
            .is_none());
    }
}
