//! `verify`: the hash chain and the tables, checked against the history.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Context;
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::verify::{self, Checkpoint};
use crate::output::{self, Format, OutputArgs};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head printed by an earlier verify (SEQ:HASH, or a file holding one) and
    /// kept elsewhere; without one, cut-off events or a wholly rewritten file
    /// cannot be detected
    #[arg(long, value_name = "SEQ:HASH|FILE", value_parser = checkpoint)]
    pub checkpoint: Option<Checkpoint>,
    /// Check only what is newer than this head of an earlier verify (SEQ:HASH, or a
    /// file holding one): the chain after it and every row its newer events touched
    #[arg(long, value_name = "SEQ:HASH|FILE", value_parser = checkpoint)]
    pub since: Option<Checkpoint>,
    /// When the ledger verifies, write its head to FILE, for --since or
    /// --checkpoint next time (keep it where the ledger's writers cannot change it)
    #[arg(long, value_name = "FILE")]
    pub save_checkpoint: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A checkpoint given as `SEQ:HASH`, or as the path of a file holding one
/// (what `--save-checkpoint` wrote).
fn checkpoint(given: &str) -> Result<Checkpoint> {
    if let Ok(checkpoint) = given.parse::<Checkpoint>() {
        return Ok(checkpoint);
    }
    let path = Path::new(given);
    if !path.is_file() {
        return given.parse();
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    text.parse::<Checkpoint>().map_err(|_| {
        Error::input_hint(
            format!("'{given}' does not hold a checkpoint"),
            "give the SEQ:HASH that an earlier `claimledger verify` printed, or the file its --save-checkpoint wrote",
        )
    })
}

pub fn run(ctx: &Context, args: VerifyArgs, out: &mut dyn Write) -> Result<()> {
    let (ledger, schema) = Ledger::open_for_verify(&ctx.db, args.since.as_ref(), args.checkpoint.as_ref())?;
    let progress = ctx.progress();
    let report = verify::verify(&ledger, &schema, args.checkpoint.as_ref(), args.since.as_ref(), &progress)?;
    drop(progress);
    if let Some(path) = &args.save_checkpoint {
        match (&report.head, report.is_clean()) {
            (Some(head), true) => crate::files::replace_whole(path, path, |out| Ok(writeln!(out, "{head}")?))?,
            (None, true) => crate::say!("note: no checkpoint saved: the ledger has no events yet"),
            (_, false) => crate::say!("note: no checkpoint saved: the ledger failed verification"),
        }
    }
    match args.output.format {
        Format::Table => {
            for problem in &report.problems {
                writeln!(out, "problem: {}", output::visible(problem, false))?;
            }
            if let Some(seq) = report.first_bad_event {
                writeln!(out, "first bad event: {seq}")?;
            }
            for note in &report.notes {
                writeln!(out, "note: {note}")?;
            }
            let head = report.head.as_deref().unwrap_or("none (no events)");
            writeln!(out, "events: {}", report.events)?;
            writeln!(out, "head: {head}")?;
            match report.checkpoint {
                Some(true) => writeln!(out, "checkpoint: matches")?,
                Some(false) => writeln!(out, "checkpoint: does not match")?,
                None => writeln!(
                    out,
                    "note: the chain cannot show that its newest events were cut off or that the whole file was rewritten; keep the head above elsewhere and pass it as --checkpoint next time"
                )?,
            }
            if report.is_clean() {
                writeln!(out, "ok: the history is intact and every table matches it")?;
            }
        }
        format => output::write_record(out, format, ctx.style, &report)?,
    }
    if report.is_clean() {
        Ok(())
    } else {
        Err(Error::CheckFailed(format!("the ledger failed verification: {} problem(s)", report.problems.len())))
    }
}
