//! `actor add|list|show`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::rows::ActorRow;
use super::{Context, RecordArgs, print_created};
use crate::error::Result;
use crate::model::{Actor, ActorKind, RecordKind};
use crate::output::{self, ListArgs, OutputArgs, RowWriter};

#[derive(Debug, Subcommand)]
pub enum ActorCommand {
    /// Add an actor; prints its id
    Add(ActorAddArgs),
    /// List the actors
    List(ListArgs),
    /// Show one actor
    Show(ActorShowArgs),
}

#[derive(Debug, Args)]
pub struct ActorAddArgs {
    /// The actor's name
    pub name: String,
    /// A short key to refer to it by (otherwise its id, like A7)
    #[arg(long)]
    pub key: Option<String>,
    /// What kind of actor it is
    #[arg(long, value_enum, default_value_t = ActorKind::Other)]
    pub kind: ActorKind,
    /// The actor it speaks for (a spokesperson's group, a minister's government)
    #[arg(long, value_name = "ACTOR")]
    pub affiliation: Option<String>,
    /// Another name it goes by (repeatable)
    #[arg(long = "alias", value_name = "NAME")]
    pub aliases: Vec<String>,
    /// Its home page, or a page that identifies it
    #[arg(long)]
    pub url: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct ActorShowArgs {
    /// The actor: id (A7), key, name or alias
    pub actor: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, command: ActorCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        ActorCommand::Add(args) => add(ctx, args, out),
        ActorCommand::List(o) => {
            let ledger = ctx.open_read()?;
            let mut rows = RowWriter::<ActorRow>::new(out, o.output.format, ctx.style).page(o.page).bom(o.csv.bom);
            ledger.read().for_each_actor_entry(|e| rows.write(&e.into()))?;
            rows.finish()
        }
        ActorCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let read = ledger.read();
            let row = ActorRow::from(read.actor_entry(read.actor_id(&args.actor)?)?);
            output::write_record(out, args.output.format, ctx.style, &row)
        }
    }
}

fn add(ctx: &Context, args: ActorAddArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let actor = ledger.write(&ctx.author, &ctx.clock, |w| {
        let affiliation = args.affiliation.as_deref().map(|a| w.read().actor_id(a)).transpose()?;
        let proposed = Actor {
            id: 0,
            key: args.key,
            name: args.name,
            kind: args.kind,
            affiliation,
            aliases: args.aliases,
            url: args.url,
        };
        w.add_actor(proposed)
    })?;
    print_created(out, ctx, args.output.format, &RecordKind::Actor.id(actor.id), || {
        Ok(ActorRow::from(ledger.read().actor_entry(actor.id)?))
    })
}
