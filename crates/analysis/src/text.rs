//! Comments into terms: words by Unicode rules, lower case, accents folded for matching, stop words
//! dropped, and each word stemmed in the comment's language so "counselor", "counselors" and "counseling"
//! count as one term. Spanish words of the field are grouped with their English equivalents through the
//! glossary, so a theme can hold comments in both languages.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

use crate::lexicon::{
    ENGLISH_MARKERS, ENGLISH_STOP, SPANISH_GLOSSARY, SPANISH_MARKERS, SPANISH_STOP,
};

/// The languages a comment is stemmed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
}

/// One term of a comment: the key it is matched by, the word as written (lower case) to show in labels
/// (for a Spanish word of the glossary, its English equivalent),
/// and whether it directly follows the previous term (no stop word or punctuation between), which is
/// what makes two terms a phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Term {
    pub stem: String,
    pub surface: String,
    pub follows: bool,
}

/// Lower case, accents removed, apostrophes dropped: the form words are matched and looked up in.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c) && !matches!(c, '\'' | '\u{2019}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Guesses a comment's language from its commonest function words and Spanish punctuation; English when
/// it cannot tell, as most comments in the districts we serve are.
pub fn guess_language(text: &str) -> Language {
    let mut spanish = text
        .chars()
        .filter(|c| matches!(c, '¿' | '¡' | 'ñ' | 'Ñ'))
        .count();
    let mut english = 0;
    for word in text.unicode_words().map(fold) {
        spanish += usize::from(SPANISH_MARKERS.contains(&word.as_str()));
        english += usize::from(ENGLISH_MARKERS.contains(&word.as_str()));
    }
    if spanish > english {
        Language::Spanish
    } else {
        Language::English
    }
}

/// Turns comments into terms; built once, used for every comment.
pub(crate) struct Tokeniser {
    english: Stemmer,
    spanish: Stemmer,
    english_stop: HashSet<&'static str>,
    spanish_stop: HashSet<&'static str>,
    glossary: HashMap<&'static str, &'static str>,
}

impl Tokeniser {
    pub fn new() -> Self {
        Self {
            english: Stemmer::create(Algorithm::English),
            spanish: Stemmer::create(Algorithm::Spanish),
            english_stop: ENGLISH_STOP.iter().copied().collect(),
            spanish_stop: SPANISH_STOP.iter().copied().collect(),
            glossary: SPANISH_GLOSSARY.iter().copied().collect(),
        }
    }

    /// The terms of one comment, in order.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        let language = guess_language(text);
        let mut terms = Vec::new();
        let mut follows = false;
        for segment in text.split_word_bounds() {
            if segment.chars().all(char::is_whitespace) {
                continue;
            }
            let surface = without_possessive(&segment.to_lowercase());
            let folded = fold(&surface);
            if !segment.chars().any(char::is_alphanumeric) || self.is_noise(&folded, language) {
                follows = false;
                continue;
            }
            for (stem, surface) in self.stems(&surface, &folded, language) {
                terms.push(Term {
                    stem,
                    surface,
                    follows,
                });
                follows = true;
            }
        }
        terms
    }

    fn is_noise(&self, folded: &str, language: Language) -> bool {
        let stop = match language {
            Language::English => &self.english_stop,
            Language::Spanish => &self.spanish_stop,
        };
        folded.chars().count() < 2
            || folded.chars().all(|c| c.is_numeric())
            || stop.contains(folded)
    }

    /// The stems of a word with the surface form each is shown as: a Spanish word of the glossary is
    /// shown as its English equivalent, so that a theme's label reads in one language.
    fn stems(&self, surface: &str, folded: &str, language: Language) -> Vec<(String, String)> {
        match language {
            Language::English => vec![(fold(&self.english.stem(folded)), surface.to_string())],
            Language::Spanish => match self.glossary.get(folded) {
                Some(english) => english
                    .split(' ')
                    .map(|w| (fold(&self.english.stem(w)), w.to_string()))
                    .collect(),
                None => vec![(fold(&self.spanish.stem(surface)), surface.to_string())],
            },
        }
    }
}

/// "district's" and "district" are the same word to a reader.
fn without_possessive(word: &str) -> String {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Tokeniser::new()
            .terms(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn folds_case_accents_and_apostrophes() {
        assert_eq!(fold("Policía"), "policia");
        assert_eq!(fold("DON'T"), "dont");
        assert_eq!(fold("don\u{2019}t"), "dont");
    }

    #[test]
    fn guesses_spanish_and_english() {
        assert_eq!(
            guess_language("Necesitamos más consejeros en las escuelas."),
            Language::Spanish
        );
        assert_eq!(
            guess_language("We need more counselors in the schools."),
            Language::English
        );
        assert_eq!(guess_language(""), Language::English);
    }

    #[test]
    fn stems_and_drops_stop_words() {
        assert_eq!(
            stems("The counselors are counseling students"),
            ["counselor", "counsel", "student"]
        );
        assert_eq!(stems("I don't think it's 2024"), Vec::<String>::new());
    }

    #[test]
    fn spanish_words_of_the_field_meet_their_english_equivalents() {
        let spanish = stems("Necesitamos más consejeros y menos policías en las escuelas.");
        let english = stems("We need counselors, not police, in schools.");
        for stem in ["counselor", "polic", "school"] {
            assert!(spanish.contains(&stem.to_string()), "{spanish:?}");
            assert!(english.contains(&stem.to_string()), "{english:?}");
        }
    }

    #[test]
    fn keeps_the_written_word_for_labels() {
        let terms = Tokeniser::new().terms("The district's counselors");
        assert_eq!(terms[0].surface, "district");
        assert_eq!(terms[1].surface, "counselors");
    }

    #[test]
    fn knows_which_terms_make_a_phrase() {
        let follows: Vec<bool> = Tokeniser::new()
            .terms("mental health, counselors for kids")
            .iter()
            .map(|t| t.follows)
            .collect();
        assert_eq!(follows, [false, true, false, false]);
    }
}
