//! Typed errors of the ledger and the exit code each maps to.

use std::path::PathBuf;

/// Everything that can go wrong in claimledger, worded for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave something the ledger cannot accept.
    #[error("{message}")]
    Input { message: String, hint: Option<String> },
    /// A reference (id, key, name) that names no record.
    #[error("no {kind} '{name}'{}", did_you_mean(.suggestions))]
    NotFound { kind: &'static str, name: String, suggestions: Vec<String> },
    /// A reference that names more than one record.
    #[error("{kind} '{name}' is ambiguous: it names {}", .candidates.join(", "))]
    Ambiguous { kind: &'static str, name: String, candidates: Vec<String> },
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
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", many.join(", ")),
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

    /// True when output went to a reader that has gone away (`| head`): success, not failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
