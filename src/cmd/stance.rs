//! `assert` and `dispute`: an actor's stance on a claim, reported in a source.

use std::io::Write;

use clap::Args;

use super::{Context, optional_text, print_created};
use crate::cli::OutputArgs;
use crate::error::Result;
use crate::ledger::query;
use crate::model::{RecordKind, StanceKind, parse_date};
use crate::ops::{self, NewStance, StanceOutcome};

#[derive(Debug, Args)]
pub struct StanceArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// The actor taking the stance: id, key, name or alias
    #[arg(long, value_name = "ACTOR")]
    pub by: String,
    /// The source that reports it [default: where the claim first appears]
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// The actor's words, as the source reports them
    #[arg(long, value_name = "Q")]
    pub quote: Option<String>,
    /// When the actor said it (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, stance: StanceKind, args: StanceArgs, out: &mut dyn Write) -> Result<()> {
    let date = args.date.as_deref().map(parse_date).transpose()?;
    let mut ledger = ctx.open_write()?;
    let (claim, outcome) = ledger.write(&ctx.author, &ctx.at, |w| {
        let claim = query::resolve_claim(w.conn(), &args.claim)?;
        let actor = query::resolve_actor(w.conn(), &args.by)?;
        let source = match &args.source {
            Some(s) => query::resolve_source(w.conn(), s)?,
            None => query::claim_origin(w.conn(), claim)?.0,
        };
        let new = NewStance { claim, actor, source, stance, quote: optional_text(args.quote), date };
        Ok((claim, ops::add_stance(w, new)?))
    })?;
    let id = match outcome {
        StanceOutcome::Recorded { id, superseded } => {
            if let Some(old) = superseded {
                eprintln!(
                    "{} replaces {} as this actor's current stance in that source",
                    RecordKind::Stance.id(id),
                    RecordKind::Stance.id(old)
                );
            }
            id
        }
        StanceOutcome::Unchanged { id } => {
            eprintln!("{} already records this stance; nothing changed", RecordKind::Stance.id(id));
            id
        }
    };
    print_created(out, ctx, args.output.format, &RecordKind::Stance.id(id), || {
        let dossier = query::dossier(ledger.conn(), claim)?;
        Ok(dossier.stances.into_iter().find(|s| s.id == RecordKind::Stance.id(id)))
    })
}
