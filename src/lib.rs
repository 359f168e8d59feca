//! alinea turns the English and Spanish editions of the same texts into a translation memory.
//!
//! The pipeline has one module per stage: [`segment`] cuts each edition into sentences, [`align`] pairs the
//! sentences of the two editions into beads, [`memory`] writes the beads as TMX for translation software
//! and as CSV for review, and [`eval`] scores an alignment against a gold one. [`corpus`] reads editions
//! from disk ([`encoding`] decodes them, [`html`] takes the article out of a web page, [`pdf`] and [`office`] the
//! text out of PDF, DOCX and ODT files, [`print`](mod@print) removes the debris of print) and runs the
//! stages on a pair of files or folders.
//!
//! Cargo features: `html`, `pdf` and `eval` add those modules (an HTML5 parser, a PDF reader, JSON for
//! evaluation suites); `cli`, the default, builds the `alinea` program and takes all three. With
//! `default-features = false` the library has none of the program's crates.
//!
//! ```
//! use alinea::{align, memory, segment};
//! use alinea::segment::Language;
//! let en = segment::segment("Gen. Barry McCaffrey went to Lima. He met Montesinos.", Language::English);
//! let es = segment::segment("El Gral. Barry McCaffrey fue a Lima. Se reunió con Montesinos.", Language::Spanish);
//! let alignment = align::align(&en, &es, &align::Params::default());
//! let units = memory::units("lima", &en, &es, &alignment);
//! assert_eq!(units.len(), 2);
//! assert_eq!(units[1].target, "Se reunió con Montesinos.");
//! ```

pub mod align;
pub mod corpus;
pub mod encoding;
pub mod error;
#[cfg(feature = "eval")]
pub mod eval;
#[cfg(feature = "html")]
pub mod html;
pub mod memory;
pub mod office;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod print;
pub mod segment;

pub use error::{Error, Result};

/// `a()` and `b()`, on two of rayon's threads with the `parallel` feature.
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// `f` on every item: on rayon's threads with the `parallel` feature.
pub(crate) fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync + Send) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter_mut().for_each(f);
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter_mut().for_each(f);
    }
}

/// `f` of every item, in order: on rayon's threads with the `parallel` feature.
pub(crate) fn map_all<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}
