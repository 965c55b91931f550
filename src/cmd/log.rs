//! `log [CLAIM]`: the history, oldest first.

use std::io::Write;

use clap::Args;

use super::Context;
use crate::cli::OutputArgs;
use crate::error::Result;
use crate::ledger::query::{self, LOG_TABLE_COLUMNS, LogRow};
use crate::output::RowWriter;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the events of this claim (id or key): its creation, stances and annotations
    pub claim: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let mut writer = RowWriter::<LogRow>::new(out, args.output.format, ctx.style).table_columns(LOG_TABLE_COLUMNS);
    match &args.claim {
        Some(claim) => {
            let id = query::resolve_claim(ledger.conn(), claim)?;
            for row in query::claim_log(ledger.conn(), id)? {
                writer.write(&row)?;
            }
        }
        None => query::for_each_event(ledger.conn(), |row| writer.write(&row))?,
    }
    writer.finish()
}
