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

pub mod claims_file;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod files;
pub mod history;
pub mod ledger;
pub mod model;
pub mod output;
pub mod progress;
pub mod publish;
pub mod quote;
pub mod source_text;

pub use error::{Error, Result};
pub use ledger::{Access, Ledger};
