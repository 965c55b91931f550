//! Typed errors of the ledger and the exit code each maps to.

use std::path::PathBuf;

use crate::model::Named;

/// Everything that can go wrong in claimledger, worded for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave something the ledger cannot accept.
    #[error("{message}")]
    Input { message: String, hint: Option<String> },
    /// A reference (id, key, name) that names no record; the records closest to it.
    #[error("no {kind} '{name}'{}", did_you_mean(.suggestions))]
    NotFound { kind: &'static str, name: String, suggestions: Vec<Named> },
    /// A reference that names more than one record.
    #[error("{kind} '{name}' is ambiguous: it names {}", list(.candidates))]
    Ambiguous { kind: &'static str, name: String, candidates: Vec<Named> },
    /// The file is not a ledger this version can open.
    #[error("{message}")]
    Ledger { message: String, hint: Option<String> },
    /// A check ran and found problems (`verify`, `import --dry-run`); already reported.
    #[error("{0}")]
    CheckFailed(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// Writing the command's output failed (a closed pipe is not an error; see `main`).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// The database failed under the command: a full disk, an I/O error, a lock
    /// held too long. The command's transaction was rolled back.
    #[error("{}", database_message(.0))]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A database error in words: what happened, and that nothing was changed.
fn database_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    let what = match e.sqlite_error_code() {
        Some(DiskFull) => "the disk is full".to_string(),
        Some(SystemIoFailure) => format!("an I/O error on the ledger file ({e})"),
        Some(DatabaseBusy | DatabaseLocked) => "the ledger is locked by another process".to_string(),
        Some(ReadOnly) => "the ledger file or its folder is read-only".to_string(),
        Some(DatabaseCorrupt | NotADatabase) => format!("the ledger file is damaged ({e})"),
        Some(TooBig) => "a value is too large to store".to_string(),
        Some(OutOfMemory) => "out of memory".to_string(),
        _ => format!("database error: {e}"),
    };
    format!("{what}; the command changed nothing")
}

fn list(records: &[Named]) -> String {
    records.iter().map(Named::to_string).collect::<Vec<_>>().join(", ")
}

fn did_you_mean(suggestions: &[Named]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", list(many)),
    }
}

impl Error {
    /// Bad input, without a hint.
    pub fn input(message: impl Into<String>) -> Error {
        Error::Input { message: message.into(), hint: None }
    }

    /// Bad input, with a hint saying what to do.
    pub fn input_hint(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Input { message: message.into(), hint: Some(hint.into()) }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// The optional second line printed after the error.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Input { hint, .. } | Error::Ledger { hint, .. } => hint.as_deref(),
            Error::Sqlite(e) => {
                use rusqlite::ErrorCode::*;
                match e.sqlite_error_code()? {
                    DiskFull => Some("free some space and run the command again"),
                    DatabaseBusy | DatabaseLocked => {
                        Some("another claimledger is writing; run the command again when it is done")
                    }
                    ReadOnly => Some(
                        "reading commands and `verify` still work; to write, use a copy in a folder you can write to",
                    ),
                    DatabaseCorrupt | NotADatabase => {
                        Some("restore the ledger from a copy; `claimledger verify` on a copy shows what is wrong")
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Process exit code: 3 when a check found problems, 1 otherwise (2 is clap's).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::CheckFailed(_) => 3,
            _ => 1,
        }
    }

    /// True for a problem of what the user gave (a record, a reference), as
    /// opposed to a failure of the machinery (database, I/O) that must abort
    /// the whole command.
    pub fn is_input_problem(&self) -> bool {
        matches!(self, Error::Input { .. } | Error::NotFound { .. } | Error::Ambiguous { .. })
    }

    /// True when output went to a reader that has gone away (`| head`): success, not failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
