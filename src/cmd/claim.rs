//! `claim add|list|show|amend|withdraw|restore`.

use std::io::Write;

use clap::{Args, Subcommand};
use comfy_table::Cell;

use super::rows::{CLAIM_TABLE_COLUMNS, CLAIM_TABLE_COLUMNS_STANDING, ClaimRow, DossierView, VersionView};
use super::{Context, RecordArgs, amended, closest, counted, optional_text, print_created};
use crate::error::{Error, Result};
use crate::ledger::{ClaimFilter, Reader};
use crate::model::{
    Amendment, Claim, Id, Named, Qualifier, Quantity, Quote, Rating, RecordKind, Restoration, Stance, StanceKind,
    Status, Withdrawal, normal_text, parse_number, parse_range,
};
use crate::output::{self, Format, ListArgs, OutputArgs, RowWriter, new_table};

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Add a claim; prints its id
    Add(ClaimAddArgs),
    /// List claims, filtered
    List(ClaimListArgs),
    /// Show a claim's whole dossier: text, figure, stances, notes, verdict, links, versions, history
    Show(ClaimShowArgs),
    /// Correct a claim: record a new version of the fields given, and why
    ///
    /// Each part of a figure can be corrected alone: a new --value or --range
    /// keeps the claim's unit and qualifier (a range takes exact in place of an
    /// open qualifier such as at-least), and --unit or --qualifier alone keep
    /// its numbers. --unit "" removes the unit.
    Amend(ClaimAmendArgs),
    /// Take a claim out of listings, reports and exports (its history stays)
    Withdraw(ClaimWithdrawArgs),
    /// Put a withdrawn claim back
    Restore(ClaimRestoreArgs),
}

/// The figure options a claim is added or amended with.
#[derive(Debug, Args)]
pub struct FigureArgs {
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
    #[command(flatten)]
    pub figure: FigureArgs,
    /// Its answer in words, where it gives no figure ("in Tirana"): two claims
    /// on one question that answer it differently conflict
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["value", "range"])]
    pub answer: Option<String>,
    /// The actor who asserts it (recorded as a stance in the same source)
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// A short key to refer to it by (otherwise its id, like C12)
    #[arg(long)]
    pub key: Option<String>,
    /// Add it even though a claim from the same source has the same text (the source says it twice)
    #[arg(long)]
    pub again: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub record: RecordArgs,
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
    /// Only claims with this status
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Only claims with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only claims whose latest verdict is this
    #[arg(long, value_enum, value_name = "RATING")]
    pub verdict: Option<Rating>,
    /// Only claims linked to this one, either way
    #[arg(long, value_name = "CLAIM")]
    pub linked: Option<String>,
    /// Withdrawn claims too (marked)
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub list: ListArgs,
}

#[derive(Debug, Args)]
pub struct ClaimShowArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ClaimAmendArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Why it is corrected
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The new text
    #[arg(long)]
    pub text: Option<String>,
    /// The new topic ("" removes it)
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// The new question ("" removes it)
    #[arg(long, value_name = "KEY")]
    pub about: Option<String>,
    #[command(flatten)]
    pub figure: FigureArgs,
    /// Remove the figure
    #[arg(long, conflicts_with_all = ["value", "range", "qualifier", "unit"])]
    pub no_figure: bool,
    /// The new answer in words ("" removes it)
    #[arg(long, value_name = "TEXT")]
    pub answer: Option<String>,
    /// The new quote, anchored again in the claim's source ("" removes it)
    #[arg(long, value_name = "Q")]
    pub quote: Option<String>,
    /// The new key ("" removes it)
    #[arg(long)]
    pub key: Option<String>,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct ClaimWithdrawArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Why it is withdrawn
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The claim it repeats, when that is why (not one withdrawn as a
    /// duplicate of this claim, directly or through others)
    #[arg(long, value_name = "CLAIM")]
    pub duplicate_of: Option<String>,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct ClaimRestoreArgs {
    /// The claim: id (C12) or key
    pub claim: String,
    /// Why it is put back
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub record: RecordArgs,
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
        ClaimCommand::Amend(args) => amend(ctx, args),
        ClaimCommand::Withdraw(args) => {
            let mut ledger = ctx.open_write()?;
            let withdrawal = ledger.write(&ctx.author, &ctx.clock, |w| {
                let read = w.read();
                let claim = read.claim_id(&args.claim)?;
                let duplicate_of = args.duplicate_of.as_deref().map(|d| read.claim_id(d)).transpose()?;
                let withdrawal =
                    Withdrawal { claim, reason: args.reason, duplicate_of, by: String::new(), at: String::new() };
                w.withdraw_claim(withdrawal)
            })?;
            crate::say!("withdrew {}", RecordKind::Claim.id(withdrawal.claim));
            Ok(())
        }
        ClaimCommand::Restore(args) => {
            let mut ledger = ctx.open_write()?;
            let restoration = ledger.write(&ctx.author, &ctx.clock, |w| {
                let claim = w.read().claim_id(&args.claim)?;
                w.restore_claim(Restoration { claim, reason: args.reason, by: String::new(), at: String::new() })
            })?;
            crate::say!("restored {}", RecordKind::Claim.id(restoration.claim));
            Ok(())
        }
    }
}

/// The quantity the figure options describe, if any.
/// The numbers of a figure given by --value or --range, if one was.
fn figure_numbers(args: &FigureArgs) -> Result<Option<(f64, f64)>> {
    match (&args.value, &args.range) {
        (Some(v), _) => parse_number(v).map(|n| Some((n, n))),
        (None, Some(r)) => parse_range(r).map(Some),
        (None, None) => Ok(None),
    }
}

fn quantity(args: &FigureArgs) -> Result<Option<Quantity>> {
    let Some((low, high)) = figure_numbers(args)? else {
        if args.qualifier.is_some() || args.unit.is_some() {
            return Err(Error::input_hint(
                "--qualifier and --unit describe a figure, but none was given",
                "add --value N or --range LOW..HIGH",
            ));
        }
        return Ok(None);
    };
    Quantity::new(low, high, args.qualifier.unwrap_or(Qualifier::Exact), args.unit.clone()).map(Some)
}

fn add(ctx: &Context, args: ClaimAddArgs, out: &mut dyn Write) -> Result<()> {
    let quantity = quantity(&args.figure)?;
    let mut ledger = ctx.open_write()?;
    let mut about_warning = None;
    let claim = ledger.write(&ctx.author, &ctx.clock, |w| {
        let source = w.read().source_id(&args.source)?;
        let by = args.by.as_deref().map(|a| w.read().actor_id(a)).transpose()?;
        if !args.again {
            refuse_repeat(w.read(), source, &args.source, &args.text)?;
        }
        about_warning =
            optional_text(args.about.clone()).map(|about| new_question(w.read(), &about, None)).transpose()?.flatten();
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
            answer: args.answer.clone(),
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
    if let Some(warning) = about_warning {
        crate::say!("{warning}");
    }
    print_created(out, ctx, args.output.format, &RecordKind::Claim.id(claim.id), || {
        Ok(DossierView::from(ledger.read().dossier(claim.id)?))
    })
}

/// A text option of `amend`: absent keeps the field, "" removes it.
fn amend(ctx: &Context, args: ClaimAmendArgs) -> Result<()> {
    let numbers = figure_numbers(&args.figure)?;
    let mut ledger = ctx.open_write()?;
    let mut about_warning = None;
    let amendment = ledger.write(&ctx.author, &ctx.clock, |w| {
        let current = w.read().claim(w.read().claim_id(&args.claim)?)?;
        about_warning = optional_text(args.about.clone())
            .filter(|about| Some(about) != current.about.as_ref())
            .map(|about| new_question(w.read(), &about, current.about.as_deref()))
            .transpose()?
            .flatten();
        let (qualifier, unit) = (args.figure.qualifier, args.figure.unit.clone());
        let quantity = match (numbers, args.no_figure, &current.quantity) {
            (_, true, _) => None,
            // New numbers keep the figure's unit, and its qualifier where it fits them.
            (Some((low, high)), false, held) => {
                let kept = held
                    .as_ref()
                    .map(|q| q.qualifier)
                    .filter(|&q| low == high || matches!(q, Qualifier::Exact | Qualifier::About));
                let unit = amended(unit, held.as_ref().and_then(|q| q.unit.clone()));
                Some(Quantity::new(low, high, qualifier.or(kept).unwrap_or(Qualifier::Exact), unit)?)
            }
            // A qualifier or unit alone adjusts the figure there is.
            (None, false, Some(q)) if qualifier.is_some() || unit.is_some() => {
                Some(Quantity::new(q.low, q.high, qualifier.unwrap_or(q.qualifier), amended(unit, q.unit.clone()))?)
            }
            (None, false, None) if qualifier.is_some() || unit.is_some() => {
                return Err(Error::input_hint(
                    "--qualifier and --unit describe a figure, and the claim has none",
                    "add --value N or --range LOW..HIGH",
                ));
            }
            (None, false, held) => held.clone(),
        };
        let proposed = Claim {
            key: amended(args.key.clone(), current.key.clone()),
            text: args.text.clone().unwrap_or_else(|| current.text.clone()),
            topic: amended(args.topic.clone(), current.topic.clone()),
            about: amended(args.about.clone(), current.about.clone()),
            quote: match &args.quote {
                None => current.quote.clone(),
                Some(q) => optional_text(Some(q.clone())).map(|text| Quote { text, anchor: None }),
            },
            answer: amended(args.answer.clone(), current.answer.clone()),
            quantity,
            ..current
        };
        w.amend_claim(Amendment { claim: proposed, reason: args.reason, by: String::new(), at: String::new() })
    })?;
    crate::say!("amended {}", RecordKind::Claim.id(amendment.claim.id));
    if let Some(warning) = about_warning {
        crate::say!("{warning}");
    }
    Ok(())
}

/// The same words from the same source are one claim: a second would split
/// its stances and verdicts between two ids.
fn refuse_repeat(read: Reader<'_>, source: Id, named: &str, text: &str) -> Result<()> {
    let Some(&held) = read.claims_with_text(source, &normal_text(text))?.first() else { return Ok(()) };
    let held = RecordKind::Claim.id(held);
    Err(Error::input_hint(
        format!("{held} already holds this claim from {named}, in the same words; nothing was added"),
        format!(
            "to record who else says it: `claimledger assert {held} --by ACTOR --source SOURCE`; if the source says it \
             twice, add --again; a claim added twice already is withdrawn with `claimledger claim withdraw CLAIM \
             --duplicate-of {held} --reason …`"
        ),
    ))
}

/// A warning when a question key no claim uses is close to keys claims do
/// use: a mistyped key makes a new question, and rival figures never meet.
/// `leaving` is the key the amended claim had, which it no longer counts for.
fn new_question(read: Reader<'_>, about: &str, leaving: Option<&str>) -> Result<Option<String>> {
    let mut in_use = read.about_keys()?;
    if let Some(entry) = in_use.iter_mut().find(|(key, _)| Some(key.as_str()) == leaving) {
        entry.1 -= 1;
    }
    in_use.retain(|(_, n)| *n > 0);
    let near = closest(about, &in_use);
    Ok((!near.is_empty()).then(|| {
        format!(
            "warning: no other claim answers the question '{about}'; did you mean {}? \
             (`claimledger claim amend CLAIM --about KEY --reason …` changes it)",
            counted(&near)
        )
    }))
}

fn list(ctx: &Context, args: ClaimListArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let filter = ClaimFilter {
        topic: optional_text(args.topic).map(|t| t.to_lowercase()),
        actor: args.by.as_deref().map(|a| read.actor_id(a)).transpose()?,
        source: args.source.as_deref().map(|s| read.source_id(s)).transpose()?,
        search: optional_text(args.search),
        status: args.status,
        tag: optional_text(args.tag).map(|t| t.to_lowercase()),
        verdict: args.verdict,
        linked: args.linked.as_deref().map(|c| read.claim_id(c)).transpose()?,
        contested: args.contested,
        all: args.all,
        limit: args.list.page.limit,
        offset: args.list.page.offset,
    };
    super::note_unknown_topic(read, filter.topic.as_deref())?;
    let columns = if args.all { CLAIM_TABLE_COLUMNS } else { CLAIM_TABLE_COLUMNS_STANDING };
    let mut writer = RowWriter::<ClaimRow>::new(out, args.list.output.format, ctx.style)
        .table_columns(columns)
        .csv_options(args.list.csv);
    let mut found = 0;
    read.for_each_claim_entry(&filter, |entry| {
        found += 1;
        writer.write(&entry.into())
    })?;
    writer.finish()?;
    if let (0, Some(words)) = (found, &filter.search) {
        crate::say!("note: no claim has words beginning with each of: {words} (a word finds its longer forms)");
    }
    Ok(())
}

/// The fields a claim's version reads, to say what an amendment changed.
struct VersionFields([(&'static str, Option<String>); 7]);

impl VersionFields {
    fn of(v: &VersionView) -> VersionFields {
        VersionFields([
            ("text", Some(v.text.clone())),
            ("topic", v.topic.clone()),
            ("about", v.about.clone()),
            ("figure", v.quantity.clone()),
            ("answer", v.answer.clone()),
            ("quote", v.quote.clone()),
            ("key", v.key.clone()),
        ])
    }

    /// "topic: deaths → casualties; quote: … → (none)": each field the
    /// amendment changed, as it read before and after.
    fn changes_to(&self, after: &VersionFields) -> String {
        let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_string());
        let changed: Vec<String> = self
            .0
            .iter()
            .zip(&after.0)
            .filter(|(before, after)| before.1 != after.1)
            .map(|((name, before), (_, after))| format!("{name}: {} → {}", shown(before), shown(after)))
            .collect();
        if changed.is_empty() { "nothing".to_string() } else { changed.join("; ") }
    }
}

/// "Shahin Gobadi (gobadi)".
fn named(r: &Named) -> String {
    format!("{} ({})", r.name, r.handle())
}

/// The dossier for people: the claim's fields, then its stances, notes,
/// links, earlier versions and history.
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
    field(
        "status",
        match (&d.status_by, &d.status_at) {
            (Some(by), Some(at)) => format!("{} ({by}, {at})", d.status),
            _ => d.status.clone(),
        },
    );
    field(
        "withdrawn",
        d.withdrawn
            .as_ref()
            .map(|w| {
                let duplicate = w.duplicate_of.as_ref().map(|c| format!(" (a duplicate of {c})")).unwrap_or_default();
                format!("{}{duplicate} ({}, {})", w.reason, w.by, w.at)
            })
            .unwrap_or_default(),
    );
    field("topic", d.topic.clone().unwrap_or_default());
    field("about", d.about.clone().unwrap_or_default());
    field("quantity", d.quantity.as_ref().map(|q| q.words.clone()).unwrap_or_default());
    field("answer", d.answer.clone().unwrap_or_default());
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
    output::write_table(out, fields, style)?;

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
                match (&s.retraction, &s.superseded_by) {
                    (Some(r), _) => format!("no, {}", r.words()),
                    (None, Some(by)) => format!("no, see {by}"),
                    (None, None) if !s.current => "no, the claim is withdrawn".into(),
                    (None, None) => "yes".into(),
                },
            ]));
        }
        output::write_table(out, table, style)?;
    }

    if !d.notes.is_empty() || !d.earlier_verdicts.is_empty() {
        writeln!(out, "\nnotes")?;
        let mut table = new_table(style);
        table.set_header(vec!["id", "note", "by", "at"]);
        let retracted = |r: &Option<super::rows::RetractionView>| {
            r.as_ref().map(|r| format!(" ({})", r.words())).unwrap_or_default()
        };
        for n in &d.notes {
            let text = format!("{}{}", n.text, retracted(&n.retraction));
            table.add_row(output::text_row([n.id.clone(), text, n.by.clone(), n.at.clone()]));
        }
        for v in &d.earlier_verdicts {
            let text = format!(
                "earlier verdict: {}{}{}",
                v.rating,
                v.rationale.as_ref().map(|r| format!(": {r}")).unwrap_or_default(),
                retracted(&v.retraction)
            );
            table.add_row(output::text_row([v.id.clone(), text, v.by.clone(), v.at.clone()]));
        }
        output::write_table(out, table, style)?;
    }

    if !d.links.is_empty() {
        writeln!(out, "\nlinks")?;
        let mut table = new_table(style);
        table.set_header(vec!["id", "link", "note", "by", "at"]);
        for l in &d.links {
            let mut link = format!("{} {} {}", l.from.kind.id(l.from.id), l.relation, l.to.kind.id(l.to.id));
            if let Some(r) = &l.removal {
                link.push_str(&format!(" (removed: {})", r.words()));
            }
            table.add_row(output::text_row([
                l.id.clone(),
                link,
                l.note.clone().unwrap_or_default(),
                l.by.clone(),
                l.at.clone(),
            ]));
        }
        output::write_table(out, table, style)?;
    }

    if !d.earlier_versions.is_empty() {
        writeln!(out, "\nversions")?;
        let mut table = new_table(style);
        table.set_header(vec!["change", "by", "at", "why"]);
        let versions: Vec<&VersionView> = d.earlier_versions.iter().chain([&d.version]).collect();
        let first = versions[0];
        table.add_row(output::text_row([
            "first recorded".to_string(),
            first.by.clone(),
            first.at.clone(),
            String::new(),
        ]));
        for pair in versions.windows(2) {
            let (before, after) = (VersionFields::of(pair[0]), VersionFields::of(pair[1]));
            table.add_row(output::text_row([
                before.changes_to(&after),
                pair[1].by.clone(),
                pair[1].at.clone(),
                pair[1].reason.clone().unwrap_or_default(),
            ]));
        }
        output::write_table(out, table, style)?;
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
    output::write_table(out, table, style)?;
    Ok(())
}
