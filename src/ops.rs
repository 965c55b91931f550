//! The operations that change a ledger, each validated and turned into one or
//! more recorded changes. Commands and `import` both go through here.

use crate::error::{Error, Result};
use crate::history::{
    ActorRecord, Annotation, AnnotationRecord, Change, ClaimRecord, Quote, SourceRecord, StanceRecord, sha256_hex,
};
use crate::ledger::{Writer, query};
use crate::model::{ActorKind, Quantity, Rating, RecordKind, StanceKind, check_key, normal_text, normalize_name};
use crate::quote::{self, Miss};

/// A source to add; references are already resolved.
#[derive(Debug, Clone, Default)]
pub struct NewSource {
    pub key: Option<String>,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub retrieved: Option<String>,
    pub text: Option<String>,
}

pub fn add_source(w: &mut Writer<'_>, new: NewSource) -> Result<i64> {
    let key = new_key(w, RecordKind::Source, new.key.as_deref())?;
    let title = required(&new.title, "a source's title")?;
    let id = w.next_id(RecordKind::Source)?;
    let sha256 = new.text.as_deref().map(|t| sha256_hex(t.as_bytes()));
    w.record(Change::SourceAdded(SourceRecord {
        id,
        key,
        title,
        publisher: optional(new.publisher),
        url: new.url,
        published: new.published,
        retrieved: new.retrieved,
        text: new.text,
        sha256,
    }))?;
    Ok(id)
}

/// An actor to add.
#[derive(Debug, Clone)]
pub struct NewActor {
    pub key: Option<String>,
    pub name: String,
    pub kind: ActorKind,
    pub affiliation: Option<i64>,
    pub aliases: Vec<String>,
}

pub fn add_actor(w: &mut Writer<'_>, new: NewActor) -> Result<i64> {
    let key = new_key(w, RecordKind::Actor, new.key.as_deref())?;
    let name = required(&new.name, "an actor's name")?;
    let aliases = clean_aliases(&name, new.aliases);
    // A name, alias or key finds one actor: each must be new among them all.
    for (what, text) in
        key.iter().map(|k| ("key", k)).chain([("name", &name)]).chain(aliases.iter().map(|a| ("alias", a)))
    {
        if let Some(&other) = query::actors_named(w.conn(), text)?.first() {
            let other = query::actor_ref(w.conn(), other)?;
            return Err(Error::input_hint(
                format!("{what} '{text}' already names actor '{}' ({})", other.name, other.key.unwrap_or(other.id)),
                "a name, alias or key must find one actor only; tell actors apart in their names, like 'Jon Vale (Reuters)'",
            ));
        }
    }
    let id = w.next_id(RecordKind::Actor)?;
    w.record(Change::ActorAdded(ActorRecord { id, key, name, kind: new.kind, affiliation: new.affiliation, aliases }))?;
    Ok(id)
}

/// Aliases trimmed, without blanks, repeats, or the actor's own name.
pub fn clean_aliases(name: &str, aliases: Vec<String>) -> Vec<String> {
    let mut seen = vec![normalize_name(name)];
    let mut kept = Vec::new();
    for alias in aliases {
        let alias = normal_text(&alias);
        let norm = normalize_name(&alias);
        if !alias.is_empty() && !seen.contains(&norm) {
            seen.push(norm);
            kept.push(alias);
        }
    }
    kept
}

/// A claim to add, with the actor who asserts it, if given.
#[derive(Debug, Clone)]
pub struct NewClaim {
    pub key: Option<String>,
    pub text: String,
    pub source: i64,
    pub quote: Option<String>,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub quantity: Option<Quantity>,
}

pub fn add_claim(w: &mut Writer<'_>, new: NewClaim) -> Result<i64> {
    let key = new_key(w, RecordKind::Claim, new.key.as_deref())?;
    let text = required(&new.text, "a claim's text")?;
    let about = new.about.as_deref().map(check_about).transpose()?;
    let topic = optional(new.topic).map(|t| t.to_lowercase());
    let quantity = new.quantity.map(|q| Quantity { unit: optional(q.unit), ..q });
    let quote = new.quote.map(|q| anchor_quote(w, new.source, q)).transpose()?;
    let id = w.next_id(RecordKind::Claim)?;
    w.record(Change::ClaimAdded(ClaimRecord { id, key, text, topic, about, source: new.source, quote, quantity }))?;
    Ok(id)
}

/// An actor's stance on a claim, reported in a source.
#[derive(Debug, Clone)]
pub struct NewStance {
    pub claim: i64,
    pub actor: i64,
    pub source: i64,
    pub stance: StanceKind,
    pub quote: Option<String>,
    pub date: Option<String>,
}

/// What recording a stance did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StanceOutcome {
    /// A new stance; it may replace the actor's earlier one in that source.
    Recorded { id: i64, superseded: Option<i64> },
    /// The same stance was already current: nothing recorded.
    Unchanged { id: i64 },
}

pub fn add_stance(w: &mut Writer<'_>, new: NewStance) -> Result<StanceOutcome> {
    let quote = new.quote.map(|q| anchor_quote(w, new.source, q)).transpose()?;
    let current = query::current_stance(w.conn(), new.claim, new.actor, new.source)?;
    if let Some((id, stance, old_quote, old_date)) = &current {
        let same = stance == new.stance.as_str()
            && old_quote.as_deref() == quote.as_ref().map(|q| q.text.as_str())
            && *old_date == new.date;
        if same {
            return Ok(StanceOutcome::Unchanged { id: *id });
        }
    }
    let id = w.next_id(RecordKind::Stance)?;
    let supersedes = current.map(|c| c.0);
    w.record(Change::StanceAdded(StanceRecord {
        id,
        claim: new.claim,
        actor: new.actor,
        source: new.source,
        stance: new.stance,
        quote,
        date: new.date,
        supersedes,
    }))?;
    Ok(StanceOutcome::Recorded { id, superseded: supersedes })
}

/// Adds a note; `by` and `at` default to who records it and when.
pub fn add_note(w: &mut Writer<'_>, claim: i64, text: String, by_at: Option<(String, String)>) -> Result<i64> {
    let text = required(&text, "a note")?;
    annotate(w, claim, Annotation::Note { text }, by_at)
}

/// Adds a tag unless the claim has it; returns the new annotation's id.
pub fn add_tag(w: &mut Writer<'_>, claim: i64, tag: &str) -> Result<Option<i64>> {
    let tag = check_tag(tag)?;
    if query::claim_tags(w.conn(), claim)?.contains(&tag) {
        return Ok(None);
    }
    annotate(w, claim, Annotation::Tag { tag }, None).map(Some)
}

pub fn add_verdict(
    w: &mut Writer<'_>,
    claim: i64,
    rating: Rating,
    rationale: Option<String>,
    by_at: Option<(String, String)>,
) -> Result<i64> {
    annotate(w, claim, Annotation::Verdict { rating, rationale: optional(rationale) }, by_at)
}

fn annotate(w: &mut Writer<'_>, claim: i64, body: Annotation, by_at: Option<(String, String)>) -> Result<i64> {
    let (by, at) = by_at.unwrap_or_else(|| (w.author().to_string(), w.at().to_string()));
    let id = w.next_id(RecordKind::Annotation)?;
    w.record(Change::AnnotationAdded(AnnotationRecord { id, claim, by, at, body }))?;
    Ok(id)
}

/// Required text, as stored: trimmed, in normal form C, not empty.
fn required(text: &str, what: &str) -> Result<String> {
    let text = normal_text(text);
    if text.is_empty() {
        return Err(Error::input(format!("{what} cannot be empty")));
    }
    Ok(text)
}

/// Optional text, as stored: trimmed, in normal form C; empty is absent.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| normal_text(&t)).filter(|t| !t.is_empty())
}

/// A tag: lowercase, no spaces.
pub fn check_tag(tag: &str) -> Result<String> {
    let tag = normal_text(tag).to_lowercase();
    if tag.is_empty() || tag.chars().any(char::is_whitespace) {
        return Err(Error::input_hint(format!("'{tag}' cannot be a tag"), "a tag is one word; use '-' to join words"));
    }
    Ok(tag)
}

/// An `about` key: the same alphabet as record keys, compared exactly.
pub fn check_about(about: &str) -> Result<String> {
    let about = about.trim();
    let typable = !about.is_empty()
        && about.len() <= 128
        && about.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !typable {
        return Err(Error::input_hint(
            format!("'{about}' cannot be an about key"),
            "use letters, digits, '-', '_' and '.', like ashraf3-raid.deaths",
        ));
    }
    Ok(about.to_lowercase())
}

/// A new record's key, if it has one: well-formed and not taken.
fn new_key(w: &Writer<'_>, kind: RecordKind, key: Option<&str>) -> Result<Option<String>> {
    let Some(key) = key else { return Ok(None) };
    let key = check_key(kind, key)?;
    match query::id_by_key(w.conn(), kind, &key)? {
        Some(id) => Err(Error::input_hint(
            format!("{} key '{key}' is taken by {}", kind.name(), kind.id(id)),
            "choose another key",
        )),
        None => Ok(Some(key)),
    }
}

/// Anchors a quote in the source's archived text, when the source has one.
pub fn anchor_quote(w: &Writer<'_>, source: i64, quote: String) -> Result<Quote> {
    let text = quote.trim().to_string();
    if text.is_empty() {
        return Err(Error::input("the quote is empty"));
    }
    let Some(archived) = query::source_text(w.conn(), source)? else {
        return Ok(Quote { text, anchor: None });
    };
    match quote::anchor(&archived, &text) {
        Ok(anchor) => Ok(Quote { text, anchor: Some(anchor) }),
        Err(Miss::Empty) => Err(Error::input("the quote is empty")),
        Err(Miss::NotFound { closest }) => {
            let source = query::source_ref(w.conn(), source)?;
            let name = source.key.unwrap_or(source.id);
            Err(Error::Input {
                message: format!("quote \"{text}\" is not in the text of source {name}"),
                hint: Some(match closest {
                    Some(passage) => format!("the closest passage is \"{passage}\""),
                    None => "no passage of the text is close; check the source".into(),
                }),
            })
        }
    }
}
