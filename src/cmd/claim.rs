//! `claim add|list|show`.

use std::io::Write;

use clap::{Args, Subcommand};
use comfy_table::Cell;

use super::rows::{CLAIM_TABLE_COLUMNS, ClaimRow, DossierView};
use super::{Context, optional_text, print_created};
use crate::error::{Error, Result};
use crate::ledger::ClaimFilter;
use crate::model::{
    Claim, Named, Qualifier, Quantity, Quote, RecordKind, Stance, StanceKind, parse_number, parse_range,
};
use crate::output::{self, Format, OutputArgs, RowWriter, new_table};

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Add a claim; prints its id
    Add(ClaimAddArgs),
    /// List claims, filtered
    List(ClaimListArgs),
    /// Show a claim's whole dossier: text, figure, stances, notes, verdict, history
    Show(ClaimShowArgs),
}

#[derive(Debug, Args)]
pub struct ClaimAddArgs {
    /// The claim in plain words
    pub text: String,
    /// Where it first appears: source id (S3) or key
    #[arg(long)]
    pub source: String,
    /// The exact wording in the source (checked against its archived text)
    #[arg(long, value_name = "Q")]
    pub quote: Option<String>,
    /// What it is about: deaths, injuries, seizures, location, date, history, legal, event, or your own word
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// The question it answers, shared by rival claims (ashraf3-raid.deaths)
    #[arg(long, value_name = "KEY")]
    pub about: Option<String>,
    /// The figure it states
    #[arg(long, value_name = "N", conflicts_with = "range", allow_hyphen_values = true)]
    pub value: Option<String>,
    /// The range it states, LOW..HIGH
    #[arg(long, value_name = "LOW..HIGH", allow_hyphen_values = true)]
    pub range: Option<String>,
    /// How the figure bounds the truth [default: exact]
    #[arg(long, value_enum, value_name = "Q")]
    pub qualifier: Option<Qualifier>,
    /// What the figure counts or measures (people, devices, acres)
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// The actor who asserts it (recorded as a stance in the same source)
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// A short key to refer to it by (otherwise its id, like C12)
    #[arg(long)]
    pub key: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ClaimListArgs {
    /// Only claims on this topic
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// Only contested claims
    #[arg(long)]
    pub contested: bool,
    /// Only claims this actor asserts or disputes
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// Only claims that appear in, or have a stance reported in, this source
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// Only claims whose text has all these words
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ClaimShowArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, command: ClaimCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        ClaimCommand::Add(args) => add(ctx, args, out),
        ClaimCommand::List(args) => list(ctx, args, out),
        ClaimCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let read = ledger.read();
            let dossier = DossierView::from(read.dossier(read.claim_id(&args.claim)?)?);
            match args.output.format {
                Format::Table => print_dossier(ctx, &dossier, out),
                format => output::write_record(out, format, ctx.style, &dossier),
            }
        }
    }
}

/// The quantity the figure options describe, if any.
fn quantity(args: &ClaimAddArgs) -> Result<Option<Quantity>> {
    let (low, high) = match (&args.value, &args.range) {
        (Some(v), _) => {
            let n = parse_number(v)?;
            (n, n)
        }
        (None, Some(r)) => parse_range(r)?,
        (None, None) => {
            if args.qualifier.is_some() || args.unit.is_some() {
                return Err(Error::input_hint(
                    "--qualifier and --unit describe a figure, but none was given",
                    "add --value N or --range LOW..HIGH",
                ));
            }
            return Ok(None);
        }
    };
    Quantity::new(low, high, args.qualifier.unwrap_or(Qualifier::Exact), args.unit.clone()).map(Some)
}

fn add(ctx: &Context, args: ClaimAddArgs, out: &mut dyn Write) -> Result<()> {
    let quantity = quantity(&args)?;
    let mut ledger = ctx.open_write()?;
    let claim = ledger.write(&ctx.author, &ctx.at, |w| {
        let source = w.read().source_id(&args.source)?;
        let by = args.by.as_deref().map(|a| w.read().actor_id(a)).transpose()?;
        let quote = optional_text(args.quote.clone()).map(|text| Quote { text, anchor: None });
        let proposed = Claim {
            id: 0,
            key: args.key.clone(),
            text: args.text.clone(),
            topic: args.topic.clone(),
            about: optional_text(args.about.clone()),
            source,
            quote: quote.clone(),
            quantity,
        };
        let claim = w.add_claim(proposed)?;
        if let Some(actor) = by {
            // The asserter's stance, in the claim's own source and words.
            let stance = Stance {
                id: 0,
                claim: claim.id,
                actor,
                source,
                stance: StanceKind::Asserts,
                quote,
                date: None,
                supersedes: None,
            };
            w.add_stance(stance)?;
        }
        Ok(claim)
    })?;
    print_created(out, ctx, args.output.format, &RecordKind::Claim.id(claim.id), || {
        Ok(DossierView::from(ledger.read().dossier(claim.id)?))
    })
}

fn list(ctx: &Context, args: ClaimListArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let filter = ClaimFilter {
        topic: optional_text(args.topic).map(|t| t.to_lowercase()),
        actor: args.by.as_deref().map(|a| read.actor_id(a)).transpose()?,
        source: args.source.as_deref().map(|s| read.source_id(s)).transpose()?,
        search: optional_text(args.search),
        contested: args.contested,
    };
    let mut writer = RowWriter::<ClaimRow>::new(out, args.output.format, ctx.style).table_columns(CLAIM_TABLE_COLUMNS);
    read.for_each_claim_entry(&filter, |entry| writer.write(&entry.into()))?;
    writer.finish()
}

/// "Shahin Gobadi (gobadi)".
fn named(r: &Named) -> String {
    format!("{} ({})", r.name, r.handle())
}

/// The dossier for people: the claim's fields, then its stances, notes and history.
fn print_dossier(ctx: &Context, d: &DossierView, out: &mut dyn Write) -> Result<()> {
    let style = ctx.style;
    let mut fields = new_table(style);
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            fields.add_row(vec![Cell::new(name), output::text_cell(&value)]);
        }
    };
    field("claim", format!("{}  {}", d.id, d.text));
    field("key", d.key.clone().unwrap_or_default());
    field("topic", d.topic.clone().unwrap_or_default());
    field("about", d.about.clone().unwrap_or_default());
    field("quantity", d.quantity.as_ref().map(|q| q.words.clone()).unwrap_or_default());
    field("source", named(&d.source));
    field("quote", d.quote.as_ref().map(|q| q.in_context()).unwrap_or_default());
    field("tags", d.tags.join(", "));
    field(
        "verdict",
        d.verdict
            .as_ref()
            .map(|v| match &v.rationale {
                Some(r) => format!("{}: {r} ({}, {})", v.rating, v.by, v.at),
                None => format!("{} ({}, {})", v.rating, v.by, v.at),
            })
            .unwrap_or_default(),
    );
    writeln!(out, "{fields}")?;

    writeln!(out, "\nstances")?;
    if d.stances.is_empty() {
        writeln!(out, "(none)")?;
    } else {
        let mut table = new_table(style);
        table.set_header(vec!["id", "actor", "stance", "source", "quote", "date", "current"]);
        for s in &d.stances {
            table.add_row(output::text_row([
                s.id.clone(),
                named(&s.actor),
                s.stance.clone(),
                named(&s.source),
                s.quote.as_ref().map(|q| q.in_context()).unwrap_or_default(),
                s.date.clone().unwrap_or_default(),
                match &s.superseded_by {
                    None => "yes".into(),
                    Some(by) => format!("no, see {by}"),
                },
            ]));
        }
        writeln!(out, "{table}")?;
    }

    if !d.notes.is_empty() || !d.earlier_verdicts.is_empty() {
        writeln!(out, "\nnotes")?;
        let mut table = new_table(style);
        table.set_header(vec!["id", "note", "by", "at"]);
        for n in &d.notes {
            table.add_row(output::text_row([n.id.clone(), n.text.clone(), n.by.clone(), n.at.clone()]));
        }
        for v in &d.earlier_verdicts {
            let text = format!(
                "earlier verdict: {}{}",
                v.rating,
                v.rationale.as_ref().map(|r| format!(": {r}")).unwrap_or_default()
            );
            table.add_row(output::text_row([v.id.clone(), text, v.by.clone(), v.at.clone()]));
        }
        writeln!(out, "{table}")?;
    }

    writeln!(out, "\nhistory")?;
    let mut table = new_table(style);
    table.set_header(vec!["seq", "at", "author", "record", "summary"]);
    for e in &d.history {
        table.add_row(output::text_row([
            e.seq.to_string(),
            e.at.clone(),
            e.author.clone(),
            e.record.clone(),
            e.summary.clone(),
        ]));
    }
    writeln!(out, "{table}")?;
    Ok(())
}
