//! The error type of the search index and its `Result` alias.

/// Everything that can go wrong while building, updating or querying the index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy failed (I/O, corrupt segment, writer lock held by another process, ...).
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be opened by tantivy.
    #[error("could not open index directory: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// Reading or wiping the index directory failed.
    #[error("index directory i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// A synonyms file line could not be parsed.
    #[error("bad synonyms rule on line {line}: {reason}")]
    BadSynonyms {
        /// One-based line number of the offending rule.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A stored document or commit payload could not be decoded (index written by another version?).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

/// The `Result` of every fallible index operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
