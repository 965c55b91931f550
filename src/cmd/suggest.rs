//! `suggest`: a source's check-worthy sentences, who says and who disputes
//! each, and their figures; or a draft claims file of them.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::export::{OutputFile, OutputKind, write_to};
use crate::claims_file::{FileActor, FileSource, file_key};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Qualifier, RecordKind};
use crate::output::{Format, RowWriter};
use crate::suggest::{self, Covered, KnownActor, Suggestion};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    Table,
    Csv,
    Json,
    Jsonl,
    /// A draft claims file to edit and import
    Toml,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The source (id, key or title) whose archived text to read, or a text file
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// Every sentence, in the text's order, suggested or not
    #[arg(long)]
    pub all: bool,
    /// At most N sentences (the best)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// The sentences scoring at least X (0 to 1) instead of the suggested ones [default cut: 0.5]
    #[arg(long, value_name = "X")]
    pub min_score: Option<f64>,
    /// Output format: a table, rows, or a draft claims file (toml)
    #[arg(long, short = 'f', value_enum, default_value_t = SuggestFormat::Table)]
    pub format: SuggestFormat,
    /// Write to this file (replaced whole, only once written) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file even when its name is not of this output's kind
    #[arg(long)]
    pub force: bool,
}

/// A suggestion as a table or CSV row: speakers and figures in words.
#[derive(Debug, Default, Serialize)]
struct SuggestionRow {
    sentence: usize,
    start: usize,
    end: usize,
    score: f64,
    suggested: bool,
    text: String,
    speaker: Vec<String>,
    disputed_by: Vec<String>,
    figures: Vec<String>,
    covered_by: Vec<String>,
    reasons: Vec<String>,
}

fn person(s: &suggest::Speaker) -> String {
    match &s.actor {
        Some(key) => format!("{} [{key}]", s.name),
        None => s.name.clone(),
    }
}

fn figure(f: &suggest::Figure) -> String {
    let q = match f.qualifier {
        Qualifier::Exact => "",
        Qualifier::About => "about ",
        Qualifier::AtLeast => "at least ",
        Qualifier::MoreThan => "more than ",
        Qualifier::AtMost => "at most ",
        Qualifier::FewerThan => "fewer than ",
    };
    let n = match (f.value, f.range) {
        (Some(v), _) => v.to_string(),
        (None, Some([a, b])) => format!("{a}–{b}"),
        (None, None) => String::new(),
    };
    match &f.unit {
        Some(u) => format!("{q}{n} {u}"),
        None => format!("{q}{n}"),
    }
}

impl From<&Suggestion> for SuggestionRow {
    fn from(s: &Suggestion) -> Self {
        SuggestionRow {
            sentence: s.sentence,
            start: s.start,
            end: s.end,
            score: s.score,
            suggested: s.suggested,
            text: s.text.clone(),
            speaker: s.speaker.iter().map(person).collect(),
            disputed_by: s.disputed_by.iter().map(person).collect(),
            figures: s.figures.iter().map(figure).collect(),
            covered_by: s.covered_by.clone(),
            reasons: s.reasons.clone(),
        }
    }
}

/// What `suggest` reads: the text, and what the ledger knows of it.
struct Material {
    text: String,
    actors: Vec<FileActor>,
    covered: Vec<Covered>,
    claim_keys: BTreeSet<String>,
    source: FileSource,
}

pub fn run(ctx: &Context, args: SuggestArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(x) = args.min_score
        && !(0.0..=1.0).contains(&x)
    {
        return Err(Error::input_hint(
            format!("--min-score {x} is not a score"),
            "give a number from 0 to 1, like --min-score 0.3",
        ));
    }
    if args.all && args.min_score.is_some() {
        return Err(Error::input_hint(
            "--all lists every sentence, so it takes no --min-score",
            "leave out one of them",
        ));
    }
    let material = material(ctx, &args.source)?;
    let known: Vec<KnownActor> = material
        .actors
        .iter()
        .map(|a| KnownActor { key: a.key.clone(), name: a.name.clone(), aliases: a.aliases.clone() })
        .collect();
    let mut all = suggest::analyse(&material.text, &known, &material.covered);
    let mut chosen: Vec<&Suggestion> = match (args.all, args.min_score) {
        (true, _) => all.iter().collect(),
        (false, Some(x)) => all.iter().filter(|s| s.score >= x).collect(),
        (false, None) => all.iter().filter(|s| s.suggested).collect(),
    };
    if !args.all {
        // Best first; the text's order among equals.
        chosen.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.sentence.cmp(&b.sentence)));
    }
    if let Some(n) = args.limit {
        chosen.truncate(n);
    }
    let kind = match args.format {
        SuggestFormat::Table => OutputKind::TEXT,
        SuggestFormat::Csv => OutputKind::CSV,
        SuggestFormat::Json => OutputKind::JSON,
        SuggestFormat::Jsonl => OutputKind::JSONL,
        SuggestFormat::Toml => OutputKind::CLAIMS_TOML,
    };
    let to = args.output.as_deref().map(|path| OutputFile { path, kind, force: args.force });
    let result = write_to(to, &ctx.db, out, |out| match args.format {
        SuggestFormat::Table | SuggestFormat::Csv => {
            let format = if args.format == SuggestFormat::Csv { Format::Csv } else { Format::Table };
            let mut w = RowWriter::<SuggestionRow>::new(out, format, ctx.style);
            if format == Format::Table {
                w = w.table_columns(&["sentence", "score", "text", "speaker", "disputed_by", "figures", "covered_by"]);
            }
            for s in &chosen {
                w.write(&SuggestionRow::from(*s))?;
            }
            w.finish()
        }
        SuggestFormat::Json => {
            let rows = serde_json::to_string(&chosen).map_err(crate::output::json_error)?;
            writeln!(out, "{rows}").map_err(Error::from)
        }
        SuggestFormat::Jsonl => {
            for s in &chosen {
                let row = serde_json::to_string(s).map_err(crate::output::json_error)?;
                writeln!(out, "{row}")?;
            }
            Ok(())
        }
        SuggestFormat::Toml => {
            // A sentence a claim already quotes needs no draft.
            let fresh: Vec<&Suggestion> = chosen.iter().copied().filter(|s| s.covered_by.is_empty()).collect();
            let left = chosen.len() - fresh.len();
            if left > 0 {
                crate::say!(
                    "note: {left} sentence(s) already quoted by a claim of the ledger were left out of the draft"
                );
            }
            let ledgered = suggest::draft::Ledgered {
                source: material.source.clone(),
                actors: &material.actors,
                claim_keys: material.claim_keys.clone(),
            };
            out.write_all(suggest::draft::draft(&ledgered, &fresh)?.as_bytes()).map_err(Error::from)
        }
    });
    all.clear();
    result
}

/// The source's text and the ledger's actors and quotes; for a text file
/// outside the ledger, the ledger's actors if there is a ledger.
fn material(ctx: &Context, given: &str) -> Result<Material> {
    let ledger = if ctx.db.exists() || Ledger::names_server(&ctx.db) { Some(ctx.open_read()?) } else { None };
    let mut actors = Vec::new();
    let mut claim_keys = BTreeSet::new();
    if let Some(ledger) = &ledger {
        let read = ledger.read();
        let mut by_id = std::collections::HashMap::new();
        read.for_each_actor(|a| {
            by_id.insert(a.id, file_key(RecordKind::Actor, a.id, a.key.as_deref()));
            let affiliation = a.affiliation.and_then(|id| by_id.get(&id).cloned());
            actors.push(FileActor::from_model(&a, affiliation));
            Ok(())
        })?;
        claim_keys.extend(read.claim_keys()?.into_iter().map(|k| k.to_ascii_lowercase()));
        match read.source_id(given) {
            Ok(id) => {
                let source = read.source(id)?;
                let Some(text) = source.text.clone() else {
                    return Err(Error::input_hint(
                        format!("source {given} has no archived text to read"),
                        "archive its text with `source amend SOURCE --text-file FILE`, or give a text file",
                    ));
                };
                let covered = read
                    .anchored_quotes(id)?
                    .into_iter()
                    .filter(|q| q.stance.is_none())
                    .map(|q| Covered { claim: format!("C{}", q.claim), start: q.start, end: q.end })
                    .collect();
                return Ok(Material { text, actors, covered, claim_keys, source: FileSource::from_model(&source) });
            }
            Err(e) if !Path::new(given).is_file() => return Err(e),
            Err(_) => {}
        }
    }
    let path = Path::new(given);
    if !path.is_file() {
        return Err(Error::input_hint(
            format!("no ledger at '{}' and no text file '{given}'", ctx.db.display()),
            "give a text file, or a source of the ledger (--db PATH)",
        ));
    }
    let text = crate::source_text::read(path, None).map_err(|e| Error::input_hint(e, "give a UTF-8 text file"))?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let key = {
        let k = suggest::draft::slug(&stem, 8);
        if k.is_empty() { "source".to_string() } else { k }
    };
    let source = FileSource {
        key,
        title: if stem.trim().is_empty() { "Untitled text".to_string() } else { stem },
        publisher: None,
        url: None,
        published: None,
        retrieved: None,
        text_file: None,
        text: Some(text.clone()),
        sha256: None,
        change: Vec::new(),
    };
    Ok(Material { text, actors, covered: Vec::new(), claim_keys, source })
}
