//! `source add|list|show`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, optional_text, print_created, required_text};
use crate::cli::OutputArgs;
use crate::error::{Error, Result};
use crate::ledger::query;
use crate::model::{RecordKind, check_user_key, parse_date};
use crate::ops::{self, NewSource};
use crate::output;

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source; prints its id
    Add(SourceAddArgs),
    /// List the sources
    List(OutputArgs),
    /// Show one source
    Show(SourceShowArgs),
}

#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// The source's title
    pub title: String,
    /// A short key to refer to it by (otherwise its id, like S3)
    #[arg(long)]
    pub key: Option<String>,
    /// Who published it
    #[arg(long)]
    pub publisher: Option<String>,
    /// Where it is
    #[arg(long)]
    pub url: Option<String>,
    /// When it was published (YYYY-MM-DD, or YYYY-MM, YYYY)
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// When it was retrieved (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<String>,
    /// Archive the source's text from this UTF-8 file; quotes are then checked against it
    #[arg(long, value_name = "FILE")]
    pub text_file: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SourceShowArgs {
    /// The source: id (S3) or key
    pub source: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, command: SourceCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        SourceCommand::Add(args) => add(ctx, args, out),
        SourceCommand::List(o) => {
            let ledger = ctx.open_read()?;
            output::write_all(out, o.format, ctx.style, query::sources(ledger.conn())?)
        }
        SourceCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let id = query::resolve_source(ledger.conn(), &args.source)?;
            output::write_record(out, args.output.format, ctx.style, &query::source(ledger.conn(), id)?)
        }
    }
}

/// Reads an archived text: a regular UTF-8 file, since quotes are matched as text.
fn read_text_file(path: &std::path::Path) -> Result<String> {
    crate::source_text::read(path, None)
        .map_err(|why| Error::input_hint(why, "archive the source's text as a regular UTF-8 file"))
}

fn add(ctx: &Context, args: SourceAddArgs, out: &mut dyn Write) -> Result<()> {
    let new = NewSource {
        key: optional_text(args.key).map(|k| check_user_key(RecordKind::Source, &k)).transpose()?,
        title: required_text("the title", &args.title)?,
        publisher: optional_text(args.publisher),
        url: optional_text(args.url),
        published: args.published.as_deref().map(parse_date).transpose()?,
        retrieved: args.retrieved.as_deref().map(parse_date).transpose()?,
        text: args.text_file.as_deref().map(read_text_file).transpose()?,
    };
    let mut ledger = ctx.open_write()?;
    let id = ledger.write(&ctx.author, &ctx.at, |w| ops::add_source(w, new))?;
    print_created(out, ctx, args.output.format, &RecordKind::Source.id(id), || query::source(ledger.conn(), id))
}
