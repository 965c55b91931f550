//! The printed shapes of records: one row struct per listing (its serde field
//! names are the CSV header, the JSON keys and the table header alike, in
//! column order; docs/export.md documents them), and the views of a claim's
//! dossier. Each is made from what the ledger returns; the words people read
//! (a quantity in words, a log line) are written here, not in the ledger.

use serde::Serialize;

use crate::history::Change;
use crate::ledger::{AnnotationEntry, ClaimEntry, ContestedEntry, Event, SourceEntry, StanceEntry};
use crate::model::{Annotation, AnnotationBody, Id, Named, Quantity, Quote, RecordKind, format_number};

/// A quantity in words: "more than 12,000 civilians", "about 20 to 30 miles".
pub fn quantity_words(q: &Quantity) -> String {
    use crate::model::Qualifier::*;
    let prefix = match q.qualifier {
        Exact => "",
        About => "about ",
        AtLeast => "at least ",
        MoreThan => "more than ",
        AtMost => "at most ",
        FewerThan => "fewer than ",
    };
    let figure = if q.is_range() {
        format!("{} to {}", format_number(q.low), format_number(q.high))
    } else {
        format_number(q.low)
    };
    match &q.unit {
        Some(unit) => format!("{prefix}{figure} {unit}"),
        None => format!("{prefix}{figure}"),
    }
}

// ---------------------------------------------------------------- sources and actors

/// One source, as listed and shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub key: Option<String>,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub retrieved: Option<String>,
    /// SHA-256 of the archived text; empty when no text is archived.
    pub sha256: Option<String>,
    /// Claims that first appear in this source.
    pub claims: i64,
    /// Stances reported in this source.
    pub stances: i64,
}

impl From<SourceEntry> for SourceRow {
    fn from(e: SourceEntry) -> SourceRow {
        let s = e.source;
        SourceRow {
            id: RecordKind::Source.id(s.id),
            key: s.key,
            title: s.title,
            publisher: s.publisher,
            url: s.url,
            published: s.published,
            retrieved: s.retrieved,
            sha256: s.sha256,
            claims: e.claims,
            stances: e.stances,
        }
    }
}

/// One actor, as listed and shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActorRow {
    pub id: String,
    pub key: Option<String>,
    pub name: String,
    pub kind: String,
    /// The actor this one speaks for (its key, or id when it has none).
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    /// Current stances of this actor.
    pub stances: i64,
}

impl From<crate::ledger::ActorEntry> for ActorRow {
    fn from(e: crate::ledger::ActorEntry) -> ActorRow {
        let a = e.actor;
        ActorRow {
            id: RecordKind::Actor.id(a.id),
            key: a.key,
            name: a.name,
            kind: a.kind.to_string(),
            affiliation: e.affiliation.map(|p| p.handle()),
            aliases: a.aliases,
            stances: e.stances,
        }
    }
}

// ---------------------------------------------------------------- claims

/// One claim, as listed (`claim list`, `export claims`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub key: Option<String>,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub text: String,
    /// The figure in words: "more than 12,000 civilians".
    pub quantity: Option<String>,
    /// The figure's parts: the stated value (low = high) or range, qualifier and unit.
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub low: Option<f64>,
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub high: Option<f64>,
    pub qualifier: Option<String>,
    pub unit: Option<String>,
    /// Where the claim first appears (key, or id), and its words there.
    pub source: String,
    pub quote: Option<String>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    pub verdict: Option<String>,
    pub tags: Vec<String>,
}

/// Columns a claim table shows; the rest are for machines.
pub const CLAIM_TABLE_COLUMNS: &[&str] = &["id", "topic", "text", "quantity", "asserted_by", "disputed_by", "verdict"];

impl From<ClaimEntry> for ClaimRow {
    fn from(e: ClaimEntry) -> ClaimRow {
        let c = e.claim;
        let q = c.quantity.as_ref();
        ClaimRow {
            id: RecordKind::Claim.id(c.id),
            key: c.key,
            topic: c.topic,
            about: c.about,
            text: c.text,
            quantity: q.map(quantity_words),
            low: q.map(|q| q.low),
            high: q.map(|q| q.high),
            qualifier: q.map(|q| q.qualifier.to_string()),
            unit: q.and_then(|q| q.unit.clone()),
            source: e.source.handle(),
            quote: c.quote.map(|q| q.text),
            asserted_by: e.asserted_by,
            disputed_by: e.disputed_by,
            verdict: e.verdict.map(|v| v.to_string()),
            tags: e.tags,
        }
    }
}

/// One contested claim (`contested`, `export contested`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContestedRow {
    pub id: String,
    pub key: Option<String>,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub text: String,
    pub quantity: Option<String>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Claims on the same question whose figures cannot also be true: "C7 (9,000 people)".
    pub conflicts_with: Vec<String>,
    /// Sources the claim and its current stances appear in.
    pub sources: Vec<String>,
    pub verdict: Option<String>,
}

/// Columns the contested table shows; key and sources are for machines.
pub const CONTESTED_TABLE_COLUMNS: &[&str] =
    &["id", "topic", "text", "quantity", "asserted_by", "disputed_by", "conflicts_with", "verdict"];

impl From<ContestedEntry> for ContestedRow {
    fn from(e: ContestedEntry) -> ContestedRow {
        let c = e.claim;
        ContestedRow {
            id: RecordKind::Claim.id(c.id),
            key: c.key,
            topic: c.topic,
            about: c.about,
            text: c.text,
            quantity: c.quantity.as_ref().map(quantity_words),
            asserted_by: e.asserted_by,
            disputed_by: e.disputed_by,
            conflicts_with: e
                .conflicts_with
                .iter()
                .map(|(id, q)| {
                    let words = q.as_ref().map(quantity_words).unwrap_or_default();
                    format!("{} ({words})", RecordKind::Claim.id(*id))
                })
                .collect(),
            sources: e.sources.iter().map(Named::handle).collect(),
            verdict: e.verdict.map(|v| v.to_string()),
        }
    }
}

// ---------------------------------------------------------------- stances and annotations

/// One stance (`export stances`): who asserts or disputes which claim, where,
/// and whether it still stands.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StanceRow {
    pub id: String,
    pub claim: String,
    pub claim_key: Option<String>,
    pub stance: String,
    pub actor: String,
    pub actor_key: Option<String>,
    pub source: String,
    pub quote: Option<String>,
    pub date: Option<String>,
    pub current: bool,
    pub superseded_by: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<StanceEntry> for StanceRow {
    fn from(e: StanceEntry) -> StanceRow {
        let s = e.stance;
        StanceRow {
            id: RecordKind::Stance.id(s.id),
            claim: RecordKind::Claim.id(s.claim),
            claim_key: e.claim_key,
            stance: s.stance.to_string(),
            actor: e.actor.name,
            actor_key: e.actor.key,
            source: e.source.handle(),
            quote: s.quote.map(|q| q.text),
            date: s.date,
            current: e.superseded_by.is_none(),
            superseded_by: e.superseded_by.map(|by| RecordKind::Stance.id(by)),
            recorded_by: e.recorded_by,
            recorded_at: e.recorded_at,
        }
    }
}

/// One annotation (`export annotations`): a note, a tag, or a verdict.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnnotationRow {
    pub id: String,
    pub claim: String,
    pub claim_key: Option<String>,
    pub kind: String,
    /// The note, the tag, or the verdict's rationale.
    pub text: Option<String>,
    pub rating: Option<String>,
    pub by: String,
    pub at: String,
}

impl From<AnnotationEntry> for AnnotationRow {
    fn from(e: AnnotationEntry) -> AnnotationRow {
        let a = e.annotation;
        let (kind, text, rating) = match a.body {
            AnnotationBody::Note { text } => ("note", Some(text), None),
            AnnotationBody::Tag { tag } => ("tag", Some(tag), None),
            AnnotationBody::Verdict { rating, rationale } => ("verdict", rationale, Some(rating.to_string())),
        };
        AnnotationRow {
            id: RecordKind::Annotation.id(a.id),
            claim: RecordKind::Claim.id(a.claim),
            claim_key: e.claim_key,
            kind: kind.into(),
            text,
            rating,
            by: a.by,
            at: a.at,
        }
    }
}

// ---------------------------------------------------------------- the history

/// One event of the history (`log`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LogRow {
    pub seq: i64,
    pub at: String,
    pub author: String,
    pub kind: String,
    /// The record the event made.
    pub record: String,
    pub summary: String,
    pub hash: String,
    pub prev_hash: String,
    /// The change, as recorded (canonical JSON).
    pub data: serde_json::Value,
}

/// Columns the log's table shows; the data is for machines.
pub const LOG_TABLE_COLUMNS: &[&str] = &["seq", "at", "author", "kind", "record", "summary"];

impl From<Event> for LogRow {
    fn from(e: Event) -> LogRow {
        let (record, summary) = match e.change() {
            Ok(change) => describe(&change),
            Err(why) => (String::new(), format!("unreadable change: {why}")),
        };
        LogRow {
            seq: e.seq,
            at: e.at,
            author: e.author,
            kind: e.kind,
            record,
            summary,
            hash: e.hash,
            prev_hash: e.prev_hash,
            data: serde_json::from_str(&e.data).unwrap_or(serde_json::Value::String(e.data)),
        }
    }
}

/// The record a change made, and a one-line account of it.
fn describe(change: &Change) -> (String, String) {
    let claim = |id: Id| RecordKind::Claim.id(id);
    match change {
        Change::SourceAdded(s) => (RecordKind::Source.id(s.id), format!("source '{}'", s.title)),
        Change::ActorAdded(a) => (RecordKind::Actor.id(a.id), format!("actor '{}' ({})", a.name, a.kind)),
        Change::ClaimAdded(c) => (claim(c.id), format!("claim '{}'", c.text)),
        Change::StanceAdded(t) => (
            RecordKind::Stance.id(t.id),
            format!(
                "{} {} {} in {}",
                RecordKind::Actor.id(t.actor),
                t.stance,
                claim(t.claim),
                RecordKind::Source.id(t.source)
            ),
        ),
        Change::AnnotationAdded(a) => {
            let what = match &a.body {
                AnnotationBody::Note { text } => format!("note on {}: {text}", claim(a.claim)),
                AnnotationBody::Tag { tag } => format!("tag {} '{tag}'", claim(a.claim)),
                AnnotationBody::Verdict { rating, .. } => format!("verdict on {}: {rating}", claim(a.claim)),
            };
            (RecordKind::Annotation.id(a.id), what)
        }
    }
}

// ---------------------------------------------------------------- a claim's dossier

/// A claim's whole record, for `claim show`.
#[derive(Debug, Clone, Serialize)]
pub struct DossierView {
    pub id: String,
    pub key: Option<String>,
    pub text: String,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub quantity: Option<QuantityView>,
    pub source: Named,
    pub quote: Option<QuoteView>,
    pub stances: Vec<StanceView>,
    pub notes: Vec<NoteView>,
    pub tags: Vec<String>,
    /// The current verdict: the latest one given.
    pub verdict: Option<VerdictView>,
    /// Earlier verdicts, oldest first.
    pub earlier_verdicts: Vec<VerdictView>,
    pub history: Vec<LogRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuantityView {
    pub words: String,
    #[serde(with = "crate::model::canonical_number")]
    pub low: f64,
    #[serde(with = "crate::model::canonical_number")]
    pub high: f64,
    pub qualifier: String,
    pub unit: Option<String>,
}

impl From<&Quantity> for QuantityView {
    fn from(q: &Quantity) -> Self {
        QuantityView {
            words: quantity_words(q),
            low: q.low,
            high: q.high,
            qualifier: q.qualifier.to_string(),
            unit: q.unit.clone(),
        }
    }
}

/// A quote, with its place in the source's archived text when anchored.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub text: String,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl From<&Quote> for QuoteView {
    fn from(q: &Quote) -> Self {
        let a = q.anchor.as_ref();
        QuoteView {
            text: q.text.clone(),
            start: a.map(|a| a.start),
            end: a.map(|a| a.end),
            before: a.map(|a| a.before.clone()),
            after: a.map(|a| a.after.clone()),
        }
    }
}

impl QuoteView {
    /// "…text before «the quote» text after…", or the plain quote.
    pub fn in_context(&self) -> String {
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => format!("…{before}«{}»{after}…", self.text),
            _ => format!("«{}»", self.text),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StanceView {
    pub id: String,
    pub stance: String,
    pub actor: Named,
    pub source: Named,
    pub quote: Option<QuoteView>,
    pub date: Option<String>,
    /// False once a later stance of the same actor in the same source replaced it.
    pub current: bool,
    pub superseded_by: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<StanceEntry> for StanceView {
    fn from(e: StanceEntry) -> StanceView {
        StanceView {
            id: RecordKind::Stance.id(e.stance.id),
            stance: e.stance.stance.to_string(),
            actor: e.actor,
            source: e.source,
            quote: e.stance.quote.as_ref().map(QuoteView::from),
            date: e.stance.date,
            current: e.superseded_by.is_none(),
            superseded_by: e.superseded_by.map(|by| RecordKind::Stance.id(by)),
            recorded_by: e.recorded_by,
            recorded_at: e.recorded_at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub id: String,
    pub text: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictView {
    pub id: String,
    pub rating: String,
    pub rationale: Option<String>,
    pub by: String,
    pub at: String,
}

impl From<crate::ledger::Dossier> for DossierView {
    fn from(d: crate::ledger::Dossier) -> DossierView {
        let c = d.claim;
        let mut notes = Vec::new();
        let mut tags = Vec::new();
        let mut verdicts = Vec::new();
        for Annotation { id, by, at, body, .. } in d.annotations {
            let id = RecordKind::Annotation.id(id);
            match body {
                AnnotationBody::Note { text } => notes.push(NoteView { id, text, by, at }),
                AnnotationBody::Tag { tag } => tags.push(tag),
                AnnotationBody::Verdict { rating, rationale } => {
                    verdicts.push(VerdictView { id, rating: rating.to_string(), rationale, by, at })
                }
            }
        }
        let verdict = verdicts.pop();
        DossierView {
            id: RecordKind::Claim.id(c.id),
            key: c.key,
            text: c.text,
            topic: c.topic,
            about: c.about,
            quantity: c.quantity.as_ref().map(QuantityView::from),
            source: d.source,
            quote: c.quote.as_ref().map(QuoteView::from),
            stances: d.stances.into_iter().map(StanceView::from).collect(),
            notes,
            tags,
            verdict,
            earlier_verdicts: verdicts,
            history: d.history.into_iter().map(LogRow::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier;

    #[test]
    fn quantities_in_words() {
        let q = Quantity::new(12000.0, 12000.0, Qualifier::MoreThan, Some("civilians".into())).unwrap();
        assert_eq!(quantity_words(&q), "more than 12,000 civilians");
        let q = Quantity::new(1965.0, 1965.0, Qualifier::Exact, Some("year".into())).unwrap();
        assert_eq!(quantity_words(&q), "1965 year");
        let q = Quantity::new(2.5, 3.0, Qualifier::About, None).unwrap();
        assert_eq!(quantity_words(&q), "about 2.5 to 3");
    }
}
