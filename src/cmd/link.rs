//! `link`, `unlink` and `status`: how claims bear on each other, and where a
//! claim stands on the desk.

use std::io::Write;

use clap::Args;

use super::rows::LinkView;
use super::{Context, RecordArgs, optional_text, print_created};
use crate::error::{Error, Result};
use crate::ledger::Recorded;
use crate::model::{Link, RecordKind, Relation, Retraction, Status, StatusChange};
use crate::output::OutputArgs;

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The claim: id (C7) or key
    pub from: String,
    /// How it bears on the other
    #[arg(value_enum)]
    pub relation: Relation,
    /// The other claim: id (C45) or key
    pub to: String,
    /// Why, or what the link rests on
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct UnlinkArgs {
    /// The link's id (L3), or the claims and relation it joins: C7 contradicts C45
    #[arg(required = true, num_args = 1..=3, value_name = "LINK")]
    pub link: Vec<String>,
    /// Why
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Where it stands now
    #[arg(value_enum)]
    pub status: Status,
    #[command(flatten)]
    pub record: RecordArgs,
}

pub fn link(ctx: &Context, args: LinkArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let recorded = ledger.write(&ctx.author, &ctx.clock, |w| {
        let read = w.read();
        let proposed = Link {
            id: 0,
            from: read.claim_id(&args.from)?,
            relation: args.relation,
            to: read.claim_id(&args.to)?,
            note: optional_text(args.note),
            by: String::new(),
            at: String::new(),
        };
        w.add_link(proposed)
    })?;
    let id = match recorded {
        Recorded::New(link) => link.id,
        Recorded::Unchanged(id) => {
            crate::say!("{} links them so already; nothing changed", RecordKind::Link.id(id));
            id
        }
    };
    print_created(out, ctx, args.output.format, &RecordKind::Link.id(id), || {
        Ok(LinkView::from(ledger.read().link_entry(id)?))
    })
}

pub fn unlink(ctx: &Context, args: UnlinkArgs) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let retraction = ledger.write(&ctx.author, &ctx.clock, |w| {
        let read = w.read();
        let link = match args.link.as_slice() {
            [id] => read.record_id(RecordKind::Link, id)?,
            [from, relation, to] => {
                let (from, to) = (read.claim_id(from)?, read.claim_id(to)?);
                let relation: Relation = relation.parse()?;
                read.link_between(from, relation, to)?.ok_or_else(|| {
                    Error::input(format!(
                        "no link {} {relation} {}",
                        RecordKind::Claim.id(from),
                        RecordKind::Claim.id(to)
                    ))
                })?
            }
            _ => {
                return Err(Error::input_hint(
                    "unlink takes a link's id, or two claims and their relation",
                    "unlink L3, or unlink C7 contradicts C45",
                ));
            }
        };
        w.remove_link(Retraction {
            record: link,
            reason: optional_text(args.reason),
            by: String::new(),
            at: String::new(),
        })
    })?;
    crate::say!("removed {}", RecordKind::Link.id(retraction.record));
    Ok(())
}

/// Sets a claim's status; prints the claim's id when that changed it.
pub fn status(ctx: &Context, args: StatusArgs, out: &mut dyn Write) -> Result<()> {
    let mut ledger = ctx.open_write()?;
    let recorded = ledger.write(&ctx.author, &ctx.clock, |w| {
        let claim = w.read().claim_id(&args.claim)?;
        w.set_status(StatusChange { claim, status: args.status, by: String::new(), at: String::new() })
    })?;
    match recorded {
        Recorded::New(change) => writeln!(out, "{}", RecordKind::Claim.id(change.claim))?,
        Recorded::Unchanged(claim) => {
            crate::say!("{} is {} already; nothing changed", RecordKind::Claim.id(claim), args.status)
        }
    }
    Ok(())
}
