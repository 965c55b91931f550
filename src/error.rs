//! Typed errors of the ledger and the exit code each maps to.

use std::path::PathBuf;

use crate::model::{Field, Named};

/// Everything that can go wrong in claimledger, worded for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave something the ledger cannot accept: a rule it broke,
    /// and the field that broke it when one did. The hint may name fields,
    /// which each door words in its own terms ([`Error::hint`]).
    #[error("{message}")]
    Input { message: String, hint: Option<Words>, field: Option<Field> },
    /// A reference (id, key, name) that names no record; the records closest to it.
    #[error("no {kind} '{name}'{}", did_you_mean(.suggestions))]
    NotFound { kind: &'static str, name: String, suggestions: Vec<Named> },
    /// A reference that names more than one record.
    #[error("{kind} '{name}' is ambiguous: it names {}", list(.candidates))]
    Ambiguous { kind: &'static str, name: String, candidates: Vec<Named> },
    /// The file is not a ledger this version can open.
    #[error("{message}")]
    Ledger { message: String, hint: Option<String> },
    /// The ledger's tables contradict each other or its history (rows deleted
    /// or changed by other means than claimledger): what is inconsistent.
    /// Reading commands stop on it; `verify` says what differs.
    #[error("the ledger is damaged: {0}; run `claimledger verify`")]
    Damaged(String),
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
    /// The command line itself is wrong: an unknown command or option, a
    /// missing or malformed argument (found by the argument parser).
    #[error("{message}")]
    Usage { message: String, hint: Option<String> },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The process's exit codes.
pub mod exit {
    /// Done; also when the reader of the output went away (`| head`).
    pub const SUCCESS: u8 = 0;
    /// Bad input, an unknown record, an I/O or database error.
    pub const FAILURE: u8 = 1;
    /// Bad usage: the command line itself is wrong.
    pub const USAGE: u8 = 2;
    /// A check ran and found problems: `verify`, `import --dry-run`.
    pub const CHECK_FAILED: u8 = 3;
}

/// Each exit code and when it is given: `claimledger --help` and the man page's EXIT STATUS.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (exit::SUCCESS, "success, also when the output was cut short by a closed pipe (| head)"),
    (exit::FAILURE, "failure: bad input, an unknown record, an I/O or database error"),
    (exit::USAGE, "bad usage: an unknown command or option, a missing or malformed argument"),
    (exit::CHECK_FAILED, "a check found problems: verify found tampering, import --dry-run found errors"),
];

/// The exit codes as `claimledger --help` lists them.
pub fn exit_codes_help() -> String {
    let codes: String = EXIT_CODES.iter().map(|(code, when)| format!("\n  {code}  {when}")).collect();
    format!("Exit codes:{codes}")
}

/// A database error in words: what happened, and that nothing was changed.
fn database_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    // A row the code expects that is missing, or a value no version writes:
    // the tables were changed by other means.
    if let rusqlite::Error::QueryReturnedNoRows
    | rusqlite::Error::InvalidColumnType(..)
    | rusqlite::Error::FromSqlConversionFailure(..)
    | rusqlite::Error::IntegralValueOutOfRange(..) = e
    {
        return Error::Damaged(format!("a row is missing or holds what no version writes ({e})")).to_string();
    }
    let what = match e.sqlite_error_code() {
        Some(DiskFull) => "the disk is full".to_string(),
        // SQLite could not grow the ledger's shared-memory file: on a disk
        // with a few kilobytes left, that is the first write to fail.
        Some(SystemIoFailure) if extended_code(e) == Some(rusqlite::ffi::SQLITE_IOERR_SHMSIZE) => {
            "the disk is full (the ledger's -shm file could not grow)".to_string()
        }
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

fn extended_code(e: &rusqlite::Error) -> Option<std::ffi::c_int> {
    match e {
        rusqlite::Error::SqliteFailure(failure, _) => Some(failure.extended_code),
        _ => None,
    }
}

fn list(records: &[Named]) -> String {
    records.iter().map(Named::to_string).collect::<Vec<_>>().join(", ")
}

/// "; did you mean 'X' (x)?" for a reference that names nothing in the
/// ledger, when something is close; empty otherwise.
pub fn closest_of(e: &Error) -> String {
    match e {
        Error::NotFound { suggestions, .. } => did_you_mean(suggestions),
        _ => String::new(),
    }
}

fn did_you_mean(suggestions: &[Named]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", list(many)),
    }
}

/// Words that may name fields of the model: each door names a field in its
/// own terms when it shows them (`--value` on the command line, `` `value` ``
/// in a claims file).
#[derive(Debug, Clone, PartialEq)]
pub struct Words(pub Vec<Word>);

#[derive(Debug, Clone, PartialEq)]
pub enum Word {
    Text(String),
    Field(Field),
}

impl Words {
    /// The words, with each field named by `name`.
    pub fn render(&self, name: impl Fn(Field) -> String) -> String {
        let mut out = String::new();
        for word in &self.0 {
            match word {
                Word::Text(text) => out.push_str(text),
                Word::Field(field) => out.push_str(&name(*field)),
            }
        }
        out
    }
}

impl From<&str> for Word {
    fn from(text: &str) -> Word {
        Word::Text(text.to_string())
    }
}

impl From<String> for Word {
    fn from(text: String) -> Word {
        Word::Text(text)
    }
}

impl From<Field> for Word {
    fn from(field: Field) -> Word {
        Word::Field(field)
    }
}

impl<T: Into<Word>> From<T> for Words {
    fn from(word: T) -> Words {
        Words(vec![word.into()])
    }
}

/// [`Words`] from pieces of text and fields: `words!["use ", Field::Value]`.
#[macro_export]
macro_rules! words {
    ($($part:expr),* $(,)?) => {
        $crate::error::Words(vec![$($crate::error::Word::from($part)),*])
    };
}

impl Error {
    /// A record that another record, or the ledger's own index, refers to is
    /// missing from its table.
    pub fn missing(kind: crate::model::RecordKind, id: i64) -> Error {
        Error::Damaged(format!("{} {} is referred to but missing from its table", kind.name(), kind.id(id)))
    }

    /// Bad input, without a hint.
    pub fn input(message: impl Into<String>) -> Error {
        Error::Input { message: message.into(), hint: None, field: None }
    }

    /// Bad input, with a hint saying what to do.
    pub fn input_hint(message: impl Into<String>, hint: impl Into<Words>) -> Error {
        Error::Input { message: message.into(), hint: Some(hint.into()), field: None }
    }

    /// A rule `field` broke.
    pub fn rule(field: Field, message: impl Into<String>, hint: Option<Words>) -> Error {
        Error::Input { message: message.into(), hint, field: Some(field) }
    }

    /// This error, as one of `field` when it is bad input that names no field yet
    /// (a rule of form, like a date's, checked where the field is not known).
    pub fn of(self, field: Field) -> Error {
        match self {
            Error::Input { message, hint, field: None } => Error::Input { message, hint, field: Some(field) },
            other => other,
        }
    }

    /// The field that broke a rule, when one did.
    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Input { field, .. } => *field,
            _ => None,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// A usage error of the argument parser, in one line and a hint, as every
    /// other error is printed: what is wrong, then clap's tip or the usage.
    pub fn usage(e: &clap::Error) -> Error {
        let rendered = e.render().to_string();
        let mut blocks = rendered.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
        let first = blocks.next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let message = message.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        let mut tips = Vec::new();
        let mut usage = None;
        for line in blocks.flat_map(str::lines).map(str::trim) {
            if let Some(tip) = line.strip_prefix("tip: ") {
                tips.push(tip.to_string());
            } else if let Some(u) = line.strip_prefix("Usage: ") {
                usage = Some(u.to_string());
            }
        }
        // `--as` was global once, and goes before the command no more.
        let misplaced_as = e.kind() == clap::error::ErrorKind::UnknownArgument
            && e.get(clap::error::ContextKind::InvalidArg).is_some_and(|a| a.to_string().starts_with("--as"));
        if misplaced_as {
            tips = vec![
                "--as names who records a change: it goes after a command that records one, never before \
                 the command (claimledger note C12 TEXT --as NAME); commands that only read take none"
                    .to_string(),
            ];
        }
        let hint = match (tips.is_empty(), usage) {
            (false, _) => Some(tips.join("; ")),
            (true, Some(usage)) => Some(format!("usage: {usage}; more with --help")),
            (true, None) => None,
        };
        Error::Usage { message, hint }
    }

    /// The optional second line printed after the error, with each field it
    /// names named by `field`: the door that shows it says how.
    pub fn hint(&self, field: impl Fn(Field) -> String) -> Option<String> {
        match self {
            Error::Input { hint, .. } => hint.as_ref().map(|h| h.render(field)),
            Error::Ledger { hint, .. } | Error::Usage { hint, .. } => hint.clone(),
            Error::Sqlite(e) => Self::sqlite_hint(e).map(str::to_string),
            _ => None,
        }
    }

    fn sqlite_hint(e: &rusqlite::Error) -> Option<&'static str> {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code()? {
            DiskFull => Some("free some space and run the command again"),
            SystemIoFailure if extended_code(e) == Some(rusqlite::ffi::SQLITE_IOERR_SHMSIZE) => {
                Some("free some space and run the command again")
            }
            DatabaseBusy | DatabaseLocked => {
                Some("another claimledger is writing; run the command again when it is done")
            }
            ReadOnly => {
                Some("reading commands and `verify` still work; to write, use a copy in a folder you can write to")
            }
            DatabaseCorrupt | NotADatabase => {
                Some("restore the ledger from a copy; `claimledger verify` on a copy shows what is wrong")
            }
            _ => None,
        }
    }

    /// The process's exit code (see [`exit`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::CheckFailed(_) => exit::CHECK_FAILED,
            Error::Usage { .. } => exit::USAGE,
            _ => exit::FAILURE,
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
