//! PDF editions: the text of each page, read with pdf-extract (pure Rust, on lopdf) as glyphs with their
//! positions, put back in reading order here, then cleaned of the debris of print (see
//! [`crate::print`]).
//!
//! Reading order: the glyphs of a page are grouped into rows by their baseline; a gutter, an empty
//! vertical band that the rows on both sides of it leave blank, splits the page into columns, read one
//! after the other (a heading or a header that runs across the gutter is read where it stands, above
//! or below); columns within a column are found the same way. A wider gap between rows than between
//! the lines of a paragraph is a paragraph break.
//!
//! A PDF that cannot give text says why, naming the file: encrypted with a password (open it and save
//! it without one), without a text layer (a scan: run OCR first), or damaged.
//!
//! What it does not do: OCR, right-to-left or vertical scripts' reading order, or tell a footnote from
//! the body.

use std::path::Path;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::error::{Error, Result};

fn error(path: &Path, message: impl Into<String>) -> Error {
    Error::Document { path: path.to_path_buf(), message: message.into() }
}

/// One glyph: its left edge and baseline (from the top of the page), its right edge, its size.
#[derive(Clone, Debug)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// Collects the glyphs of every page.
#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    current: Vec<Glyph>,
    height: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.current.clear();
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        self.pages.push(std::mem::take(&mut self.current));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> std::result::Result<(), OutputError> {
        // The size of the glyph on the page: the side of the square of the same area as the font's
        // em square after the text matrix.
        let sx = font_size * trm.m11 + font_size * trm.m21;
        let sy = font_size * trm.m12 + font_size * trm.m22;
        let size = (sx * sy).abs().sqrt().max(0.1);
        let x = trm.m31;
        self.current.push(Glyph {
            x,
            y: self.height - trm.m32,
            end: x + width * size,
            size,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
}

/// The text of each page of the PDF `bytes` (`path` names it in errors), in reading order.
pub fn pages(bytes: &[u8], path: &Path) -> Result<Vec<String>> {
    let damaged = |detail: String| {
        error(
            path,
            format!(
                "the PDF is damaged or not one alinea can read{detail}; open it in a PDF reader and print it to \
                 a new PDF"
            ),
        )
    };
    // The PDF library may panic on a malformed file: that is a damaged input, not a crash.
    let extracted = std::panic::catch_unwind(|| -> std::result::Result<Collector, String> {
        let mut document = pdf_extract::Document::load_mem(bytes).map_err(|e| format!(" ({e})"))?;
        if document.is_encrypted() && document.decrypt("").is_err() {
            return Err("encrypted".to_string());
        }
        let mut collector = Collector::default();
        pdf_extract::output_doc(&document, &mut collector).map_err(|e| format!(" ({e})"))?;
        Ok(collector)
    });
    let collector = match extracted {
        Ok(Ok(collector)) => collector,
        Ok(Err(e)) if e == "encrypted" => {
            return Err(error(
                path,
                "the PDF is encrypted with a password; open it with its password and save or print it as a PDF \
                 without one, or export its text",
            ));
        }
        Ok(Err(detail)) => return Err(damaged(detail)),
        Err(_) => return Err(damaged(String::new())),
    };
    let pages: Vec<String> = collector.pages.iter().map(|glyphs| page_text(glyphs)).collect();
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(error(
            path,
            format!(
                "no text layer in its {} page(s): a scanned document; run OCR first (for example ocrmypdf), \
                 then give the result",
                pages.len()
            ),
        ));
    }
    Ok(pages)
}

/// The text of the PDF `bytes`, pages joined, without running headers, footers, page numbers and
/// line-end hyphens, its lines joined into paragraphs.
pub fn to_text(bytes: &[u8], path: &Path) -> Result<String> {
    let pages = pages(bytes, path)?;
    Ok(crate::print::unwrap_lines(&crate::print::join_hyphenated(&crate::print::join_pages(&pages))))
}

/// A row of glyphs sharing a baseline, left to right.
#[derive(Clone, Debug)]
struct Row {
    y: f64,
    size: f64,
    glyphs: Vec<Glyph>,
}

/// A page's glyphs as text in reading order: rows, columns one after the other, a blank line at a
/// paragraph gap.
fn page_text(glyphs: &[Glyph]) -> String {
    let visible: Vec<Glyph> = glyphs.iter().filter(|g| !g.text.trim().is_empty()).cloned().collect();
    let mut sorted = visible;
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Row> = Vec::new();
    for g in sorted {
        match rows.last_mut() {
            Some(row) if (g.y - row.y).abs() < row.size * 0.5 => row.glyphs.push(g),
            _ => rows.push(Row { y: g.y, size: g.size, glyphs: vec![g] }),
        }
    }
    let ordered = reading_order(rows, 0);
    // A gap between consecutive rows of a column larger than the usual line spacing ends a paragraph.
    let mut gaps: Vec<f64> = ordered.windows(2).map(|w| w[1].y - w[0].y).filter(|g| *g > 0.0).collect();
    gaps.sort_by(f64::total_cmp);
    let spacing = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
    let mut text = String::new();
    for (k, row) in ordered.iter().enumerate() {
        if k > 0 {
            let gap = row.y - ordered[k - 1].y;
            // Going up is the next column: the paragraph goes on unless its line closed it (left to
            // `print::unwrap_lines`, as at a page break).
            if gap > spacing * 1.4 {
                text.push('\n');
            }
        }
        text.push_str(&row_text(row));
        text.push('\n');
    }
    text
}

/// The text of a row: its glyphs left to right, a space where they stand apart.
fn row_text(row: &Row) -> String {
    let mut glyphs = row.glyphs.clone();
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut out = String::new();
    let mut last_end: Option<f64> = None;
    for g in &glyphs {
        if let Some(end) = last_end
            && g.x > end + g.size * 0.1
            && !out.ends_with(' ')
        {
            out.push(' ');
        }
        out.push_str(&g.text);
        last_end = Some(g.end);
    }
    out.trim().to_string()
}

/// The rows in reading order: split at a gutter into columns read one after the other, rows that cross
/// the gutter read where they stand; each column split again (up to a few levels).
fn reading_order(rows: Vec<Row>, depth: usize) -> Vec<Row> {
    let Some(gutter) = (depth < 3).then(|| find_gutter(&rows)).flatten() else { return rows };
    // A row crosses the gutter when a glyph covers its middle (a line of a column may reach a little
    // into it).
    let middle = (gutter.0 + gutter.1) / 2.0;
    let crosses = |row: &Row| row.glyphs.iter().any(|g| g.x < middle && g.end > middle);
    let mut out = Vec::new();
    let mut band: Vec<Row> = Vec::new();
    let flush = |band: &mut Vec<Row>, out: &mut Vec<Row>| {
        if band.is_empty() {
            return;
        }
        let mut left = Vec::new();
        let mut right = Vec::new();
        for row in band.drain(..) {
            let (l, r): (Vec<Glyph>, Vec<Glyph>) = row.glyphs.into_iter().partition(|g| g.x < middle);
            if !l.is_empty() {
                left.push(Row { y: row.y, size: row.size, glyphs: l });
            }
            if !r.is_empty() {
                right.push(Row { y: row.y, size: row.size, glyphs: r });
            }
        }
        out.extend(reading_order(left, depth + 1));
        out.extend(reading_order(right, depth + 1));
    };
    for row in rows {
        if crosses(&row) {
            flush(&mut band, &mut out);
            out.push(row);
        } else {
            band.push(row);
        }
    }
    flush(&mut band, &mut out);
    out
}

/// A vertical band (from, to) left empty by the rows that have text on both sides of it, at least as
/// wide as a glyph and a half, with text on both sides in most rows: the gutter between two columns.
fn find_gutter(rows: &[Row]) -> Option<(f64, f64)> {
    if rows.len() < 4 {
        return None;
    }
    let left = rows.iter().flat_map(|r| &r.glyphs).map(|g| g.x).fold(f64::INFINITY, f64::min);
    let right = rows.iter().flat_map(|r| &r.glyphs).map(|g| g.end).fold(f64::NEG_INFINITY, f64::max);
    let mut sizes: Vec<f64> = rows.iter().map(|r| r.size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes[sizes.len() / 2];
    let width = right - left;
    // A page wider than a few metres is a broken file, not columns.
    if width.is_nan() || width <= size * 10.0 || width > 10_000.0 {
        return None;
    }
    // How many rows cover each point-wide bin.
    let bins = width.ceil() as usize + 1;
    let mut covered = vec![0usize; bins];
    for row in rows {
        let mut seen = vec![false; bins];
        for g in &row.glyphs {
            let (a, b) = (((g.x - left).max(0.0)) as usize, ((g.end - left).max(0.0) as usize).min(bins - 1));
            for s in seen.iter_mut().take(b + 1).skip(a) {
                *s = true;
            }
        }
        for (c, s) in covered.iter_mut().zip(seen) {
            *c += usize::from(s);
        }
    }
    // The widest run of bins inside the middle of the text block that at most a tenth of the rows
    // cover.
    let quiet = rows.len() / 10;
    let inside = |a: usize, b: usize| a as f64 > width * 0.15 && (b as f64) < width * 0.85;
    let (mut best, mut run_start) = (None::<(usize, usize)>, None::<usize>);
    for (k, &c) in covered.iter().enumerate().chain([(bins, &usize::MAX)]) {
        match (c <= quiet, run_start) {
            (true, None) => run_start = Some(k),
            (false, Some(start)) => {
                if inside(start, k) && best.is_none_or(|(a, b)| k - start > b - a) {
                    best = Some((start, k));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let (a, b) = best?;
    let (from, to) = (left + a as f64, left + b as f64);
    // Text on both sides in many rows: two columns, not a short block beside a margin.
    let on_left = rows.iter().filter(|r| r.glyphs.iter().any(|g| g.end <= from + 1.0)).count();
    let on_right = rows.iter().filter(|r| r.glyphs.iter().any(|g| g.x >= to - 1.0)).count();
    (to - from >= size * 1.5 && on_left * 4 >= rows.len() && on_right * 4 >= rows.len()).then_some((from, to))
}
