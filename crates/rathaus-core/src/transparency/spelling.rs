//! A token filter for German spelling: umlauts and ß written out (ä → ae, ß → ss), so a
//! word typed without them ("Ladesaeulen", on a keyboard without umlauts) meets the
//! word as written ("Ladesäulen"), before both are stemmed.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

#[derive(Clone, Copy, Debug, Default)]
pub struct SpellOutUmlauts;

impl TokenFilter for SpellOutUmlauts {
    type Tokenizer<T: Tokenizer> = SpelledOut<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpelledOut<T> {
        SpelledOut { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct SpelledOut<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SpelledOut<T> {
    type TokenStream<'a> = SpelledOutStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpelledOutStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct SpelledOutStream<T> {
    tail: T,
}

/// The word with umlauts and ß written out (lower case expected).
pub fn spell_out(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

impl<T: TokenStream> TokenStream for SpelledOutStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if !token.text.is_ascii() {
            token.text = spell_out(&token.text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_and_sharp_s_are_written_out() {
        assert_eq!(spell_out("ladesäulen"), "ladesaeulen");
        assert_eq!(spell_out("straße"), "strasse");
        assert_eq!(spell_out("überflutung"), "ueberflutung");
        assert_eq!(spell_out("radweg"), "radweg");
    }
}
