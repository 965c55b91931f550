//! `contested` and `figures`: the report users came for.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use super::rows::{CONTESTED_TABLE_COLUMNS, ContestedRow, is_date, quantity_words};
use super::{Context, optional_text};
use crate::error::Result;
use crate::ledger::{ClaimFilter, Question};
use crate::model::{Rating, RecordKind, Status};
use crate::output::{ListArgs, RowWriter};

#[derive(Debug, Args)]
pub struct ContestedArgs {
    /// Only claims on this topic
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// Only claims this actor asserts or disputes
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// Only claims with this status
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Only claims with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only claims whose latest verdict is this
    #[arg(long, value_enum, value_name = "RATING")]
    pub verdict: Option<Rating>,
    #[command(flatten)]
    pub list: ListArgs,
}

#[derive(Debug, Args)]
pub struct FiguresArgs {
    /// Only this question (the claims' about key)
    #[arg(long, value_name = "KEY")]
    pub about: Option<String>,
    #[command(flatten)]
    pub list: ListArgs,
}

pub fn contested(ctx: &Context, args: ContestedArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let filter = ClaimFilter {
        topic: optional_text(args.topic).map(|t| t.to_lowercase()),
        actor: args.by.as_deref().map(|a| read.actor_id(a)).transpose()?,
        status: args.status,
        tag: optional_text(args.tag).map(|t| t.to_lowercase()),
        verdict: args.verdict,
        limit: args.list.page.limit,
        offset: args.list.page.offset,
        ..ClaimFilter::default()
    };
    super::note_unknown_topic(read, filter.topic.as_deref())?;
    let mut writer = RowWriter::<ContestedRow>::new(out, args.list.output.format, ctx.style)
        .table_columns(CONTESTED_TABLE_COLUMNS)
        .csv_options(args.list.csv);
    read.for_each_contested(&filter, |entry| writer.write(&entry.into()))?;
    writer.finish()
}

/// One claim's figure on a question, with the question's own range: one row
/// per figure, so a program reads fields rather than sentences.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FigureRow {
    /// The question: the claims' about key.
    pub about: String,
    pub unit: Option<String>,
    pub claim: String,
    /// The figure in words: "about 2,500 people".
    pub figure: String,
    #[serde(serialize_with = "crate::model::canonical_number::serialize")]
    pub low: f64,
    #[serde(serialize_with = "crate::model::canonical_number::serialize")]
    pub high: f64,
    pub qualifier: String,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Sources behind the figure: where it appears and where it is asserted.
    pub sources: i64,
    /// Whether a claim on the same question rules this figure out.
    pub in_conflict: bool,
    /// The lowest and highest figure given on the question.
    #[serde(serialize_with = "crate::model::canonical_number::serialize")]
    pub question_low: f64,
    #[serde(serialize_with = "crate::model::canonical_number::serialize")]
    pub question_high: f64,
    /// The lowest figure any claim on the question reports (about 2,500 gives 2,500); none for a year.
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub most_conservative: Option<f64>,
}

/// Columns the figures table shows; the figure's parts are for machines.
const FIGURES_TABLE_COLUMNS: &[&str] = &["about", "claim", "figure", "asserted_by", "disputed_by", "most_conservative"];

fn figure_rows(q: Question) -> impl Iterator<Item = FigureRow> {
    let min = |f: fn(&crate::ledger::FigureEntry) -> f64| q.figures.iter().map(f).fold(f64::INFINITY, f64::min);
    let question_low = min(|f| f.quantity.low);
    // A figure somebody reported, as IBC and ACLED take it, not a bound made from one; a date is no count.
    let dates = q.figures.iter().all(|f| is_date(&f.quantity));
    let most_conservative = (!dates).then_some(question_low);
    let question_high = q.figures.iter().map(|f| f.quantity.high).fold(f64::NEG_INFINITY, f64::max);
    let (about, unit) = (q.about, q.unit);
    q.figures.into_iter().map(move |f| FigureRow {
        about: about.clone(),
        unit: unit.clone(),
        claim: RecordKind::Claim.id(f.claim),
        figure: quantity_words(&f.quantity),
        low: f.quantity.low,
        high: f.quantity.high,
        qualifier: f.quantity.qualifier.to_string(),
        asserted_by: f.asserted_by,
        disputed_by: f.disputed_by,
        sources: f.sources,
        in_conflict: f.in_conflict,
        question_low,
        question_high,
        most_conservative,
    })
}

pub fn figures(ctx: &Context, args: FiguresArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let about = optional_text(args.about).map(|a| a.to_lowercase());
    let mut writer = RowWriter::<FigureRow>::new(out, args.list.output.format, ctx.style)
        .table_columns(FIGURES_TABLE_COLUMNS)
        .page(args.list.page)
        .csv_options(args.list.csv);
    ledger.read().for_each_question(about.as_deref(), |q| figure_rows(q).try_for_each(|row| writer.write(&row)))?;
    writer.finish()
}
