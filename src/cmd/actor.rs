//! `actor add|list|show`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::{Context, optional_text, print_created, required_text};
use crate::cli::OutputArgs;
use crate::error::Result;
use crate::ledger::query;
use crate::model::{ActorKind, RecordKind, check_user_key};
use crate::ops::{self, NewActor};
use crate::output;

#[derive(Debug, Subcommand)]
pub enum ActorCommand {
    /// Add an actor; prints its id
    Add(ActorAddArgs),
    /// List the actors
    List(OutputArgs),
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
    #[command(flatten)]
    pub output: OutputArgs,
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
            output::write_all(out, o.format, ctx.style, query::actors(ledger.conn())?)
        }
        ActorCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let id = query::resolve_actor(ledger.conn(), &args.actor)?;
            output::write_record(out, args.output.format, ctx.style, &query::actor(ledger.conn(), id)?)
        }
    }
}

fn add(ctx: &Context, args: ActorAddArgs, out: &mut dyn Write) -> Result<()> {
    let name = required_text("the name", &args.name)?;
    let mut ledger = ctx.open_write()?;
    let id = ledger.write(&ctx.author, &ctx.at, |w| {
        // An affiliation must already exist, so affiliations can never form a cycle.
        let affiliation = args.affiliation.as_deref().map(|a| query::resolve_actor(w.conn(), a)).transpose()?;
        ops::add_actor(
            w,
            NewActor {
                key: optional_text(args.key).map(|k| check_user_key(RecordKind::Actor, &k)).transpose()?,
                name,
                kind: args.kind,
                affiliation,
                aliases: args.aliases,
            },
        )
    })?;
    print_created(out, ctx, args.output.format, &RecordKind::Actor.id(id), || query::actor(ledger.conn(), id))
}
