//! `note`, `tag` and `verdict`: a checker's annotations on a claim.

use std::io::Write;

use clap::Args;

use super::{Context, print_created, required_text};
use crate::cli::OutputArgs;
use crate::error::Result;
use crate::ledger::query;
use crate::model::{Rating, RecordKind};
use crate::ops;

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

pub fn note(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let text = required_text("the note", &args.text)?;
    let mut ledger = ctx.open_write()?;
    let (claim, id) = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = query::resolve_claim(w.conn(), &args.claim)?;
        Ok((claim, ops::add_note(w, claim, text, None)?))
    })?;
    let id = RecordKind::Annotation.id(id);
    print_created(out, ctx, args.output.format, &id, || {
        Ok(query::dossier(ledger.conn(), claim)?.notes.into_iter().find(|n| n.id == id))
    })
}

/// Prints the id of each tag added, one a line.
pub fn tag(ctx: &Context, args: TagArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let added = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = query::resolve_claim(w.conn(), &args.claim)?;
        let mut added = Vec::new();
        for tag in &args.tags {
            match ops::add_tag(w, claim, tag)? {
                Some(id) => added.push(id),
                None => eprintln!(
                    "{} is already tagged '{}'",
                    crate::output::visible(&args.claim, false),
                    crate::output::visible(&tag.trim().to_lowercase(), false)
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
    let rationale = super::optional_text(args.rationale);
    let mut ledger = ctx.open_write()?;
    let (claim, id) = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = query::resolve_claim(w.conn(), &args.claim)?;
        Ok((claim, ops::add_verdict(w, claim, args.rating, rationale, None)?))
    })?;
    let id = RecordKind::Annotation.id(id);
    print_created(out, ctx, args.output.format, &id, || Ok(query::dossier(ledger.conn(), claim)?.verdict))
}
