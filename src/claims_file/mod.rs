//! Claims files: the human-editable TOML that `import` loads and
//! `export ledger` writes (docs/claims-files.md). This module holds the
//! file's form, which differs from the model where people need it to: keys
//! instead of ids, a claim's stances and annotations nested in it, a figure
//! as `value` or `range`. It converts between the two; `import` and `export`
//! go through the ledger's typed reads and its `Writer`, and the ledger knows
//! nothing of files.

mod export;
pub mod import;
mod read;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use crate::error::Result;
use crate::history::Change;
use crate::ledger::{ClaimRecords, LinkEntry, Reader};
use crate::model::{
    Actor, ActorAmendment, ActorKind, Amendment, Annotation, AnnotationBody, Claim, Correction, Id, Link, Named,
    Qualifier, Quantity, Quote, Rating, RecordKind, Relation, Restoration, Retraction, Setting, SettingChange, Source,
    SourceAmendment, Stance, StanceKind, Standing, Status, StatusChange, Withdrawal, generated_key,
    generated_key_number,
};

pub use export::{to_toml, write_json, write_toml};
pub use read::LineIndex;

/// A whole claims file. Every record has a key; references use keys.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    #[serde(default, rename = "setting")]
    pub settings: Vec<Spanned<FileSetting>>,
    #[serde(default, rename = "source")]
    pub sources: Vec<Spanned<FileSource>>,
    #[serde(default, rename = "actor")]
    pub actors: Vec<Spanned<FileActor>>,
    #[serde(default, rename = "claim")]
    pub claims: Vec<Spanned<FileClaim>>,
    #[serde(default, rename = "link")]
    pub links: Vec<Spanned<FileLink>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSource {
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    /// The archived text in a file beside the claims file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_file: Option<String>,
    /// The archived text inline (what `export ledger` writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Its corrections, in order; the fields above are the source as first recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub change: Vec<Spanned<FileSourceChange>>,
}

/// A correction to a source (`change = "amend"`): the fields it sets, those
/// it removes, and who made it, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSourceChange {
    pub change: ChangeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    /// Fields the new version no longer has: publisher, url, published, retrieved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A correction to an actor (`change = "amend"`): the fields it sets (all its
/// aliases, when they change), those it removes, and who, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileActorChange {
    pub change: ChangeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActorKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Fields the new version no longer has: affiliation, aliases, url.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// Sets `field` in a file's change when it differs; notes it removed when it went.
fn changed_field(
    before: &Option<String>,
    after: &Option<String>,
    name: &str,
    removed: &mut Vec<String>,
) -> Option<String> {
    if before.is_some() && after.is_none() {
        removed.push(name.to_string());
    }
    (before != after).then(|| after.clone()).flatten()
}

/// A field as a file's change leaves it: set, removed, or as it was.
fn field_after(set: &Option<String>, removed: &[String], name: &str, before: Option<String>) -> Option<String> {
    if removed.iter().any(|r| r == name) { None } else { set.clone().or(before) }
}

impl FileSourceChange {
    pub(crate) fn from_model(before: &Source, a: &SourceAmendment) -> FileSourceChange {
        let mut removed = Vec::new();
        FileSourceChange {
            change: ChangeKind::Amend,
            title: (before.title != a.title).then(|| a.title.clone()),
            publisher: changed_field(&before.publisher, &a.publisher, "publisher", &mut removed),
            url: changed_field(&before.url, &a.url, "url", &mut removed),
            published: changed_field(&before.published, &a.published, "published", &mut removed),
            retrieved: changed_field(&before.retrieved, &a.retrieved, "retrieved", &mut removed),
            removed,
            reason: Some(a.reason.clone()),
            by: Some(a.by.clone()),
            at: Some(a.at.clone()),
        }
    }

    /// The correction this change makes to `before`.
    pub(crate) fn to_model(&self, before: &Source) -> SourceAmendment {
        let r = &self.removed;
        SourceAmendment {
            source: before.id,
            title: self.title.clone().unwrap_or_else(|| before.title.clone()),
            publisher: field_after(&self.publisher, r, "publisher", before.publisher.clone()),
            url: field_after(&self.url, r, "url", before.url.clone()),
            published: field_after(&self.published, r, "published", before.published.clone()),
            retrieved: field_after(&self.retrieved, r, "retrieved", before.retrieved.clone()),
            reason: self.reason.clone().unwrap_or_default(),
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
        }
    }
}

impl FileActorChange {
    /// `affiliation` is the key of the actor the new version speaks for.
    pub(crate) fn from_model(
        before: &Actor,
        a: &ActorAmendment,
        before_affiliation: Option<String>,
        affiliation: Option<String>,
    ) -> FileActorChange {
        let mut removed = Vec::new();
        let after = &a.actor;
        let aliases = match (before.aliases == after.aliases, after.aliases.is_empty()) {
            (true, _) => None,
            (false, true) => {
                removed.push("aliases".to_string());
                None
            }
            (false, false) => Some(after.aliases.clone()),
        };
        FileActorChange {
            change: ChangeKind::Amend,
            name: (before.name != after.name).then(|| after.name.clone()),
            kind: (before.kind != after.kind).then_some(after.kind),
            affiliation: changed_field(&before_affiliation, &affiliation, "affiliation", &mut removed),
            aliases,
            url: changed_field(&before.url, &after.url, "url", &mut removed),
            removed,
            reason: Some(a.reason.clone()),
            by: Some(a.by.clone()),
            at: Some(a.at.clone()),
        }
    }

    /// The correction this change makes to `before`, speaking for
    /// `affiliation` when the change names one (resolved by the caller).
    pub(crate) fn to_model(&self, before: &Actor, affiliation: Option<Id>) -> ActorAmendment {
        let removed = |name: &str| self.removed.iter().any(|r| r == name);
        ActorAmendment {
            actor: Actor {
                name: self.name.clone().unwrap_or_else(|| before.name.clone()),
                kind: self.kind.unwrap_or(before.kind),
                affiliation: if removed("affiliation") { None } else { affiliation.or(before.affiliation) },
                aliases: if removed("aliases") {
                    Vec::new()
                } else {
                    self.aliases.clone().unwrap_or_else(|| before.aliases.clone())
                },
                url: field_after(&self.url, &self.removed, "url", before.url.clone()),
                ..before.clone()
            },
            reason: self.reason.clone().unwrap_or_default(),
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileActor {
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its corrections, in order; the fields above are the actor as first recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub change: Vec<Spanned<FileActorChange>>,
}

/// A claim as first recorded, and everything recorded on it since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileClaim {
    pub key: String,
    pub text: String,
    pub source: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<Figure>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "two_figures")]
    pub range: Option<[Spanned<Figure>; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Its tags now, tagged as the claim was recorded (by whoever recorded
    /// it, then): what a hand-written file lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Its tags now that someone else, or later, gave it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<Spanned<FileTag>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stance: Vec<Spanned<FileStance>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<Spanned<FileNote>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verdict: Vec<Spanned<FileVerdict>>,
    /// Tags it had and lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub untag: Vec<Spanned<FileUntag>>,
    /// Its corrections, in order: new versions, withdrawals, statuses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub change: Vec<Spanned<FileChange>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStance {
    pub actor: Spanned<String>,
    pub stance: StanceKind,
    /// Where the stance is reported; the claim's source when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retraction: Option<FileRetraction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNote {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retraction: Option<FileRetraction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileVerdict {
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retraction: Option<FileRetraction>,
}

/// A tag given by someone other than who recorded the claim, or later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTag {
    pub tag: String,
    pub by: String,
    pub at: String,
}

/// A tag a claim had and lost: who removed it, when and why (and who gave
/// it, when that was not as the claim was recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileUntag {
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagged_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagged_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// Why a stance, note, verdict or link no longer stands, who said so and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRetraction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// What kind of correction a `[[claim.change]]` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A new version: the fields that change, and those `removed`.
    Amend,
    Withdraw,
    Restore,
    Status,
}

impl ChangeKind {
    /// The change in words: "a withdrawal".
    pub fn in_words(self) -> &'static str {
        match self {
            ChangeKind::Amend => "an amendment",
            ChangeKind::Withdraw => "a withdrawal",
            ChangeKind::Restore => "a restoration",
            ChangeKind::Status => "a status change",
        }
    }

    /// Whether a change of this kind needs a reason.
    pub fn needs_reason(self) -> bool {
        !matches!(self, ChangeKind::Status)
    }
}

/// A field an amendment can remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Removable {
    Key,
    Topic,
    About,
    Quote,
    Figure,
    Answer,
}

/// A correction to a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileChange {
    pub change: ChangeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<Figure>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "two_figures")]
    pub range: Option<[Spanned<Figure>; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Fields the new version no longer has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removable>,
    /// The new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The claim a withdrawn one repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A ledger setting, with who set it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSetting {
    pub name: Setting,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

impl FileSetting {
    /// A setting's value as the ledger holds it, with the change that set it.
    pub fn from_model(change: &SettingChange) -> Option<FileSetting> {
        let value = change.value.clone()?;
        Some(FileSetting { name: change.name, value, by: Some(change.by.clone()), at: Some(change.at.clone()) })
    }

    pub fn to_model(&self) -> SettingChange {
        SettingChange {
            name: self.name,
            value: Some(self.value.clone()),
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
        }
    }
}

/// How one claim bears on another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLink {
    pub from: Spanned<String>,
    pub relation: Relation,
    pub to: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal: Option<FileRetraction>,
}

/// A figure: written as an integer when integral, so `1` stays `1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure(pub f64);

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        crate::model::canonical_number::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        f64::deserialize(d).map(Figure)
    }
}

/// A `range`: exactly two figures, low and high. (Read as an array of two,
/// `[1, 2, 3]` would quietly be `1..2`.)
fn two_figures<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<[Spanned<Figure>; 2]>, D::Error> {
    let figures = Vec::<Spanned<Figure>>::deserialize(d).map_err(|e| {
        serde::de::Error::custom(format!("range: {}; a range is two numbers, low and high", e.to_string().trim()))
    })?;
    let given = figures.len();
    <[_; 2]>::try_from(figures).map(Some).map_err(|_| {
        serde::de::Error::custom(format!(
            "range: {given} number(s) given; a range is two numbers, low and high, like range = [150, 200]"
        ))
    })
}

/// A value with no place in a file (one read from the ledger).
pub fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

// ---------------------------------------------------------------- every kind of change

/// Where each kind of change lives in a claims file. The match is
/// exhaustive on purpose: a new kind of change stops the compiler here until
/// the claims file has a place for it (and the round-trip test lists it).
pub fn place(change: &Change) -> &'static str {
    match change {
        Change::SourceAdded(_) => "[[source]]",
        Change::ActorAdded(_) => "[[actor]]",
        Change::ClaimAdded(_) => "[[claim]]",
        Change::StanceAdded(_) => "[[claim.stance]]",
        Change::AnnotationAdded(_) => "[[claim.note]], [[claim.verdict]], tags",
        Change::ClaimAmended(_) => "[[claim.change]] change = \"amend\"",
        Change::ClaimWithdrawn(_) => "[[claim.change]] change = \"withdraw\"",
        Change::ClaimRestored(_) => "[[claim.change]] change = \"restore\"",
        Change::StatusChanged(_) => "[[claim.change]] change = \"status\"",
        Change::StanceRetracted(_) => "[claim.stance.retraction]",
        Change::AnnotationRetracted(_) => "[claim.note.retraction], [claim.verdict.retraction], [[claim.untag]]",
        Change::LinkAdded(_) => "[[link]]",
        Change::LinkRemoved(_) => "[link.removal]",
        Change::SettingChanged(_) => "[[setting]]",
        Change::SourceAmended(_) => "[[source.change]] change = \"amend\"",
        Change::ActorAmended(_) => "[[actor.change]] change = \"amend\"",
    }
}

// ---------------------------------------------------------------- keys

/// The key a file uses for a record: its own, or the one made from its id.
pub fn file_key(kind: RecordKind, id: Id, key: Option<&str>) -> String {
    key.map(str::to_string).unwrap_or_else(|| generated_key(kind, id))
}

/// The record a file's key names in the ledger: the record with that key, or
/// for a key made from an id (`claim-12`), that record if it has no key.
pub fn find_by_file_key(read: Reader<'_>, kind: RecordKind, key: &str) -> Result<Option<Id>> {
    if let Some(id) = read.id_by_key(kind, key)? {
        return Ok(Some(id));
    }
    let Some(id) = generated_key_number(kind, key) else { return Ok(None) };
    let keyless = match kind {
        RecordKind::Source => read.exists(kind, id)? && read.source(id)?.key.is_none(),
        RecordKind::Actor => read.exists(kind, id)? && read.actor(id)?.key.is_none(),
        RecordKind::Claim => read.exists(kind, id)? && read.claim(id)?.key.is_none(),
        RecordKind::Stance | RecordKind::Annotation | RecordKind::Link => false,
    };
    Ok(keyless.then_some(id))
}

/// File keys of the sources and actors met so far, by id: references in a
/// file are keys, in the model ids.
#[derive(Debug, Default)]
pub(crate) struct FileKeys {
    sources: std::collections::HashMap<Id, String>,
    actors: std::collections::HashMap<Id, String>,
}

impl FileKeys {
    fn note(&mut self, kind: RecordKind, id: Id, key: String) {
        match kind {
            RecordKind::Source => self.sources.insert(id, key),
            _ => self.actors.insert(id, key),
        };
    }

    /// The file key of a source or actor, read from the ledger the first time.
    fn of(&mut self, read: Reader<'_>, kind: RecordKind, id: Id) -> Result<String> {
        let known = match kind {
            RecordKind::Source => self.sources.get(&id),
            _ => self.actors.get(&id),
        };
        if let Some(key) = known {
            return Ok(key.clone());
        }
        let key = file_key(kind, id, read.named(kind, id)?.key.as_deref());
        self.note(kind, id, key.clone());
        Ok(key)
    }
}

// ---------------------------------------------------------------- the model and the file

/// A figure's `value` or `range` fields.
type Figures = (Option<Spanned<Figure>>, Option<[Spanned<Figure>; 2]>);

fn figures(quantity: Option<&Quantity>) -> Figures {
    match quantity {
        None => (None, None),
        Some(q) if q.is_range() => (None, Some([unplaced(Figure(q.low)), unplaced(Figure(q.high))])),
        Some(q) => (Some(unplaced(Figure(q.low))), None),
    }
}

impl FileSource {
    /// The source this record proposes, its archived text already read.
    pub(crate) fn to_model(&self) -> Source {
        Source {
            id: 0,
            key: Some(self.key.clone()),
            title: self.title.clone(),
            publisher: self.publisher.clone(),
            url: self.url.clone(),
            published: self.published.clone(),
            retrieved: self.retrieved.clone(),
            text: self.text.clone(),
            sha256: self.sha256.clone(),
        }
    }

    pub(crate) fn from_model(s: &Source) -> FileSource {
        FileSource {
            key: file_key(RecordKind::Source, s.id, s.key.as_deref()),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            url: s.url.clone(),
            published: s.published.clone(),
            retrieved: s.retrieved.clone(),
            text_file: None,
            text: s.text.clone(),
            sha256: s.sha256.clone(),
            change: Vec::new(),
        }
    }
}

impl FileActor {
    /// The actor this record proposes, speaking for `affiliation`.
    pub(crate) fn to_model(&self, affiliation: Option<Id>) -> Actor {
        Actor {
            id: 0,
            key: Some(self.key.clone()),
            name: self.name.clone(),
            kind: self.kind,
            affiliation,
            aliases: self.aliases.clone(),
            url: self.url.clone(),
        }
    }

    pub(crate) fn from_model(a: &Actor, affiliation: Option<String>) -> FileActor {
        FileActor {
            key: file_key(RecordKind::Actor, a.id, a.key.as_deref()),
            name: a.name.clone(),
            kind: a.kind,
            affiliation: affiliation.map(unplaced),
            aliases: a.aliases.clone(),
            url: a.url.clone(),
            change: Vec::new(),
        }
    }
}

/// The quantity a file's figure fields give, unchecked (the writer checks it).
fn quantity_of(
    value: &Option<Spanned<Figure>>,
    range: &Option<[Spanned<Figure>; 2]>,
    qualifier: Option<Qualifier>,
    unit: &Option<String>,
) -> Option<Quantity> {
    let (low, high) = match (value, range) {
        (Some(v), _) => (v.get_ref().0, v.get_ref().0),
        (None, Some([l, h])) => (l.get_ref().0, h.get_ref().0),
        (None, None) => return None,
    };
    Some(Quantity { low, high, qualifier: qualifier.unwrap_or(Qualifier::Exact), unit: unit.clone() })
}

impl FileClaim {
    /// The claim this record proposes (without what is nested in it).
    pub(crate) fn to_model(&self, source: Id, quantity: Option<Quantity>) -> Claim {
        Claim {
            id: 0,
            key: Some(self.key.clone()),
            text: self.text.clone(),
            topic: self.topic.clone(),
            about: self.about.clone(),
            source,
            quote: self.quote.as_ref().map(|q| Quote { text: q.get_ref().clone(), anchor: None }),
            quantity,
            answer: self.answer.clone(),
        }
    }

    /// The key the claim has once the file's amendments are made: its `key`,
    /// or the last one an amendment gives it; None when one removes it.
    pub(crate) fn key_now(&self) -> Option<&str> {
        let mut key = Some(self.key.as_str());
        for change in self.change.iter().map(Spanned::get_ref).filter(|c| c.change == ChangeKind::Amend) {
            if let Some(new) = &change.key {
                key = Some(new);
            }
            if change.removed.contains(&Removable::Key) {
                key = None;
            }
        }
        key
    }

    /// A claim alone, without what is nested in it.
    fn bare(c: &Claim, source: String) -> FileClaim {
        let (value, range) = figures(c.quantity.as_ref());
        FileClaim {
            key: file_key(RecordKind::Claim, c.id, c.key.as_deref()),
            text: c.text.clone(),
            source: unplaced(source),
            quote: c.quote.as_ref().map(|q| unplaced(q.text.clone())),
            topic: c.topic.clone(),
            about: c.about.clone(),
            value,
            range,
            qualifier: c.quantity.as_ref().map(|q| q.qualifier),
            unit: c.quantity.as_ref().and_then(|q| q.unit.clone()),
            answer: c.answer.clone(),
            tags: Vec::new(),
            tag: Vec::new(),
            stance: Vec::new(),
            note: Vec::new(),
            verdict: Vec::new(),
            untag: Vec::new(),
            change: Vec::new(),
        }
    }

    /// A claim with everything recorded on it, as a file holds it.
    pub(crate) fn from_model(read: Reader<'_>, keys: &mut FileKeys, records: &ClaimRecords) -> Result<FileClaim> {
        let ClaimRecords { claim, recorded_by, recorded_at, stances, annotations, corrections } = records;
        let mut file = FileClaim::bare(claim, keys.of(read, RecordKind::Source, claim.source)?);
        // A tag given as the claim was recorded needs no who or when of its own.
        let with_claim = |a: &Annotation| a.by == *recorded_by && a.at == *recorded_at;
        for stance in stances {
            file.stance.push(unplaced(FileStance::from_model(read, keys, stance)?));
        }
        for Standing { record: annotation, retraction } in annotations {
            let retraction = retraction.as_ref().map(FileRetraction::from_model);
            match &annotation.body {
                AnnotationBody::Tag { tag } => match retraction {
                    None if with_claim(annotation) => file.tags.push(tag.clone()),
                    None => file.tag.push(unplaced(FileTag {
                        tag: tag.clone(),
                        by: annotation.by.clone(),
                        at: annotation.at.clone(),
                    })),
                    Some(r) => {
                        let (tagged_by, tagged_at) = match with_claim(annotation) {
                            true => (None, None),
                            false => (Some(annotation.by.clone()), Some(annotation.at.clone())),
                        };
                        file.untag.push(unplaced(FileUntag {
                            tag: tag.clone(),
                            tagged_by,
                            tagged_at,
                            reason: r.reason,
                            by: r.by,
                            at: r.at,
                        }))
                    }
                },
                AnnotationBody::Note { .. } => file.note.push(unplaced(FileNote::from_model(annotation, retraction))),
                AnnotationBody::Verdict { .. } => {
                    file.verdict.push(unplaced(FileVerdict::from_model(annotation, retraction)))
                }
            }
        }
        let mut version = claim.clone();
        for correction in corrections {
            file.change.push(unplaced(FileChange::from_model(read, &version, correction)?));
            if let Correction::Amended(a) = correction {
                version = a.claim.clone();
            }
        }
        Ok(file)
    }
}

impl FileStance {
    /// The stance this record proposes on `claim`, its references resolved.
    pub(crate) fn to_model(&self, claim: Id, actor: Id, source: Id) -> Stance {
        Stance {
            id: 0,
            claim,
            actor,
            source,
            stance: self.stance,
            quote: self.quote.as_ref().map(|q| Quote { text: q.get_ref().clone(), anchor: None }),
            date: self.date.clone(),
            supersedes: None,
        }
    }

    pub(crate) fn from_model(read: Reader<'_>, keys: &mut FileKeys, s: &Standing<Stance>) -> Result<FileStance> {
        let stance = &s.record;
        Ok(FileStance {
            actor: unplaced(keys.of(read, RecordKind::Actor, stance.actor)?),
            stance: stance.stance,
            source: Some(unplaced(keys.of(read, RecordKind::Source, stance.source)?)),
            quote: stance.quote.as_ref().map(|q| unplaced(q.text.clone())),
            date: stance.date.clone(),
            retraction: s.retraction.as_ref().map(FileRetraction::from_model),
        })
    }
}

impl FileRetraction {
    fn from_model(r: &Retraction) -> FileRetraction {
        FileRetraction { reason: r.reason.clone(), by: Some(r.by.clone()), at: Some(r.at.clone()) }
    }

    /// The retraction of `record` this proposes.
    pub(crate) fn to_model(&self, record: Id) -> Retraction {
        Retraction {
            record,
            reason: self.reason.clone(),
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
        }
    }
}

impl FileNote {
    pub(crate) fn to_model(&self, claim: Id) -> Annotation {
        Annotation {
            id: 0,
            claim,
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
            body: AnnotationBody::Note { text: self.text.clone() },
        }
    }

    fn from_model(a: &Annotation, retraction: Option<FileRetraction>) -> FileNote {
        let text = match &a.body {
            AnnotationBody::Note { text } => text.clone(),
            _ => String::new(),
        };
        FileNote { text, by: Some(a.by.clone()), at: Some(a.at.clone()), retraction }
    }
}

impl FileVerdict {
    pub(crate) fn to_model(&self, claim: Id) -> Annotation {
        Annotation {
            id: 0,
            claim,
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
            body: AnnotationBody::Verdict {
                rating: self.rating,
                rationale: self.rationale.clone(),
                url: self.url.clone(),
            },
        }
    }

    fn from_model(a: &Annotation, retraction: Option<FileRetraction>) -> FileVerdict {
        let (rating, rationale, url) = match &a.body {
            AnnotationBody::Verdict { rating, rationale, url } => (*rating, rationale.clone(), url.clone()),
            _ => (Rating::Unproven, None, None),
        };
        FileVerdict { rating, rationale, url, by: Some(a.by.clone()), at: Some(a.at.clone()), retraction }
    }
}

impl FileChange {
    fn new(change: ChangeKind, reason: Option<String>, by: &str, at: &str) -> FileChange {
        FileChange {
            change,
            key: None,
            text: None,
            quote: None,
            topic: None,
            about: None,
            value: None,
            range: None,
            qualifier: None,
            unit: None,
            answer: None,
            removed: Vec::new(),
            status: None,
            duplicate_of: None,
            reason,
            by: Some(by.to_string()),
            at: Some(at.to_string()),
        }
    }

    /// A correction as a file holds it; an amendment as the fields that
    /// differ from the version before it.
    pub(crate) fn from_model(read: Reader<'_>, before: &Claim, correction: &Correction) -> Result<FileChange> {
        Ok(match correction {
            Correction::Amended(amendment) => {
                let Amendment { claim: after, reason, by, at } = amendment.as_ref();
                let mut file = FileChange::new(ChangeKind::Amend, Some(reason.clone()), by, at);
                let Claim { id: _, key, text, topic, about, source: _, quote, quantity, answer } = after;
                let changed = |old: &Option<String>, new: &Option<String>| (old != new).then(|| new.clone()).flatten();
                file.key = changed(&before.key, key);
                file.text = (before.text != *text).then(|| text.clone());
                file.topic = changed(&before.topic, topic);
                file.about = changed(&before.about, about);
                let (old_quote, new_quote) =
                    (before.quote.as_ref().map(|q| q.text.clone()), quote.as_ref().map(|q| q.text.clone()));
                file.quote = changed(&old_quote, &new_quote).map(unplaced);
                file.answer = changed(&before.answer, answer);
                if before.quantity != *quantity
                    && let Some(q) = quantity
                {
                    (file.value, file.range) = figures(Some(q));
                    file.qualifier = Some(q.qualifier);
                    file.unit = q.unit.clone();
                }
                for (removable, was, is) in [
                    (Removable::Key, before.key.is_some(), key.is_some()),
                    (Removable::Topic, before.topic.is_some(), topic.is_some()),
                    (Removable::About, before.about.is_some(), about.is_some()),
                    (Removable::Quote, before.quote.is_some(), quote.is_some()),
                    (Removable::Figure, before.quantity.is_some(), quantity.is_some()),
                    (Removable::Answer, before.answer.is_some(), answer.is_some()),
                ] {
                    if was && !is {
                        file.removed.push(removable);
                    }
                }
                file
            }
            Correction::Withdrawn(Withdrawal { claim: _, reason, duplicate_of, by, at }) => {
                let mut file = FileChange::new(ChangeKind::Withdraw, Some(reason.clone()), by, at);
                file.duplicate_of = duplicate_of
                    .map(|d| {
                        Ok::<_, crate::Error>(unplaced(file_key(
                            RecordKind::Claim,
                            d,
                            read.named(RecordKind::Claim, d)?.key.as_deref(),
                        )))
                    })
                    .transpose()?;
                file
            }
            Correction::Restored(Restoration { claim: _, reason, by, at }) => {
                FileChange::new(ChangeKind::Restore, Some(reason.clone()), by, at)
            }
            Correction::StatusChanged(StatusChange { claim: _, status, by, at }) => {
                let mut file = FileChange::new(ChangeKind::Status, None, by, at);
                file.status = Some(*status);
                file
            }
        })
    }

    /// The fields given that a change of its kind does not take, each with
    /// where it is in the file, when that is known.
    pub(crate) fn foreign_fields(&self) -> Vec<(&'static str, Option<usize>)> {
        let FileChange {
            change,
            key,
            text,
            quote,
            topic,
            about,
            value,
            range,
            qualifier,
            unit,
            answer,
            removed,
            status,
            duplicate_of,
            reason,
            by: _,
            at: _,
        } = self;
        let amend = *change == ChangeKind::Amend;
        let fields = [
            ("key", key.is_some(), None, amend),
            ("text", text.is_some(), None, amend),
            ("quote", quote.is_some(), quote.as_ref().map(|q| q.span().start), amend),
            ("topic", topic.is_some(), None, amend),
            ("about", about.is_some(), None, amend),
            ("value", value.is_some(), value.as_ref().map(|v| v.span().start), amend),
            ("range", range.is_some(), range.as_ref().map(|r| r[0].span().start), amend),
            ("qualifier", qualifier.is_some(), None, amend),
            ("unit", unit.is_some(), None, amend),
            ("answer", answer.is_some(), None, amend),
            ("removed", !removed.is_empty(), None, amend),
            ("status", status.is_some(), None, *change == ChangeKind::Status),
            (
                "duplicate_of",
                duplicate_of.is_some(),
                duplicate_of.as_ref().map(|d| d.span().start),
                *change == ChangeKind::Withdraw,
            ),
            ("reason", reason.is_some(), None, change.needs_reason()),
        ];
        fields
            .into_iter()
            .filter(|&(_, given, _, takes)| given && !takes)
            .map(|(field, _, span, _)| (field, span))
            .collect()
    }

    /// The version an amendment makes of `current`: its fields, then those it removes.
    pub(crate) fn amended(&self, current: &Claim) -> Claim {
        let mut claim = current.clone();
        let set = |field: &mut Option<String>, new: &Option<String>| {
            if new.is_some() {
                field.clone_from(new);
            }
        };
        set(&mut claim.key, &self.key);
        if let Some(text) = &self.text {
            claim.text = text.clone();
        }
        set(&mut claim.topic, &self.topic);
        set(&mut claim.about, &self.about);
        set(&mut claim.answer, &self.answer);
        if let Some(quote) = &self.quote {
            claim.quote = Some(Quote { text: quote.get_ref().clone(), anchor: None });
        }
        if let Some(q) = quantity_of(&self.value, &self.range, self.qualifier, &self.unit) {
            claim.quantity = Some(q);
        }
        for removed in &self.removed {
            match removed {
                Removable::Key => claim.key = None,
                Removable::Topic => claim.topic = None,
                Removable::About => claim.about = None,
                Removable::Quote => claim.quote = None,
                Removable::Figure => claim.quantity = None,
                Removable::Answer => claim.answer = None,
            }
        }
        claim
    }
}

impl FileLink {
    /// A link as a file holds it, naming its claims by file key.
    pub(crate) fn from_model(entry: &LinkEntry) -> FileLink {
        let LinkEntry { link, from, to } = entry;
        let key = |named: &Named| file_key(RecordKind::Claim, named.id, named.key.as_deref());
        FileLink {
            from: unplaced(key(from)),
            relation: link.record.relation,
            to: unplaced(key(to)),
            note: link.record.note.clone(),
            by: Some(link.record.by.clone()),
            at: Some(link.record.at.clone()),
            removal: link.retraction.as_ref().map(FileRetraction::from_model),
        }
    }

    /// The link this record proposes, its claims resolved.
    pub(crate) fn to_model(&self, from: Id, to: Id) -> Link {
        Link {
            id: 0,
            from,
            relation: self.relation,
            to,
            note: self.note.clone(),
            by: self.by.clone().unwrap_or_default(),
            at: self.at.clone().unwrap_or_default(),
        }
    }
}

/// "field: LEDGER in the ledger, FILE in the file" for each field where two
/// records of one form differ, in the form's field order.
pub(crate) fn field_differences<T: Serialize>(ledger: &T, file: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(ledger), serde_json::to_value(file))
    else {
        return vec!["content differs".into()];
    };
    let mut fields: Vec<&String> = a.keys().collect();
    fields.extend(b.keys().filter(|k| !a.contains_key(*k)));
    let show = |v: Option<&serde_json::Value>| v.map_or("nothing".to_string(), |v| v.to_string());
    fields
        .into_iter()
        .filter(|f| a.get(*f) != b.get(*f))
        .map(|f| format!("{f}: {} in the ledger, {} in the file", show(a.get(f)), show(b.get(f))))
        .collect()
}
