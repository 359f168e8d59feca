//! SRX 2.0: the segmentation rules of translation tools (OmegaT, Okapi, Trados, LanguageTool).
//!
//! An SRX file holds named sets of language rules and a map from language-code patterns to those sets.
//! Each rule has a `beforebreak` and an `afterbreak` regular expression and says whether the position
//! between them is a break (`break="yes"`, the default) or not. At each position the first rule, in
//! document order, that matches decides; with `cascade="yes"` the rules of every matching map entry
//! apply in order, without it only those of the first.
//!
//! The patterns are Java regular expressions with look-ahead and look-behind; they are compiled with
//! fancy-regex after a few translations of Java-only syntax (`\Q…\E`, `\p{javaLowerCase}`, POSIX
//! classes, `\h`). A pattern that still does not compile is reported with its rule's place in the file
//! ([`Srx::problems`]) and the rule is left out; nothing is dropped silently.
//!
//! Like OmegaT, the search for a rule scans the text for matches of `beforebreak` and checks
//! `afterbreak` where each match ends.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use fancy_regex::Regex;
use quick_xml::events::{BytesStart, Event};

use super::floor_boundary;
use crate::error::{Error, Result};

/// Where a rule stands in its SRX file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulePlace {
    /// The `languagerulename` of its set.
    pub language_rule: String,
    /// 1-based number of the rule in its set.
    pub number: usize,
    /// 1-based line of the rule in the file.
    pub line: usize,
}

impl fmt::Display for RulePlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, rule {} of {:?}", self.line, self.number, self.language_rule)
    }
}

/// A pattern of an SRX file that could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The rule.
    pub place: RulePlace,
    /// `beforebreak`, `afterbreak` or `languagepattern`.
    pub element: &'static str,
    /// The pattern as written in the file.
    pub pattern: String,
    /// The compiler's message.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {:?} does not compile ({}); the rule is left out",
            self.place, self.element, self.pattern, self.message
        )
    }
}

struct Rule {
    is_break: bool,
    before: Option<Regex>,
    after: Option<Regex>,
}

struct LanguageMap {
    pattern: Regex,
    rule_set: String,
}

/// A compiled SRX file.
pub struct Srx {
    cascade: bool,
    rule_sets: BTreeMap<String, Vec<Rule>>,
    maps: Vec<LanguageMap>,
    problems: Vec<Problem>,
    rule_count: usize,
}

/// The rules that apply to one language, in order.
pub struct SrxRules<'s> {
    rules: Vec<&'s Rule>,
    /// Matches abandoned at the regex engine's backtracking limit (see [`SrxRules::gave_up`]).
    gave_up: std::sync::atomic::AtomicUsize,
}

impl Srx {
    /// Reads and compiles an SRX file.
    pub fn from_path(path: &Path) -> Result<Srx> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Srx::parse(&text, path)
    }

    /// Compiles SRX from `text`; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Srx> {
        let mut reader = quick_xml::Reader::from_str(text);
        let error = |reader: &quick_xml::Reader<&[u8]>, message: String| Error::Srx {
            path: path.to_path_buf(),
            line: line_at(text, reader.buffer_position() as usize),
            message,
        };
        let mut srx = Srx {
            cascade: false,
            rule_sets: BTreeMap::new(),
            maps: Vec::new(),
            problems: Vec::new(),
            rule_count: 0,
        };
        let mut current_set: Option<String> = None;
        let mut rule: Option<(bool, RulePlace, String, String)> = None;
        let mut in_element: Option<&'static str> = None;
        let mut seen_root = false;
        loop {
            let event =
                reader.read_event().map_err(|e| error(&reader, format!("not well-formed XML: {e}")))?;
            match event {
                Event::Start(e) | Event::Empty(e) if local(&e) == "srx" => seen_root = true,
                Event::Start(e) | Event::Empty(e) if local(&e) == "header" => {
                    srx.cascade = attribute(&e, "cascade").as_deref() == Some("yes");
                }
                Event::Start(e) if local(&e) == "languagerule" => {
                    let name = attribute(&e, "languagerulename")
                        .ok_or_else(|| error(&reader, "a <languagerule> has no languagerulename".into()))?;
                    srx.rule_sets.entry(name.clone()).or_default();
                    current_set = Some(name);
                }
                Event::End(e) if e.local_name().as_ref() == "languagerule" => current_set = None,
                Event::Start(ref e) | Event::Empty(ref e) if local(e) == "rule" => {
                    let set = current_set
                        .clone()
                        .ok_or_else(|| error(&reader, "a <rule> outside a <languagerule>".into()))?;
                    let number = srx.rule_sets.get(&set).map_or(0, Vec::len) + srx.skipped_in(&set) + 1;
                    let line = line_at(text, reader.buffer_position() as usize);
                    let place = RulePlace { language_rule: set, number, line };
                    let is_break = attribute(e, "break").as_deref() != Some("no");
                    if matches!(event, Event::Empty(_)) {
                        // <rule/> has empty patterns: it matches everywhere.
                        srx.add_rule(is_break, place, "", "");
                    } else {
                        rule = Some((is_break, place, String::new(), String::new()));
                    }
                }
                Event::Start(e) if local(&e) == "beforebreak" => in_element = Some("beforebreak"),
                Event::Start(e) if local(&e) == "afterbreak" => in_element = Some("afterbreak"),
                Event::End(e) if matches!(e.local_name().as_ref(), "beforebreak" | "afterbreak") => {
                    in_element = None
                }
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    // The text of the pattern being read, if any.
                    let Some(target) = rule.as_mut().and_then(|r| match in_element {
                        Some("beforebreak") => Some(&mut r.2),
                        Some(_) => Some(&mut r.3),
                        None => None,
                    }) else {
                        continue;
                    };
                    match &event {
                        Event::Text(t) => target.push_str(&t.xml10_content()),
                        Event::CData(t) => target.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => match r.resolve_char_ref() {
                            Ok(Some(c)) => target.push(c),
                            _ => {
                                let name = r.xml10_content();
                                match quick_xml::escape::resolve_xml_entity(&name) {
                                    Some(text) => target.push_str(text),
                                    None => return Err(error(&reader, format!("unknown entity &{name};"))),
                                }
                            }
                        },
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "rule" => {
                    if let Some((is_break, place, before, after)) = rule.take() {
                        srx.add_rule(is_break, place, &before, &after);
                    }
                }
                Event::Start(e) | Event::Empty(e) if local(&e) == "languagemap" => {
                    let pattern = attribute(&e, "languagepattern").unwrap_or_default();
                    let rule_set = attribute(&e, "languagerulename").unwrap_or_default();
                    match Regex::new(&format!("(?i)^(?:{})$", java_to_rust(&pattern))) {
                        Ok(pattern) => srx.maps.push(LanguageMap { pattern, rule_set }),
                        Err(err) => srx.problems.push(Problem {
                            place: RulePlace {
                                language_rule: rule_set,
                                number: 0,
                                line: line_at(text, reader.buffer_position() as usize),
                            },
                            element: "languagepattern",
                            pattern,
                            message: err.to_string(),
                        }),
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !seen_root {
            return Err(Error::Srx {
                path: path.to_path_buf(),
                line: 1,
                message: "no <srx> element: not an SRX file".into(),
            });
        }
        Ok(srx)
    }

    fn add_rule(&mut self, is_break: bool, place: RulePlace, before: &str, after: &str) {
        self.rule_count += 1;
        let mut compile = |pattern: &str, element: &'static str, anchored: bool| -> Option<Option<Regex>> {
            if pattern.is_empty() {
                return Some(None);
            }
            let translated = java_to_rust(pattern);
            let source = if anchored { format!("^(?:{translated})") } else { translated };
            match Regex::new(&source) {
                Ok(regex) => Some(Some(regex)),
                Err(err) => {
                    self.problems.push(Problem {
                        place: place.clone(),
                        element,
                        pattern: pattern.to_string(),
                        message: err.to_string(),
                    });
                    None
                }
            }
        };
        let (Some(before), Some(after)) =
            (compile(before, "beforebreak", false), compile(after, "afterbreak", true))
        else {
            return;
        };
        self.rule_sets.entry(place.language_rule.clone()).or_default().push(Rule { is_break, before, after });
    }

    /// Rules of `set` left out so far for a pattern that did not compile (to number the next rule).
    fn skipped_in(&self, set: &str) -> usize {
        let mut places: Vec<usize> = self
            .problems
            .iter()
            .filter(|p| p.place.language_rule == set && p.place.number > 0)
            .map(|p| p.place.number)
            .collect();
        places.dedup();
        places.len()
    }

    /// The patterns that could not be compiled, each with its rule's place.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Number of rules in the file, compiled or not.
    pub fn rule_count(&self) -> usize {
        self.rule_count
    }

    /// The rules for language `code` (`en`, `EN-US`): those of the first map entry whose pattern matches,
    /// or of every matching entry in order when the file cascades.
    pub fn for_language(&self, code: &str) -> SrxRules<'_> {
        let mut rules = Vec::new();
        for map in &self.maps {
            if map.pattern.is_match(code).unwrap_or(false) {
                rules.extend(self.rule_sets.get(&map.rule_set).into_iter().flatten());
                if !self.cascade {
                    break;
                }
            }
        }
        SrxRules { rules, gave_up: Default::default() }
    }
}

impl SrxRules<'_> {
    /// Break positions in `text`: byte offsets where the rules say a segment ends.
    pub fn breaks(&self, text: &str) -> Vec<usize> {
        // The first rule to claim a position decides it.
        let mut decided: BTreeMap<usize, bool> = BTreeMap::new();
        for rule in &self.rules {
            let mut check = |end: usize| {
                if end == 0 || end >= text.len() || decided.contains_key(&end) {
                    return;
                }
                // `afterbreak` is anchored where the break would be; it is matched against a window of
                // text after it, which keeps a pattern that the engine cannot anchor from scanning the
                // rest of the paragraph at every position.
                let window = &text[end..floor_boundary(text, end + AFTERBREAK_WINDOW)];
                let after_ok =
                    rule.after.as_ref().is_none_or(|a| a.is_match(window).unwrap_or_else(|_| self.give_up()));
                if after_ok {
                    decided.insert(end, rule.is_break);
                }
            };
            match &rule.before {
                Some(before) => {
                    for m in before.find_iter(text) {
                        match m {
                            Ok(m) => check(m.end()),
                            Err(_) => {
                                self.give_up();
                            }
                        }
                    }
                }
                None => {
                    for (i, _) in text.char_indices() {
                        check(i);
                    }
                }
            }
        }
        decided.into_iter().filter(|&(_, is_break)| is_break).map(|(at, _)| at).collect()
    }

    /// How many matches, over every text segmented with these rules so far, went past the regex
    /// engine's backtracking limit (a pattern that backtracks exponentially): each was taken as no
    /// match. Worth a warning: the segments may differ from the CAT tool's.
    pub fn gave_up(&self) -> usize {
        self.gave_up.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn give_up(&self) -> bool {
        self.gave_up.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        false
    }

    /// Segments of `text` between the breaks, with surrounding white space left out.
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for end in self.breaks(text).into_iter().chain([text.len()]) {
            let piece = &text[start..end];
            let lead = piece.len() - piece.trim_start().len();
            let body = piece.trim();
            if !body.is_empty() {
                out.push(start + lead..start + lead + body.len());
            }
            start = end;
        }
        out
    }
}

/// Bytes of text after a break position that `afterbreak` patterns see; they look at a few characters.
const AFTERBREAK_WINDOW: usize = 256;

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Rewrites the Java-only parts of a pattern for fancy-regex.
fn java_to_rust(pattern: &str) -> String {
    let translated = translate_escapes(pattern);
    escape_class_hyphens(&translated)
}

/// In a Java character class, a `-` right after a class escape (`[\d-–]`) is a literal hyphen; the Rust
/// engines read it as a bad range, so it is escaped.
fn escape_class_hyphens(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut depth = 0usize;
    let mut after_class_escape = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                let Some(e) = chars.next() else { break };
                out.push(e);
                after_class_escape = false;
                if matches!(e, 'd' | 'D' | 'w' | 'W' | 's' | 'S') {
                    after_class_escape = depth > 0;
                } else if matches!(e, 'p' | 'P') && chars.peek() == Some(&'{') {
                    for n in chars.by_ref() {
                        out.push(n);
                        if n == '}' {
                            break;
                        }
                    }
                    after_class_escape = depth > 0;
                }
                continue;
            }
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '-' if after_class_escape && chars.peek() != Some(&']') => {
                out.push_str("\\-");
                after_class_escape = false;
                continue;
            }
            _ => {}
        }
        after_class_escape = false;
        out.push(c);
    }
    out
}

fn translate_escapes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(quoted) = tail.strip_prefix("\\Q") {
            // \Q...\E quotes a literal.
            let (literal, after) = quoted.split_once("\\E").unwrap_or((quoted, ""));
            out.push_str(&fancy_regex::escape(literal));
            rest = after;
            continue;
        }
        const CLASSES: &[(&str, &str)] = &[
            ("\\p{javaLowerCase}", "\\p{Ll}"),
            ("\\p{javaUpperCase}", "\\p{Lu}"),
            ("\\p{javaWhitespace}", "\\s"),
            ("\\p{IsAlphabetic}", "\\p{Alphabetic}"),
            ("\\p{IsLetter}", "\\p{L}"),
            ("\\p{IsDigit}", "\\p{Nd}"),
            ("\\p{IsPunctuation}", "\\p{P}"),
            ("\\p{IsUppercase}", "\\p{Lu}"),
            ("\\p{IsLowercase}", "\\p{Ll}"),
            ("\\p{Lower}", "[a-z]"),
            ("\\p{Upper}", "[A-Z]"),
            ("\\p{Alpha}", "[a-zA-Z]"),
            ("\\p{Digit}", "[0-9]"),
            ("\\p{Alnum}", "[a-zA-Z0-9]"),
            ("\\p{Punct}", "[!-/:-@\\[-`{-~]"),
            ("\\p{Space}", "\\s"),
            ("\\h", "[ \\t\\u{A0}\\u{1680}\\u{180E}\\u{2000}-\\u{200A}\\u{202F}\\u{205F}\\u{3000}]"),
        ];
        if let Some((java, rust)) = CLASSES.iter().find(|(java, _)| tail.starts_with(java)) {
            out.push_str(rust);
            rest = &tail[java.len()..];
            continue;
        }
        // \p{InBlock} and \p{IsScript}: Unicode blocks and scripts by name.
        if let Some(name) = tail.strip_prefix("\\p{In").or_else(|| tail.strip_prefix("\\p{Is"))
            && let Some(end) = name.find('}')
        {
            out.push_str(&format!("\\p{{{}}}", &name[..end]));
            rest = &name[end + 1..];
            continue;
        }
        // Keep any other escape, with the character it escapes.
        let mut chars = tail.chars();
        chars.next();
        match chars.next() {
            Some(c) => {
                out.push('\\');
                out.push(c);
                rest = &tail[1 + c.len_utf8()..];
            }
            None => {
                out.push_str("\\\\");
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/><body>
<languagerules>
<languagerule languagerulename="English">
<rule break="no"><beforebreak>\b(?:Mr|Dr)\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="no"><beforebreak>\QU.S.\E</beforebreak><afterbreak>\s\p{javaLowerCase}</afterbreak></rule>
</languagerule>
<languagerule languagerulename="Default">
<rule><beforebreak>[.?!]+</beforebreak><afterbreak>\s+\p{Lu}</afterbreak></rule>
<rule break="no"><beforebreak>(</beforebreak><afterbreak/></rule>
</languagerule>
</languagerules>
<maprules><languagemap languagepattern="EN.*" languagerulename="English"/><languagemap languagepattern=".*" languagerulename="Default"/></maprules>
</body></srx>"#;

    #[test]
    fn rules_cascade_and_the_first_match_decides() {
        let srx = Srx::parse(SAMPLE, Path::new("t.srx")).unwrap();
        let text = "Mr. Smith went to the U.S. last year. He liked it! Really.";
        let rules = srx.for_language("en-US");
        let pieces: Vec<&str> = rules.split(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces, ["Mr. Smith went to the U.S. last year.", "He liked it!", "Really."]);
        // Without the English rules, "Mr." breaks.
        let pieces: Vec<&str> = srx.for_language("fr").split(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces[0], "Mr.");
    }

    #[test]
    fn a_match_abandoned_at_the_backtracking_limit_is_counted() {
        // A backreference makes fancy-regex backtrack; `(a|a)*` doubles its paths at every letter.
        let srx = SAMPLE.replace(
            r#"<languagerule languagerulename="Default">"#,
            r#"<languagerule languagerulename="Default"><rule><beforebreak>(a|a)*\1c</beforebreak></rule>"#,
        );
        let srx = Srx::parse(&srx, Path::new("t.srx")).unwrap();
        let rules = srx.for_language("fr");
        let text = format!("{}. Done.", "a".repeat(40));
        let _ = rules.split(&text);
        assert!(rules.gave_up() > 0);
        assert_eq!(srx.for_language("fr").gave_up(), 0, "counted per rule set in use");
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_reported_with_its_place() {
        let srx = Srx::parse(SAMPLE, Path::new("t.srx")).unwrap();
        let problems = srx.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].place.language_rule, "Default");
        assert_eq!(problems[0].place.number, 2);
        assert!(
            problems[0].to_string().starts_with("line 10, rule 2 of \"Default\": beforebreak \"(\""),
            "{}",
            problems[0]
        );
        assert_eq!(srx.rule_count(), 4);
    }

    #[test]
    fn java_syntax_is_translated() {
        assert_eq!(java_to_rust(r"\Qa.b\E\s"), r"a\.b\s");
        assert_eq!(java_to_rust(r"\p{javaUpperCase}\p{InGreek}"), r"\p{Lu}\p{Greek}");
        assert_eq!(java_to_rust(r"[\d-–]+"), r"[\d\-–]+");
        assert_eq!(java_to_rust(r"[a-z\p{Lu}-]"), r"[a-z\p{Lu}-]");
        assert!(Srx::parse("<html/>", Path::new("x")).is_err());
    }
}
