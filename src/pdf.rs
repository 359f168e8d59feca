//! PDF editions: the text of each page (read with pdf-extract, in the order the page draws it), the
//! debris of print removed (see [`crate::print`]).
//!
//! A PDF that cannot give text says why, naming the file: encrypted (remove the password), without a
//! text layer (a scan: run OCR first), or damaged.
//!
//! What it does not do: OCR, or tell columns apart when a page draws them across (each producer seen
//! draws a column at a time, which reads in order).

use std::path::Path;

use crate::error::{Error, Result};

fn error(path: &Path, message: impl Into<String>) -> Error {
    Error::Document { path: path.to_path_buf(), message: message.into() }
}

/// Whether `bytes` are a PDF file (by its signature, which may follow a little junk).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// The text of each page of the PDF `bytes` (`path` names it in errors).
pub fn pages(bytes: &[u8], path: &Path) -> Result<Vec<String>> {
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(error(
            path,
            "the PDF is encrypted; open it with its password and print or save it as a PDF without one, \
             or export its text",
        ));
    }
    // The PDF library may panic on a malformed file: that is a damaged input, not a crash.
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    let pages = match extracted {
        Ok(Ok(pages)) => pages,
        Ok(Err(e)) => {
            return Err(error(
                path,
                format!(
                    "the PDF is damaged or not one alinea can read ({e}); open it in a PDF reader and print it to a new PDF"
                ),
            ));
        }
        Err(_) => {
            return Err(error(
                path,
                "the PDF is damaged or not one alinea can read; open it in a PDF reader and print it to a new PDF",
            ));
        }
    };
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

/// The text of the PDF `bytes`, page by page joined, without running headers, footers, page numbers and
/// line-end hyphens, its lines joined into paragraphs.
pub fn to_text(bytes: &[u8], path: &Path) -> Result<String> {
    let pages = pages(bytes, path)?;
    Ok(crate::print::unwrap_lines(&crate::print::join_hyphenated(&crate::print::join_pages(&pages))))
}
