//! `import FILE [--dry-run]`: load a claims file.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::{Error, Result};
use crate::import::{self, Outcome};
use crate::ledger::{Ledger, OpenMode};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The claims file (TOML); the ledger is created if it does not exist
    pub file: PathBuf,
    /// Check the file against the ledger and report, without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Context, args: ImportArgs) -> Result<()> {
    if !args.file.is_file() {
        return Err(Error::input_hint(
            format!("no claims file at '{}'", args.file.display()),
            "give the path of a TOML claims file, like claims/ashraf3-raid.toml",
        ));
    }
    let mut ledger = if args.dry_run && !ctx.db.exists() {
        Ledger::in_memory()?
    } else {
        Ledger::open(&ctx.db, OpenMode::CreateIfMissing)?
    };
    let Outcome { summary, problems } = import::import(&mut ledger, &args.file, &ctx.author, &ctx.at, args.dry_run)?;
    let file = args.file.display();
    for problem in &problems {
        eprintln!("{file}:{}: {}", problem.line, problem.message);
    }
    if !problems.is_empty() {
        let message = format!("{file}: {} problem(s); nothing was imported", problems.len());
        return Err(if args.dry_run { Error::CheckFailed(message) } else { Error::input(message) });
    }
    let verb = if args.dry_run { "would import" } else { "imported" };
    eprintln!(
        "{verb} {} source(s), {} actor(s), {} claim(s), {} stance(s), {} annotation(s); {} record(s) already in the ledger",
        summary.sources, summary.actors, summary.claims, summary.stances, summary.annotations, summary.unchanged
    );
    Ok(())
}
