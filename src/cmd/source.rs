//! `source add|list|show|amend`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::rows::SourceRow;
use super::{Context, RecordArgs, amended, print_created};
use crate::error::{Error, Result};
use crate::model::{RecordKind, Source, SourceAmendment};
use crate::output::{self, Format, ListArgs, OutputArgs, RowWriter};

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source; prints its id
    Add(SourceAddArgs),
    /// List the sources
    List(ListArgs),
    /// Show one source, with its corrections
    Show(SourceShowArgs),
    /// Correct a source's title, publisher, address or dates (not its key or archived text)
    Amend(SourceAmendArgs),
}

#[derive(Debug, Args)]
pub struct SourceAmendArgs {
    /// The source: id (S3) or key
    pub source: String,
    /// Why it is corrected
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The new title
    #[arg(long)]
    pub title: Option<String>,
    /// Who published it ("" removes it)
    #[arg(long)]
    pub publisher: Option<String>,
    /// Where it is ("" removes it)
    #[arg(long)]
    pub url: Option<String>,
    /// When it was published (YYYY-MM-DD, or YYYY-MM, YYYY; "" removes it)
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// When it was retrieved (YYYY-MM-DD; "" removes it)
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<String>,
    #[command(flatten)]
    pub record: RecordArgs,
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
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct SourceShowArgs {
    /// The source: id (S3) or key
    pub source: String,
    /// Include the archived text (as the field `text`; after the record in a table)
    #[arg(long)]
    pub text: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, command: SourceCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        SourceCommand::Add(args) => add(ctx, args, out),
        SourceCommand::Amend(args) => amend(ctx, args),
        SourceCommand::List(o) => {
            let ledger = ctx.open_read()?;
            let mut rows = RowWriter::<SourceRow>::new(out, o.output.format, ctx.style).page(o.page).csv_options(o.csv);
            ledger.read().for_each_source_entry(|e| rows.write(&e.into()))?;
            rows.finish()
        }
        SourceCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let read = ledger.read();
            let id = read.source_id(&args.source)?;
            let row = SourceRow::from(read.source_entry(id)?);
            if !args.text {
                let (first, amendments) = read.source_versions(id)?;
                let corrections = super::corrections::of_source(first, amendments);
                return super::corrections::write_with_corrections(
                    out,
                    args.output.format,
                    ctx.style,
                    &row,
                    corrections,
                );
            }
            let text = read.source_text(id)?;
            match args.output.format {
                Format::Table => {
                    output::write_record(out, Format::Table, ctx.style, &row)?;
                    match &text {
                        Some(text) => writeln!(out, "{}", output::visible(text, true))?,
                        None => crate::say!("note: no text is archived for {}", RecordKind::Source.id(id)),
                    }
                    Ok(())
                }
                format => output::write_record(out, format, ctx.style, &SourceWithText { row, text }),
            }
        }
    }
}

/// A source's record with its archived text (`source show --text`).
#[derive(serde::Serialize)]
struct SourceWithText {
    #[serde(flatten)]
    row: SourceRow,
    text: Option<String>,
}

/// Reads an archived text: a regular UTF-8 file, since quotes are matched as text.
fn read_text_file(path: &std::path::Path) -> Result<String> {
    crate::source_text::read(path, None)
        .map_err(|why| Error::input_hint(why, "archive the source's text as a regular UTF-8 file"))
}

fn add(ctx: &Context, args: SourceAddArgs, out: &mut dyn Write) -> Result<()> {
    // Read before the ledger is locked for writing.
    let text = args.text_file.as_deref().map(read_text_file).transpose()?;
    let proposed = Source {
        id: 0,
        key: args.key,
        title: args.title,
        publisher: args.publisher,
        url: args.url,
        published: args.published,
        retrieved: args.retrieved,
        text,
        sha256: None,
    };
    let mut ledger = ctx.open_write()?;
    let source = ledger.write(&ctx.author, &ctx.clock, |w| w.add_source(proposed))?;
    print_created(out, ctx, args.output.format, &RecordKind::Source.id(source.id), || {
        Ok(SourceRow::from(ledger.read().source_entry(source.id)?))
    })
}

fn amend(ctx: &Context, args: SourceAmendArgs) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let amendment = ledger.write(&ctx.author, &ctx.clock, |w| {
        let current = w.read().source(w.read().source_id(&args.source)?)?;
        w.amend_source(SourceAmendment {
            source: current.id,
            title: args.title.unwrap_or(current.title),
            publisher: amended(args.publisher, current.publisher),
            url: amended(args.url, current.url),
            published: amended(args.published, current.published),
            retrieved: amended(args.retrieved, current.retrieved),
            reason: args.reason,
            by: String::new(),
            at: String::new(),
        })
    })?;
    crate::say!("amended {}", RecordKind::Source.id(amendment.source));
    Ok(())
}
