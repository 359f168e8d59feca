//! The library's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in alinea's library; each variant says where and what is wrong. As
/// thiserror has it, a message does not repeat its source: print the chain (`Error::source`) to see the
/// cause.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed; the system's error is the source.
    #[error("{}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not text in the encoding it was read as, or not text at all.
    #[error("{}: {message}", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A file is not valid in the encoding it was read in, or reads as broken UTF-8: the encoding to read
    /// it in must be given (or the file repaired).
    #[error("{}: {message}", path.display())]
    Encoding {
        /// The file.
        path: PathBuf,
        /// Where the first bad byte is.
        message: String,
    },
    /// An encoding name alinea does not know.
    #[error("unknown encoding {0:?}: give auto, utf-8, utf-16le, utf-16be, windows-1252 or latin1")]
    UnknownEncoding(String),
    /// A language code alinea has no rules for.
    #[error("{0:?} is not a language code: give one like en, es or fr-CA")]
    UnknownLanguage(String),
    /// A line of a bead file is malformed.
    #[error("{}:{line}: {message}; a bead line looks like [0,1]:[2] (0-based sentence indices, [] for none)", path.display())]
    Beads {
        /// The bead file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A segmentation suite is not the expected JSON.
    #[error("{}:{line}: {message}; a suite is a JSON array of {{\"lang\", \"text\", \"expected\": [...]}} cases", path.display())]
    Suite {
        /// The suite file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A line of a bilingual dictionary is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Dictionary {
        /// The dictionary file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An SRX file cannot be read.
    #[error("{}:{line}: {message}", path.display())]
    Srx {
        /// The SRX file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A line of a pairing file is wrong.
    #[error("{}:{line}: {message}", path.display())]
    Pairs {
        /// The pairing file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A folder run found nothing to align.
    #[error("{message}")]
    NoPairs {
        /// What was looked for and where.
        message: String,
    },
    /// A review CSV has a row or a cell alinea cannot read.
    #[error("{}:{line}: {message}", path.display())]
    Review {
        /// The CSV file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong and what to do.
        message: String,
    },
    /// A PDF, DOCX or ODT edition whose text cannot be taken out.
    #[error("{}: {message}", path.display())]
    Document {
        /// The file.
        path: PathBuf,
        /// What is wrong with it and what to do.
        message: String,
    },
    /// An edit of a review table was refused; the table is unchanged.
    #[error("{}: {message}", path.display())]
    Edit {
        /// The review table.
        path: PathBuf,
        /// Why, and what to do.
        message: String,
    },
    /// The review table of a previous run cannot be read, so aligning again would lose the review in it;
    /// why is the source.
    #[error(
        "the review table of the previous run cannot be read, and nothing was written for this pair so that \
         no decision in it is lost"
    )]
    PreviousReview {
        /// Why it cannot be read.
        source: Box<Error>,
    },
    /// A TMX file is not well-formed or not TMX.
    #[error("{}: {message} (at byte {position}); check that the file is a complete TMX document", path.display())]
    Tmx {
        /// The TMX file.
        path: PathBuf,
        /// Byte offset in the (UTF-8) text where the problem was found.
        position: u64,
        /// What is wrong.
        message: String,
    },
}

/// A `Result` with alinea's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }
}
