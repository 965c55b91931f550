//! `note`, `tag` and `verdict`: a checker's annotations on a claim.

use std::io::Write;

use clap::Args;

use super::rows::DossierView;
use super::{Context, print_created};
use crate::error::Result;
use crate::ledger::Recorded;
use crate::model::{Annotation, AnnotationBody, Id, Rating, RecordKind};
use crate::output::{OutputArgs, visible};

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// The note
    pub text: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Tags to add (one word each); tags the claim has already are left as they are
    #[arg(required = true)]
    pub tags: Vec<String>,
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
    #[command(flatten)]
    pub output: OutputArgs,
}

/// An annotation by whoever records it, now: the writer fills in who and when.
fn annotation(claim: Id, body: AnnotationBody) -> Annotation {
    Annotation { id: 0, claim, by: String::new(), at: String::new(), body }
}

pub fn note(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let (claim, recorded) = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        Ok((claim, w.add_annotation(annotation(claim, AnnotationBody::Note { text: args.text }))?))
    })?;
    let id = RecordKind::Annotation.id(created(recorded));
    print_created(out, ctx, args.output.format, &id, || {
        Ok(DossierView::from(ledger.read().dossier(claim)?).notes.into_iter().find(|n| n.id == id))
    })
}

/// Prints the id of each tag added, one a line.
pub fn tag(ctx: &Context, args: TagArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let added = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        let mut added = Vec::new();
        for tag in &args.tags {
            match w.add_annotation(annotation(claim, AnnotationBody::Tag { tag: tag.clone() }))? {
                Recorded::New(a) => added.push(a.id),
                Recorded::Unchanged(_) => eprintln!(
                    "{} is already tagged '{}'",
                    visible(&args.claim, false),
                    visible(&tag.trim().to_lowercase(), false)
                ),
            }
        }
        Ok(added)
    })?;
    for id in added {
        writeln!(out, "{}", RecordKind::Annotation.id(id))?;
    }
    Ok(())
}

pub fn verdict(ctx: &Context, args: VerdictArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let (claim, recorded) = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        let body = AnnotationBody::Verdict { rating: args.rating, rationale: args.rationale };
        Ok((claim, w.add_annotation(annotation(claim, body))?))
    })?;
    let id = RecordKind::Annotation.id(created(recorded));
    print_created(out, ctx, args.output.format, &id, || Ok(DossierView::from(ledger.read().dossier(claim)?).verdict))
}

/// The id of an annotation a command asked for: new, or (for a tag) the one there.
fn created(recorded: Recorded<Annotation>) -> Id {
    match recorded {
        Recorded::New(a) => a.id,
        Recorded::Unchanged(id) => id,
    }
}
