//! Language data for the segmenter: which words before a period end a sentence.
//!
//! The data lives in text files (`lang/en.txt`, `lang/es.txt`, `lang/pt.txt`, `lang/fr.txt`,
//! `lang/de.txt`, `lang/it.txt`) compiled into the binary, so that adding
//! an abbreviation never means touching code. This module only parses them and answers lookups.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// A language whose sentence rules alinea knows.
///
/// ```
/// use alinea::segment::Language;
/// assert_eq!("es".parse::<Language>().unwrap(), Language::Spanish);
/// assert_eq!(Language::English.code(), "en");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// English (`en`, `en-US`, `en-GB`...).
    English,
    /// Spanish (`es`, `es-ES`, `es-419`...).
    Spanish,
    /// Portuguese (`pt`, `pt-BR`, `pt-PT`).
    Portuguese,
    /// French (`fr`, `fr-CA`...).
    French,
    /// German (`de`, `de-AT`, `de-CH`).
    German,
    /// Italian (`it`).
    Italian,
    /// Any other language: Unicode sentence boundaries (UAX #29), initials and acronyms, and a short
    /// list of abbreviations common to languages in Latin script (`lang/generic.txt`).
    Generic,
}

impl Language {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
            Language::Portuguese => "pt",
            Language::French => "fr",
            Language::German => "de",
            Language::Italian => "it",
            Language::Generic => "und",
        }
    }

    pub(crate) fn rules(self) -> &'static Rules {
        static EN: OnceLock<Rules> = OnceLock::new();
        static ES: OnceLock<Rules> = OnceLock::new();
        static GENERIC: OnceLock<Rules> = OnceLock::new();
        static PT: OnceLock<Rules> = OnceLock::new();
        static FR: OnceLock<Rules> = OnceLock::new();
        static DE: OnceLock<Rules> = OnceLock::new();
        static IT: OnceLock<Rules> = OnceLock::new();
        match self {
            Language::English => EN.get_or_init(|| Rules::parse(include_str!("lang/en.txt"))),
            Language::Spanish => ES.get_or_init(|| Rules::parse(include_str!("lang/es.txt"))),
            Language::Portuguese => PT.get_or_init(|| Rules::parse(include_str!("lang/pt.txt"))),
            Language::French => FR.get_or_init(|| Rules::parse(include_str!("lang/fr.txt"))),
            Language::German => DE.get_or_init(|| Rules::parse(include_str!("lang/de.txt"))),
            Language::Italian => IT.get_or_init(|| Rules::parse(include_str!("lang/it.txt"))),
            Language::Generic => GENERIC.get_or_init(|| Rules::parse(include_str!("lang/generic.txt"))),
        }
    }
}

impl std::str::FromStr for Language {
    type Err = Error;

    /// English and Spanish by their codes (a region or script subtag does not change the rules); any
    /// other well-formed language code gives the generic rules.
    fn from_str(s: &str) -> Result<Language> {
        let primary = s.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" | "eng" | "english" => Ok(Language::English),
            "es" | "spa" | "spanish" => Ok(Language::Spanish),
            "pt" | "por" | "portuguese" => Ok(Language::Portuguese),
            "fr" | "fra" | "fre" | "french" => Ok(Language::French),
            "de" | "deu" | "ger" | "german" => Ok(Language::German),
            "it" | "ita" | "italian" => Ok(Language::Italian),
            p if (2..=8).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_lowercase())
                && s.split(['-', '_'])
                    .all(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric())) =>
            {
                Ok(Language::Generic)
            }
            _ => Err(Error::UnknownLanguage(s.to_string())),
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How a word followed by a period behaves at a sentence-boundary candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Abbreviation {
    /// Not an abbreviation: the period ends the sentence.
    None,
    /// Stands before a name ("Gen."): never ends a sentence.
    Title,
    /// Usually continues the sentence but may end it ("U.S.", "feb.").
    Ambiguous,
    /// Often ends a sentence ("a.m.", "B.C.", "Inc."): a capitalised word after it opens a new one.
    Final,
}

/// Parsed abbreviation lists of one language.
#[derive(Debug, Default)]
pub(crate) struct Rules {
    titles: HashSet<String>,
    abbrevs: HashSet<String>,
    finals: HashSet<String>,
    starters: HashSet<String>,
    companies: HashSet<String>,
    /// A number of one to three digits followed by a period is an ordinal (German "am 3. Oktober"): it
    /// ends a sentence only before a starter word, as an ambiguous abbreviation does.
    ordinal_period: bool,
}

impl Rules {
    /// Parses the data format described at the top of `lang/en.txt`. The files are ours and compiled in,
    /// so a malformed line is a bug caught by the unit tests, not a user error.
    fn parse(data: &str) -> Rules {
        let mut rules = Rules::default();
        let mut section = None;
        for line in data.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                section = Some(line);
                continue;
            }
            if section == Some("[options]") {
                match line {
                    "ordinal-period" => rules.ordinal_period = true,
                    other => panic!("language data: unknown option {other:?}"),
                }
                continue;
            }
            let set = match section {
                Some("[title]") => &mut rules.titles,
                Some("[abbrev]") => &mut rules.abbrevs,
                Some("[final]") => &mut rules.finals,
                Some("[starter]") => &mut rules.starters,
                Some("[company]") => &mut rules.companies,
                other => panic!("language data: entry {line:?} outside a known section ({other:?})"),
            };
            set.insert(line.to_string());
            // An all-lower-case entry also matches the capitalised form that opens a sentence ("Etc.");
            // a mixed one ("d.C.", after Christ) is matched as written, or it would catch "D.C.".
            if !line.chars().any(char::is_uppercase) {
                set.insert(capitalise(line));
            }
        }
        rules
    }

    /// Classifies `word`, the text before a period (without the period and without opening punctuation).
    pub(crate) fn abbreviation(&self, word: &str) -> Abbreviation {
        if word.is_empty() {
            return Abbreviation::None;
        }
        if self.titles.contains(word) {
            return Abbreviation::Title;
        }
        if self.finals.contains(word) {
            return Abbreviation::Final;
        }
        if self.abbrevs.contains(word) || is_initial_or_acronym(word) {
            return Abbreviation::Ambiguous;
        }
        if self.ordinal_period && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
            return Abbreviation::Ambiguous;
        }
        Abbreviation::None
    }

    /// This language's rules as SRX `<rule>` elements (see [`super::export_srx`]).
    pub(crate) fn srx_rules(&self) -> String {
        let alternation = |set: &HashSet<String>| {
            let mut words: Vec<String> = set.iter().map(|w| fancy_regex::escape(w).into_owned()).collect();
            words.sort();
            words.join("|")
        };
        let mut out = String::new();
        let mut rule = |comment: &str, is_break: bool, before: &str, after: &str| {
            out.push_str(&format!(
                "      <!-- {comment} -->\n      <rule break=\"{}\">\n        <beforebreak>{}</beforebreak>\n        <afterbreak>{}</afterbreak>\n      </rule>\n",
                if is_break { "yes" } else { "no" },
                quick_xml::escape::escape(before),
                quick_xml::escape::escape(after)
            ));
        };
        let starters = alternation(&self.starters);
        rule(
            "titles never end a sentence",
            false,
            &format!("\\b(?:{})\\.", alternation(&self.titles)),
            "\\s",
        );
        if !self.abbrevs.is_empty() {
            rule(
                "abbreviations end a sentence only before a common sentence opener",
                false,
                &format!("\\b(?:{})\\.", alternation(&self.abbrevs)),
                &format!("\\s+(?![¿¡]|(?:{starters})\\b)"),
            );
        }
        if self.ordinal_period {
            rule(
                "ordinal numbers (am 3. Oktober) end a sentence only before a common sentence opener",
                false,
                "(?:^|\\s)\\d{1,3}\\.",
                &format!("\\s+(?![¿¡]|(?:{starters})\\b)"),
            );
        }
        rule(
            "initials and dotted acronyms likewise",
            false,
            "(?:^|[\\s(\"“«])(?:\\p{L}{1,3}\\.)*\\p{L}\\.",
            &format!("\\s+(?![¿¡]|(?:{starters})\\b)"),
        );
        if !self.companies.is_empty() {
            rule(
                "a company's legal form goes on after another part of its name (GmbH & Co. KG)",
                false,
                &format!("\\b(?:{})\\.", alternation(&self.companies)),
                &format!("\\s+(?:{})(?![\\p{{L}}\\p{{N}}])", alternation(&self.companies)),
            );
        }
        if !self.finals.is_empty() {
            rule(
                "abbreviations that often end a sentence end it before a capital",
                false,
                &format!("\\b(?:{})\\.", alternation(&self.finals)),
                "\\s+(?!\\p{Lu})",
            );
        }
        out
    }

    /// Whether `word` is a common sentence opener, which makes an ambiguous abbreviation before it end the
    /// sentence.
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// Whether `word` (before a period) and the start of `text` after it are both parts of a company's
    /// name ("Co", "Ltd", "S.A"), so that the period does not end the sentence ("GmbH & Co. KG",
    /// "Samsung Co. Ltd."), while "5 p.m. SA officials" and "Briggs & Co. It closed" still split.
    pub(crate) fn continues_company_name(&self, word: &str, text: &str) -> bool {
        let token = text.split_whitespace().next().unwrap_or("");
        self.companies.contains(word)
            && self.companies.contains(token.trim_end_matches(['.', ',', ';', ':', ')']))
    }
}

/// A single letter ("J", "p") or letters joined by periods ("U.S", "EE.UU", "e.g", "a.m"): initials and
/// acronyms are abbreviations in every language, so they are recognised by shape rather than listed.
fn is_initial_or_acronym(word: &str) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic();
    }
    word.contains('.')
        && word
            .split('.')
            .all(|part| (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_ambiguous_and_plain_words() {
        let en = Language::English.rules();
        assert_eq!(en.abbreviation("Gen"), Abbreviation::Title);
        assert_eq!(en.abbreviation("Feb"), Abbreviation::Ambiguous);
        assert_eq!(en.abbreviation("U.S"), Abbreviation::Ambiguous);
        assert_eq!(en.abbreviation("J"), Abbreviation::Ambiguous);
        assert_eq!(en.abbreviation("Etc"), Abbreviation::Final, "capitalised form of a lower-case entry");
        assert_eq!(en.abbreviation("p.m"), Abbreviation::Final);
        assert_eq!(en.abbreviation("drugs"), Abbreviation::None);
        assert_eq!(en.abbreviation("ill"), Abbreviation::None, "states match capitalised only");
        assert_eq!(en.abbreviation("1995"), Abbreviation::None);
        let es = Language::Spanish.rules();
        assert_eq!(es.abbreviation("Gral"), Abbreviation::Title);
        assert_eq!(es.abbreviation("EE.UU"), Abbreviation::Ambiguous);
        assert_eq!(es.abbreviation("EE"), Abbreviation::Title);
        assert_eq!(es.abbreviation("feb"), Abbreviation::Ambiguous);
        assert_eq!(es.abbreviation("d.C"), Abbreviation::Final);
        assert_eq!(es.abbreviation("D.C"), Abbreviation::Ambiguous, "D.C. is not d.C. capitalised");
        assert!(es.is_starter("En"));
        assert!(!es.is_starter("en"));
    }

    #[test]
    fn acronym_shape() {
        assert!(is_initial_or_acronym("D.C"));
        assert!(is_initial_or_acronym("a.m"));
        assert!(!is_initial_or_acronym("3.14"));
        assert!(!is_initial_or_acronym("word"));
        assert!(!is_initial_or_acronym("www.example"));
    }

    #[test]
    fn language_codes() {
        assert_eq!("en-US".parse::<Language>().unwrap(), Language::English);
        assert_eq!("es_419".parse::<Language>().unwrap(), Language::Spanish);
        assert_eq!("fr-CA".parse::<Language>().unwrap(), Language::French);
        assert_eq!("nl".parse::<Language>().unwrap(), Language::Generic);
        assert!("f r".parse::<Language>().is_err());
        assert!("".parse::<Language>().is_err());
        assert!(Language::Generic.rules().abbreviation("etc") == Abbreviation::Ambiguous);
    }
}
