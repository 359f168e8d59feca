//! Sentence segmentation of English and Spanish editions.
//!
//! The text is first cut into paragraphs by its layout ([`paragraphs`]); inside a paragraph the
//! candidate boundaries are Unicode's sentence boundaries (UAX #29, from unicode-segmentation), and the
//! language data decides which candidates to suppress: after a title ("Gen.", "Gral."), after an initial
//! or an ambiguous abbreviation ("U.S.", "feb.") unless a common sentence opener follows, and after `?`,
//! `!` or an ellipsis followed by a lower-case word. Numbers (3.14, 50.000, 1991-92), quotes with the
//! period inside or outside, ¿¡ and parentheses are handled by UAX #29 itself.
//!
//! Invariant: every [`Sentence`] is a byte range of the input, in order, never overlapping, and within one
//! paragraph. White space between sentences and list markers is all that the ranges leave out.
//!
//! What it does not do: clean text (de-hyphenation and the debris of print are [`crate::print`]'s,
//! markup removal [`crate::corpus`]'s readers'); SRX rules are read by [`srx`], not by [`segment`].

mod boundary;
mod layout;
mod marker;
mod rules;
pub mod srx;

use std::borrow::Cow;
use std::ops::Range;

pub use layout::{Paragraph, ParagraphKind, paragraphs};
pub use rules::Language;
use rules::Rules;

/// A sentence of an edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The sentence with each run of white space folded to one space (a hard-wrapped sentence becomes one
    /// line), or to nothing before a punctuation mark that a line break left alone (`pricing\n.`).
    /// Borrowed from the input when nothing had to be folded.
    pub text: Cow<'a, str>,
    /// Byte range of the sentence in the input.
    pub range: Range<usize>,
    /// Index of the paragraph the sentence belongs to (0-based, counting paragraphs of the edition).
    pub paragraph: usize,
}

/// Splits `text` into sentences with the rules of `language`.
///
/// ```
/// use alinea::segment::{segment, Language};
/// let text = "Then came strong support from its backer--the U.S. In September, Gen. Barry \
///             McCaffrey went to Lima.\n\nA new paragraph.";
/// let sentences: Vec<_> = segment(text, Language::English).into_iter().map(|s| s.text).collect();
/// assert_eq!(sentences, [
///     "Then came strong support from its backer--the U.S.",
///     "In September, Gen. Barry McCaffrey went to Lima.",
///     "A new paragraph.",
/// ]);
/// ```
pub fn segment(text: &str, language: Language) -> Vec<Sentence<'_>> {
    let rules = language.rules();
    let habit = boundary::lower_case_habit(text, rules);
    // Paragraphs are split independently, on every core with the `parallel` feature.
    let paragraphs: Vec<(usize, Paragraph)> = paragraphs(text).into_iter().enumerate().collect();
    let split = crate::map_all(&paragraphs, |(index, paragraph)| {
        let start = paragraph.range.start - paragraph.marker;
        split_paragraph(&text[start..paragraph.range.end], paragraph.marker, habit, rules)
            .into_iter()
            .map(|range| {
                let range = start + range.start..start + range.end;
                Sentence { text: fold_white_space(&text[range.clone()]), range, paragraph: *index }
            })
            .collect::<Vec<_>>()
    });
    split.into_iter().flatten().collect()
}

/// Splits `text` into segments with SRX rules (see [`srx`]), within the paragraphs of its layout. Unlike
/// [`segment`], list markers stay in the segments: the segments are what the translation tool that uses
/// the same rules will see.
pub fn segment_with_srx<'a>(text: &'a str, rules: &srx::SrxRules<'_>) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    for (index, paragraph) in paragraphs(text).into_iter().enumerate() {
        let start = paragraph.range.start - paragraph.marker;
        let slice = &text[start..paragraph.range.end];
        let flat: Cow<str> = if slice.contains(['\n', '\r']) {
            Cow::Owned(slice.replace(['\n', '\r'], " "))
        } else {
            Cow::Borrowed(slice)
        };
        for range in rules.split(&flat) {
            let range = start + range.start..start + range.end;
            out.push(Sentence { text: fold_white_space(&text[range.clone()]), range, paragraph: index });
        }
    }
    out
}

/// alinea's English and Spanish rules as an SRX 2.0 document, for translation tools that read SRX
/// (OmegaT, Okapi, Trados, memoQ).
///
/// SRX expresses a rule as a pattern before and after a break, so the export approximates alinea's
/// segmenter: it carries the abbreviation lists (titles, abbreviations that end a sentence only before
/// a common opener, abbreviations that often end one), initials and acronyms, the no-break before a
/// lower-case word, and the breaks after `.`, `?`, `!` and ellipses; it cannot carry the layout
/// (paragraphs, list items), quotation context or the checks on the words before an abbreviation.
///
/// ```
/// let srx = alinea::segment::export_srx();
/// let rules = alinea::segment::srx::Srx::parse(&srx, std::path::Path::new("alinea.srx")).unwrap();
/// assert!(rules.problems().is_empty());
/// let text = "Gen. Barry McCaffrey went to Lima. He met Montesinos.";
/// assert_eq!(rules.for_language("en").split(text).len(), 2);
/// ```
pub fn export_srx() -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- alinea's segmentation rules, as exported by alinea segment with the export-srx option. -->\n\
         <srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n  <header segmentsubflows=\"yes\" cascade=\"yes\"/>\n  <body>\n    <languagerules>\n",
    );
    const LANGUAGES: [(&str, Language); 6] = [
        ("English", Language::English),
        ("Spanish", Language::Spanish),
        ("Portuguese", Language::Portuguese),
        ("French", Language::French),
        ("German", Language::German),
        ("Italian", Language::Italian),
    ];
    for (name, language) in LANGUAGES {
        out.push_str(&format!("    <languagerule languagerulename=\"{name}\">\n"));
        out.push_str(&language.rules().srx_rules());
        out.push_str("    </languagerule>\n");
    }
    out.push_str(
        "    <languagerule languagerulename=\"Default\">\n\
         \x20     <!-- a lower-case word goes on with the sentence -->\n\
         \x20     <rule break=\"no\">\n        <beforebreak>[.?!…]+[\"'”’»)\\]]*</beforebreak>\n        <afterbreak>\\s+[\"'“‘«(\\[]*\\p{Ll}</afterbreak>\n      </rule>\n\
         \x20     <!-- sentence-final marks -->\n\
         \x20     <rule break=\"yes\">\n        <beforebreak>[.?!…]+[\"'”’»)\\]]*</beforebreak>\n        <afterbreak>\\s</afterbreak>\n      </rule>\n\
         \x20     <rule break=\"yes\">\n        <beforebreak>[。．？！]</beforebreak>\n        <afterbreak></afterbreak>\n      </rule>\n\
         \x20   </languagerule>\n    </languagerules>\n    <maprules>\n",
    );
    for (name, language) in LANGUAGES {
        out.push_str(&format!(
            "      <languagemap languagepattern=\"(?i){}.*\" languagerulename=\"{name}\"/>\n",
            language.code()
        ));
    }
    out.push_str(
        "      <languagemap languagepattern=\".*\" languagerulename=\"Default\"/>\n    </maprules>\n  </body>\n</srx>\n",
    );
    out
}

/// Whether `text` has nothing to read: only white space, control characters and invisible format
/// characters (zero-width space and joiners, byte-order mark, soft hyphen, word joiner). Such a piece
/// is never a sentence, and never a side of a translation unit.
///
/// ```
/// use alinea::segment::is_blank;
/// assert!(is_blank(" \u{1}\u{200B}\u{FEFF}\n"));
/// assert!(!is_blank("\u{200B}¡Sí!"));
/// ```
pub fn is_blank(text: &str) -> bool {
    const INVISIBLE: &[char] = &['\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];
    text.chars().all(|c| c.is_whitespace() || c.is_control() || INVISIBLE.contains(&c))
}

/// Whether `c` belongs to a script written without spaces between words: Han ideographs (Chinese,
/// Japanese kanji) and Japanese kana. In such text a character, not a space-delimited word, is the unit
/// that segmentation and alignment can read. Hangul is not among them: Korean puts spaces between words.
///
/// ```
/// use alinea::segment::is_unspaced;
/// assert!(is_unspaced('中') && is_unspaced('か') && is_unspaced('カ'));
/// assert!(!is_unspaced('a') && !is_unspaced('한') && !is_unspaced('。'));
/// ```
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}'   // Hiragana
        | '\u{30A0}'..='\u{30FF}' // Katakana
        | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9D}' // half-width katakana
        | '\u{20000}'..='\u{3134F}' // CJK extensions B to G
    )
}

/// Whether `sentence` ends with a title abbreviation after another word ("...dijo el Sr."): a title
/// stands before a name and never ends a sentence, so the sentence was cut short (by another tool's
/// segmenter) and goes on in the next one. A sentence that is only the abbreviation ("No.") is not.
///
/// ```
/// use alinea::segment::{ends_with_title, Language};
/// assert!(ends_with_title("Esto llevó al Sr.", Language::Spanish));
/// assert!(ends_with_title("It was the view of Gen.", Language::English));
/// assert!(!ends_with_title("No.", Language::Spanish));
/// assert!(!ends_with_title("They met in the U.S.", Language::English));
/// ```
pub fn ends_with_title(sentence: &str, language: Language) -> bool {
    let Some(body) = sentence.trim_end().strip_suffix('.') else { return false };
    let Some((before, word)) = body.rsplit_once(char::is_whitespace) else { return false };
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    !before.trim().is_empty() && language.rules().abbreviation(word) == rules::Abbreviation::Title
}

/// `sentence` without a leading list marker (a bullet, `1.`, `b)`, `(iv)`...).
///
/// ```
/// use alinea::segment::strip_list_marker;
/// assert_eq!(strip_list_marker("• 9. Stop smoking"), "Stop smoking");
/// assert_eq!(strip_list_marker("1995. A year"), "1995. A year");
/// ```
pub fn strip_list_marker(sentence: &str) -> &str {
    match layout::list_marker(sentence) {
        Some(len) => &sentence[len..],
        None => sentence,
    }
}

/// Reads pre-segmented text: one sentence a line, a blank line between paragraphs (the `.sents` format).
///
/// ```
/// use alinea::segment::from_lines;
/// let sentences = from_lines("One.\nTwo.\n\nThree.\n");
/// assert_eq!(sentences.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1]);
/// ```
pub fn from_lines(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut offset = 0;
    let mut in_paragraph = false;
    for raw in layout::lines(text) {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if in_paragraph {
                paragraph += 1;
                in_paragraph = false;
            }
            continue;
        }
        in_paragraph = true;
        let lead = line.len() - line.trim_start().len();
        let range = start + lead..start + lead + trimmed.len();
        out.push(Sentence { text: fold_white_space(trimmed), range, paragraph });
    }
    out
}

/// Sentence ranges inside one paragraph that starts `marker` bytes into `paragraph` (after its list
/// marker), relative to `paragraph`.
fn split_paragraph(paragraph: &str, marker: usize, habit: bool, rules: &Rules) -> Vec<Range<usize>> {
    // UAX #29 treats a line break as a paragraph separator; inside a paragraph a line break is only a
    // soft wrap, so it is seen as a space (same byte length, so the offsets stay valid).
    let flat: Cow<str> = if paragraph.contains(['\n', '\r']) {
        Cow::Owned(paragraph.replace(['\n', '\r'], " "))
    } else {
        Cow::Borrowed(paragraph)
    };
    boundary::split(&flat, marker, habit, rules)
}

/// The largest char boundary of `text` at or before `at`.
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Folds each run of white space to one space; borrows when there is nothing to fold.
fn fold_white_space(text: &str) -> Cow<'_, str> {
    let needs = text.contains(['\n', '\r', '\t']) || text.contains("  ");
    if !needs {
        return Cow::Borrowed(text);
    }
    let vertical = if text.contains(['\n', '\r']) { layout::vertical_words(text) } else { Vec::new() };
    let mut word = 0;
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push_str(&rest[..word_end]);
        let after = &rest[word_end..];
        let next = after.trim_start();
        if next.is_empty() {
            break;
        }
        // A mark pushed onto a line of its own by the layout ("for pricing\n.") belongs to the word
        // before it; the pieces of a word written vertically ("W\nA\nRN\nI\nNG") make one word.
        let line_break = after[..after.len() - next.len()].contains(['\n', '\r']);
        // Separators come in order, so the words are passed once (a text of many is still linear).
        let at = text.len() - after.len();
        while vertical.get(word).is_some_and(|w| w.end <= at) {
            word += 1;
        }
        let inside_word = vertical.get(word).is_some_and(|w| w.contains(&at));
        if !(line_break && (layout::starts_with_lone_mark(next) || inside_word)) {
            out.push(' ');
        }
        rest = next;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Vec<String> {
        segment(text, Language::English).into_iter().map(|s| s.text.into_owned()).collect()
    }

    fn es(text: &str) -> Vec<String> {
        segment(text, Language::Spanish).into_iter().map(|s| s.text.into_owned()).collect()
    }

    fn cut(text: &str, language: Language) -> Vec<String> {
        segment(text, language).into_iter().map(|s| s.text.into_owned()).collect()
    }

    #[test]
    fn informal_writing_opens_sentences_in_lower_case() {
        // The habit: several sentences open in lower case, after periods, question and exclamation marks.
        assert_eq!(
            en("my phone died again. tried a new cable, e.g. the one from the shop. no luck? ok thanks"),
            [
                "my phone died again.",
                "tried a new cable, e.g. the one from the shop.",
                "no luck?",
                "ok thanks"
            ]
        );
        assert_eq!(
            es("ya lo probé. no funciona. alguna idea?"),
            ["ya lo probé.", "no funciona.", "alguna idea?"]
        );
        // Paragraphs that open in lower case show the habit too.
        assert_eq!(
            en("Hi Mary,\n\nthe meeting is moved to Friday. can you send the slides?\n\nJohn"),
            ["Hi Mary,", "the meeting is moved to Friday.", "can you send the slides?", "John"]
        );
        // A run of marks ends a sentence even once.
        assert_eq!(en("Wait, what?! no way."), ["Wait, what?!", "no way."]);
        // Edited text: once is a slip, an abbreviation the lists lack or a name, not a habit.
        assert_eq!(
            en("The med. staff here is kind. It was quiet."),
            ["The med. staff here is kind.", "It was quiet."]
        );
        assert_eq!(
            en("She works at Yahoo! in the accounting department."),
            ["She works at Yahoo! in the accounting department."]
        );
        // Even with the habit, abbreviations (in any case) and quotations go on.
        assert_eq!(
            en(
                "we left at 9 a.m. sharp. the shop (approx. two miles away) was shut. he said \"why?\" and left. so dumb."
            ),
            [
                "we left at 9 a.m. sharp.",
                "the shop (approx. two miles away) was shut.",
                "he said \"why?\" and left.",
                "so dumb."
            ]
        );
    }

    #[test]
    fn chinese_and_japanese_sentences_end_without_a_space() {
        assert_eq!(
            cut(
                "我叫王二。你相信吗？“我不信！”他说。“好。”“谢谢。”１９９５年，他去了北京！",
                Language::Generic
            ),
            [
                "我叫王二。",
                "你相信吗？",
                "“我不信！”他说。",
                "“好。”",
                "“谢谢。”",
                "１９９５年，他去了北京！"
            ]
        );
        assert_eq!(
            cut("「行こう！」と彼は言った。雨が降っていた。「本当？」「うん。」", Language::Generic),
            ["「行こう！」と彼は言った。", "雨が降っていた。", "「本当？」", "「うん。」"]
        );
    }

    #[test]
    fn german_ordinals_titles_and_abbreviations() {
        assert_eq!(
            cut(
                "Er kam am 3. Oktober 1990 nach Berlin. Herr Dr. Müller, z. B. der Chef, sagte nichts. \
                 Der 2. Weltkrieg endete 1945. Es kostet ca. 5 Euro usw. Danach ging er. Sie wurde 44 v. Chr. \
                 geboren. Er hatte 3. Der Rest fehlte. Siehe S. 12 und Nr. 4.",
                Language::German
            ),
            [
                "Er kam am 3. Oktober 1990 nach Berlin.",
                "Herr Dr. Müller, z. B. der Chef, sagte nichts.",
                "Der 2. Weltkrieg endete 1945.",
                "Es kostet ca. 5 Euro usw.",
                "Danach ging er.",
                "Sie wurde 44 v. Chr. geboren.",
                "Er hatte 3.",
                "Der Rest fehlte.",
                "Siehe S. 12 und Nr. 4.",
            ]
        );
    }

    #[test]
    fn french_titles_dates_and_elisions() {
        assert_eq!(
            cut(
                "Il est arrivé le 3 oct. à Paris. M. Dupont et Mme Martin sont venus. Le Dr Lebrun, etc. \
                 Ensuite il est parti. Voir p. 5 du rapport. L'armée a tiré. Le gén. Leclerc entra.",
                Language::French
            ),
            [
                "Il est arrivé le 3 oct. à Paris.",
                "M. Dupont et Mme Martin sont venus.",
                "Le Dr Lebrun, etc.",
                "Ensuite il est parti.",
                "Voir p. 5 du rapport.",
                "L'armée a tiré.",
                "Le gén. Leclerc entra.",
            ]
        );
    }

    #[test]
    fn portuguese_titles_and_months() {
        assert_eq!(
            cut(
                "O Sr. Silva chegou às 10h. A Dra. Costa também. Veja o cap. 3 do livro. Ele saiu em 3 de \
                 jan. de 2020. O prof. Lima falou etc. Depois saiu. A empresa Souza & Cia. Ltda. fechou.",
                Language::Portuguese
            ),
            [
                "O Sr. Silva chegou às 10h.",
                "A Dra. Costa também.",
                "Veja o cap. 3 do livro.",
                "Ele saiu em 3 de jan. de 2020.",
                "O prof. Lima falou etc.",
                "Depois saiu.",
                "A empresa Souza & Cia. Ltda. fechou.",
            ]
        );
    }

    #[test]
    fn italian_titles_and_glued_feminine_forms() {
        assert_eq!(
            cut(
                "Il sig. Rossi è arrivato. La dott.ssa Bianchi pure. Vedi pag. 5 del libro. Poi è uscito, ecc. \
                 L'uomo rise. Il gen. Bianchi parlò con l'avv. Neri.",
                Language::Italian
            ),
            [
                "Il sig. Rossi è arrivato.",
                "La dott.ssa Bianchi pure.",
                "Vedi pag. 5 del libro.",
                "Poi è uscito, ecc.",
                "L'uomo rise.",
                "Il gen. Bianchi parlò con l'avv. Neri.",
            ]
        );
        // English and Spanish keep a number before a period as a sentence end.
        assert_eq!(cut("He had 3. The rest was gone.", Language::English).len(), 2);
    }

    #[test]
    fn titles_never_end_a_sentence() {
        assert_eq!(
            en("And in October Gen. Barry McCaffrey went to Lima."),
            ["And in October Gen. Barry McCaffrey went to Lima."]
        );
        assert_eq!(
            es("Y en octubre el Gral. Barry McCaffrey fue a Lima."),
            ["Y en octubre el Gral. Barry McCaffrey fue a Lima."]
        );
        assert_eq!(en("Mr. Smith met Dr. Jones."), ["Mr. Smith met Dr. Jones."]);
        // Spanish titles are often written in lower case.
        assert_eq!(
            es("Lo dijo el sr. García. La dra. Gil y el gral. Ruiz llegaron."),
            ["Lo dijo el sr. García.", "La dra. Gil y el gral. Ruiz llegaron."]
        );
    }

    #[test]
    fn ambiguous_abbreviation_ends_a_sentence_before_an_opener() {
        assert_eq!(
            en("The backer--the U.S. In September, it said so."),
            ["The backer--the U.S.", "In September, it said so."]
        );
        assert_eq!(
            en("Planes gathered by U.S. Awacs radar planes."),
            ["Planes gathered by U.S. Awacs radar planes."]
        );
        assert_eq!(
            en("In Washington, D.C., U.S. officials spoke."),
            ["In Washington, D.C., U.S. officials spoke."]
        );
        // Quantifiers open sentences as often as articles do.
        assert_eq!(
            en("He led the U.S. Thousands came to see him."),
            ["He led the U.S.", "Thousands came to see him."]
        );
        assert_eq!(es("El gobierno de EE.UU. cree que no."), ["El gobierno de EE.UU. cree que no."]);
        assert_eq!(
            es("Lo respalda EE.UU. En septiembre habló."),
            ["Lo respalda EE.UU.", "En septiembre habló."]
        );
        assert_eq!(es("Lo dijo EE. UU. ayer."), ["Lo dijo EE. UU. ayer."]);
    }

    #[test]
    fn two_parts_of_a_company_name_stay_together() {
        assert_eq!(
            en("The GmbH & Co. KG is a partnership. Samsung Electronics Co. Ltd. makes phones."),
            ["The GmbH & Co. KG is a partnership.", "Samsung Electronics Co. Ltd. makes phones."]
        );
        assert_eq!(
            en("They sold it to Briggs & Co. It closed."),
            ["They sold it to Briggs & Co.", "It closed."]
        );
        assert_eq!(es("La vendió Pérez y Cía. S.A. en mayo."), ["La vendió Pérez y Cía. S.A. en mayo."]);
        // A legal form's letters after an abbreviation that is no part of a name open a sentence.
        assert_eq!(en("They met at 5 p.m. SA officials came."), ["They met at 5 p.m.", "SA officials came."]);
    }

    #[test]
    fn initials() {
        assert_eq!(en("J. R. R. Tolkien wrote it. He died."), ["J. R. R. Tolkien wrote it.", "He died."]);
        assert_eq!(en("He flew to the U. A. E. in May."), ["He flew to the U. A. E. in May."]);
        assert_eq!(es("Llegó a las 3 p. m. Luego se fue."), ["Llegó a las 3 p. m.", "Luego se fue."]);
    }

    #[test]
    fn months_and_numbers() {
        assert_eq!(
            en("The Times (Feb. 3) wrote that. The Jan. 12, 1995 discovery was big."),
            ["The Times (Feb. 3) wrote that.", "The Jan. 12, 1995 discovery was big."]
        );
        assert_eq!(
            es("El Times (3 de feb.) escribió algo. Pagaba 50.000 dólares en 1991-92."),
            ["El Times (3 de feb.) escribió algo.", "Pagaba 50.000 dólares en 1991-92."]
        );
        assert_eq!(
            en("He paid $50,000. It cost $1,000.50 in 3.14 days."),
            ["He paid $50,000.", "It cost $1,000.50 in 3.14 days."]
        );
    }

    #[test]
    fn quotes_inside_and_outside() {
        assert_eq!(
            en("It fueled the \"crack epidemic.\" Now, it claims so."),
            ["It fueled the \"crack epidemic.\"", "Now, it claims so."]
        );
        assert_eq!(
            es("Es la \"guerra contra las drogas\". Esa \"guerra\" no ha frenado nada."),
            ["Es la \"guerra contra las drogas\".", "Esa \"guerra\" no ha frenado nada."]
        );
        assert_eq!(es("Dijo: «Se acabó». Luego calló."), ["Dijo: «Se acabó».", "Luego calló."]);
    }

    #[test]
    fn inverted_marks_and_lower_case_after_question() {
        assert_eq!(
            es("¿Quién lo sabe? Nadie. ¡Basta! Se fue."),
            ["¿Quién lo sabe?", "Nadie.", "¡Basta!", "Se fue."]
        );
        assert_eq!(en("\"Why?\" he asked. Nobody knew."), ["\"Why?\" he asked.", "Nobody knew."]);
        assert_eq!(es("Y él preguntó ¿quién vino? y se fue."), ["Y él preguntó ¿quién vino? y se fue."]);
    }

    #[test]
    fn dialogue_stays_whole_but_quoted_passages_are_cut() {
        // Dialogue: a quotation that no colon introduces stays one sentence.
        assert_eq!(
            en("\"How many? I don't know,\" she said. He left."),
            ["\"How many? I don't know,\" she said.", "He left."]
        );
        // A passage quoted after a colon, as news reports quote documents, is cut into its sentences.
        assert_eq!(
            en("The Times wrote: \"The plans include visits. They also call for boats.\""),
            ["The Times wrote: \"The plans include visits.", "They also call for boats.\""]
        );
        // Clitics of tokenised text are no quotation marks.
        assert_eq!(en("Walter 's brother left . He said so ."), ["Walter 's brother left .", "He said so ."]);
        // Speech broken off with a dash ends there.
        assert_eq!(
            en("She began, \"If you please, sir--\" The Rabbit ran."),
            ["She began, \"If you please, sir--\"", "The Rabbit ran."]
        );
    }

    #[test]
    fn a_punctuation_mark_left_alone_by_the_layout_joins_its_word() {
        assert_eq!(
            en("Contact us for the prices of the new rooms\n.\n\nPrices and conditions\n"),
            ["Contact us for the prices of the new rooms.", "Prices and conditions"]
        );
        assert_eq!(en("He paid in cash\n, as agreed.\n"), ["He paid in cash, as agreed."]);
        // Not a mark glued to what follows: ".NET" starts its own line.
        assert_eq!(en("Our tools\n.NET and Java\n"), ["Our tools", ".NET and Java"]);
    }

    #[test]
    fn a_word_written_vertically_is_one_word() {
        assert_eq!(en("\nW\nA\nRN\nI\nNG\n \n/\n \nA\nV\nE\nRT\n"), ["WARNING", "/", "AVERT"]);
        assert_eq!(en("Exit A\nB is closed.\n\nI\nII\n"), ["Exit A", "B is closed.", "I", "II"]);
        assert_eq!(en("Plan.\nA\nB\nCD\nis the code."), ["Plan.", "ABCD is the code."]);
        // Codes and numerals one a line are not a word.
        assert_eq!(en("NY\nCA\nTX\n\nI\nII\nIII\n"), ["NY", "CA", "TX", "I", "II", "III"]);
    }

    #[test]
    fn a_quote_standing_alone_opens_or_closes_by_what_surrounds_it() {
        // An excerpt that starts inside a quotation: the lone quote closes it.
        assert_eq!(
            en("We waited all night at the station . ' Ann looked at the clock ."),
            ["We waited all night at the station . '", "Ann looked at the clock ."]
        );
        // A quotation mark follows in the next sentence: the lone quote opens it.
        assert_eq!(
            en("We waited all night at the station . ' Who is there ? ' he asked ."),
            ["We waited all night at the station .", "' Who is there ? ' he asked ."]
        );
        // At the start of the text, before a capital, it opens dialogue, which stays whole.
        assert_eq!(
            en("' No, the train will not stop here . If it does, we will be ready .' Ann smiled ."),
            ["' No, the train will not stop here . If it does, we will be ready .'", "Ann smiled ."]
        );
        // The sentence before has a quotation of its own: the lone quote opens the next one.
        assert_eq!(
            en("' It is late , ' Ann said . ' Go home ."),
            ["' It is late , ' Ann said .", "' Go home ."]
        );
        // After a quotation closed, a lone quote before a capital opens the next one, and a lone quote
        // closes it: the dialogue between them stays whole.
        assert_eq!(
            en(
                "`We can go now.'  ' It is a fine bridge, Tom!  The lad told me.  But seeing is believing! ' Tom nodded."
            ),
            [
                "`We can go now.'",
                "' It is a fine bridge, Tom! The lad told me. But seeing is believing! '",
                "Tom nodded."
            ]
        );
        // Without a quotation closed before, the same lone quote may close one opened before the text.
        assert_eq!(
            en("He went through. ' The milkman looked at him. Then he left. ' Tom nodded."),
            ["He went through. '", "The milkman looked at him.", "Then he left. '", "Tom nodded."]
        );
    }

    #[test]
    fn parentheses_and_ellipses() {
        assert_eq!(
            en("Mafia families fight. (There were shoot-outs.) And both share an enemy."),
            ["Mafia families fight.", "(There were shoot-outs.)", "And both share an enemy."]
        );
        assert_eq!(
            en("Wait... what was that? Nothing... The end."),
            ["Wait... what was that?", "Nothing...", "The end."]
        );
        // A sentence's own period, then a spaced ellipsis that opens the next (an omission at its start);
        // spaced after a word, the four dots end the sentence.
        assert_eq!(
            en("It was weakened. . . . The practice was not abandoned. Use a period . . . . Next one."),
            [
                "It was weakened.",
                ". . . The practice was not abandoned.",
                "Use a period . . . .",
                "Next one."
            ]
        );
    }

    #[test]
    fn bullets_are_not_part_of_the_sentence_and_lines_wrap() {
        let got =
            segment("  • July 3, 1996: 120 kilos were seized.\n  • July 11: more.\n", Language::English);
        assert_eq!(
            got.iter().map(|s| s.text.as_ref()).collect::<Vec<_>>(),
            ["July 3, 1996: 120 kilos were seized.", "July 11: more."]
        );
        assert_eq!(got.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 1]);
        let wrapped = "A sentence that an editor wrapped at a fixed width of about\nsixty characters. And a second one.\n";
        assert_eq!(
            en(wrapped),
            [
                "A sentence that an editor wrapped at a fixed width of about sixty characters.",
                "And a second one."
            ]
        );
    }

    #[test]
    fn ranges_point_into_the_input() {
        let text = "  One sentence.  Two\n sentences here.\n\nThree.";
        for s in segment(text, Language::English) {
            assert_eq!(fold_white_space(&text[s.range.clone()]), s.text);
        }
    }

    #[test]
    fn lines_format() {
        let got = from_lines("\n\nA.\r\n B. \n\n\n\nC.");
        assert_eq!(
            got.iter().map(|s| (s.text.as_ref(), s.paragraph)).collect::<Vec<_>>(),
            [("A.", 0), ("B.", 0), ("C.", 1)]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the pieces that exercise the rules: abbreviations, list markers, quotes, brackets,
    /// line breaks, and any Unicode.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("U.S. ".to_string()),
            Just("Gen. ".to_string()),
            Just("a.m. ".to_string()),
            Just("1. ".to_string()),
            Just("b) ".to_string()),
            Just("• ".to_string()),
            Just("' ".to_string()),
            Just("\" ".to_string()),
            Just("[1] ".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just(". ".to_string()),
            Just("? ".to_string()),
            Just("¿¡".to_string()),
            Just("...".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            "[A-Za-z]{1,8} ",
            "\\PC{1,6}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn sentences_are_ordered_disjoint_slices_of_the_input(text in text(), spanish: bool) {
            let language = if spanish { Language::Spanish } else { Language::English };
            let sentences = segment(&text, language);
            let mut last_end = 0;
            let mut last_paragraph = 0;
            for s in &sentences {
                prop_assert!(s.range.start >= last_end && s.range.start < s.range.end && s.range.end <= text.len());
                prop_assert!(s.paragraph >= last_paragraph);
                prop_assert_eq!(fold_white_space(&text[s.range.clone()]), s.text.clone());
                prop_assert!(!is_blank(&s.text));
                last_end = s.range.end;
                last_paragraph = s.paragraph;
            }
            // Nothing but white space and list markers is left out.
            let mut covered = String::new();
            let mut at = 0;
            for s in &sentences {
                covered.push_str(&text[at..s.range.start]);
                at = s.range.end;
            }
            covered.push_str(&text[at..]);
            let left: String = covered.chars().filter(|c| !is_blank(&c.to_string())).collect();
            prop_assert!(left.chars().count() <= 4 * (sentences.len() + 1) + text.matches(['•', '*', '-', '+', '·', '–']).count(),
                "left out: {left:?}");
        }
    }
}

#[cfg(test)]
mod adversarial {
    use super::*;

    // Regressions: each of these once took quadratic time or overflowed the stack.
    #[test]
    fn a_long_line_without_periods_is_linear() {
        let text = "word ".repeat(200_000);
        assert_eq!(segment(&text, Language::English).len(), 1);
    }

    #[test]
    fn a_run_of_bullets_does_not_overflow_the_stack() {
        // Before the fix this aborted the process; every sentence is still a slice of the input.
        let text = "• ".repeat(200_000);
        for s in segment(&text, Language::English) {
            assert_eq!(&text[s.range.clone()], s.text);
        }
    }

    #[test]
    fn many_rejected_candidates_in_one_sentence() {
        let text = "U.S. ".repeat(50_000);
        assert!(!segment(&text, Language::English).is_empty());
    }
}
