//! `log [CLAIM]`: the history, oldest first.

use std::io::Write;

use clap::Args;

use super::Context;
use super::rows::{LOG_TABLE_COLUMNS, LogRow};
use crate::error::Result;
use crate::output::{CsvArgs, OutputArgs, PageArgs, RowWriter};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the events of this claim (id or key): its making, corrections, stances, annotations and links
    pub claim: Option<String>,
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub csv: CsvArgs,
}

pub fn run(ctx: &Context, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let mut writer = RowWriter::<LogRow>::new(out, args.output.format, ctx.style)
        .table_columns(LOG_TABLE_COLUMNS)
        .page(args.page)
        .bom(args.csv.bom);
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
