//! One module per command group. `run` builds the context and dispatches.

pub mod actor;
pub mod annotate;
pub mod claim;
pub mod contested;
pub mod export;
pub mod import;
pub mod log;
pub mod source;
pub mod stance;
pub mod verify;

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::ledger::{Access, Ledger};
use crate::output::{self, Format, Style};

/// What every command gets: where the ledger is, who is recording, the time,
/// and how to print.
pub struct Context {
    pub db: PathBuf,
    pub author: String,
    pub at: String,
    pub style: Style,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        let author = cli
            .author
            .clone()
            .or_else(|| std::env::var("CLAIMLEDGER_USER").ok())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        Ok(Context { db: cli.db.clone(), author, at: now()?, style: Style::detect() })
    }

    /// Opens the existing ledger to read it.
    pub fn open_read(&self) -> Result<Ledger> {
        Ledger::open(&self.db, Access::Read)
    }

    /// Opens the existing ledger to change it.
    pub fn open_write(&self) -> Result<Ledger> {
        Ledger::open(&self.db, Access::Write)
    }
}

/// The current time in UTC, RFC 3339 to the second; `CLAIMLEDGER_NOW` fixes it
/// (for reproducible runs and tests).
fn now() -> Result<String> {
    let timestamp = match std::env::var("CLAIMLEDGER_NOW") {
        Ok(fixed) => fixed.trim().parse::<jiff::Timestamp>().map_err(|e| {
            Error::input_hint(
                format!("CLAIMLEDGER_NOW '{fixed}' is not a timestamp: {e}"),
                "write it in RFC 3339, like 2023-06-20T09:00:00Z",
            )
        })?,
        Err(_) => jiff::Timestamp::now(),
    };
    Ok(timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::from_cli(&cli)?;
    match cli.command {
        Command::Init => init(&ctx),
        Command::Source(c) => source::run(&ctx, c, out),
        Command::Actor(c) => actor::run(&ctx, c, out),
        Command::Claim(c) => claim::run(&ctx, c, out),
        Command::Assert(args) => stance::run(&ctx, crate::model::StanceKind::Asserts, args, out),
        Command::Dispute(args) => stance::run(&ctx, crate::model::StanceKind::Disputes, args, out),
        Command::Note(args) => annotate::note(&ctx, args, out),
        Command::Tag(args) => annotate::tag(&ctx, args, out),
        Command::Verdict(args) => annotate::verdict(&ctx, args, out),
        Command::Contested(args) => contested::contested(&ctx, args, out),
        Command::Figures(args) => contested::figures(&ctx, args, out),
        Command::Import(args) => import::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args, out),
        Command::Log(args) => log::run(&ctx, args, out),
        Command::Verify(args) => verify::run(&ctx, args, out),
    }
}

fn init(ctx: &Context) -> Result<()> {
    if Ledger::init(&ctx.db)? {
        eprintln!("created ledger {}", ctx.db.display());
    } else {
        eprintln!("{} is already a ledger; left as it was", ctx.db.display());
    }
    Ok(())
}

/// Prints a record a command just created: its id alone, or with
/// `--format json` (or jsonl, csv) the whole record.
pub fn print_created<R: Serialize>(
    out: &mut dyn Write,
    ctx: &Context,
    format: Format,
    id: &str,
    record: impl FnOnce() -> Result<R>,
) -> Result<()> {
    match format {
        Format::Table => writeln!(out, "{id}").map_err(Error::from),
        _ => output::write_record(out, format, ctx.style, &record()?),
    }
}

/// A required text argument: trimmed, not empty.
pub fn required_text(what: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::input(format!("{what} is empty")));
    }
    Ok(text.to_string())
}

/// An optional text option: trimmed, empty meaning absent.
pub fn optional_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}
