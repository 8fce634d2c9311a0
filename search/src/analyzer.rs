//! The Vietnamese analyzers, registered by name on the index and the query side alike:
//! tantivy stores a field's tokenizer name in the schema, not the tokenizer itself.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::text::{join_folded, words, Word};

/// Name of the analyzer that folds every word to ASCII (`Bát Tràng` → `bat`, `trang`).
pub const FOLDED: &str = "vi_folded";
/// Name of the analyzer that keeps vowel quality and tone (`Bát Tràng` → `bat1`, `trang2`).
pub const EXACT: &str = "vi_exact";
/// Name of the analyzer that makes one folded token of a whole name (`Bát Tràng` → `bat trang`),
/// so a query that is exactly a record's name can find it first.
pub const WHOLE: &str = "vi_whole";

/// Which of the two normalised forms of a word a [`VietnameseTokenizer`] emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// See [`crate::text::fold`].
    Folded,
    /// See [`crate::text::exact_word`].
    Exact,
    /// All folded words of the text as one token, joined by single spaces
    /// ([`crate::text::join_folded`]).
    Whole,
}

/// Splits text with [`crate::text::words`] and emits one form of each word.
#[derive(Debug, Clone, Copy)]
pub struct VietnameseTokenizer(pub Form);

/// The tokens of one text, computed up front (fields are short).
pub struct WordStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        let form = self.0;
        if form == Form::Whole {
            let whole = join_folded(text, " ");
            let tokens = (!whole.is_empty())
                .then_some(Token {
                    offset_from: 0,
                    offset_to: text.len(),
                    position: 0,
                    text: whole,
                    position_length: 1,
                })
                .into_iter()
                .collect();
            return WordStream { tokens, next: 0 };
        }
        let tokens = words(text)
            .into_iter()
            .enumerate()
            .map(|(position, word)| {
                let Word {
                    start,
                    end,
                    folded,
                    exact,
                } = word;
                Token {
                    offset_from: start,
                    offset_to: end,
                    position,
                    text: match form {
                        Form::Exact => exact,
                        Form::Folded | Form::Whole => folded,
                    },
                    position_length: 1,
                }
            })
            .collect();
        WordStream { tokens, next: 0 }
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Registers the analyzers on an index; call before writing or searching it.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(FOLDED, VietnameseTokenizer(Form::Folded));
    tokenizers.register(EXACT, VietnameseTokenizer(Form::Exact));
    tokenizers.register(WHOLE, VietnameseTokenizer(Form::Whole));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(form: Form, text: &str) -> Vec<String> {
        let mut tokenizer = VietnameseTokenizer(form);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn folded_and_exact_streams() {
        assert_eq!(
            tokens(Form::Folded, "Làng gốm Bát Tràng"),
            ["lang", "gom", "bat", "trang"]
        );
        assert_eq!(
            tokens(Form::Exact, "Lụa Vạn Phúc"),
            ["lua5", "van5", "phuc1"]
        );
        assert_eq!(tokens(Form::Whole, "Làng  Vạn-Phúc"), ["lang van phuc"]);
    }
}
