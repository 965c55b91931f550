//! `log [CLAIM] [-n N] [--newest-first]`: the history, oldest first unless asked.

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
    /// Only the N newest events, as `git log -n`
    #[arg(short = 'n', long = "max-count", value_name = "N")]
    pub newest: Option<usize>,
    /// The newest event first
    #[arg(long)]
    pub newest_first: bool,
    #[command(flatten)]
    pub list: ListArgs,
}

pub fn run(ctx: &Context, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let mut writer = RowWriter::<LogRow>::new(out, args.list.output.format, ctx.style)
        .table_columns(LOG_TABLE_COLUMNS)
        .page(args.list.page)
        .csv_options(args.list.csv);
    let (newest, reversed) = (args.newest, args.newest_first);
    match &args.claim {
        Some(claim) => {
            let mut events = read.claim_events(read.claim_id(claim)?)?;
            if let Some(n) = newest {
                events.drain(..events.len().saturating_sub(n));
            }
            if reversed {
                events.reverse();
            }
            for event in events {
                writer.write(&event.into())?;
            }
        }
        None if newest.is_some() || reversed => {
            // Events are numbered from 1 without a gap (verify holds the chain to it): read by number.
            let last = read.event_count()?;
            let first = newest.map_or(1, |n| (last - n as i64 + 1).max(1));
            let seqs: Box<dyn Iterator<Item = i64>> =
                if reversed { Box::new((first..=last).rev()) } else { Box::new(first..=last) };
            for seq in seqs {
                writer.write(&read.event(seq)?.into())?;
            }
        }
        None => read.for_each_event(|event| writer.write(&event.into()))?,
    }
    writer.finish()
}
