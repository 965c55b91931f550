//! `actor add|list|show|amend`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::rows::ActorRow;
use super::{Context, RecordArgs, amended, print_created};
use crate::error::{Error, Result};
use crate::model::{Actor, ActorAmendment, ActorKind, RecordKind, normalize_name};
use crate::output::{ListArgs, OutputArgs, RowWriter};

#[derive(Debug, Subcommand)]
pub enum ActorCommand {
    /// Add an actor; prints its id
    Add(ActorAddArgs),
    /// List the actors
    List(ListArgs),
    /// Show one actor, with its corrections
    Show(ActorShowArgs),
    /// Correct an actor's name, kind, affiliation, aliases or address (not its key)
    Amend(ActorAmendArgs),
}

#[derive(Debug, Args)]
pub struct ActorAmendArgs {
    /// The actor: id (A7), key, name or alias
    pub actor: String,
    /// Why it is corrected
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The new name (the old one can stay as an alias: --alias)
    #[arg(long)]
    pub name: Option<String>,
    /// What kind of actor it is
    #[arg(long, value_enum)]
    pub kind: Option<ActorKind>,
    /// The actor it speaks for ("" removes it)
    #[arg(long, value_name = "ACTOR")]
    pub affiliation: Option<String>,
    /// Another name it goes by, added (repeatable)
    #[arg(long = "alias", value_name = "NAME")]
    pub aliases: Vec<String>,
    /// A name it no longer goes by, dropped (repeatable)
    #[arg(long = "drop-alias", value_name = "NAME")]
    pub drop_aliases: Vec<String>,
    /// Its home page, or a page that identifies it ("" removes it)
    #[arg(long)]
    pub url: Option<String>,
    #[command(flatten)]
    pub record: RecordArgs,
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
        ActorCommand::Amend(args) => amend(ctx, args),
        ActorCommand::List(o) => {
            let ledger = ctx.open_read()?;
            let mut rows = RowWriter::<ActorRow>::new(out, o.output.format, ctx.style).page(o.page).csv_options(o.csv);
            ledger.read().for_each_actor_entry(|e| rows.write(&e.into()))?;
            rows.finish()
        }
        ActorCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let read = ledger.read();
            let id = read.actor_id(&args.actor)?;
            let row = ActorRow::from(read.actor_entry(id)?);
            let (first, amendments) = read.actor_versions(id)?;
            let corrections = super::corrections::of_actor(first, amendments);
            super::corrections::write_with_corrections(out, args.output.format, ctx.style, &row, corrections)
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

fn amend(ctx: &Context, args: ActorAmendArgs) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let amendment = ledger.write(&ctx.author, &ctx.clock, |w| {
        let current = w.read().actor(w.read().actor_id(&args.actor)?)?;
        let affiliation = match args.affiliation.as_deref().map(str::trim) {
            None => current.affiliation,
            Some("") => None,
            Some(name) => Some(w.read().actor_id(name)?),
        };
        let mut aliases = current.aliases.clone();
        for dropped in &args.drop_aliases {
            let norm = normalize_name(dropped);
            let before = aliases.len();
            aliases.retain(|a| normalize_name(a) != norm);
            if aliases.len() == before {
                return Err(Error::input_hint(
                    format!("{} has no alias '{dropped}'", RecordKind::Actor.id(current.id)),
                    match current.aliases.is_empty() {
                        true => "it has no aliases".to_string(),
                        false => format!("its aliases are: {}", current.aliases.join(", ")),
                    },
                ));
            }
        }
        aliases.extend(args.aliases.iter().cloned());
        w.amend_actor(ActorAmendment {
            actor: Actor {
                name: args.name.clone().unwrap_or_else(|| current.name.clone()),
                kind: args.kind.unwrap_or(current.kind),
                affiliation,
                aliases,
                url: amended(args.url.clone(), current.url.clone()),
                ..current
            },
            reason: args.reason.clone(),
            by: String::new(),
            at: String::new(),
        })
    })?;
    crate::say!("amended {}", RecordKind::Actor.id(amendment.actor.id));
    Ok(())
}
