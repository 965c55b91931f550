//! `assert` and `dispute`: an actor's stance on a claim, reported in a
//! source; `stance retract`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::rows::StanceView;
use super::{Context, RecordArgs, optional_text, print_created};
use crate::error::Result;
use crate::ledger::Recorded;
use crate::model::{Quote, RecordKind, Retraction, Stance, StanceKind};
use crate::output::OutputArgs;

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
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Subcommand)]
pub enum StanceCommand {
    /// Retract a stance: the actor no longer holds it, or it was recorded in error
    Retract(RetractArgs),
}

#[derive(Debug, Args)]
pub struct RetractArgs {
    /// The stance: its id (T5)
    pub stance: String,
    /// Why
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

pub fn run(ctx: &Context, stance: StanceKind, args: StanceArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let (claim, recorded) = ledger.write(&ctx.author, &ctx.clock, |w| {
        let read = w.read();
        let claim = read.claim_id(&args.claim)?;
        let proposed = Stance {
            id: 0,
            claim,
            actor: read.actor_id(&args.by)?,
            source: match &args.source {
                Some(s) => read.source_id(s)?,
                None => read.claim(claim)?.source,
            },
            stance,
            quote: optional_text(args.quote).map(|text| Quote { text, anchor: None }),
            date: args.date,
            supersedes: None,
        };
        Ok((claim, w.add_stance(proposed)?))
    })?;
    let id = match recorded {
        Recorded::New(s) => {
            if let Some(old) = s.supersedes {
                crate::say!(
                    "{} replaces {} as this actor's current stance on the claim",
                    RecordKind::Stance.id(s.id),
                    RecordKind::Stance.id(old)
                );
            }
            s.id
        }
        Recorded::Unchanged(id) => {
            crate::say!("{} already records this stance; nothing changed", RecordKind::Stance.id(id));
            id
        }
    };
    print_created(out, ctx, args.output.format, &RecordKind::Stance.id(id), || {
        let entries = ledger.read().stance_entries(claim)?;
        Ok(entries.into_iter().find(|e| e.stance.id == id).map(StanceView::from))
    })
}

pub fn command(ctx: &Context, command: StanceCommand) -> Result<()> {
    match command {
        StanceCommand::Retract(args) => {
            let mut ledger = ctx.open_write()?;
            let retraction = ledger.write(&ctx.author, &ctx.clock, |w| {
                let stance = w.read().record_id(RecordKind::Stance, &args.stance)?;
                w.retract_stance(Retraction {
                    record: stance,
                    reason: Some(args.reason),
                    by: String::new(),
                    at: String::new(),
                })
            })?;
            crate::say!("retracted {}", RecordKind::Stance.id(retraction.record));
            Ok(())
        }
    }
}
