//! `import FILE [--dry-run]`: load a claims file.

use std::path::PathBuf;

use clap::Args;

use super::{Context, RecordArgs};
use crate::claims_file::import::{self, Outcome};
use crate::error::{Error, Result};
use crate::ledger::{Access, Ledger, NewLedger, Published};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The claims file (TOML); the ledger is created if it does not exist
    pub file: PathBuf,
    /// Check the file against the ledger and report, without writing anything
    #[arg(long)]
    pub dry_run: bool,
    /// Let the file's `text_file`s name files outside the claims file's folder,
    /// hidden files and hard links (by default they must be inside it and not
    /// hidden: a claims file from someone else may not read other files of
    /// yours)
    #[arg(long)]
    pub allow_outside: bool,
    #[command(flatten)]
    pub record: RecordArgs,
}

pub fn run(ctx: &Context, args: ImportArgs) -> Result<()> {
    if !args.file.is_file() {
        return Err(Error::input_hint(
            format!("no claims file at '{}'", args.file.display()),
            "give the path of a TOML claims file, like claims/ashraf3-raid.toml",
        ));
    }
    let options = import::Options { dry_run: args.dry_run, allow_outside: args.allow_outside };
    let progress = ctx.progress();
    let run = |ledger: &mut Ledger| import::import(ledger, &args.file, &ctx.author, &ctx.clock, options, &progress);
    let Outcome { summary, beyond, problems } = if Ledger::names_server(&ctx.db) && args.dry_run {
        // A dry run changes nothing, not even an empty database.
        if Ledger::server_holds_ledger(&ctx.db)? {
            run(&mut Ledger::open(&ctx.db, Access::Write)?)?
        } else {
            run(&mut Ledger::in_memory()?)?
        }
    } else if Ledger::names_server(&ctx.db) {
        // A server ledger is made in an empty database, as a file is.
        run(&mut Ledger::open_server_creating(&ctx.db)?)?
    } else if ctx.db.exists() {
        run(&mut Ledger::open(&ctx.db, Access::Write)?)?
    } else if args.dry_run {
        run(&mut Ledger::in_memory()?)?
    } else {
        // A new ledger is made under a temporary name and appears only if the
        // import succeeds: a failed one leaves no ledger behind.
        let mut new = NewLedger::create(&ctx.db)?;
        let outcome = run(new.ledger())?;
        if outcome.problems.is_empty() && new.publish()? == Published::TargetExists {
            return Err(Error::Ledger {
                message: format!(
                    "a ledger appeared at '{}' while the import ran; nothing was imported",
                    ctx.db.display()
                ),
                hint: Some("run the import again to import into it".into()),
            });
        }
        outcome
    };
    drop(progress);
    let file = args.file.display();
    for problem in &problems {
        crate::say!("{file}:{}: {}", problem.line, crate::output::visible(&problem.message, false));
    }
    if !problems.is_empty() {
        let message = format!("{file}: {} problem(s); nothing was imported", problems.len());
        return Err(if args.dry_run { Error::CheckFailed(message) } else { Error::input(message) });
    }
    let verb = if args.dry_run { "would import" } else { "imported" };
    let mut added = format!(
        "{verb} {} source(s), {} actor(s), {} claim(s), {} stance(s), {} annotation(s)",
        summary.sources, summary.actors, summary.claims, summary.stances, summary.annotations
    );
    for (n, what) in
        [(summary.links, "link(s)"), (summary.corrections, "correction(s)"), (summary.settings, "setting(s)")]
    {
        if n > 0 {
            added.push_str(&format!(", {n} {what}"));
        }
    }
    crate::say!("{added}; {} record(s) already in the ledger", summary.unchanged);
    let held: Vec<String> = [
        (beyond.settings, "setting(s)"),
        (beyond.sources, "source(s)"),
        (beyond.actors, "actor(s)"),
        (beyond.claims, "claim(s)"),
        (beyond.stances, "stance(s)"),
        (beyond.annotations, "note(s), tag(s) or verdict(s)"),
        (beyond.corrections, "correction(s)"),
        (beyond.links, "link(s)"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !held.is_empty() {
        crate::say!("the ledger also holds what the file does not: {}; left as it is", held.join(", "));
    }
    Ok(())
}
