//! Whether two editions are translations of each other, told after aligning them and before their
//! memory is written, so that a wrong pair (a file given on the wrong side, the same file twice, two
//! unrelated articles, a stub) never reaches a memory.
//!
//! Four signs, checked in this order:
//! - both editions hold the same text (or most paired sentences are the same on both sides);
//! - an edition is written in another language than the one declared for its side (identified with
//!   whatlang, only when it is sure: confidence over 0.9);
//! - one edition is less than a third of the other (in characters);
//! - the beads' anchors do not agree: translations share numbers, names and cognates sentence by
//!   sentence, unrelated articles aligned by their lengths alone do not (the anchor cost per 100
//!   characters of the paired text, see [`super::anchor_support`]).
//!
//! What it does not do: judge the anchors of a pair in which either edition is not in Latin script
//! (cognates are rare there, and a true pair would look unrelated), or of a pair with fewer than three
//! paired beads (too little text to tell).

use std::fmt;

use super::{Alignment, Params, anchor_support};
use crate::segment::Sentence;

/// Anchor cost per 100 paired characters above which a pair counts as unrelated: nearer the false
/// pairs than the true ones, since holding back a translation loses a whole document
/// (`docs/tuning.md`; `alinea eval --dataset DIR --pair-check` measures it).
pub const UNRELATED_COST: f64 = -0.2;

/// An edition under this share of the other's characters is a fragment, not a translation.
pub const FRAGMENT_RATIO: f64 = 1.0 / 3.0;

/// Why a pair of editions is not taken for a translation.
#[derive(Clone, Debug, PartialEq)]
pub enum Doubt {
    /// Side `side` (0 the source, 1 the target) is declared in `declared` but written in `found`.
    WrongLanguage {
        /// 0 for the source edition, 1 for the target.
        side: usize,
        /// The code declared for it.
        declared: String,
        /// The language found, by its English name.
        found: &'static str,
    },
    /// Both editions hold the same text.
    SameText,
    /// One edition has `ratio` of the other's characters.
    Fragment {
        /// Characters of the shorter edition over the longer's.
        ratio: f64,
    },
    /// The beads' anchors do not agree: `cost` per 100 characters.
    Unrelated {
        /// The anchor cost per 100 paired characters.
        cost: f64,
    },
}

impl fmt::Display for Doubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Doubt::WrongLanguage { side, declared, found } => write!(
                f,
                "the {} edition is in {found}, not in {declared} as declared",
                if *side == 0 { "first" } else { "second" }
            ),
            Doubt::SameText => write!(f, "both editions hold the same text"),
            Doubt::Fragment { ratio } if *ratio == 0.0 => write!(f, "one edition is empty"),
            Doubt::Fragment { ratio } => write!(
                f,
                "one edition is {:.0}% of the other's length: a fragment, not a translation",
                ratio * 100.0
            ),
            Doubt::Unrelated { cost } => write!(
                f,
                "the editions share almost no numbers, names or cognates sentence by sentence (anchor \
                 score {cost:.2} per 100 characters; translations score under {UNRELATED_COST}): they \
                 look like different texts"
            ),
        }
    }
}

/// The languages whatlang identifies that have a two-letter code: the code, and whatlang's ISO 639-3
/// code for it.
const LANGUAGES: [(&str, &str); 23] = [
    ("en", "eng"),
    ("es", "spa"),
    ("pt", "por"),
    ("fr", "fra"),
    ("de", "deu"),
    ("it", "ita"),
    ("nl", "nld"),
    ("ca", "cat"),
    ("ru", "rus"),
    ("pl", "pol"),
    ("sv", "swe"),
    ("da", "dan"),
    ("fi", "fin"),
    ("tr", "tur"),
    ("ar", "ara"),
    ("zh", "cmn"),
    ("ja", "jpn"),
    ("ko", "kor"),
    ("el", "ell"),
    ("cs", "ces"),
    ("ro", "ron"),
    ("hu", "hun"),
    ("uk", "ukr"),
];

/// The ISO 639-3 code whatlang uses for a declared language code (its primary subtag), when known.
fn iso639_3(code: &str) -> Option<&'static str> {
    let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().find(|(two, _)| *two == primary).map(|&(_, three)| three)
}

/// The two-letter code of the language `text` is written in, when whatlang is sure of it and it is one
/// of `LANGUAGES`; `None` otherwise (a short or mixed text, another
/// language).
///
/// ```
/// use alinea::align::check::identify;
/// let text = "El general dijo ayer que el ejército no había pagado nada a los funcionarios de la provincia.";
/// assert_eq!(identify(text), Some("es"));
/// assert_eq!(identify("OK"), None);
/// ```
pub fn identify(text: &str) -> Option<&'static str> {
    let info = whatlang::detect(text).filter(|info| info.is_reliable())?;
    LANGUAGES.iter().find(|(_, three)| *three == info.lang().code()).map(|&(two, _)| two)
}

fn text_of(sentences: &[Sentence<'_>], limit: usize) -> String {
    let mut text = String::new();
    for s in sentences {
        if text.len() > limit {
            break;
        }
        text.push_str(&s.text);
        text.push(' ');
    }
    text
}

fn is_latin(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (mut latin, mut all) = (0usize, 0usize);
    for c in letters.take(2000) {
        all += 1;
        latin += usize::from(c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c));
    }
    all > 0 && latin * 10 >= all * 9
}

/// Checks a pair of editions (`codes` their declared languages, source first) aligned as `alignment`:
/// `None` when it looks like a translation, else the first sign that it is not.
///
/// ```
/// use alinea::align::{align, check, Params};
/// use alinea::segment::from_lines;
/// let en = from_lines("The army paid $50,000 to Montesinos in 1995.\nFujimori denied it.\nThe U.S. sent 175 trainers.\n");
/// let es = from_lines("El ejército pagó 50.000 dólares a Montesinos en 1995.\nFujimori lo negó.\nEE.UU. envió 175 instructores.\n");
/// let alignment = align(&en, &es, &Params::default());
/// assert_eq!(check::check(&en, &es, &alignment, &Params::default(), ["en", "es"]), None);
/// assert_eq!(check::check(&en, &en, &align(&en, &en, &Params::default()), &Params::default(), ["en", "es"]).map(|d| d.to_string()),
///            Some("both editions hold the same text".to_string()));
/// ```
pub fn check(
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    alignment: &Alignment,
    params: &Params,
    codes: [&str; 2],
) -> Option<Doubt> {
    check_with(source, target, alignment, params, codes, None)
}

/// [`check`], given the alignment's [`anchor_support`] when the search already has it (see
/// `align_with_support`), so that the pair's evidence is not gathered a second time.
pub(crate) fn check_with(
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    alignment: &Alignment,
    params: &Params,
    codes: [&str; 2],
    support: Option<(f64, f64)>,
) -> Option<Doubt> {
    let (source_text, target_text) = (text_of(source, 20_000), text_of(target, 20_000));
    // Word by word into one string: a list of a long edition's words, then their join, would each
    // take more memory than the folded text.
    let fold = |s: &[Sentence<'_>]| -> String {
        let mut folded = String::new();
        for word in s.iter().flat_map(|s| s.text.split_whitespace()) {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.push_str(&word.to_lowercase());
        }
        folded
    };
    let (a, b) = (fold(source), fold(target));
    if !a.is_empty() && a == b {
        return Some(Doubt::SameText);
    }
    let pairs: Vec<_> = alignment.beads.iter().filter(|b| b.is_pair()).collect();
    let identical =
        pairs.iter().filter(|b| fold(&source[b.source.clone()]) == fold(&target[b.target.clone()])).count();
    if !pairs.is_empty() && identical * 2 > pairs.len() {
        return Some(Doubt::SameText);
    }
    for (side, (text, declared)) in
        [(&source_text, codes[0]), (&target_text, codes[1])].into_iter().enumerate()
    {
        let (Some(expected), Some(info)) = (iso639_3(declared), whatlang::detect(text)) else { continue };
        if info.is_reliable() && info.lang().code() != expected {
            return Some(Doubt::WrongLanguage {
                side,
                declared: declared.to_string(),
                found: info.lang().eng_name(),
            });
        }
    }
    let (la, lb) = (super::length(&a), super::length(&b));
    if la.max(lb) > 0.0 && la.min(lb) / la.max(lb) < FRAGMENT_RATIO {
        return Some(Doubt::Fragment { ratio: la.min(lb) / la.max(lb) });
    }
    if pairs.len() >= 3 && is_latin(&source_text) && is_latin(&target_text) {
        let (cost, _) = support.unwrap_or_else(|| anchor_support(source, target, alignment, params));
        if cost > UNRELATED_COST {
            return Some(Doubt::Unrelated { cost });
        }
    }
    None
}
