//! Translations with Fluent (`locales/<language>/*.ftl`), compiled into the binary.
//!
//! The visitor's language comes from the `lang` cookie (set by the language switcher, which works
//! without JavaScript), then from the browser's Accept-Language, then English.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        // Bidirectional isolation marks would show up in attributes and plain-text exports.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages accord is complete in: (code in URLs and cookies, Fluent identifier, own name).
pub static LANGUAGES: [(&str, LanguageIdentifier, &str); 2] = [
    ("en", langid!("en-US"), "English"),
    ("es", langid!("es"), "Español"),
];

/// A message to show, translated at the edge: a Fluent key with arguments, or a literal text.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// The input field the message is about.
    pub field: Option<&'static str>,
    literal: Option<String>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
            field: None,
            literal: None,
        }
    }

    /// A message that exists only in one language (e.g. from a lower layer).
    pub fn text(text: String) -> Msg {
        Msg {
            key: "",
            args: Vec::new(),
            field: None,
            literal: Some(text),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn field(mut self, field: &'static str) -> Msg {
        self.field = Some(field);
        self
    }
}

/// The visitor's language, with lookups.
#[derive(Debug, Clone)]
pub struct Lang {
    pub code: &'static str,
    id: LanguageIdentifier,
}

impl Lang {
    pub fn english() -> Lang {
        Lang::from_code("en")
    }

    /// The language with `code`, or English for a code we do not have.
    pub fn from_code(code: &str) -> Lang {
        let (code, id, _) = LANGUAGES
            .iter()
            .find(|(c, _, _)| *c == code)
            .unwrap_or(&LANGUAGES[0]);
        Lang {
            code,
            id: id.clone(),
        }
    }

    /// Picks the best supported language from an Accept-Language header.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut wanted: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        wanted
            .iter()
            .find_map(|(_, tag)| {
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                LANGUAGES
                    .iter()
                    .find(|(c, _, _)| *c == primary)
                    .map(|(c, _, _)| Lang::from_code(c))
            })
            .unwrap_or_else(Lang::english)
    }

    pub fn t(&self, key: impl AsRef<str>) -> String {
        LOCALES.lookup(&self.id, key.as_ref())
    }

    /// The message for `key`, or `None` where no language has it (labels that may come from data).
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.id, key)
    }

    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                (
                    Cow::Owned((*name).to_owned()),
                    FluentValue::from(value.as_str()),
                )
            })
            .collect();
        LOCALES.lookup_with_args(&self.id, key, &args)
    }

    /// A message about a count: `$count` is the number (for choosing plural forms) and `$shown` the
    /// same number formatted for this language.
    pub fn t_count(&self, key: &str, count: impl std::borrow::Borrow<i64>) -> String {
        let count = *count.borrow();
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::from([
            (Cow::Borrowed("count"), FluentValue::from(count)),
            (
                Cow::Borrowed("shown"),
                FluentValue::from(self.number(count)),
            ),
        ]);
        LOCALES.lookup_with_args(&self.id, key, &args)
    }

    pub fn msg(&self, msg: &Msg) -> String {
        match &msg.literal {
            Some(text) => text.clone(),
            None => self.t_args(msg.key, &msg.args),
        }
    }

    /// Formats a whole number with the language's digit grouping (1,137 / 1.137).
    pub fn number(&self, n: i64) -> String {
        let separator = if self.code == "es" { '.' } else { ',' };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(ch);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// Formats a decimal with `places` digits and the language's decimal mark.
    pub fn decimal(&self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        if self.code == "es" {
            text.replace('.', ",")
        } else {
            text
        }
    }
}

pub const LANG_COOKIE: &str = "lang";

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(lang_of(parts))
    }
}

pub fn lang_of(parts: &Parts) -> Lang {
    let jar = axum_extra::extract::CookieJar::from_headers(&parts.headers);
    if let Some(cookie) = jar.get(LANG_COOKIE) {
        return Lang::from_code(cookie.value());
    }
    parts
        .headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(Lang::english, Lang::negotiate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(language: &str) -> BTreeSet<String> {
        let dir = format!("{}/locales/{language}", env!("CARGO_MANIFEST_DIR"));
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).expect("locale folder") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl file");
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =")
                    && !key.starts_with(['#', ' ', '.'])
                    && !key.is_empty()
                {
                    keys.insert(key.trim().to_owned());
                }
            }
        }
        keys
    }

    #[test]
    fn spanish_is_as_complete_as_english() {
        let english = keys("en-US");
        let spanish = keys("es");
        let missing: Vec<_> = english.difference(&spanish).collect();
        let extra: Vec<_> = spanish.difference(&english).collect();
        assert!(missing.is_empty(), "missing in Spanish: {missing:?}");
        assert!(extra.is_empty(), "only in Spanish: {extra:?}");
        assert!(english.len() > 50);
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(Lang::negotiate("es-MX,es;q=0.9,en;q=0.8").code, "es");
        assert_eq!(Lang::negotiate("fr-FR, en;q=0.5, es;q=0.7").code, "es");
        assert_eq!(Lang::negotiate("de").code, "en");
        assert_eq!(Lang::negotiate("").code, "en");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::english().number(32824), "32,824");
        assert_eq!(Lang::from_code("es").number(1137), "1.137");
        assert_eq!(Lang::english().number(999), "999");
        assert_eq!(Lang::from_code("es").decimal(3.456, 2), "3,46");
    }

    #[test]
    fn plural_forms_are_chosen() {
        let en = Lang::english();
        assert_eq!(en.t_count("count-ratings", 1), "1 rating");
        assert_eq!(en.t_count("count-ratings", 32824), "32,824 ratings");
        assert_eq!(
            Lang::from_code("es").t_count("count-ratings", 1137),
            "1.137 valoraciones"
        );
    }
}
