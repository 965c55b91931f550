//! `log [CLAIM] [-n N] [--newest-first] [--oneline]`: the history, oldest first unless asked.

use std::io::Write;

use clap::Args;

use super::Context;
use super::rows::{LOG_TABLE_COLUMNS, LogRow};
use crate::error::Result;
use crate::output::{ListArgs, PageArgs, RowWriter};

/// The width of `--oneline` when the terminal's is not known: a classic terminal's.
const ONELINE_WIDTH: usize = 80;

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
    /// One line per event: number, day, author, kind, record and summary, cut to the terminal's width
    /// ($COLUMNS), else 80 columns
    #[arg(long, conflicts_with_all = ["format", "bom", "raw"])]
    pub oneline: bool,
    #[command(flatten)]
    pub list: ListArgs,
}

/// Where the events go: rows in a format, or one line each.
enum Sink<'a> {
    Rows(Box<RowWriter<'a, LogRow>>),
    Lines { out: &'a mut dyn Write, width: usize, page: PageArgs, seen: usize },
}

impl Sink<'_> {
    fn write(&mut self, row: LogRow) -> Result<()> {
        match self {
            Sink::Rows(writer) => writer.write(&row),
            Sink::Lines { out, width, page, seen } => {
                *seen += 1;
                let shown = *seen - 1;
                if shown < page.offset || page.limit.is_some_and(|limit| shown - page.offset >= limit) {
                    return Ok(());
                }
                writeln!(out, "{}", row.oneline(*width))?;
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Rows(writer) => writer.finish(),
            Sink::Lines { out, .. } => Ok(out.flush()?),
        }
    }
}

pub fn run(ctx: &Context, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let mut writer = if args.oneline {
        let width = ctx.style.width.map_or(ONELINE_WIDTH, usize::from);
        Sink::Lines { out, width, page: args.list.page, seen: 0 }
    } else {
        Sink::Rows(Box::new(
            RowWriter::<LogRow>::new(out, args.list.output.format, ctx.style)
                .table_columns(LOG_TABLE_COLUMNS)
                .page(args.list.page)
                .csv_options(args.list.csv),
        ))
    };
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
                writer.write(event.into())?;
            }
        }
        None if newest.is_some() || reversed => {
            // Events are numbered from 1 without a gap (verify holds the chain to it): read by number.
            let last = read.event_count()?;
            let first = newest.map_or(1, |n| (last - n as i64 + 1).max(1));
            let seqs: Box<dyn Iterator<Item = i64>> =
                if reversed { Box::new((first..=last).rev()) } else { Box::new(first..=last) };
            for seq in seqs {
                writer.write(read.event(seq)?.into())?;
            }
        }
        None => read.for_each_event(|event| writer.write(event.into()))?,
    }
    writer.finish()
}
