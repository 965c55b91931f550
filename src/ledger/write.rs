//! The one way a ledger changes. A `Writer` lives for one transaction; each
//! of its methods checks a proposed record against every rule, turns it into
//! a change, appends that to the history and applies it to the tables. The
//! command line and `import` both come through here, so they cannot differ.

use std::cell::RefCell;
use std::rc::Rc;

use rusqlite::Transaction;

use super::Reader;
use super::apply::{self, FullText};
use super::memo::Memo;
use crate::error::{Error, Result};
use crate::history::{Change, Hash, canonical_event_bytes, chain_hash, sha256_hex};
use crate::model::{
    Actor, ActorAmendment, Amendment, Annotation, AnnotationBody, Claim, Field, Id, Link, Quantity, Quote, RecordKind,
    Restoration, Retraction, Setting, SettingChange, Source, SourceAmendment, Stance, StatusChange, Withdrawal,
    check_key, generated_key_number, is_web_address, normal_text, normalize_name, parse_date,
};
use crate::quote::{self, Miss};
use crate::words;

/// Changes one ledger inside one transaction (see [`super::Ledger::write`]).
pub struct Writer<'conn> {
    pub(super) tx: Transaction<'conn>,
    pub(super) author: String,
    pub(super) at: String,
    /// The newest event: its sequence number and hash.
    pub(super) head: (i64, Hash),
    /// Whether the full-text index is kept as claims are written (see [`FullText`]).
    pub(super) full_text: FullText,
    pub(super) memo: RefCell<Memo>,
}

/// What asking for a record did.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded<T> {
    /// It was recorded, as this.
    New(T),
    /// The ledger already held it, as the record with this id: nothing was recorded.
    Unchanged(Id),
}

impl Writer<'_> {
    /// Reads, seeing what this transaction has written so far.
    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.tx }
    }

    /// Who records the changes, and when: what each event records.
    pub fn recorder(&self) -> (&str, &str) {
        (&self.author, &self.at)
    }

    /// Appends `change` to the history and applies it to the tables.
    fn record(&mut self, change: Change) -> Result<i64> {
        // SQLite rolls a whole transaction back by itself on some failures (a
        // full disk, an I/O error); a statement after that would commit alone.
        if self.tx.is_autocommit() {
            return Err(Error::Ledger {
                message: "the database ended the transaction after an error; nothing was written".into(),
                hint: None,
            });
        }
        let (prev_seq, prev_hash) = &self.head;
        let seq = prev_seq + 1;
        let kind = change.kind();
        let data = change.canonical_data();
        let hash = chain_hash(prev_hash, &canonical_event_bytes(seq, &self.at, &self.author, kind, &data));
        self.tx
            .prepare_cached(
                "INSERT INTO events (seq, at, author, kind, data, hash, prev_seq, prev_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![seq, self.at, self.author, kind, data, hash, prev_seq_of(seq), prev_hash])?;
        apply::apply(&*self.tx, seq, &change, self.full_text)?;
        self.head = (seq, hash);
        if let Some((kind, id)) = change.new_record() {
            self.memo.get_mut().added(kind, id);
        }
        self.memo.get_mut().recorded(&change);
        Ok(seq)
    }

    /// A source as it would be stored: text normalised, dates checked, the
    /// archived text's SHA-256 computed. Its id and key are left as given.
    pub fn prepare_source(&self, proposed: Source) -> Result<Source> {
        // The cap a text file has holds for a text given inline too.
        if proposed.text.as_ref().is_some_and(|t| t.len() as u64 > crate::source_text::MAX_BYTES) {
            let message = format!(
                "the archived text is larger than {} MiB, the most an archived text may be",
                crate::source_text::MAX_BYTES >> 20
            );
            return Err(Error::rule(Field::Text, message, None));
        }
        let sha256 = proposed.text.as_deref().map(|t| sha256_hex(t.as_bytes()));
        Ok(Source {
            id: proposed.id,
            key: proposed.key,
            title: required(&proposed.title, "the title", Field::Title)?,
            publisher: optional(proposed.publisher),
            url: optional(proposed.url),
            published: date(proposed.published.as_deref(), Field::Published)?,
            retrieved: date(proposed.retrieved.as_deref(), Field::Retrieved)?,
            text: proposed.text,
            sha256,
        })
    }

    /// Adds a source; its id is assigned.
    pub fn add_source(&mut self, proposed: Source) -> Result<Source> {
        let id = self.next_id(RecordKind::Source)?;
        let key = self.new_key(RecordKind::Source, proposed.key.as_deref(), id)?;
        let source = Source { id, key, ..self.prepare_source(proposed)? };
        web_address(source.url.as_deref(), "the source's address", Field::Url)?;
        self.record(Change::SourceAdded(source.clone()))?;
        Ok(source)
    }

    /// An actor as it would be stored: name and aliases normalised, aliases
    /// without repeats; the actor it speaks for must exist already, so
    /// affiliations never loop.
    pub fn prepare_actor(&self, proposed: Actor) -> Result<Actor> {
        let name = required(&proposed.name, "the name", Field::Name)?;
        if let Some(affiliation) = proposed.affiliation {
            self.must_exist(RecordKind::Actor, affiliation)?;
        }
        let url = optional(proposed.url);
        Ok(Actor { aliases: clean_aliases(&name, proposed.aliases), name, url, ..proposed })
    }

    /// Adds an actor. Its name, aliases and key must each find it alone.
    pub fn add_actor(&mut self, proposed: Actor) -> Result<Actor> {
        let id = self.next_id(RecordKind::Actor)?;
        let key = self.new_key(RecordKind::Actor, proposed.key.as_deref(), id)?;
        let actor = Actor { id, key, ..self.prepare_actor(proposed)? };
        web_address(actor.url.as_deref(), "the actor's address", Field::Url)?;
        self.names_find_it_alone(&actor)?;
        self.record(Change::ActorAdded(actor.clone()))?;
        Ok(actor)
    }

    /// Every name an actor goes by (key, name, aliases) is free of invisible
    /// characters and finds no other actor, so each still finds it alone.
    fn names_find_it_alone(&self, actor: &Actor) -> Result<()> {
        let names = actor.key.iter().map(|k| (Field::Key, k));
        let aliases = actor.aliases.iter().map(|a| (Field::Alias, a));
        for (field, text) in names.chain([(Field::Name, &actor.name)]).chain(aliases) {
            let what = field.name();
            if let Some(c) = text.chars().find(|&c| crate::model::invisible(c)) {
                return Err(Error::rule(
                    field,
                    format!("{what} '{text}' holds an invisible character (U+{:04X})", c as u32),
                    Some("type it without: two names that look the same must be the same name".into()),
                ));
            }
            if let Some(&other) = self.read().actors_named(text)?.iter().find(|&&other| other != actor.id) {
                let other = self.read().named(RecordKind::Actor, other)?;
                return Err(Error::rule(
                    field,
                    format!("{what} '{text}' already names actor {other}"),
                    Some("a name, alias or key must find one actor only; tell actors apart in their names, like 'Jon Vale (Reuters)'".into()),
                ));
            }
        }
        Ok(())
    }

    /// Records a source's corrected description and why. Its key and archived
    /// text stay (quotes are anchored to the text); the new fields are checked
    /// as a new source's are. Changing nothing is refused.
    pub fn amend_source(&mut self, proposed: SourceAmendment) -> Result<SourceAmendment> {
        let current = self.read().source(proposed.source)?;
        let reason = required(&proposed.reason, "the reason", Field::Reason)?;
        let (text, sha256) = (current.text.clone(), current.sha256.clone());
        let described = Source {
            text: None,
            sha256: None,
            ..self.prepare_source(proposed.applied_to(Source { text: None, ..current.clone() }))?
        };
        web_address(described.url.as_deref(), "the source's address", Field::Url)?;
        if (Source { text, sha256, ..described.clone() }) == current {
            return Err(nothing_to_amend(
                RecordKind::Source,
                current.id,
                &[Field::Title, Field::Publisher, Field::Url, Field::Published, Field::Retrieved],
            ));
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let amendment = SourceAmendment {
            source: current.id,
            title: described.title,
            publisher: described.publisher,
            url: described.url,
            published: described.published,
            retrieved: described.retrieved,
            reason,
            by,
            at,
        };
        self.record(Change::SourceAmended(amendment.clone()))?;
        Ok(amendment)
    }

    /// Records an actor's new version and why: its key stays; its name and
    /// aliases must each still find it alone, and its affiliation may not be
    /// itself or an actor that speaks for it (affiliations never loop).
    /// Changing nothing is refused.
    pub fn amend_actor(&mut self, proposed: ActorAmendment) -> Result<ActorAmendment> {
        let current = self.read().actor(proposed.actor.id)?;
        let reason = required(&proposed.reason, "the reason", Field::Reason)?;
        let actor = Actor { id: current.id, key: current.key.clone(), ..self.prepare_actor(proposed.actor)? };
        web_address(actor.url.as_deref(), "the actor's address", Field::Url)?;
        if let Some(affiliation) = actor.affiliation
            && self.read().speaks_for(affiliation, actor.id)?
        {
            let (this, that) = (RecordKind::Actor.id(actor.id), RecordKind::Actor.id(affiliation));
            return Err(Error::rule(
                Field::Affiliation,
                if affiliation == actor.id {
                    format!("{this} cannot speak for itself")
                } else {
                    format!("{this} cannot speak for {that}: {that} speaks for {this}")
                },
                Some("affiliations never loop; change the other actor's affiliation first".into()),
            ));
        }
        self.names_find_it_alone(&actor)?;
        if actor == current {
            return Err(nothing_to_amend(
                RecordKind::Actor,
                current.id,
                &[Field::Name, Field::Kind, Field::Affiliation, Field::Alias, Field::DropAlias, Field::Url],
            ));
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let amendment = ActorAmendment { actor, reason, by, at };
        self.record(Change::ActorAmended(Box::new(amendment.clone())))?;
        Ok(amendment)
    }

    /// A claim as it would be stored: text normalised, topic and about key
    /// checked, the figure checked, the quote anchored in its source's text.
    /// A claim answers its question with a figure or in words, not both.
    pub fn prepare_claim(&self, proposed: Claim) -> Result<Claim> {
        self.must_exist(RecordKind::Source, proposed.source)?;
        let answer = optional(proposed.answer.clone());
        if answer.is_some() && proposed.quantity.is_some() {
            return Err(Error::rule(
                Field::Answer,
                "a claim gives a figure or an answer in words, not both",
                Some(words![
                    "keep ",
                    Field::Value,
                    " or ",
                    Field::Range,
                    " for a figure, ",
                    Field::Answer,
                    " for anything else"
                ]),
            ));
        }
        Ok(Claim {
            answer,
            id: proposed.id,
            key: proposed.key,
            text: required(&proposed.text, "the claim's text", Field::Text)?,
            topic: optional(proposed.topic).map(|t| t.to_lowercase()),
            about: proposed.about.as_deref().map(check_about).transpose()?,
            source: proposed.source,
            quote: proposed.quote.map(|q| self.anchor_quote(proposed.source, &q.text)).transpose()?,
            quantity: proposed
                .quantity
                .map(|q| {
                    let field = if q.is_range() { Field::Range } else { Field::Value };
                    Quantity::new(q.low, q.high, q.qualifier, q.unit.as_deref().map(normal_text))
                        .map_err(|e| e.of(field))
                })
                .transpose()?,
        })
    }

    /// Adds a claim; its id is assigned.
    pub fn add_claim(&mut self, proposed: Claim) -> Result<Claim> {
        let id = self.next_id(RecordKind::Claim)?;
        let key = self.new_key(RecordKind::Claim, proposed.key.as_deref(), id)?;
        let claim = Claim { id, key, ..self.prepare_claim(proposed)? };
        self.record(Change::ClaimAdded(claim.clone()))?;
        Ok(claim)
    }

    /// A stance as it would be stored: its quote anchored in the reporting
    /// source's text, its date checked.
    pub fn prepare_stance(&self, proposed: Stance) -> Result<Stance> {
        self.must_exist(RecordKind::Claim, proposed.claim)?;
        self.must_exist(RecordKind::Actor, proposed.actor)?;
        self.must_exist(RecordKind::Source, proposed.source)?;
        Ok(Stance {
            quote: proposed.quote.map(|q| self.anchor_quote(proposed.source, &q.text)).transpose()?,
            date: date(proposed.date.as_deref(), Field::Date)?,
            ..proposed
        })
    }

    /// Records an actor's stance on a claim, as a source reports it. It
    /// becomes the actor's current stance on the claim, whatever the source:
    /// the one it replaces stays in the history (`supersedes` names it). The
    /// same stance again records nothing.
    pub fn add_stance(&mut self, proposed: Stance) -> Result<Recorded<Stance>> {
        let proposed = self.prepare_stance(proposed)?;
        let known = self.memo.borrow().current_stance(proposed.claim, proposed.actor);
        let current = match known {
            Some(current) => current,
            None => self.read().current_stance(proposed.claim, proposed.actor)?,
        };
        if let Some(current) = &current
            && current.says_the_same(&proposed)
        {
            return Ok(Recorded::Unchanged(current.id));
        }
        let id = self.next_id(RecordKind::Stance)?;
        let stance = Stance { id, supersedes: current.map(|c| c.id), ..proposed };
        self.record(Change::StanceAdded(stance.clone()))?;
        Ok(Recorded::New(stance))
    }

    /// An annotation as it would be stored: text normalised, a tag checked, a
    /// given time checked; an empty `by` or `at` stays empty here.
    pub fn prepare_annotation(&self, proposed: Annotation) -> Result<Annotation> {
        self.must_exist(RecordKind::Claim, proposed.claim)?;
        let body = match proposed.body {
            AnnotationBody::Note { text } => AnnotationBody::Note { text: required(&text, "the note", Field::Text)? },
            AnnotationBody::Tag { tag } => AnnotationBody::Tag { tag: check_tag(&tag)? },
            AnnotationBody::Verdict { rating, rationale, url } => {
                let url = optional(url);
                AnnotationBody::Verdict { rating, rationale: optional(rationale), url }
            }
        };
        let at = optional(Some(proposed.at)).map(|at| check_time(&at)).transpose()?.unwrap_or_default();
        Ok(Annotation { by: optional(Some(proposed.by)).unwrap_or_default(), at, body, ..proposed })
    }

    /// Adds a note, tag or verdict. An empty `by` or `at` is filled in with
    /// who records it and now; a tag the claim has already records nothing.
    pub fn add_annotation(&mut self, proposed: Annotation) -> Result<Recorded<Annotation>> {
        let proposed = self.prepare_annotation(proposed)?;
        if let AnnotationBody::Verdict { url, .. } = &proposed.body {
            web_address(url.as_deref(), "the verdict's address", Field::Url)?;
        }
        if let AnnotationBody::Tag { tag } = &proposed.body
            && let Some(existing) = self.read().current_tag(proposed.claim, tag)?
        {
            return Ok(Recorded::Unchanged(existing));
        }
        let annotation = Annotation {
            id: self.next_id(RecordKind::Annotation)?,
            by: if proposed.by.is_empty() { self.author.clone() } else { proposed.by },
            at: if proposed.at.is_empty() { self.at.clone() } else { proposed.at },
            ..proposed
        };
        self.record(Change::AnnotationAdded(annotation.clone()))?;
        Ok(Recorded::New(annotation))
    }

    /// Records a claim's new version and why. The new version is prepared as
    /// a new claim would be (its quote anchored again, its figure checked); a
    /// new key must be free. Changing nothing is refused.
    pub fn amend_claim(&mut self, proposed: Amendment) -> Result<Amendment> {
        let current = self.read().claim(proposed.claim.id)?;
        let reason = required(&proposed.reason, "the reason", Field::Reason)?;
        let mut claim = self.prepare_claim(Claim { id: current.id, source: current.source, ..proposed.claim })?;
        let key_changed = claim.key.as_deref().map(str::to_lowercase) != current.key.as_deref().map(str::to_lowercase);
        claim.key = match claim.key.as_deref() {
            Some(key) if key_changed => self.new_key(RecordKind::Claim, Some(key), current.id)?,
            _ => claim.key,
        };
        if claim == current {
            return Err(nothing_to_amend(
                RecordKind::Claim,
                current.id,
                &[
                    Field::Text,
                    Field::Topic,
                    Field::About,
                    Field::Value,
                    Field::Range,
                    Field::Qualifier,
                    Field::Unit,
                    Field::Answer,
                    Field::Quote,
                    Field::Key,
                ],
            ));
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let amendment = Amendment { claim, reason, by, at };
        self.record(Change::ClaimAmended(amendment.clone()))?;
        Ok(amendment)
    }

    /// Takes a claim out of listings and reports; its history stays.
    pub fn withdraw_claim(&mut self, proposed: Withdrawal) -> Result<Withdrawal> {
        let id = proposed.claim;
        let reason = required(&proposed.reason, "the reason", Field::Reason)?;
        if self.read().is_withdrawn(id)? {
            return Err(Error::input(format!("{} is withdrawn already", RecordKind::Claim.id(id))));
        }
        if let Some(other) = proposed.duplicate_of {
            self.must_exist(RecordKind::Claim, other)?;
            if other == id {
                return Err(Error::rule(Field::DuplicateOf, "a claim cannot be a duplicate of itself", None));
            }
            self.no_duplicate_loop(id, other)?;
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let withdrawal = Withdrawal { claim: id, reason, duplicate_of: proposed.duplicate_of, by, at };
        self.record(Change::ClaimWithdrawn(withdrawal.clone()))?;
        Ok(withdrawal)
    }

    /// A claim withdrawn as a duplicate of `other` must not be what `other`
    /// is a duplicate of, in turn: C1 a duplicate of C2 and C2 of C1 would
    /// take both out, with none left to read.
    fn no_duplicate_loop(&self, id: Id, other: Id) -> Result<()> {
        let mut chain = vec![other];
        let mut seen = std::collections::HashSet::from([other]);
        let mut at = other;
        while let Some(next) = self.read().withdrawal(at)?.and_then(|w| w.duplicate_of) {
            chain.push(next);
            if next == id {
                let handles = chain.iter().map(|&c| self.read().named(RecordKind::Claim, c).map(|n| n.handle()));
                let handles = handles.collect::<Result<Vec<_>>>()?;
                let (claim, other) = (&handles[handles.len() - 1], &handles[0]);
                return Err(Error::rule(
                    Field::DuplicateOf,
                    format!(
                        "claim '{claim}' cannot be a duplicate of '{other}', which is withdrawn as a duplicate leading back to it ({}): none of them would stand",
                        handles.join(" → ")
                    ),
                    Some(words![
                        format!("withdraw '{claim}' without "),
                        Field::DuplicateOf,
                        format!(", or restore '{other}' first")
                    ]),
                ));
            }
            // A loop made before this rule, that does not come back to `id`.
            if !seen.insert(next) {
                break;
            }
            at = next;
        }
        Ok(())
    }

    /// Puts a withdrawn claim back.
    pub fn restore_claim(&mut self, proposed: Restoration) -> Result<Restoration> {
        let id = proposed.claim;
        let reason = required(&proposed.reason, "the reason", Field::Reason)?;
        if !self.read().is_withdrawn(id)? {
            return Err(Error::input(format!("{} is not withdrawn; nothing to restore", RecordKind::Claim.id(id))));
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let restoration = Restoration { claim: id, reason, by, at };
        self.record(Change::ClaimRestored(restoration.clone()))?;
        Ok(restoration)
    }

    /// Sets a claim's status on the desk; the status it has already records nothing.
    pub fn set_status(&mut self, proposed: StatusChange) -> Result<Recorded<StatusChange>> {
        if self.read().status(proposed.claim)? == proposed.status {
            return Ok(Recorded::Unchanged(proposed.claim));
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let change = StatusChange { claim: proposed.claim, status: proposed.status, by, at };
        self.record(Change::StatusChanged(change.clone()))?;
        Ok(Recorded::New(change))
    }

    /// Retracts a stance: the actor no longer holds it, or it was recorded in
    /// error. The actor then has no current stance on the claim.
    pub fn retract_stance(&mut self, proposed: Retraction) -> Result<Retraction> {
        let retraction = self.retraction(RecordKind::Stance, proposed, true)?;
        self.record(Change::StanceRetracted(retraction.clone()))?;
        Ok(retraction)
    }

    /// Retracts a note, tag or verdict. A tag is removed without a reason.
    pub fn retract_annotation(&mut self, proposed: Retraction) -> Result<Retraction> {
        let is_tag = matches!(self.read().annotation(proposed.record)?.body, AnnotationBody::Tag { .. });
        let retraction = self.retraction(RecordKind::Annotation, proposed, !is_tag)?;
        self.record(Change::AnnotationRetracted(retraction.clone()))?;
        Ok(retraction)
    }

    /// Removes a tag from a claim by its name: the tag the claim has with
    /// that name is retracted as `removal` says. A name the claim is not
    /// tagged with is refused; the command line and a claims file (which adds
    /// a tag it records as added and removed first) both untag through here.
    pub fn untag(&mut self, claim: Id, tag: &str, removal: impl FnOnce(Id) -> Retraction) -> Result<Retraction> {
        let tag = check_tag(tag)?;
        let Some(held) = self.read().current_tag(claim, &tag)? else {
            return Err(Error::rule(
                Field::Tag,
                format!("{} is not tagged '{tag}'", RecordKind::Claim.id(claim)),
                None,
            ));
        };
        self.retract_annotation(removal(held))
    }

    /// Links two claims; the same link again records nothing.
    pub fn add_link(&mut self, proposed: Link) -> Result<Recorded<Link>> {
        self.must_exist(RecordKind::Claim, proposed.from)?;
        self.must_exist(RecordKind::Claim, proposed.to)?;
        if proposed.from == proposed.to {
            return Err(Error::input("a claim cannot be linked to itself"));
        }
        if let Some(id) = self.read().link_between(proposed.from, proposed.relation, proposed.to)? {
            return Ok(Recorded::Unchanged(id));
        }
        // Two claims cannot both contradict each other and agree.
        for held in self.read().links_of(proposed.from)? {
            let link = &held.record;
            let joins = (link.from == proposed.to) || (link.to == proposed.to);
            if held.stands() && joins && proposed.relation.clashes_with(link.relation) {
                return Err(Error::input_hint(
                    format!(
                        "{} and {} are linked '{}' already ({}); they cannot also be linked '{}'",
                        RecordKind::Claim.id(proposed.from),
                        RecordKind::Claim.id(proposed.to),
                        link.relation.as_str(),
                        RecordKind::Link.id(link.id),
                        proposed.relation.as_str()
                    ),
                    format!("remove that link first: claimledger unlink {}", RecordKind::Link.id(link.id)),
                ));
            }
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let link = Link { id: self.next_id(RecordKind::Link)?, note: optional(proposed.note), by, at, ..proposed };
        self.record(Change::LinkAdded(link.clone()))?;
        Ok(Recorded::New(link))
    }

    /// Removes a link.
    pub fn remove_link(&mut self, proposed: Retraction) -> Result<Retraction> {
        let retraction = self.retraction(RecordKind::Link, proposed, false)?;
        self.record(Change::LinkRemoved(retraction.clone()))?;
        Ok(retraction)
    }

    /// Sets a ledger setting, or unsets it (no value); the value it has
    /// already records nothing (None).
    pub fn set_setting(&mut self, proposed: SettingChange) -> Result<Option<SettingChange>> {
        let value = optional(proposed.value);
        if self.read().setting(proposed.name)? == value {
            return Ok(None);
        }
        if let Some(value) = &value {
            check_setting(proposed.name, value)?;
        }
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        let change = SettingChange { name: proposed.name, value, by, at };
        self.record(Change::SettingChanged(change.clone()))?;
        Ok(Some(change))
    }

    /// A retraction of a record that stands, with who and when filled in.
    fn retraction(&self, kind: RecordKind, proposed: Retraction, reason_needed: bool) -> Result<Retraction> {
        if self.read().is_retracted(kind, proposed.record)? {
            return Err(Error::input(format!("{} is retracted already", kind.id(proposed.record))));
        }
        let reason = match (optional(proposed.reason), reason_needed) {
            (None, true) => {
                let hint = words!["say why with ", Field::Reason];
                return Err(Error::rule(Field::Reason, "the reason is empty", Some(hint)));
            }
            (reason, _) => reason,
        };
        let (by, at) = self.who_when(proposed.by, proposed.at)?;
        Ok(Retraction { record: proposed.record, reason, by, at })
    }

    /// Who made a change and when: as given (a claims file keeps its
    /// checkers), else who records it, now.
    fn who_when(&self, by: String, at: String) -> Result<(String, String)> {
        let by = optional(Some(by)).unwrap_or_else(|| self.author.clone());
        let at = match optional(Some(at)) {
            Some(at) => check_time(&at)?,
            None => self.at.clone(),
        };
        Ok((by, at))
    }

    /// A new record's key, if it has one: well formed and not taken. A key of
    /// the form `export ledger` gives records without one (`claim-12`) belongs
    /// to the record of that number only, so an export always imports back.
    fn new_key(&self, kind: RecordKind, key: Option<&str>, id: Id) -> Result<Option<String>> {
        let Some(key) = key.map(str::trim).filter(|k| !k.is_empty()) else { return Ok(None) };
        let key = check_key(kind, key).map_err(|e| e.of(Field::Key))?;
        if generated_key_number(kind, &key).is_some_and(|n| n != id) {
            return Err(Error::rule(
                Field::Key,
                format!("'{key}' cannot be a key: export names records without a key that way"),
                Some("choose another key".into()),
            ));
        }
        match self.read().id_by_key(kind, &key)? {
            Some(other) => Err(Error::rule(
                Field::Key,
                format!("{} key '{key}' is taken by {}", kind.name(), kind.id(other)),
                Some("choose another key".into()),
            )),
            None => Ok(Some(key)),
        }
    }

    fn must_exist(&self, kind: RecordKind, id: Id) -> Result<()> {
        if self.memo.borrow().is_found(kind, id) {
            return Ok(());
        }
        if self.read().exists(kind, id)? {
            self.memo.borrow_mut().found(kind, id);
            Ok(())
        } else {
            Err(Error::NotFound { kind: kind.name(), name: kind.id(id), suggestions: Vec::new() })
        }
    }

    /// The id the next record of `kind` gets.
    fn next_id(&self, kind: RecordKind) -> Result<Id> {
        match self.memo.borrow().next_id(kind) {
            Some(id) => Ok(id),
            None => self.read().next_id(kind),
        }
    }

    /// A source's archived text, if it has one.
    fn source_text(&self, source: Id) -> Result<Option<Rc<str>>> {
        if let Some(text) = self.memo.borrow().source_text(source) {
            return Ok(text);
        }
        let text: Option<Rc<str>> = self.read().source_text(source)?.map(Rc::from);
        self.memo.borrow_mut().keep_source_text(source, text.clone());
        Ok(text)
    }

    /// Anchors a quote in the source's archived text, when it has one; a
    /// quote that is not there is refused, with the closest passage.
    pub fn anchor_quote(&self, source: Id, quote: &str) -> Result<Quote> {
        let text = quote.trim().to_string();
        if text.is_empty() {
            return Err(Error::rule(Field::Quote, "the quote is empty", None));
        }
        let Some(archived) = self.source_text(source)? else {
            return Ok(Quote { text, anchor: None });
        };
        match quote::anchor(&archived, &text) {
            Ok(anchor) => Ok(Quote { text, anchor: Some(anchor) }),
            Err(Miss::Empty) => Err(Error::rule(Field::Quote, "the quote is empty", None)),
            Err(Miss::NotFound { closest }) => {
                let source = self.read().named(RecordKind::Source, source)?;
                Err(Error::rule(
                    Field::Quote,
                    format!("quote \"{text}\" is not in the text of source {}", source.handle()),
                    Some(match closest {
                        Some(passage) => format!("the closest passage is \"{passage}\"").into(),
                        None => "no passage of the text is close; check the source".into(),
                    }),
                ))
            }
        }
    }
}

/// The sequence number an event names as its predecessor: none for the first.
pub(super) fn prev_seq_of(seq: i64) -> Option<i64> {
    (seq > 1).then_some(seq - 1)
}

/// A correction that changes nothing, refused with the fields that could change.
fn nothing_to_amend(kind: RecordKind, id: Id, fields: &[Field]) -> Error {
    let mut hint = crate::words!["give the fields that change: "];
    for (i, &field) in fields.iter().enumerate() {
        hint.0.extend([(if i == 0 { "" } else { ", " }).into(), field.into()]);
    }
    Error::input_hint(format!("{} already reads so; nothing to amend", kind.id(id)), hint)
}

/// Required text, as stored: trimmed, in normal form C, not empty.
fn required(text: &str, what: &str, field: Field) -> Result<String> {
    let text = normal_text(text);
    if text.is_empty() {
        return Err(Error::rule(field, format!("{what} is empty"), None));
    }
    Ok(text)
}

/// An optional date of `field`, checked.
fn date(text: Option<&str>, field: Field) -> Result<Option<String>> {
    text.map(parse_date).transpose().map_err(|e| e.of(field))
}

/// Optional text, as stored: trimmed, in normal form C; empty is absent.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| normal_text(&t)).filter(|t| !t.is_empty())
}

/// Aliases as stored: normalised, without blanks, repeats, or the actor's own name.
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

/// A tag: lowercase, one word.
pub fn check_tag(tag: &str) -> Result<String> {
    let tag = normal_text(tag).to_lowercase();
    if tag.is_empty() || tag.chars().any(char::is_whitespace) {
        let hint = "a tag is one word; use '-' to join words";
        return Err(Error::rule(Field::Tag, format!("'{tag}' cannot be a tag"), Some(hint.into())));
    }
    Ok(tag)
}

/// An `about` key: the same alphabet as record keys, compared exactly.
fn check_about(about: &str) -> Result<String> {
    let about = about.trim();
    let typable = !about.is_empty()
        && about.len() <= 128
        && about.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !typable {
        return Err(Error::rule(
            Field::About,
            format!("'{about}' cannot be an about key"),
            Some("use letters, digits, '-', '_' and '.', like ashraf3-raid.deaths".into()),
        ));
    }
    Ok(about.to_lowercase())
}

/// A setting's value: a URL setting holds a web address.
fn check_setting(name: Setting, value: &str) -> Result<()> {
    match name {
        Setting::PublisherName => Ok(()),
        Setting::PublisherUrl => web_address(Some(value), "publisher.url", Field::Value),
    }
}

/// A web address as stored ([`is_web_address`]). The addresses go into
/// ClaimReview and the report, where a reader follows them; `javascript:` or
/// a bare word would be a trap or a dead end. Checked when a record is added,
/// so a ledger's own older records still import.
fn web_address(url: Option<&str>, what: &str, field: Field) -> Result<()> {
    let Some(url) = url else { return Ok(()) };
    if is_web_address(url) {
        return Ok(());
    }
    Err(Error::rule(
        field,
        format!("{what} '{url}' is not a web address"),
        Some("give an http or https address, like https://example.org/page".into()),
    ))
}

/// A time as given (a note's, a change's): RFC 3339 with any offset, stored
/// in UTC to the second as the clock's own times are, so that stored times
/// sort as strings.
pub fn check_time(at: &str) -> Result<String> {
    match at.parse::<jiff::Timestamp>() {
        Ok(time) => Ok(super::format_time(time)),
        Err(_) => Err(Error::rule(
            Field::At,
            format!("'{at}' is not a time"),
            Some("write it in RFC 3339, like 2023-06-20T09:00:00Z".into()),
        )),
    }
}

/// The Writer's rules that a recorded change must keep whatever the ledger
/// held before it: the keys a record may have, and times that are times.
/// `verify` holds every event of a history to them, so a history written by
/// other means (with valid hashes) that the Writer would have refused is
/// found, not passed on to an export that cannot be imported.
pub(super) fn rules_of_form(change: &Change) -> Result<()> {
    let key = |kind: RecordKind, key: Option<&str>, id: Id| -> Result<()> {
        let Some(key) = key else { return Ok(()) };
        if check_key(kind, key)? != key {
            return Err(Error::input(format!("'{key}' is not a key as recorded: it has spaces around it")));
        }
        match generated_key_number(kind, key) {
            Some(n) if n != id => Err(Error::input(format!(
                "'{key}' cannot be the key of {}: it names {} in exports",
                kind.id(id),
                kind.id(n)
            ))),
            _ => Ok(()),
        }
    };
    // Older ledgers kept a file's times as written: any RFC 3339 time stands.
    let time = |at: &str| -> Result<()> { check_time(at).map(drop) };
    match change {
        Change::SourceAdded(s) => key(RecordKind::Source, s.key.as_deref(), s.id),
        Change::ActorAdded(a) => key(RecordKind::Actor, a.key.as_deref(), a.id),
        Change::ClaimAdded(c) => key(RecordKind::Claim, c.key.as_deref(), c.id),
        Change::ClaimAmended(a) => {
            key(RecordKind::Claim, a.claim.key.as_deref(), a.claim.id)?;
            time(&a.at)
        }
        Change::StanceAdded(_) => Ok(()),
        Change::AnnotationAdded(a) => time(&a.at),
        Change::ClaimWithdrawn(w) => time(&w.at),
        Change::ClaimRestored(r) => time(&r.at),
        Change::StatusChanged(s) => time(&s.at),
        Change::StanceRetracted(r) | Change::AnnotationRetracted(r) | Change::LinkRemoved(r) => time(&r.at),
        Change::LinkAdded(l) => time(&l.at),
        Change::SettingChanged(s) => time(&s.at),
        Change::SourceAmended(a) => time(&a.at),
        Change::ActorAmended(a) => time(&a.at),
    }
}
