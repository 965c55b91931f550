//! claimledger: a fact-check ledger. The library holds the ledger and its
//! domain; the binary only parses arguments and maps results to exit codes.

/// Writes a line to stderr. A closed stderr (a reader that went away) loses
/// the message but never stops the command, as `eprintln!` would.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

// Public: what the binary and the integration tests (tests/cli) use.
pub mod claims_file;
pub mod cli;
pub mod error;
pub mod history;
pub mod ledger;
pub mod model;
pub mod output;
pub mod source_text;

// The crate's own: reached only through the command line.
pub(crate) mod cmd;
pub(crate) mod files;
pub(crate) mod progress;
pub(crate) mod publish;
pub(crate) mod quote;
pub(crate) mod suggest;

pub use error::{Error, Result};
pub use ledger::{Access, Ledger};
