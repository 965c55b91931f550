//! The printed shapes of records: one row struct per listing (its serde field
//! names are the CSV header, the JSON keys and the table header alike, in
//! column order; docs/export.md documents them), and the views of a claim's
//! dossier. Each is made from what the ledger returns; the words people read
//! (a quantity in words, a log line) are written here, not in the ledger.

use serde::Serialize;

use crate::history::{Change, hash_hex};
use crate::ledger::{
    AnnotationEntry, ClaimEntry, Conflict, ContestedEntry, Event, LinkEntry, SourceEntry, StanceEntry, Why,
};
use crate::ledger::{Dossier, Version};
use crate::model::{
    Annotation, AnnotationBody, Id, Named, Quantity, Quote, RecordKind, Retraction, Standing, current_verdict,
    format_number,
};

/// A quantity in words: "more than 12,000 civilians", "about 20 to 30 miles",
/// "1 person", and a year as a date: "1965", "after 2008".
pub fn quantity_words(q: &Quantity) -> String {
    use crate::model::Qualifier::*;
    let figure = if q.is_range() {
        format!("{} to {}", format_number(q.low), format_number(q.high))
    } else {
        format_number(q.low)
    };
    if is_date(q) {
        return match q.qualifier {
            Exact => figure,
            About => format!("about {figure}"),
            AtLeast => format!("{figure} or later"),
            MoreThan => format!("after {figure}"),
            AtMost => format!("{figure} or earlier"),
            FewerThan => format!("before {figure}"),
        };
    }
    let prefix = match q.qualifier {
        Exact => "",
        About => "about ",
        AtLeast => "at least ",
        MoreThan => "more than ",
        AtMost => "at most ",
        FewerThan => "fewer than ",
    };
    match &q.unit {
        Some(unit) if !q.is_range() && q.low.abs() == 1.0 => format!("{prefix}{figure} {}", singular(unit)),
        Some(unit) => format!("{prefix}{figure} {unit}"),
        None => format!("{prefix}{figure}"),
    }
}

/// Whether a figure is a calendar year rather than a count: its unit is
/// `year` (singular: durations are `years`) and its numbers are whole, from
/// 100 to 9999. "1 year" stays a duration. A date has no most conservative
/// value and no range to chart (docs/contested.md).
pub fn is_date(q: &Quantity) -> bool {
    let year = |n: f64| n.fract() == 0.0 && (100.0..=9999.0).contains(&n);
    q.unit.as_deref().is_some_and(|u| u.trim().eq_ignore_ascii_case("year")) && year(q.low) && year(q.high)
}

/// A unit for one thing: "1 person", "1 device". Units are written as the
/// source writes them, mostly plurals; a few irregular ones are known, the
/// rest lose a final s (not ss: "1 class" stays).
fn singular(unit: &str) -> String {
    const IRREGULAR: &[(&str, &str)] =
        &[("people", "person"), ("children", "child"), ("men", "man"), ("women", "woman"), ("feet", "foot")];
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| unit.eq_ignore_ascii_case(many)) {
        return (*one).to_string();
    }
    match unit.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_string(),
        _ => unit.to_string(),
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
    /// Its home page, or a page that identifies it.
    pub url: Option<String>,
    /// Stances of this actor that stand, on claims that are not withdrawn.
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
            url: a.url,
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
    /// The answer in words, for a claim without a figure.
    pub answer: Option<String>,
    /// Where the claim first appears (key, or id), and its words there.
    pub source: String,
    pub quote: Option<String>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    pub verdict: Option<String>,
    pub status: String,
    pub tags: Vec<String>,
    /// Shown only with `--all`: the claim is withdrawn.
    pub withdrawn: bool,
}

/// Columns a claim table shows; the rest are for machines.
pub const CLAIM_TABLE_COLUMNS: &[&str] =
    &["id", "status", "topic", "text", "quantity", "answer", "asserted_by", "disputed_by", "verdict", "withdrawn"];
/// The same without `withdrawn`, for listings that leave withdrawn claims out.
pub const CLAIM_TABLE_COLUMNS_STANDING: &[&str] =
    &["id", "status", "topic", "text", "quantity", "answer", "asserted_by", "disputed_by", "verdict"];

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
            answer: c.answer,
            source: e.source.handle(),
            quote: c.quote.map(|q| q.text),
            asserted_by: e.asserted_by,
            disputed_by: e.disputed_by,
            verdict: e.verdict.map(|v| v.to_string()),
            status: e.status.to_string(),
            tags: e.tags,
            withdrawn: e.withdrawn,
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
    pub answer: Option<String>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Claims that cannot also be true, and why: "C7 (9,000 people)", "C45
    /// (in Tirana)", "C45 (contradicts it; the source contradicts itself)".
    pub conflicts_with: Vec<String>,
    /// Sources the claim and its current stances appear in.
    pub sources: Vec<String>,
    pub verdict: Option<String>,
    pub status: String,
    /// The titles of those sources, in the same order, for a reader of the
    /// spreadsheet.
    pub source_titles: Vec<String>,
    /// Where those sources are (absent where a source has no URL).
    pub source_urls: Vec<Option<String>>,
}

/// Columns the contested table shows; key and sources are for machines.
pub const CONTESTED_TABLE_COLUMNS: &[&str] =
    &["id", "topic", "text", "quantity", "answer", "asserted_by", "disputed_by", "conflicts_with", "verdict"];

/// Why another claim cannot also be true, in a few words: "C45 (contradicts it)".
pub fn conflict_words(conflict: &Conflict) -> String {
    format!("{} ({})", RecordKind::Claim.id(conflict.other), conflict_reason(&conflict.why))
}

/// The other claim's figure or answer, or that it contradicts this one.
pub fn conflict_reason(why: &Why) -> String {
    match why {
        Why::Figures(q) => quantity_words(q),
        Why::Answers(answer) => answer.clone(),
        Why::Contradicts { same_source: false } => "contradicts it".to_string(),
        Why::Contradicts { same_source: true } => "contradicts it; the source contradicts itself".to_string(),
    }
}

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
            answer: c.answer,
            asserted_by: e.asserted_by,
            disputed_by: e.disputed_by,
            conflicts_with: e.conflicts.iter().map(conflict_words).collect(),
            sources: e.sources.iter().map(Named::handle).collect(),
            verdict: e.verdict.map(|v| v.to_string()),
            status: e.status.to_string(),
            source_titles: e.sources.into_iter().map(|s| s.name).collect(),
            source_urls: e.source_urls,
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
    /// Whether it was retracted, and why.
    pub retracted: bool,
    pub retraction_reason: Option<String>,
}

impl From<StanceEntry> for StanceRow {
    fn from(e: StanceEntry) -> StanceRow {
        let current = e.current();
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
            current,
            superseded_by: e.superseded_by.map(|by| RecordKind::Stance.id(by)),
            recorded_by: e.recorded_by,
            recorded_at: e.recorded_at,
            retracted: e.retraction.is_some(),
            retraction_reason: e.retraction.and_then(|r| r.reason),
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
    /// Where a verdict's review is published.
    pub url: Option<String>,
    /// Whether it was retracted (a removed tag, a withdrawn note or verdict), and why.
    pub retracted: bool,
    pub retraction_reason: Option<String>,
}

impl From<AnnotationEntry> for AnnotationRow {
    fn from(e: AnnotationEntry) -> AnnotationRow {
        let retracted = !e.annotation.stands();
        let retraction_reason = e.annotation.retraction.and_then(|r| r.reason);
        let a = e.annotation.record;
        let (kind, text, rating, url) = match a.body {
            AnnotationBody::Note { text } => ("note", Some(text), None, None),
            AnnotationBody::Tag { tag } => ("tag", Some(tag), None, None),
            AnnotationBody::Verdict { rating, rationale, url } => ("verdict", rationale, Some(rating.to_string()), url),
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
            url,
            retracted,
            retraction_reason,
        }
    }
}

/// One ledger setting (`config show`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SettingRow {
    pub name: String,
    pub value: String,
}

/// One link between claims (`export links`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkRow {
    pub id: String,
    pub from: String,
    pub from_key: Option<String>,
    pub relation: String,
    pub to: String,
    pub to_key: Option<String>,
    pub note: Option<String>,
    pub by: String,
    pub at: String,
    /// Whether it was unlinked.
    pub removed: bool,
}

impl From<LinkEntry> for LinkRow {
    fn from(e: LinkEntry) -> LinkRow {
        let removed = !e.link.stands();
        let l = e.link.record;
        LinkRow {
            id: RecordKind::Link.id(l.id),
            from: RecordKind::Claim.id(l.from),
            from_key: e.from.key,
            relation: l.relation.to_string(),
            to: RecordKind::Claim.id(l.to),
            to_key: e.to.key,
            note: l.note,
            by: l.by,
            at: l.at,
            removed,
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
            hash: hash_hex(&e.hash),
            prev_hash: hash_hex(&e.prev_hash),
            data: serde_json::from_str(&e.data).unwrap_or(serde_json::Value::String(e.data)),
        }
    }
}

impl LogRow {
    /// The event on one line of at most `width` columns (`log --oneline`): its number, day, author, kind,
    /// record and summary, cut with "…" when wider. Shown safely (see [`crate::output::visible`]).
    pub fn oneline(&self, width: usize) -> String {
        use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
        let day = self.at.get(..10).unwrap_or(&self.at);
        let line = format!("{} {day} {} {} {} {}", self.seq, self.author, self.kind, self.record, self.summary);
        let line = crate::output::visible(&line, false);
        if line.width() <= width {
            return line.into_owned();
        }
        let mut shown = String::with_capacity(line.len());
        let mut used = 0;
        for c in line.chars() {
            let w = c.width().unwrap_or(0);
            // Room is kept for the "…".
            if used + w + 1 > width {
                break;
            }
            used += w;
            shown.push(c);
        }
        format!("{}…", shown.trim_end())
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
        Change::ClaimAmended(a) => (claim(a.claim.id), format!("amended {}: {}", claim(a.claim.id), a.reason)),
        Change::ClaimWithdrawn(w) => {
            let duplicate = w.duplicate_of.map(|d| format!(" (a duplicate of {})", claim(d))).unwrap_or_default();
            (claim(w.claim), format!("withdrew {}{duplicate}: {}", claim(w.claim), w.reason))
        }
        Change::ClaimRestored(r) => (claim(r.claim), format!("restored {}: {}", claim(r.claim), r.reason)),
        Change::StatusChanged(s) => (claim(s.claim), format!("{} is {}", claim(s.claim), s.status)),
        Change::StanceRetracted(r) => retracted(RecordKind::Stance, r),
        Change::AnnotationRetracted(r) => retracted(RecordKind::Annotation, r),
        Change::LinkAdded(l) => {
            (RecordKind::Link.id(l.id), format!("{} {} {}", claim(l.from), l.relation, claim(l.to)))
        }
        Change::LinkRemoved(r) => retracted(RecordKind::Link, r),
        Change::SettingChanged(s) => (
            s.name.to_string(),
            match &s.value {
                Some(value) => format!("set {} to '{value}'", s.name),
                None => format!("unset {}", s.name),
            },
        ),
        Change::SourceAmended(a) => {
            let id = RecordKind::Source.id(a.source);
            (id.clone(), format!("amended {id}: {}", a.reason))
        }
        Change::ActorAmended(a) => {
            let id = RecordKind::Actor.id(a.actor.id);
            (id.clone(), format!("amended {id}: {}", a.reason))
        }
    }
}

/// "retracted T5: recorded in error".
fn retracted(kind: RecordKind, r: &Retraction) -> (String, String) {
    let id = kind.id(r.record);
    match &r.reason {
        Some(reason) => (id.clone(), format!("retracted {id}: {reason}")),
        None => (id.clone(), format!("retracted {id}")),
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
    pub answer: Option<String>,
    pub source: Named,
    pub quote: Option<QuoteView>,
    pub status: String,
    /// Who set the status, and when; null while it is the first `unchecked`.
    pub status_by: Option<String>,
    pub status_at: Option<String>,
    /// Why it is withdrawn, while it is.
    pub withdrawn: Option<WithdrawalView>,
    pub stances: Vec<StanceView>,
    /// Notes, the retracted ones marked.
    pub notes: Vec<NoteView>,
    pub tags: Vec<String>,
    /// The current verdict: the latest one that stands.
    pub verdict: Option<VerdictView>,
    /// Every other verdict, oldest first.
    pub earlier_verdicts: Vec<VerdictView>,
    pub links: Vec<LinkView>,
    /// Every earlier version of the claim, oldest first, with who made it, when and why.
    pub earlier_versions: Vec<VersionView>,
    /// Who made the version that reads now, when and why (no reason while it is the first).
    pub version: VersionView,
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

/// Why a record no longer stands, who said so, when.
#[derive(Debug, Clone, Serialize)]
pub struct RetractionView {
    pub reason: Option<String>,
    pub by: String,
    pub at: String,
}

impl From<Retraction> for RetractionView {
    fn from(r: Retraction) -> Self {
        RetractionView { reason: r.reason, by: r.by, at: r.at }
    }
}

impl RetractionView {
    /// "retracted by ana on 2026-01-02T03:04:05Z: recorded in error".
    pub fn words(&self) -> String {
        let why = self.reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default();
        format!("retracted by {} on {}{why}", self.by, self.at)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct WithdrawalView {
    pub reason: String,
    pub duplicate_of: Option<String>,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StanceView {
    pub id: String,
    pub stance: String,
    pub actor: Named,
    pub source: Named,
    pub quote: Option<QuoteView>,
    pub date: Option<String>,
    /// False once a later stance of the same actor replaced it, or it was
    /// retracted, and while its claim is withdrawn (as `export stances` says).
    pub current: bool,
    pub superseded_by: Option<String>,
    pub retraction: Option<RetractionView>,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<StanceEntry> for StanceView {
    fn from(e: StanceEntry) -> StanceView {
        StanceView {
            id: RecordKind::Stance.id(e.stance.id),
            current: e.current(),
            stance: e.stance.stance.to_string(),
            actor: e.actor,
            source: e.source,
            quote: e.stance.quote.as_ref().map(QuoteView::from),
            date: e.stance.date,
            superseded_by: e.superseded_by.map(|by| RecordKind::Stance.id(by)),
            retraction: e.retraction.map(RetractionView::from),
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
    pub retraction: Option<RetractionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictView {
    pub id: String,
    pub rating: String,
    pub rationale: Option<String>,
    pub url: Option<String>,
    pub by: String,
    pub at: String,
    pub retraction: Option<RetractionView>,
}

/// A link, seen from one of its claims.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub id: String,
    /// "C7 contradicts C45".
    pub from: Named,
    pub relation: String,
    pub to: Named,
    pub note: Option<String>,
    pub by: String,
    pub at: String,
    pub removal: Option<RetractionView>,
}

impl From<LinkEntry> for LinkView {
    fn from(e: LinkEntry) -> LinkView {
        let Standing { record: l, retraction } = e.link;
        LinkView {
            id: RecordKind::Link.id(l.id),
            from: e.from,
            relation: l.relation.to_string(),
            to: e.to,
            note: l.note,
            by: l.by,
            at: l.at,
            removal: retraction.map(RetractionView::from),
        }
    }
}

/// An earlier version of a claim.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub text: String,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub quantity: Option<String>,
    pub answer: Option<String>,
    pub quote: Option<String>,
    pub key: Option<String>,
    /// Who made this version, when, and why (none for the first).
    pub by: String,
    pub at: String,
    pub reason: Option<String>,
}

impl From<Version> for VersionView {
    fn from(v: Version) -> VersionView {
        let c = v.claim;
        VersionView {
            text: c.text,
            topic: c.topic,
            about: c.about,
            quantity: c.quantity.as_ref().map(quantity_words),
            answer: c.answer,
            quote: c.quote.map(|q| q.text),
            key: c.key,
            by: v.by,
            at: v.at,
            reason: v.reason,
        }
    }
}

impl From<Dossier> for DossierView {
    fn from(d: Dossier) -> DossierView {
        let c = d.claim;
        let mut notes = Vec::new();
        let mut tags = Vec::new();
        let mut verdicts = Vec::new();
        for Standing { record: Annotation { id, by, at, body, .. }, retraction } in d.annotations {
            let id = RecordKind::Annotation.id(id);
            let retraction = retraction.map(RetractionView::from);
            match body {
                AnnotationBody::Note { text } => notes.push(NoteView { id, text, by, at, retraction }),
                AnnotationBody::Tag { tag } if retraction.is_none() => tags.push(tag),
                AnnotationBody::Tag { .. } => {}
                AnnotationBody::Verdict { rating, rationale, url } => {
                    verdicts.push(VerdictView { id, rating: rating.to_string(), rationale, url, by, at, retraction })
                }
            }
        }
        let current = current_verdict(verdicts.iter().enumerate().map(|(i, v)| (i, v.retraction.is_none())));
        let verdict = current.map(|i| verdicts.remove(i));
        DossierView {
            id: RecordKind::Claim.id(c.id),
            key: c.key,
            text: c.text,
            topic: c.topic,
            about: c.about,
            quantity: c.quantity.as_ref().map(QuantityView::from),
            answer: c.answer,
            source: d.source,
            quote: c.quote.as_ref().map(QuoteView::from),
            status: d.status.to_string(),
            status_by: d.status_set.as_ref().map(|c| c.by.clone()),
            status_at: d.status_set.as_ref().map(|c| c.at.clone()),
            withdrawn: d.withdrawal.map(|w| WithdrawalView {
                reason: w.reason,
                duplicate_of: w.duplicate_of.map(|id| RecordKind::Claim.id(id)),
                by: w.by,
                at: w.at,
            }),
            stances: d.stances.into_iter().map(StanceView::from).collect(),
            notes,
            tags,
            verdict,
            earlier_verdicts: verdicts,
            links: d.links.into_iter().map(LinkView::from).collect(),
            earlier_versions: d.earlier_versions.into_iter().map(VersionView::from).collect(),
            version: d.version.into(),
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
        assert_eq!(quantity_words(&q), "1965");
        let q = Quantity::new(2008.0, 2008.0, Qualifier::MoreThan, Some("year".into())).unwrap();
        assert_eq!(quantity_words(&q), "after 2008");
        let q = Quantity::new(1.0, 1.0, Qualifier::Exact, Some("year".into())).unwrap();
        assert_eq!(quantity_words(&q), "1 year");
        let q = Quantity::new(8.0, 8.0, Qualifier::Exact, Some("years".into())).unwrap();
        assert_eq!(quantity_words(&q), "8 years");
        let q = Quantity::new(1.0, 1.0, Qualifier::Exact, Some("people".into())).unwrap();
        assert_eq!(quantity_words(&q), "1 person");
        let q = Quantity::new(1.0, 1.0, Qualifier::AtLeast, Some("devices".into())).unwrap();
        assert_eq!(quantity_words(&q), "at least 1 device");
        let q = Quantity::new(1.0, 1.0, Qualifier::Exact, Some("class".into())).unwrap();
        assert_eq!(quantity_words(&q), "1 class");
        let q = Quantity::new(2.5, 3.0, Qualifier::About, None).unwrap();
        assert_eq!(quantity_words(&q), "about 2.5 to 3");
    }
}
