//! `log [CLAIM]`: the history, oldest first.

use std::io::Write;

use clap::Args;

use super::Context;
use super::rows::{LOG_TABLE_COLUMNS, LogRow};
use crate::error::Result;
use crate::output::{ListArgs, RowWriter};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the events of this claim (id or key): its making, corrections, stances, annotations and links
    pub claim: Option<String>,
    #[command(flatten)]
    pub list: ListArgs,
}

pub fn run(ctx: &Context, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let mut writer = RowWriter::<LogRow>::new(out, args.list.output.format, ctx.style)
        .table_columns(LOG_TABLE_COLUMNS)
        .page(args.list.page)
        .bom(args.list.csv.bom);
    match &args.claim {
        Some(claim) => {
            for event in read.claim_events(read.claim_id(claim)?)? {
                writer.write(&event.into())?;
            }
        }
        None => read.for_each_event(|event| writer.write(&event.into()))?,
    }
    writer.finish()
}
