//! `verify`: the hash chain and the tables, checked against the history.

use std::io::Write;

use clap::Args;

use super::Context;
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::verify::{self, Checkpoint};
use crate::output::{self, Format, OutputArgs};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head printed by an earlier verify (SEQ:HASH) and kept elsewhere; without
    /// one, cut-off events or a wholly rewritten file cannot be detected
    #[arg(long, value_name = "SEQ:HASH")]
    pub checkpoint: Option<Checkpoint>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, args: VerifyArgs, out: &mut dyn Write) -> Result<()> {
    let (ledger, schema) = Ledger::open_for_verify(&ctx.db)?;
    let progress = ctx.progress();
    let report = verify::verify(&ledger, &schema, args.checkpoint.as_ref(), &progress)?;
    drop(progress);
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
