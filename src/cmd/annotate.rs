//! `note`, `tag`, `untag`, `verdict` and `annotation retract`: a checker's
//! annotations on a claim.

use std::io::Write;

use clap::{Args, Subcommand};

use super::rows::{AnnotationRow, DossierView};
use super::{Context, RecordArgs, print_created};
use crate::error::Result;
use crate::ledger::{AnnotationEntry, Recorded};
use crate::model::{Annotation, AnnotationBody, Id, Rating, RecordKind, Retraction, Standing};
use crate::output::{Format, OutputArgs, RowWriter, visible};

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// The note
    pub text: String,
    /// Who wrote it [default: who records it]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Tags (one word each); tags the claim has already are left as they are
    #[arg(required = true)]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct UntagArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Tags to remove (one word each); a tag the claim does not have is an error, and nothing is removed
    #[arg(required = true)]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct VerdictArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// The rating
    #[arg(value_enum)]
    pub rating: Rating,
    /// Why
    #[arg(long, value_name = "TEXT")]
    pub rationale: Option<String>,
    /// Where the review is published
    #[arg(long)]
    pub url: Option<String>,
    /// Who rated it [default: who records it]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Subcommand)]
pub enum AnnotationCommand {
    /// Retract a note, tag or verdict: it was mistaken, or no longer holds
    Retract(AnnotationRetractArgs),
}

#[derive(Debug, Args)]
pub struct AnnotationRetractArgs {
    /// The annotation: its id (N3)
    pub annotation: String,
    /// Why
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

/// An annotation by `by` (or whoever records it), now.
fn annotation(claim: Id, body: AnnotationBody, by: Option<String>) -> Annotation {
    Annotation { id: 0, claim, by: by.unwrap_or_default(), at: String::new(), body }
}

pub fn note(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let (claim, recorded) = ledger.write(&ctx.author, &ctx.clock, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        Ok((claim, w.add_annotation(annotation(claim, AnnotationBody::Note { text: args.text }, args.by))?))
    })?;
    let id = RecordKind::Annotation.id(created(recorded));
    print_created(out, ctx, args.output.format, &id, || {
        Ok(DossierView::from(ledger.read().dossier(claim)?).notes.into_iter().find(|n| n.id == id))
    })
}

/// Prints the id of each tag added, one a line; or, in a machine format,
/// their rows as `export annotations` writes them.
pub fn tag(ctx: &Context, args: TagArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let (claim, added) = ledger.write(&ctx.author, &ctx.clock, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        let mut added = Vec::new();
        for tag in &args.tags {
            match w.add_annotation(annotation(claim, AnnotationBody::Tag { tag: tag.clone() }, None))? {
                Recorded::New(a) => added.push(a.id),
                Recorded::Unchanged(_) => crate::say!(
                    "{} is already tagged '{}'",
                    visible(&args.claim, false),
                    visible(&tag.trim().to_lowercase(), false)
                ),
            }
        }
        Ok((claim, added))
    })?;
    if args.output.format == Format::Table {
        for id in added {
            writeln!(out, "{}", RecordKind::Annotation.id(id))?;
        }
        return Ok(());
    }
    let read = ledger.read();
    let claim_key = read.claim(claim)?.key;
    let mut rows = RowWriter::<AnnotationRow>::new(out, args.output.format, ctx.style);
    for id in added {
        let annotation = Standing { record: read.annotation(id)?, retraction: None };
        rows.write(&AnnotationEntry { annotation, claim_key: claim_key.clone() }.into())?;
    }
    rows.finish()
}

/// Removes tags from a claim, a tag it does not have being an error; prints
/// the id of each tag removed, one a line, as `tag` prints those it adds.
pub fn untag(ctx: &Context, args: UntagArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let removed = ledger.write(&ctx.author, &ctx.clock, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        let mut removed = Vec::new();
        for tag in &args.tags {
            let removal = |record| Retraction { record, reason: None, by: String::new(), at: String::new() };
            removed.push(w.untag(claim, tag, removal)?.record);
        }
        Ok(removed)
    })?;
    for id in removed {
        writeln!(out, "{}", RecordKind::Annotation.id(id))?;
    }
    Ok(())
}

pub fn verdict(ctx: &Context, args: VerdictArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let (claim, recorded) = ledger.write(&ctx.author, &ctx.clock, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        let body = AnnotationBody::Verdict { rating: args.rating, rationale: args.rationale, url: args.url };
        Ok((claim, w.add_annotation(annotation(claim, body, args.by))?))
    })?;
    let id = RecordKind::Annotation.id(created(recorded));
    print_created(out, ctx, args.output.format, &id, || Ok(DossierView::from(ledger.read().dossier(claim)?).verdict))
}

pub fn command(ctx: &Context, command: AnnotationCommand) -> Result<()> {
    match command {
        AnnotationCommand::Retract(args) => {
            let mut ledger = ctx.open_write()?;
            let retraction = ledger.write(&ctx.author, &ctx.clock, |w| {
                let annotation = w.read().record_id(RecordKind::Annotation, &args.annotation)?;
                let retraction =
                    Retraction { record: annotation, reason: Some(args.reason), by: String::new(), at: String::new() };
                w.retract_annotation(retraction)
            })?;
            crate::say!("retracted {}", RecordKind::Annotation.id(retraction.record));
            Ok(())
        }
    }
}

/// The id of an annotation a command asked for: new, or (for a tag) the one there.
fn created(recorded: Recorded<Annotation>) -> Id {
    match recorded {
        Recorded::New(a) => a.id,
        Recorded::Unchanged(id) => id,
    }
}
