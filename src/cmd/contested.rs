//! `contested` and `figures`: the report users came for.

use std::io::Write;

use clap::Args;

use super::{Context, optional_text};
use crate::cli::OutputArgs;
use crate::error::Result;
use crate::ledger::contested::{self, CONTESTED_TABLE_COLUMNS, ContestedRow, FigureRow};
use crate::ledger::query::{self, ClaimFilter};
use crate::output::RowWriter;

#[derive(Debug, Args)]
pub struct ContestedArgs {
    /// Only claims on this topic
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// Only claims this actor asserts or disputes
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct FiguresArgs {
    /// Only this question (the claims' about key)
    #[arg(long, value_name = "KEY")]
    pub about: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn contested(ctx: &Context, args: ContestedArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let conn = ledger.conn();
    let filter = ClaimFilter {
        topic: optional_text(args.topic).map(|t| t.to_lowercase()),
        actor: args.by.as_deref().map(|a| query::resolve_actor(conn, a)).transpose()?,
        ..ClaimFilter::default()
    };
    let mut writer =
        RowWriter::<ContestedRow>::new(out, args.output.format, ctx.style).table_columns(CONTESTED_TABLE_COLUMNS);
    contested::for_each_contested(conn, &filter, |row| writer.write(&row))?;
    writer.finish()
}

pub fn figures(ctx: &Context, args: FiguresArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let about = optional_text(args.about).map(|a| a.to_lowercase());
    let mut writer = RowWriter::<FigureRow>::new(out, args.output.format, ctx.style);
    contested::for_each_figure(ledger.conn(), about.as_deref(), |row| writer.write(&row))?;
    writer.finish()
}
