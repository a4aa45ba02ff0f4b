//! Screening a thought before anyone else sees it (issue 3, item 5): personal information (emails,
//! phone numbers, street addresses, people named after a title), abuse, and self-harm signals.
//!
//! Writers dodge filters with look-alike letters, leetspeak and invisible characters, so matching runs
//! over a folded copy of the text (lowercase, homoglyphs and accents mapped to ASCII, zero-width
//! characters dropped). Every folded character remembers the byte range of the original character it
//! came from, so flags always point into the text as written and land on char boundaries.
//!
//! Everything here is a hand-written linear scan over chars: thoughts are short, but the screen must
//! not be a way to make the server slow, so no step looks back or ahead by more than a few words.

use serde::{Deserialize, Serialize};

/// What a flagged span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    Email,
    Phone,
    StreetAddress,
    PersonName,
    Abuse,
    SelfHarm,
}

impl FlagKind {
    /// Personal information is removed before a thought is shown; abuse and self-harm are not, because
    /// a facilitator has to read them as written to decide what to do.
    pub fn is_personal_information(self) -> bool {
        matches!(
            self,
            FlagKind::Email | FlagKind::Phone | FlagKind::StreetAddress | FlagKind::PersonName
        )
    }
}

/// One finding: `start..end` are byte offsets into the screened text, on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub start: usize,
    pub end: usize,
}

/// The findings for one thought, ordered by position.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Screening {
    pub flags: Vec<Flag>,
}

impl Screening {
    /// Anything flagged keeps the thought from others until a facilitator has looked at it.
    pub fn hold_for_review(&self) -> bool {
        !self.flags.is_empty()
    }

    /// The writer is shown help resources (and a facilitator alerted) on any self-harm signal.
    pub fn needs_help_resources(&self) -> bool {
        self.flags.iter().any(|f| f.kind == FlagKind::SelfHarm)
    }
}

/// Screens a thought. Never panics, whatever the input.
pub fn screen(text: &str) -> Screening {
    let folded = Folded::new(text);
    let plain = words(&folded.chars);
    // Leetspeak is undone only for word matching: phone numbers and addresses need their digits.
    let unleeted = unleet(&folded.chars);
    let leet_words = words(&unleeted);

    let mut flags = Vec::new();
    emails(&folded, &mut flags);
    spelled_emails(&folded, &plain, &mut flags);
    phones(&folded, &mut flags);
    addresses(text, &folded, &plain, &mut flags);
    names(text, &folded, &plain, &mut flags);
    phrases(&folded, &leet_words, ABUSE, FlagKind::Abuse, &mut flags);
    phrases(
        &folded,
        &leet_words,
        SELF_HARM,
        FlagKind::SelfHarm,
        &mut flags,
    );
    flags.sort_by_key(|f| (f.start, f.end, f.kind));
    flags.dedup();
    Screening { flags }
}

/// Replaces every personal-information span with "[removed]" and keeps all other bytes as they are.
/// Overlapping or touching spans become one "[removed]"; spans that do not fit `text` are ignored
/// rather than trusted, since flags may be stored and replayed against edited text.
pub fn redact(text: &str, flags: &[Flag]) -> String {
    let mut spans: Vec<(usize, usize)> = flags
        .iter()
        .filter(|f| {
            f.kind.is_personal_information()
                && f.start < f.end
                && text.is_char_boundary(f.start)
                && text.is_char_boundary(f.end)
        })
        .map(|f| (f.start, f.end))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (start, end) in merged {
        out.push_str(text.get(cursor..start).unwrap_or_default());
        out.push_str("[removed]");
        cursor = end;
    }
    out.push_str(text.get(cursor..).unwrap_or_default());
    out
}

const ABUSE: &[&str] = &[
    "idiot",
    "idiots",
    "stupid",
    "moron",
    "morons",
    "loser",
    "losers",
    "retard",
    "shut up",
    "hate you",
    "kill you",
    "shoot you",
    "stab you",
    "hurt you",
    "beat you up",
    "bring a gun",
    "estupido",
    "estupida",
    "idiota",
    "idiotas",
    "imbecil",
    "imbeciles",
    "tonto",
    "tonta",
    "pendejo",
    "pendeja",
    "callate",
    "te odio",
    "te mato",
    "te voy a matar",
    "te voy a pegar",
];

const SELF_HARM: &[&str] = &[
    "kill myself",
    "killing myself",
    "want to die",
    "wanna die",
    "want to be dead",
    "better off dead",
    "end my life",
    "ending my life",
    "end it all",
    "hurt myself",
    "hurting myself",
    "cut myself",
    "cutting myself",
    "no reason to live",
    "suicide",
    "suicidal",
    "no quiero vivir",
    "quiero morir",
    "quiero morirme",
    "matarme",
    "suicidarme",
    "suicidio",
    "hacerme dano",
    "quitarme la vida",
];

/// The text as matched: one entry per folded char, with the original byte range it came from.
struct Folded {
    chars: Vec<char>,
    start: Vec<usize>,
    end: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = Folded {
            chars: Vec::with_capacity(text.len()),
            start: Vec::with_capacity(text.len()),
            end: Vec::with_capacity(text.len()),
        };
        for (at, c) in text.char_indices() {
            let after = at + c.len_utf8();
            if is_invisible(c) {
                // Fold the invisible char into its neighbour so a flag spanning "id\u{200b}iot" covers
                // it and redaction leaves nothing dangling.
                if let Some(last) = folded.end.last_mut() {
                    *last = after;
                }
                continue;
            }
            // Look-alikes are mapped before and after lowercasing: uppercase Cyrillic and Greek letters
            // lowercase to letters that no longer look Latin (Greek "Β" to "β").
            for lower in unconfuse(c).to_lowercase() {
                folded.chars.push(unconfuse(lower));
                folded.start.push(at);
                folded.end.push(after);
            }
        }
        folded
    }

    /// A flag over folded chars `from..to` (`to > from`).
    fn flag(&self, kind: FlagKind, from: usize, to: usize) -> Flag {
        Flag {
            kind,
            start: self.start[from],
            end: self.end[to - 1],
        }
    }

    /// Whether the original char behind folded char `at` is uppercase, for titles and street names.
    fn capitalised(&self, text: &str, at: usize) -> bool {
        text.get(self.start[at]..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0300}'..='\u{036F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

/// Maps fullwidth forms, common Cyrillic and Greek look-alikes and Latin accents to plain ASCII.
fn unconfuse(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        'а' | 'α' => 'a',
        'е' => 'e',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'х' | 'χ' => 'x',
        'у' => 'y',
        'і' | 'ι' => 'i',
        'ѕ' => 's',
        'ј' => 'j',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'κ' => 'k',
        'ν' => 'v',
        'τ' => 't',
        'υ' => 'u',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'Ζ' => 'Z',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Υ' => 'Y',
        'Х' | 'Χ' => 'X',
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        _ => c,
    }
}

/// Undoes leetspeak inside words that hold at least one letter, so "5tup1d" reads "stupid" while
/// "Room 204" keeps its number. The result has one char per folded char, so offsets carry over.
fn unleet(chars: &[char]) -> Vec<char> {
    let mut out = chars.to_vec();
    let in_word = |c: char| c.is_alphanumeric() || c == '@';
    let mut i = 0;
    while i < chars.len() {
        if !in_word(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && in_word(chars[j]) {
            j += 1;
        }
        if chars[i..j].iter().any(|c| c.is_alphabetic()) {
            for c in &mut out[i..j] {
                *c = match *c {
                    '0' => 'o',
                    '1' => 'i',
                    '3' => 'e',
                    '4' => 'a',
                    '5' => 's',
                    '7' => 't',
                    '@' => 'a',
                    other => other,
                };
            }
        }
        i = j;
    }
    out
}

/// A maximal run of alphanumeric chars, as folded-char indices `from..to` and its text.
struct Word {
    from: usize,
    to: usize,
    text: String,
}

fn words(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_alphanumeric() {
            j += 1;
        }
        out.push(Word {
            from: i,
            to: j,
            text: chars[i..j].iter().collect(),
        });
        i = j;
    }
    out
}

/// The folded chars between word `a` and the word after it.
fn gap<'a>(folded: &'a Folded, ws: &[Word], a: usize) -> &'a [char] {
    match (ws.get(a), ws.get(a + 1)) {
        (Some(x), Some(y)) => &folded.chars[x.to..y.from],
        _ => &[],
    }
}

fn is_local_part(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// `local@domain.tld`. Neither side can cross an "@", so each char is scanned at most twice.
fn emails(folded: &Folded, flags: &mut Vec<Flag>) {
    let cs = &folded.chars;
    for at in (0..cs.len()).filter(|&i| cs[i] == '@') {
        let mut from = at;
        while from > 0 && is_local_part(cs[from - 1]) {
            from -= 1;
        }
        while from < at && cs[from] == '.' {
            from += 1;
        }
        let mut to = at + 1;
        while to < cs.len() && is_domain(cs[to]) {
            to += 1;
        }
        // A sentence may end right after the address.
        while to > at + 1 && matches!(cs[to - 1], '.' | '-') {
            to -= 1;
        }
        let domain = &cs[at + 1..to];
        let Some(dot) = domain.iter().rposition(|&c| c == '.') else {
            continue;
        };
        let tld = &domain[dot + 1..];
        if from < at && dot > 0 && tld.len() >= 2 && tld.iter().all(char::is_ascii_alphabetic) {
            flags.push(folded.flag(FlagKind::Email, from, to));
        }
    }
}

const AT_WORDS: &[&str] = &["at", "arroba"];
const DOT_WORDS: &[&str] = &["dot", "punto"];
const TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "us", "mx", "io", "co", "info", "me", "es",
];

/// "maria at gmail dot com", "maria (at) school.org", "maria arroba gmail punto com".
fn spelled_emails(folded: &Folded, ws: &[Word], flags: &mut Vec<Flag>) {
    let loose = |gap: &[char]| {
        !gap.is_empty()
            && gap
                .iter()
                .all(|c| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']'))
    };
    for i in 1..ws.len() {
        if !AT_WORDS.contains(&ws[i].text.as_str())
            || !loose(gap(folded, ws, i - 1))
            || !loose(gap(folded, ws, i))
        {
            continue;
        }
        let mut label = i + 1;
        let mut last_tld = None;
        // A handful of labels covers "k12 dot ca dot us"; the cap keeps the scan linear.
        for _ in 0..6 {
            if !ws
                .get(label)
                .is_some_and(|w| w.text.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                break;
            }
            let next = if ws
                .get(label + 1)
                .is_some_and(|w| DOT_WORDS.contains(&w.text.as_str()))
                && loose(gap(folded, ws, label))
                && loose(gap(folded, ws, label + 1))
            {
                label + 2
            } else if gap(folded, ws, label) == ['.'] {
                label + 1
            } else {
                break;
            };
            let Some(word) = ws.get(next) else { break };
            if TLDS.contains(&word.text.as_str()) {
                last_tld = Some(word.to);
            }
            label = next;
        }
        if let Some(to) = last_tld {
            let mut from = ws[i - 1].from;
            while from > 0 && is_local_part(folded.chars[from - 1]) {
                from -= 1;
            }
            flags.push(folded.flag(FlagKind::Email, from, to));
        }
    }
}

fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '-' | '.' | '(' | ')')
}

/// Digit-group shapes of US numbers, longest first so "1 555 123 4567" is one flag, not two.
const PHONE_SHAPES: &[&[usize]] = &[&[1, 3, 3, 4], &[3, 3, 4], &[11], &[10], &[3, 4]];

/// Phone numbers as digit groups joined by short separator runs. Years ("2021-22"), counts
/// ("1,137") and room numbers fit no shape.
fn phones(folded: &Folded, flags: &mut Vec<Flag>) {
    let cs = &folded.chars;
    let mut i = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_digit() || (i > 0 && cs[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut j = i;
        loop {
            let mut k = j;
            while k < cs.len() && cs[k].is_ascii_digit() {
                k += 1;
            }
            groups.push((j, k));
            let mut m = k;
            while m < cs.len() && m - k < 3 && is_phone_separator(cs[m]) {
                m += 1;
            }
            // "room 123. 4567 students": a full stop and a space end a sentence, not a number.
            let sentence_end =
                cs[k..m].contains(&'.') && cs[k..m].iter().any(|c| c.is_whitespace());
            if m > k && m < cs.len() && cs[m].is_ascii_digit() && !sentence_end {
                j = m;
            } else {
                break;
            }
        }
        let run_end = groups.last().map_or(i + 1, |g| g.1);
        // Digits glued to letters ("555-1234abc") are some code, not a phone number.
        let glued = run_end < cs.len() && cs[run_end].is_alphanumeric();
        let mut g = 0;
        while g < groups.len() {
            let fits = |shape: &&&[usize]| {
                groups.get(g..g + shape.len()).is_some_and(|run| {
                    run.iter().zip(shape.iter()).all(|(r, &n)| r.1 - r.0 == n)
                        && (!matches!(shape[0], 1 | 11) || cs[run[0].0] == '1')
                        && !(glued && g + shape.len() == groups.len())
                })
            };
            match PHONE_SHAPES.iter().find(fits) {
                Some(shape) => {
                    let mut from = groups[g].0;
                    if from > 0 && cs[from - 1] == '(' {
                        from -= 1;
                    }
                    if from > 0 && cs[from - 1] == '+' {
                        from -= 1;
                    }
                    flags.push(folded.flag(FlagKind::Phone, from, groups[g + shape.len() - 1].1));
                    g += shape.len();
                }
                None => g += 1,
            }
        }
        i = run_end;
    }
}

const STREET_WORDS: &[&str] = &[
    "street",
    "avenue",
    "road",
    "drive",
    "lane",
    "way",
    "court",
    "place",
    "boulevard",
];
const STREET_ABBREVIATIONS: &[&str] = &["st", "ave", "rd", "blvd", "dr", "ln", "ct", "pl"];
const SPANISH_STREETS: &[&str] = &["calle", "avenida"];
const SPANISH_CONNECTIVES: &[&str] = &["de", "del", "la", "las", "los", "el"];

fn is_house_number(w: &Word) -> bool {
    (1..=6).contains(&w.text.len()) && w.text.chars().all(|c| c.is_ascii_digit())
}

fn is_ordinal(w: &Word) -> bool {
    let digits = w.text.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && ["st", "nd", "rd", "th"].contains(&&w.text[digits..])
}

/// "123 Main St", "4500 N. Lincoln Avenue", "123 Calle Ocho", "Calle 5 de Mayo 123".
fn addresses(text: &str, folded: &Folded, ws: &[Word], flags: &mut Vec<Flag>) {
    // Street words must follow each other on one line; a single-letter direction may carry a dot.
    let joined = |a: usize| {
        let g = gap(folded, ws, a);
        let g = match g.split_first() {
            Some(('.', rest)) if ws[a].text.chars().count() == 1 => rest,
            _ => g,
        };
        !g.is_empty() && g.iter().all(|&c| c == ' ' || c == '\u{A0}' || c == '\t')
    };
    let capitalised = |k: usize| folded.capitalised(text, ws[k].from);
    for i in 0..ws.len() {
        if is_house_number(&ws[i]) {
            // Ordinary words like "way" and "drive" count only when the whole name is capitalised,
            // so "3 times on the way" is not an address; abbreviations are distinctive enough.
            let mut all_capitalised = true;
            for k in i + 1..(i + 6).min(ws.len()) {
                if !joined(k - 1) {
                    break;
                }
                let w = ws[k].text.as_str();
                if k == i + 1 && SPANISH_STREETS.contains(&w) {
                    let mut end = k;
                    while end + 1 < ws.len() && end - k < 4 && joined(end) && capitalised(end + 1) {
                        end += 1;
                    }
                    if end > k {
                        flags.push(folded.flag(FlagKind::StreetAddress, ws[i].from, ws[end].to));
                    }
                    break;
                }
                if k >= i + 2
                    && (STREET_ABBREVIATIONS.contains(&w)
                        || (STREET_WORDS.contains(&w) && all_capitalised && capitalised(k)))
                {
                    flags.push(folded.flag(FlagKind::StreetAddress, ws[i].from, ws[k].to));
                    break;
                }
                if !(ws[k].text.chars().all(char::is_alphabetic) || is_ordinal(&ws[k])) {
                    break;
                }
                all_capitalised &= capitalised(k) || is_ordinal(&ws[k]);
            }
        }
        if SPANISH_STREETS.contains(&ws[i].text.as_str()) {
            let mut named = false;
            for k in i + 1..(i + 6).min(ws.len()) {
                if !joined(k - 1) {
                    break;
                }
                if is_house_number(&ws[k]) {
                    if named {
                        flags.push(folded.flag(FlagKind::StreetAddress, ws[i].from, ws[k].to));
                        break;
                    }
                } else if capitalised(k) {
                    named = true;
                } else if !SPANISH_CONNECTIVES.contains(&ws[k].text.as_str()) {
                    break;
                }
            }
        }
    }
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "officer",
    "coach",
    "principal",
    "sr",
    "sra",
    "srta",
    "senor",
    "senora",
    "profesor",
    "profesora",
    "maestro",
    "maestra",
];

/// Capitalised words that follow a title without being a name ("Principal Office", "Coach Monday").
const NOT_NAMES: &[&str] = &[
    "i",
    "office",
    "oficina",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
];

/// A title followed by one or two capitalised words: "Officer Smith", "Mr. Jones", "Sra. García".
/// Only the name is flagged, so a redacted thought still says "Officer [removed]".
fn names(text: &str, folded: &Folded, ws: &[Word], flags: &mut Vec<Flag>) {
    let is_name = |k: usize| {
        ws.get(k).is_some_and(|w| {
            w.text.chars().all(char::is_alphabetic)
                && !NOT_NAMES.contains(&w.text.as_str())
                && !TITLES.contains(&w.text.as_str())
                && folded.capitalised(text, w.from)
        })
    };
    let spaced = |a: usize| {
        let g = gap(folded, ws, a);
        let g = g.strip_prefix(&['.']).unwrap_or(g);
        !g.is_empty() && g.iter().all(|&c| c == ' ' || c == '\u{A0}')
    };
    for i in 0..ws.len() {
        if !TITLES.contains(&ws[i].text.as_str()) || !spaced(i) || !is_name(i + 1) {
            continue;
        }
        let mut end = i + 1;
        if gap(folded, ws, i + 1) == [' '] && is_name(i + 2) && ws[i + 2].text.chars().count() > 1 {
            end = i + 2;
        }
        flags.push(folded.flag(FlagKind::PersonName, ws[i + 1].from, ws[end].to));
    }
}

/// Whole-word phrases from `list`, matched over the leetspeak-undone words.
fn phrases(folded: &Folded, ws: &[Word], list: &[&str], kind: FlagKind, flags: &mut Vec<Flag>) {
    for i in 0..ws.len() {
        for phrase in list {
            let n = phrase.split(' ').count();
            if let Some(run) = ws.get(i..i + n)
                && run.iter().map(|w| w.text.as_str()).eq(phrase.split(' '))
            {
                flags.push(folded.flag(kind, run[0].from, run[n - 1].to));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The kinds and flagged substrings, for readable assertions.
    fn found(text: &str) -> Vec<(FlagKind, &str)> {
        screen(text)
            .flags
            .iter()
            .map(|f| {
                (
                    f.kind,
                    text.get(f.start..f.end)
                        .expect("flags lie on char boundaries"),
                )
            })
            .collect()
    }

    #[test]
    fn finds_emails_with_offsets() {
        let text = "write me at maria.lopez@school.org.";
        let s = screen(text);
        assert_eq!(
            s.flags,
            vec![Flag {
                kind: FlagKind::Email,
                start: 12,
                end: 34
            }]
        );
        assert_eq!(&text[12..34], "maria.lopez@school.org");
        assert_eq!(
            found("mail maria at gmail dot com please"),
            vec![(FlagKind::Email, "maria at gmail dot com")]
        );
        assert_eq!(
            found("escribe a maria arroba gmail punto com"),
            vec![(FlagKind::Email, "maria arroba gmail punto com")]
        );
        assert_eq!(
            found("john.doe (at) district.k12.ca.us"),
            vec![(FlagKind::Email, "john.doe (at) district.k12.ca.us")]
        );
        assert!(
            screen("@here tell everyone; meet at the gym")
                .flags
                .is_empty()
        );
    }

    #[test]
    fn finds_phones_with_offsets() {
        for phone in [
            "555-1234",
            "555 123 4567",
            "(555) 123-4567",
            "555.123.4567",
            "+1 555 123 4567",
            "1-555-123-4567",
            "5551234567",
        ] {
            let text = format!("call {phone} now");
            assert_eq!(found(&text), vec![(FlagKind::Phone, phone)], "{text}");
        }
        assert_eq!(
            found("555-1234 or 555-9876"),
            vec![(FlagKind::Phone, "555-1234"), (FlagKind::Phone, "555-9876")]
        );
    }

    #[test]
    fn finds_street_addresses_with_offsets() {
        for address in [
            "123 Main St",
            "4500 N. Lincoln Avenue",
            "12 Old Mill Road",
            "77 5th Ave",
            "9 elm st",
            "123 Calle Ocho",
            "Calle 5 de Mayo 123",
            "Avenida Juárez 45",
        ] {
            let text = format!("he lives at {address}, near school");
            assert_eq!(
                found(&text),
                vec![(FlagKind::StreetAddress, address)],
                "{text}"
            );
        }
    }

    #[test]
    fn finds_names_after_titles() {
        assert_eq!(
            found("Officer Smith was kind"),
            vec![(FlagKind::PersonName, "Smith")]
        );
        assert_eq!(
            found("I told Mr. Jones yesterday"),
            vec![(FlagKind::PersonName, "Jones")]
        );
        let text = "la Sra. García nos ayudó";
        let s = screen(text);
        assert_eq!(
            s.flags,
            vec![Flag {
                kind: FlagKind::PersonName,
                start: 8,
                end: 15
            }]
        );
        assert_eq!(
            found("ask Principal Ana Torres"),
            vec![(FlagKind::PersonName, "Ana Torres")]
        );
        assert_eq!(
            found("la maestra Lucía dijo"),
            vec![(FlagKind::PersonName, "Lucía")]
        );
    }

    #[test]
    fn finds_abuse_and_threats() {
        assert_eq!(
            found("you are so stupid"),
            vec![(FlagKind::Abuse, "stupid")]
        );
        assert_eq!(found("Shut   up!"), vec![(FlagKind::Abuse, "Shut   up")]);
        assert_eq!(found("eres un IMBÉCIL"), vec![(FlagKind::Abuse, "IMBÉCIL")]);
        assert_eq!(
            found("te voy a matar"),
            vec![(FlagKind::Abuse, "te voy a matar")]
        );
        // Whole words only.
        assert!(
            screen("stupidity is a word; the Scunthorpe idiotproof test")
                .flags
                .is_empty()
        );
    }

    #[test]
    fn self_harm_asks_for_help_resources() {
        for (text, phrase) in [
            ("sometimes I want to die", "want to die"),
            ("I might KILL MYSELF", "KILL MYSELF"),
            ("ya no quiero vivir", "no quiero vivir"),
            ("quiero hacerme daño", "hacerme daño"),
            ("pienso en matarme", "matarme"),
        ] {
            let s = screen(text);
            assert!(s.needs_help_resources(), "{text}");
            assert!(s.hold_for_review(), "{text}");
            assert_eq!(found(text), vec![(FlagKind::SelfHarm, phrase)], "{text}");
        }
        let s = screen("you idiot");
        assert!(s.hold_for_review());
        assert!(!s.needs_help_resources());
    }

    #[test]
    fn ordinary_school_safety_text_is_clean() {
        for text in [
            "police officers were at the gate",
            "I asked the officer for help",
            "go to the Principal's office",
            "in the 2021-22 school year",
            "1,137 participants answered",
            "kids in grade 9 feel unsafe",
            "Room 204 has a broken lock",
            "we met 3 times on the way home",
            "2 friends who drive to school",
            "the Principal Office is closed Monday",
            "between 2019-2020 and 2021-2022 bullying fell 12.5 percent",
            "la calle principal tiene 5 semáforos",
        ] {
            let s = screen(text);
            assert!(s.flags.is_empty(), "{text}: {:?}", found(text));
            assert!(!s.hold_for_review());
        }
    }

    #[test]
    fn script_tags_do_not_panic_or_flag() {
        assert!(screen("<script>alert(1)</script>").flags.is_empty());
        assert_eq!(
            found("<script>alert('a@b.co')</script>"),
            vec![(FlagKind::Email, "a@b.co")]
        );
    }

    #[test]
    fn homoglyphs_leetspeak_and_invisible_chars_are_seen_through() {
        // Cyrillic ѕ (U+0455), р (U+0440), і (U+0456).
        let cyrillic = "you are \u{455}tu\u{440}\u{456}d";
        assert_eq!(
            found(cyrillic),
            vec![(FlagKind::Abuse, "\u{455}tu\u{440}\u{456}d")]
        );
        assert_eq!(found("so 5tup1d"), vec![(FlagKind::Abuse, "5tup1d")]);
        assert_eq!(
            found("you id\u{200b}iot"),
            vec![(FlagKind::Abuse, "id\u{200b}iot")]
        );
        assert_eq!(
            found("ｓｔｕｐｉｄ"),
            vec![(FlagKind::Abuse, "ｓｔｕｐｉｄ")]
        );
        assert_eq!(found("Ι ΗΑΤΕ ΥΟU"), vec![(FlagKind::Abuse, "ΗΑΤΕ ΥΟU")]);
        assert_eq!(
            found("estu\u{301}pido"),
            vec![(FlagKind::Abuse, "estu\u{301}pido")]
        );
    }

    #[test]
    fn very_long_words_are_handled() {
        let long = "a".repeat(10_000);
        assert!(screen(&long).flags.is_empty());
        let ats = "a@".repeat(5_000);
        assert!(screen(&ats).flags.is_empty());
        let digits = "1-".repeat(5_000);
        assert!(screen(&digits).flags.is_empty());
        let at_words = "x at ".repeat(2_000);
        assert!(screen(&at_words).flags.is_empty());
        let text = format!("{long} idiot");
        assert_eq!(found(&text), vec![(FlagKind::Abuse, "idiot")]);
    }

    #[test]
    fn mixed_scripts_keep_offsets() {
        let text = "مرحبا 你好 😀 escríbeme a ana@correo.mx 谢谢";
        let s = screen(text);
        let start = text.find("ana@").expect("the email is in the text");
        assert_eq!(
            s.flags,
            vec![Flag {
                kind: FlagKind::Email,
                start,
                end: start + "ana@correo.mx".len()
            }]
        );
        assert_eq!(
            found("请联系test@example.com谢谢"),
            vec![(FlagKind::Email, "test@example.com")]
        );
    }

    #[test]
    fn redact_replaces_only_personal_information() {
        let text = "Officer Smith 😀 said call 555-1234 or mail a@b.co, you idiot. Adiós";
        let s = screen(text);
        assert_eq!(
            redact(text, &s.flags),
            "Officer [removed] 😀 said call [removed] or mail [removed], you idiot. Adiós"
        );
        assert_eq!(redact(text, &[]), text);
        // Overlapping, touching and foreign spans.
        let flags = [
            Flag {
                kind: FlagKind::Phone,
                start: 0,
                end: 5,
            },
            Flag {
                kind: FlagKind::Email,
                start: 3,
                end: 8,
            },
            Flag {
                kind: FlagKind::Email,
                start: 8,
                end: 13,
            },
            Flag {
                kind: FlagKind::Email,
                start: 15,
                end: 17,
            },
            Flag {
                kind: FlagKind::Email,
                start: 10,
                end: 10_000,
            },
        ];
        assert_eq!(
            redact(text, &flags),
            "[removed] 😀 said call 555-1234 or mail a@b.co, you idiot. Adiós"
        );
    }

    proptest! {
        #[test]
        fn screen_never_panics_and_flags_fit_the_text(text in any::<String>()) {
            let s = screen(&text);
            for f in &s.flags {
                prop_assert!(f.start < f.end && f.end <= text.len());
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
            let _ = redact(&text, &s.flags);
        }

        #[test]
        fn screen_handles_hostile_mixtures(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("idiot"), Just("@"), Just("\u{200b}"), Just("555"), Just("-"), Just(" "),
                    Just("Mr."), Just("Calle"), Just("St"), Just("at"), Just("dot"), Just("com"),
                    Just("ѕ"), Just("é"), Just("\u{301}"), Just("İ"), Just("😀"), Just("."), Just("1"),
                ],
                0..60,
            )
        ) {
            let text: String = parts.concat();
            let s = screen(&text);
            for f in &s.flags {
                prop_assert!(f.start < f.end && f.end <= text.len());
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
            let redacted = redact(&text, &s.flags);
            prop_assert!(!s.flags.iter().any(|f| f.kind.is_personal_information()) || redacted.contains("[removed]"));
        }
    }
}
