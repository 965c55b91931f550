//! A source's or actor's corrections as `source show` and `actor show` print
//! them: when, by whom, what changed and why, after the record itself.

use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::model::{Actor, ActorAmendment, RecordKind, Source, SourceAmendment};
use crate::output::{self, Format, Style, new_table, text_cell, write_table};

/// One correction: what changed, in words, and who made it, when and why.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    pub at: String,
    pub by: String,
    pub changed: Vec<String>,
    pub reason: String,
}

/// What changed between two values of a field, in words.
fn change(field: &str, before: Option<&str>, after: Option<&str>, into: &mut Vec<String>) {
    match (before, after) {
        (a, b) if a == b => {}
        (None, Some(b)) => into.push(format!("{field} '{b}' added")),
        (Some(a), None) => into.push(format!("{field} '{a}' removed")),
        (Some(a), Some(b)) => into.push(format!("{field} '{a}' → '{b}'")),
        (None, None) => {}
    }
}

/// Each correction of a source, against the version before it.
pub fn of_source(first: Source, amendments: Vec<SourceAmendment>) -> Vec<CorrectionView> {
    let mut before = first;
    let mut views = Vec::new();
    for a in amendments {
        let after = a.applied_to(before.clone());
        let mut changed = Vec::new();
        change("title", Some(&before.title), Some(&after.title), &mut changed);
        change("publisher", before.publisher.as_deref(), after.publisher.as_deref(), &mut changed);
        change("url", before.url.as_deref(), after.url.as_deref(), &mut changed);
        change("published", before.published.as_deref(), after.published.as_deref(), &mut changed);
        change("retrieved", before.retrieved.as_deref(), after.retrieved.as_deref(), &mut changed);
        views.push(CorrectionView { at: a.at, by: a.by, changed, reason: a.reason });
        before = after;
    }
    views
}

/// Each correction of an actor, against the version before it.
pub fn of_actor(first: Actor, amendments: Vec<ActorAmendment>) -> Vec<CorrectionView> {
    let mut before = first;
    let mut views = Vec::new();
    for a in amendments {
        let ActorAmendment { actor: after, reason, by, at } = a;
        let mut changed = Vec::new();
        change("name", Some(&before.name), Some(&after.name), &mut changed);
        change("kind", Some(before.kind.as_str()), Some(after.kind.as_str()), &mut changed);
        let affiliation = |a: &Actor| a.affiliation.map(|id| RecordKind::Actor.id(id));
        change("affiliation", affiliation(&before).as_deref(), affiliation(&after).as_deref(), &mut changed);
        for alias in after.aliases.iter().filter(|a| !before.aliases.contains(a)) {
            changed.push(format!("alias '{alias}' added"));
        }
        for alias in before.aliases.iter().filter(|a| !after.aliases.contains(a)) {
            changed.push(format!("alias '{alias}' dropped"));
        }
        change("url", before.url.as_deref(), after.url.as_deref(), &mut changed);
        views.push(CorrectionView { at, by, changed, reason });
        before = after;
    }
    views
}

/// A record with its corrections: in a table, the corrections follow as a
/// table of their own; in JSON, as the field `corrections` (left out when
/// there are none); in CSV, as the column `corrections`, a correction per line.
pub fn write_with_corrections<R: Serialize>(
    out: &mut dyn Write,
    format: Format,
    style: Style,
    row: &R,
    corrections: Vec<CorrectionView>,
) -> Result<()> {
    #[derive(Serialize)]
    struct WithCorrections<'a, R, C> {
        #[serde(flatten)]
        row: &'a R,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        corrections: Vec<C>,
    }
    match format {
        Format::Table => {
            output::write_record(out, format, style, row)?;
            if corrections.is_empty() {
                return Ok(());
            }
            let mut table = new_table(style);
            table.set_header(["corrected", "by", "changed", "reason"]);
            for c in &corrections {
                table.add_row(vec![
                    text_cell(&c.at),
                    text_cell(&c.by),
                    text_cell(&c.changed.join("\n")),
                    text_cell(&c.reason),
                ]);
            }
            write_table(out, table, style)
        }
        Format::Json | Format::Jsonl => output::write_record(out, format, style, &WithCorrections { row, corrections }),
        Format::Csv => {
            // A column CSV readers can count on, empty when there are none.
            #[derive(Serialize)]
            struct WithCorrectionsCell<'a, R> {
                #[serde(flatten)]
                row: &'a R,
                corrections: String,
            }
            let lines: Vec<String> = corrections
                .iter()
                .map(|c| format!("{} {}: {} ({})", c.at, c.by, c.changed.join("; "), c.reason))
                .collect();
            output::write_record(out, format, style, &WithCorrectionsCell { row, corrections: lines.join("\n") })
        }
    }
}
