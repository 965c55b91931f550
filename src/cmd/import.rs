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
    let missing = !ctx.db.exists();
    let mut ledger =
        if args.dry_run && missing { Ledger::in_memory()? } else { Ledger::open(&ctx.db, OpenMode::CreateIfMissing)? };
    let result = import::import(&mut ledger, &args.file, &ctx.author, &ctx.at, args.dry_run);
    drop(ledger);
    let failed = !matches!(&result, Ok(outcome) if outcome.problems.is_empty());
    if missing && failed && !args.dry_run {
        // A failed import leaves things as they were: no ledger.
        remove_ledger_files(&ctx.db);
    }
    let Outcome { summary, problems } = result?;
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

fn remove_ledger_files(db: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
}
