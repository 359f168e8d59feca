//! The review page: one self-contained HTML file (no script, no external file, no network) that shows
//! the two editions side by side, bead by bead, coloured by confidence, with the sentences left without
//! counterpart listed first, so that a reviewer finds the doubtful pairs at a glance.
//!
//! What it does not do: edit anything; the review itself happens in the CSV or in `alinea review`.

use std::io::{self, Write};

use quick_xml::escape::escape;

use super::{Band, Languages, SURE, Selection, Status, TranslationUnit};

const STYLE: &str = "
body { font: 15px/1.45 Georgia, 'DejaVu Serif', serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; }
td, th { vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #e4e4e4; }
th { text-align: left; font-family: sans-serif; font-size: .85em; color: #555; }
td.n { font-family: sans-serif; font-size: .8em; color: #666; white-space: nowrap; width: 5.5em; }
tr.sure td.n { border-left: 6px solid #3a9d5d; } tr.check td.n { border-left: 6px solid #e0a800; background: #fff8e1; }
tr.doubt td.n { border-left: 6px solid #d9534f; background: #fdecea; } tr.doubt td { background: #fdecea; }
tr.check td { background: #fff8e1; } tr.alone td { background: #f1f1f1; color: #666; }
td.missing { font-style: italic; color: #999; }
.legend span { display: inline-block; padding: .1em .6em; margin-right: .6em; font-family: sans-serif; font-size: .85em; }
.sure-l { border-left: 6px solid #3a9d5d; } .check-l { border-left: 6px solid #e0a800; background: #fff8e1; }
.doubt-l { border-left: 6px solid #d9534f; background: #fdecea; } .alone-l { background: #f1f1f1; }
#only:checked ~ section tr.sure { display: none; }
ul.dropped li { margin-bottom: .3em; } span.s { font-family: sans-serif; font-size: .75em; color: #888; } .summary { font-family: sans-serif; font-size: .9em; color: #444; }
";

/// Writes the review page for `documents` (each a name and its units, in bead order).
///
/// ```
/// use alinea::memory::{report, Languages, Selection, TranslationUnit};
/// let units = [TranslationUnit { id: 1, source: "Fish & chips".into(), target: "Pescado".into(), score: Some(0.3), ..Default::default() }];
/// let mut out = Vec::new();
/// report::write(&mut out, &[("menu", &units[..])], &Languages::default(), Selection::default()).unwrap();
/// let page = String::from_utf8(out).unwrap();
/// assert!(page.contains("Fish &amp; chips") && page.contains("class=\"doubt\"") && !page.contains("<script"));
/// ```
pub fn write<W: Write>(
    mut out: W,
    documents: &[(&str, &[TranslationUnit])],
    languages: &Languages,
    selection: Selection,
) -> io::Result<()> {
    let doubtful = selection.min_score;
    let (src, tgt) = (escape(&languages.source), escape(&languages.target));
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"{src}\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<title>alinea review: {} document(s)</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        documents.len()
    )?;
    writeln!(out, "<h1>Alignment review</h1>")?;
    let all: Vec<&TranslationUnit> = documents.iter().flat_map(|(_, units)| units.iter()).collect();
    let count = |f: &dyn Fn(&TranslationUnit) -> bool| all.iter().filter(|u| f(u)).count();
    writeln!(
        out,
        "<p class=\"summary\">{} document(s), {} beads: {} sure (confidence ≥ {SURE}), {} to check, {} doubtful \
         (under {doubtful}: kept out of the memory unless marked ok), {} without counterpart.</p>",
        documents.len(),
        all.len(),
        count(&|u| Band::of(u, selection) == Band::Sure),
        count(&|u| Band::of(u, selection) == Band::Check),
        count(&|u| Band::of(u, selection) == Band::Doubt),
        count(&|u| Band::of(u, selection) == Band::Alone),
    )?;
    writeln!(
        out,
        "<p class=\"legend\"><span class=\"sure-l\">sure</span><span class=\"check-l\">to check</span>\
         <span class=\"doubt-l\">doubtful</span><span class=\"alone-l\">no counterpart</span></p>"
    )?;
    writeln!(
        out,
        "<input type=\"checkbox\" id=\"only\"> <label for=\"only\">show only the beads to check</label>"
    )?;
    if documents.len() > 1 {
        writeln!(out, "<nav class=\"toc\"><p class=\"summary\">Documents:</p>\n<ol>")?;
        for (k, (name, units)) in documents.iter().enumerate() {
            let to_check = units
                .iter()
                .filter(|u| u.status == Status::Unreviewed && Band::of(u, selection) != Band::Sure)
                .count();
            writeln!(
                out,
                "<li><a href=\"#d{k}\">{}</a> <span class=\"summary\">{} beads, {to_check} to check</span></li>",
                escape(*name),
                units.len()
            )?;
        }
        writeln!(out, "</ol>\n</nav>")?;
    }
    for (k, (name, units)) in documents.iter().enumerate() {
        let anchor = format!("d{k}");
        writeln!(out, "<section>\n<h2 id=\"{anchor}\">{}</h2>", escape(*name))?;
        let alone: Vec<&TranslationUnit> = units.iter().filter(|u| !u.is_pair()).collect();
        if !alone.is_empty() {
            writeln!(out, "<p class=\"summary\">Without counterpart:</p>\n<ul class=\"dropped\">")?;
            for u in alone {
                let (lang, text, numbers) = if u.source.is_empty() {
                    (&tgt, &u.target, &u.target_sentences)
                } else {
                    (&src, &u.source, &u.source_sentences)
                };
                writeln!(
                    out,
                    "<li><a href=\"#{anchor}-{}\">{lang} {}</a>: {}</li>",
                    u.id,
                    sentence_numbers(numbers).unwrap_or_else(|| format!("unit {}", u.id)),
                    escape(text.as_str())
                )?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "<table>\n<tr><th>bead</th><th>{src}</th><th>{tgt}</th></tr>")?;
        for u in units.iter() {
            let class = Band::of(u, selection).as_str();
            let kind = u.kind.map_or(String::new(), |k| k.to_string());
            let cell = |text: &str, numbers: &[usize]| {
                if text.is_empty() {
                    "<td class=\"missing\">(no counterpart)</td>".to_string()
                } else {
                    let label = sentence_numbers(numbers)
                        .map_or(String::new(), |n| format!("<span class=\"s\">{n}</span> "));
                    format!("<td>{label}{}</td>", escape(text))
                }
            };
            let status = match u.status {
                Status::Unreviewed => "",
                Status::Ok => "<br>✓ ok",
                Status::Rejected => "<br>✗ reject",
            };
            writeln!(
                out,
                "<tr class=\"{class}\" id=\"{anchor}-{}\"><td class=\"n\">#{} {kind}<br>{}{status}</td>{}{}</tr>",
                u.id,
                u.id,
                u.score.map_or(String::new(), |s| format!("{s:.2}")),
                cell(&u.source, &u.source_sentences),
                cell(&u.target, &u.target_sentences)
            )?;
        }
        writeln!(out, "</table>\n</section>")?;
    }
    writeln!(out, "</body>\n</html>")
}

/// "sentence 12" or "sentences 12–13", numbered from 1 as an editor numbers lines; `None` when the unit
/// does not say (a row typed by a reviewer, a unit from another memory).
fn sentence_numbers(positions: &[usize]) -> Option<String> {
    match positions {
        [] => None,
        [one] => Some(format!("sentence {}", one + 1)),
        [first, .., last] => Some(format!("sentences {}–{}", first + 1, last + 1)),
    }
}
