//! Records read back as the model's entities: one at a time, or every one in
//! id order as a stream (what the claims file is written from).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row};

use super::Reader;
use crate::error::{Error, Result};
use crate::history::Change;
use crate::model::{
    Actor, ActorAmendment, Anchor, Annotation, AnnotationBody, Claim, Correction, Id, Link, Qualifier, Quantity, Quote,
    RecordKind, Retraction, Setting, SettingChange, Source, SourceAmendment, Stance, Standing, Status, Withdrawal,
};

/// Separator for lists aggregated in SQL; cannot occur in typed text.
pub(super) const LIST_SEP: char = '\u{1f}';

pub(super) fn split_list(joined: Option<String>) -> Vec<String> {
    joined.map(|s| s.split(LIST_SEP).map(str::to_string).collect()).unwrap_or_default()
}

/// Any stored word of a vocabulary; the schema's CHECK constraints keep them valid.
pub(super) fn word<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    text.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown word '{text}'").into(),
        )
    })
}

pub(super) const SOURCE_COLUMNS: &str =
    "s.id, s.key, s.title, s.publisher, s.url, s.published, s.retrieved, s.text, s.sha256";

pub(super) fn source_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Source> {
    Ok(Source {
        id: r.get(i)?,
        key: r.get(i + 1)?,
        title: r.get(i + 2)?,
        publisher: r.get(i + 3)?,
        url: r.get(i + 4)?,
        published: r.get(i + 5)?,
        retrieved: r.get(i + 6)?,
        text: r.get(i + 7)?,
        sha256: r.get(i + 8)?,
    })
}

pub(super) const ACTOR_COLUMNS: &str = "a.id, a.key, a.name, a.kind, a.affiliation_id, a.url,
    (SELECT group_concat(l.alias, char(31) ORDER BY l.id) FROM aliases l WHERE l.actor_id = a.id)";

pub(super) fn actor_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Actor> {
    Ok(Actor {
        id: r.get(i)?,
        key: r.get(i + 1)?,
        name: r.get(i + 2)?,
        kind: word(r, i + 3)?,
        affiliation: r.get(i + 4)?,
        url: r.get(i + 5)?,
        aliases: split_list(r.get(i + 6)?),
    })
}

/// A quote and its anchor, from five columns: quote, start, end, before, after.
fn quote_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Quote>> {
    let Some(text) = r.get::<_, Option<String>>(i)? else { return Ok(None) };
    let anchor = match (r.get(i + 1)?, r.get(i + 2)?, r.get(i + 3)?, r.get(i + 4)?) {
        (Some(start), Some(end), Some(before), Some(after)) => Some(Anchor { start, end, before, after }),
        _ => None,
    };
    Ok(Some(Quote { text, anchor }))
}

/// A quantity from four columns: low, high, qualifier, unit.
pub(super) fn quantity_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Quantity>> {
    let (low, high): (Option<f64>, Option<f64>) = (r.get(i)?, r.get(i + 1)?);
    Ok(match (low, high, r.get::<_, Option<String>>(i + 2)?) {
        (Some(low), Some(high), Some(_)) => {
            Some(Quantity { low, high, qualifier: word::<Qualifier>(r, i + 2)?, unit: r.get(i + 3)? })
        }
        _ => None,
    })
}

/// A claim's columns, then its status and whether it is withdrawn.
pub(super) const CLAIM_COLUMNS: &str = "c.id, c.key, c.text, c.topic, c.about, c.source_id,
    c.quote, c.quote_start, c.quote_end, c.quote_before, c.quote_after, c.low, c.high, c.qualifier, c.unit,
    c.answer, c.status, c.withdrawn_seq";

pub(super) fn claim_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Claim> {
    Ok(Claim {
        id: r.get(i)?,
        key: r.get(i + 1)?,
        text: r.get(i + 2)?,
        topic: r.get(i + 3)?,
        about: r.get(i + 4)?,
        source: r.get(i + 5)?,
        quote: quote_at(r, i + 6)?,
        quantity: quantity_at(r, i + 11)?,
        answer: r.get(i + 15)?,
    })
}

/// A claim's state on the desk, from the columns after [`claim_at`]'s.
pub(super) fn claim_state_at(r: &Row<'_>, i: usize) -> rusqlite::Result<(Status, Option<i64>)> {
    Ok((word(r, i + 16)?, r.get(i + 17)?))
}

/// A stance's columns, then `superseded_by` and `retracted_seq`: the table
/// keeps the link on the older stance, the history on the newer one (see
/// [`link_supersessions`]).
pub(super) const STANCE_COLUMNS: &str = "t.id, t.claim_id, t.actor_id, t.source_id, t.stance,
    t.quote, t.quote_start, t.quote_end, t.quote_before, t.quote_after, t.date, t.superseded_by, t.retracted_seq";

/// Columns of [`STANCE_COLUMNS`].
pub(super) const STANCE_COLUMN_COUNT: usize = 13;

/// A stance as stored, with what replaced or retracted it.
pub(super) struct StoredStance {
    pub stance: Stance,
    pub superseded_by: Option<Id>,
    pub retracted_seq: Option<i64>,
}

pub(super) fn stance_at(r: &Row<'_>, i: usize) -> rusqlite::Result<StoredStance> {
    let stance = Stance {
        id: r.get(i)?,
        claim: r.get(i + 1)?,
        actor: r.get(i + 2)?,
        source: r.get(i + 3)?,
        stance: word(r, i + 4)?,
        quote: quote_at(r, i + 5)?,
        date: r.get(i + 10)?,
        supersedes: None,
    };
    Ok(StoredStance { stance, superseded_by: r.get(i + 11)?, retracted_seq: r.get(i + 12)? })
}

/// Fills each stance's `supersedes` from the others' `superseded_by`: the
/// stances of one claim, which is where supersession happens.
pub(super) fn link_supersessions(stances: &mut [StoredStance]) {
    let replaced: Vec<(Id, Id)> = stances.iter().filter_map(|s| s.superseded_by.map(|by| (by, s.stance.id))).collect();
    for (newer, older) in replaced {
        if let Some(s) = stances.iter_mut().find(|s| s.stance.id == newer) {
            s.stance.supersedes = Some(older);
        }
    }
}

pub(super) const ANNOTATION_COLUMNS: &str =
    "n.id, n.claim_id, n.kind, n.text, n.rating, n.url, n.author, n.at, n.retracted_seq";

/// Columns of [`ANNOTATION_COLUMNS`].
pub(super) const ANNOTATION_COLUMN_COUNT: usize = 9;

/// An annotation and the event that retracted it, if one did.
pub(super) fn annotation_at(r: &Row<'_>, i: usize) -> rusqlite::Result<(Annotation, Option<i64>)> {
    let kind: String = r.get(i + 2)?;
    let text: Option<String> = r.get(i + 3)?;
    let body = match kind.as_str() {
        "note" => AnnotationBody::Note { text: text.unwrap_or_default() },
        "tag" => AnnotationBody::Tag { tag: text.unwrap_or_default() },
        _ => AnnotationBody::Verdict { rating: word(r, i + 4)?, rationale: text, url: r.get(i + 5)? },
    };
    let annotation = Annotation { id: r.get(i)?, claim: r.get(i + 1)?, by: r.get(i + 6)?, at: r.get(i + 7)?, body };
    Ok((annotation, r.get(i + 8)?))
}

pub(super) const LINK_COLUMNS: &str = "l.id, l.from_id, l.relation, l.to_id, l.note, l.author, l.at, l.removed_seq";

pub(super) fn link_at(r: &Row<'_>, i: usize) -> rusqlite::Result<(Link, Option<i64>)> {
    let link = Link {
        id: r.get(i)?,
        from: r.get(i + 1)?,
        relation: word(r, i + 2)?,
        to: r.get(i + 3)?,
        note: r.get(i + 4)?,
        by: r.get(i + 5)?,
        at: r.get(i + 6)?,
    };
    Ok((link, r.get(i + 7)?))
}

/// A claim as first recorded, with everything recorded on it since, each in
/// the order it was recorded: what the claims file holds of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRecords {
    /// The claim as first recorded; its corrections say how it reads now.
    pub claim: Claim,
    /// Who recorded the claim, and when: its event's author and time.
    pub recorded_by: String,
    pub recorded_at: String,
    pub stances: Vec<Standing<Stance>>,
    pub annotations: Vec<Standing<Annotation>>,
    pub corrections: Vec<Correction>,
}

/// A claim an amendment gave another key: the key it was first recorded with,
/// and the key it has now (None where it has none).
#[derive(Debug, Clone, PartialEq)]
pub struct Rekeyed {
    pub id: Id,
    pub first: Option<String>,
    pub now: Option<String>,
}

/// A record whose row and history disagree.
fn damaged(kind: RecordKind, id: Id) -> Error {
    Error::Damaged(format!("{}'s row does not name the event that made it", kind.id(id)))
}

/// A record looked up by id is missing: ids come from the ledger itself (a
/// reference resolved, another record's column), so its tables are damaged.
fn not_found(kind: RecordKind, id: Id) -> Error {
    Error::missing(kind, id)
}

impl Reader<'_> {
    pub fn source(&self, id: Id) -> Result<Source> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| source_at(r, 0)).optional()?;
        found.ok_or_else(|| not_found(RecordKind::Source, id))
    }

    /// A source's archived text, when it has one.
    pub fn source_text(&self, id: Id) -> Result<Option<String>> {
        let found = self.conn.prepare_cached("SELECT text FROM sources WHERE id = ?1")?.query_row([id], |r| r.get(0));
        found.optional()?.ok_or_else(|| not_found(RecordKind::Source, id))
    }

    pub fn actor(&self, id: Id) -> Result<Actor> {
        let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| actor_at(r, 0)).optional()?;
        found.ok_or_else(|| not_found(RecordKind::Actor, id))
    }

    /// Whether `actor` speaks for `other`: is it, or is affiliated with it up the chain.
    pub fn speaks_for(&self, actor: Id, other: Id) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM affiliations WHERE actor_id = ?1 AND ancestor_id = ?2")?
            .exists([actor, other])?)
    }

    /// The corrections of one source (or of every source), oldest first.
    pub fn source_amendments(&self, source: Option<Id>) -> Result<Vec<SourceAmendment>> {
        let mut found = Vec::new();
        for change in self.record_corrections("source.amend")? {
            if let Change::SourceAmended(a) = change
                && source.is_none_or(|id| id == a.source)
            {
                found.push(a);
            }
        }
        Ok(found)
    }

    /// The corrections of one actor (or of every actor), oldest first.
    pub fn actor_amendments(&self, actor: Option<Id>) -> Result<Vec<ActorAmendment>> {
        let mut found = Vec::new();
        for change in self.record_corrections("actor.amend")? {
            if let Change::ActorAmended(a) = change
                && actor.is_none_or(|id| id == a.actor.id)
            {
                found.push(*a);
            }
        }
        Ok(found)
    }

    /// A source as it was first recorded, and each of its corrections since, oldest first.
    pub fn source_versions(&self, id: Id) -> Result<(Source, Vec<SourceAmendment>)> {
        match self.first_change(RecordKind::Source, "SELECT event_seq FROM sources WHERE id = ?1", id)? {
            Change::SourceAdded(first) => Ok((first, self.source_amendments(Some(id))?)),
            _ => Err(damaged(RecordKind::Source, id)),
        }
    }

    /// An actor as it was first recorded, and each of its corrections since, oldest first.
    pub fn actor_versions(&self, id: Id) -> Result<(Actor, Vec<ActorAmendment>)> {
        match self.first_change(RecordKind::Actor, "SELECT event_seq FROM actors WHERE id = ?1", id)? {
            Change::ActorAdded(first) => Ok((first, self.actor_amendments(Some(id))?)),
            _ => Err(damaged(RecordKind::Actor, id)),
        }
    }

    /// The change that made a record, through the event its row names.
    fn first_change(&self, kind: RecordKind, sql: &str, id: Id) -> Result<Change> {
        let seq: Option<i64> = self.conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?;
        let seq = seq.ok_or_else(|| not_found(kind, id))?;
        self.event(seq).and_then(|e| e.change()).map_err(|_| damaged(kind, id))
    }

    /// The changes of one kind among the corrections of sources and actors:
    /// few among all events, found through their own index.
    fn record_corrections(&self, kind: &str) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, data FROM events
             WHERE (kind = 'source.amend' OR kind = 'actor.amend') AND kind = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([kind])?;
        let mut changes = Vec::new();
        while let Some(r) = rows.next()? {
            let (seq, data): (i64, String) = (r.get(0)?, r.get(1)?);
            changes.push(Change::from_stored(kind, &data).map_err(|e| Error::Ledger {
                message: format!("event {seq} cannot be read ({e}); run `claimledger verify`"),
                hint: None,
            })?);
        }
        Ok(changes)
    }

    /// A ledger setting's value, if it is set.
    pub fn setting(&self, name: Setting) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE name = ?1")?
            .query_row([name.as_str()], |r| r.get(0))
            .optional()?)
    }

    /// Every setting that is set, in the order `Setting::ALL` lists them.
    pub fn settings(&self) -> Result<Vec<(Setting, String)>> {
        let mut set = Vec::new();
        for &name in Setting::ALL {
            if let Some(value) = self.setting(name)? {
                set.push((name, value));
            }
        }
        Ok(set)
    }

    /// The change that set each setting that is set, in the order
    /// `Setting::ALL` lists them: its value, who set it and when.
    pub fn setting_changes(&self) -> Result<Vec<SettingChange>> {
        let mut changes = Vec::new();
        for &name in Setting::ALL {
            let seq: Option<i64> = self
                .conn
                .prepare_cached("SELECT event_seq FROM settings WHERE name = ?1")?
                .query_row([name.as_str()], |r| r.get(0))
                .optional()?;
            let Some(seq) = seq else { continue };
            match self.event(seq)?.change()? {
                Change::SettingChanged(change) => changes.push(change),
                _ => {
                    return Err(Error::Ledger {
                        message: format!("event {seq} was expected to set {name}; run `claimledger verify`"),
                        hint: None,
                    });
                }
            }
        }
        Ok(changes)
    }

    /// A claim as it reads now.
    pub fn claim(&self, id: Id) -> Result<Claim> {
        let sql = format!("SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| claim_at(r, 0)).optional()?;
        found.ok_or_else(|| not_found(RecordKind::Claim, id))
    }

    /// A claim's status on the desk.
    pub fn status(&self, claim: Id) -> Result<Status> {
        let found = self
            .conn
            .prepare_cached("SELECT status FROM claims WHERE id = ?1")?
            .query_row([claim], |r| word(r, 0))
            .optional()?;
        found.ok_or_else(|| not_found(RecordKind::Claim, claim))
    }

    /// Whether a claim is withdrawn.
    pub fn is_withdrawn(&self, claim: Id) -> Result<bool> {
        let found: Option<Option<i64>> = self
            .conn
            .prepare_cached("SELECT withdrawn_seq FROM claims WHERE id = ?1")?
            .query_row([claim], |r| r.get(0))
            .optional()?;
        Ok(found.ok_or_else(|| not_found(RecordKind::Claim, claim))?.is_some())
    }

    /// Why a claim is withdrawn, while it is: the withdrawal that took it out.
    pub fn withdrawal(&self, claim: Id) -> Result<Option<Withdrawal>> {
        let found: Option<Option<i64>> = self
            .conn
            .prepare_cached("SELECT withdrawn_seq FROM claims WHERE id = ?1")?
            .query_row([claim], |r| r.get(0))
            .optional()?;
        let Some(seq) = found.ok_or_else(|| not_found(RecordKind::Claim, claim))? else { return Ok(None) };
        match self.event(seq)?.change()? {
            Change::ClaimWithdrawn(w) => Ok(Some(w)),
            _ => Ok(None),
        }
    }

    /// Whether a stance, annotation or link has been retracted.
    pub fn is_retracted(&self, kind: RecordKind, id: Id) -> Result<bool> {
        Ok(self.retracted_seq(kind, id)?.is_some())
    }

    fn retracted_seq(&self, kind: RecordKind, id: Id) -> Result<Option<i64>> {
        let sql = match kind {
            RecordKind::Stance => "SELECT retracted_seq FROM stances WHERE id = ?1",
            RecordKind::Annotation => "SELECT retracted_seq FROM annotations WHERE id = ?1",
            RecordKind::Link => "SELECT removed_seq FROM links WHERE id = ?1",
            RecordKind::Source | RecordKind::Actor | RecordKind::Claim => return Ok(None),
        };
        let found: Option<Option<i64>> = self.conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?;
        found.ok_or_else(|| not_found(kind, id))
    }

    /// The retraction event `seq` made.
    pub(super) fn retraction(&self, seq: i64) -> Result<Retraction> {
        self.event(seq)?.change()?.into_retraction().ok_or_else(|| Error::Ledger {
            message: format!("event {seq} was expected to retract a record; run `claimledger verify`"),
            hint: None,
        })
    }

    /// A record with its retraction, from the event that retracted it.
    pub(super) fn standing<T>(&self, record: T, retracted_seq: Option<i64>) -> Result<Standing<T>> {
        Ok(Standing { record, retraction: retracted_seq.map(|seq| self.retraction(seq)).transpose()? })
    }

    /// A stance, annotation or link by id.
    pub fn annotation(&self, id: Id) -> Result<Annotation> {
        let sql = format!("SELECT {ANNOTATION_COLUMNS} FROM annotations n WHERE n.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| annotation_at(r, 0)).optional()?;
        found.map(|(a, _)| a).ok_or_else(|| not_found(RecordKind::Annotation, id))
    }

    pub fn link(&self, id: Id) -> Result<Link> {
        let sql = format!("SELECT {LINK_COLUMNS} FROM links l WHERE l.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| link_at(r, 0)).optional()?;
        found.map(|(l, _)| l).ok_or_else(|| not_found(RecordKind::Link, id))
    }

    /// The link that stands between two claims with this relation, if any:
    /// from `from` to `to`, or either way for a symmetric relation (a link
    /// and its converse say the same).
    pub fn link_between(&self, from: Id, relation: crate::model::Relation, to: Id) -> Result<Option<Id>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM links WHERE from_id = ?1 AND relation = ?2 AND to_id = ?3 AND removed_seq IS NULL",
        )?;
        let mut one_way = |from: Id, to: Id| -> Result<Option<Id>> {
            Ok(stmt.query_row(rusqlite::params![from, relation.as_str(), to], |r| r.get(0)).optional()?)
        };
        match one_way(from, to)? {
            None if relation.is_symmetric() => one_way(to, from),
            found => Ok(found),
        }
    }

    /// The tag a claim has (not removed) with this text, if any: one step
    /// down the index `annotations_one_tag`, however many tags the claim has.
    pub fn current_tag(&self, claim: Id, tag: &str) -> Result<Option<Id>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM annotations WHERE claim_id = ?1 AND text = ?2 AND kind = 'tag' AND retracted_seq IS NULL",
            )?
            .query_row(rusqlite::params![claim, tag], |r| r.get(0))
            .optional()?)
    }

    /// The current stance of an actor on a claim.
    pub fn current_stance(&self, claim: Id, actor: Id) -> Result<Option<Stance>> {
        // Asked for every stance a write records: the statement's text is made once.
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "SELECT {STANCE_COLUMNS} FROM stances t
                 WHERE t.claim_id = ?1 AND t.actor_id = ?2 AND t.superseded_by IS NULL AND t.retracted_seq IS NULL"
            )
        });
        let found = self.conn.prepare_cached(&SQL)?.query_row([claim, actor], |r| stance_at(r, 0)).optional()?;
        Ok(found.map(|s| s.stance))
    }

    /// A claim's verdict now ([`crate::model::current_verdict`]), if it has one.
    pub fn verdict(&self, claim: Id) -> Result<Option<Annotation>> {
        let verdicts = self.annotation_rows(claim)?.into_iter().filter_map(|(a, retracted)| match a.body {
            AnnotationBody::Verdict { .. } => Some((a, retracted.is_none())),
            AnnotationBody::Note { .. } | AnnotationBody::Tag { .. } => None,
        });
        Ok(crate::model::current_verdict(verdicts))
    }

    /// A claim's annotations, each with the event that retracted it, if one did.
    pub(super) fn annotation_rows(&self, claim: Id) -> Result<Vec<(Annotation, Option<i64>)>> {
        let sql = format!("SELECT {ANNOTATION_COLUMNS} FROM annotations n WHERE n.claim_id = ?1 ORDER BY n.id");
        Ok(self.conn.prepare_cached(&sql)?.query_map([claim], |r| annotation_at(r, 0))?.collect::<Result<_, _>>()?)
    }

    /// The id the next record of `kind` will get.
    pub(super) fn next_id(&self, kind: RecordKind) -> Result<Id> {
        let sql = match kind {
            RecordKind::Source => "SELECT max(id) FROM sources",
            RecordKind::Actor => "SELECT max(id) FROM actors",
            RecordKind::Claim => "SELECT max(id) FROM claims",
            RecordKind::Stance => "SELECT max(id) FROM stances",
            RecordKind::Annotation => "SELECT max(id) FROM annotations",
            RecordKind::Link => "SELECT max(id) FROM links",
        };
        // A bare max(id) is one step down the b-tree; wrapped in an expression it is a scan.
        let max: Option<Id> = self.conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
        Ok(max.unwrap_or(0) + 1)
    }

    /// Every source, in id order.
    pub fn for_each_source(&self, mut each: impl FnMut(Source) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(source_at(r, 0)?)?;
        }
        Ok(())
    }

    /// Every actor, in id order (so each comes after the one it speaks for).
    pub fn for_each_actor(&self, mut each: impl FnMut(Actor) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!("SELECT {ACTOR_COLUMNS} FROM actors a ORDER BY a.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(actor_at(r, 0)?)?;
        }
        Ok(())
    }

    /// Every link, removed ones included, in id order.
    pub fn for_each_link(&self, mut each: impl FnMut(Standing<Link>) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!("SELECT {LINK_COLUMNS} FROM links l ORDER BY l.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (link, removed) = link_at(r, 0)?;
            each(self.standing(link, removed)?)?;
        }
        Ok(())
    }

    /// A claim's links, both ways, removed ones included, in id order.
    pub fn links_of(&self, claim: Id) -> Result<Vec<Standing<Link>>> {
        let sql = format!("SELECT {LINK_COLUMNS} FROM links l WHERE l.from_id = ?1 OR l.to_id = ?1 ORDER BY l.id");
        let rows: Vec<(Link, Option<i64>)> =
            self.conn.prepare_cached(&sql)?.query_map([claim], |r| link_at(r, 0))?.collect::<Result<_, _>>()?;
        rows.into_iter().map(|(link, removed)| self.standing(link, removed)).collect()
    }

    /// Every correction in the ledger, by claim, each claim's in order. They
    /// are few: the claims file writes them beside their claims.
    fn corrections(&self) -> Result<HashMap<Id, Vec<Correction>>> {
        let mut by_claim: HashMap<Id, Vec<Correction>> = HashMap::new();
        let mut stmt =
            self.conn.prepare(&format!("SELECT seq, kind, data FROM events WHERE {CORRECTIONS} ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(correction) = correction_at(r)? {
                by_claim.entry(correction.claim()).or_default().push(correction);
            }
        }
        Ok(by_claim)
    }

    /// The claims an amendment gave another key, in id order. Few, as
    /// amendments are.
    pub fn rekeyed_claims(&self) -> Result<Vec<Rekeyed>> {
        let mut amended = std::collections::BTreeSet::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT seq, kind, data FROM events WHERE ({CORRECTIONS}) AND kind = 'claim.amend' ORDER BY seq"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(correction) = correction_at(r)? {
                amended.insert(correction.claim());
            }
        }
        let lower = |key: &Option<String>| key.as_deref().map(str::to_lowercase);
        let mut rekeyed = Vec::new();
        for id in amended {
            let (first, now) = (self.original(id)?.key, self.claim(id)?.key);
            if lower(&first) != lower(&now) {
                rekeyed.push(Rekeyed { id, first, now });
            }
        }
        Ok(rekeyed)
    }

    /// One claim's corrections, oldest first: through its own events.
    fn corrections_of(&self, claim: Id) -> Result<Vec<Correction>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT seq, kind, data FROM events
             WHERE seq IN (SELECT seq FROM claim_events WHERE claim_id = ?1) AND ({CORRECTIONS})
             ORDER BY seq"
        ))?;
        let mut rows = stmt.query([claim])?;
        let mut corrections = Vec::new();
        while let Some(r) = rows.next()? {
            corrections.extend(correction_at(r)?);
        }
        Ok(corrections)
    }

    /// A claim as first recorded: the data of the event that added it.
    fn original(&self, claim: Id) -> Result<Claim> {
        let seq: i64 = self
            .conn
            .prepare_cached("SELECT event_seq FROM claims WHERE id = ?1")?
            .query_row([claim], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found(RecordKind::Claim, claim))?;
        match self.event(seq)?.change()? {
            Change::ClaimAdded(c) => Ok(c),
            _ => Err(Error::Ledger {
                message: format!("event {seq} was expected to add claim C{claim}; run `claimledger verify`"),
                hint: None,
            }),
        }
    }

    /// One claim as first recorded, with everything recorded on it.
    pub fn claim_records(&self, id: Id) -> Result<ClaimRecords> {
        let corrections = self.corrections_of(id)?;
        let sql = format!("SELECT {STANCE_COLUMNS} FROM stances t WHERE t.claim_id = ?1 ORDER BY t.id");
        let mut stances: Vec<StoredStance> =
            self.conn.prepare_cached(&sql)?.query_map([id], |r| stance_at(r, 0))?.collect::<Result<_, _>>()?;
        link_supersessions(&mut stances);
        let annotations = self.annotation_rows(id)?;
        let recorded: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT e.author, e.at FROM claims c JOIN events e ON e.seq = c.event_seq WHERE c.id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        self.records(self.claim(id)?, recorded, stances, annotations, corrections)
    }

    fn records(
        &self,
        claim: Claim,
        recorded: Option<(String, String)>,
        stances: Vec<StoredStance>,
        annotations: Vec<(Annotation, Option<i64>)>,
        corrections: Vec<Correction>,
    ) -> Result<ClaimRecords> {
        let amended = corrections.iter().any(|c| matches!(c, Correction::Amended(_)));
        let (recorded_by, recorded_at) = recorded.ok_or_else(|| damaged(RecordKind::Claim, claim.id))?;
        Ok(ClaimRecords {
            recorded_by,
            recorded_at,
            claim: if amended { self.original(claim.id)? } else { claim },
            stances: stances.into_iter().map(|s| self.standing(s.stance, s.retracted_seq)).collect::<Result<_>>()?,
            annotations: annotations.into_iter().map(|(a, seq)| self.standing(a, seq)).collect::<Result<_>>()?,
            corrections,
        })
    }

    /// Every claim with its stances, annotations and corrections, in id
    /// order: three cursors in claim order, merged, so memory holds one claim
    /// at a time (and the corrections, which are few).
    pub fn for_each_claim_records(&self, mut each: impl FnMut(ClaimRecords) -> Result<()>) -> Result<()> {
        let mut corrections = self.corrections()?;
        let mut claims = self.conn.prepare(&format!(
            "SELECT {CLAIM_COLUMNS}, e.author, e.at FROM claims c LEFT JOIN events e ON e.seq = c.event_seq ORDER BY c.id"
        ))?;
        let mut stances =
            self.conn.prepare(&format!("SELECT {STANCE_COLUMNS} FROM stances t ORDER BY t.claim_id, t.id"))?;
        let mut notes =
            self.conn.prepare(&format!("SELECT {ANNOTATION_COLUMNS} FROM annotations n ORDER BY n.claim_id, n.id"))?;
        let mut claim_rows = claims.query([])?;
        let mut stance_rows = stances.query([])?;
        let mut note_rows = notes.query([])?;
        let mut stance = stance_rows.next()?.map(|r| stance_at(r, 0)).transpose()?;
        let mut note = note_rows.next()?.map(|r| annotation_at(r, 0)).transpose()?;
        while let Some(r) = claim_rows.next()? {
            let claim = claim_at(r, 0)?;
            let recorded: Option<(String, String)> = match (r.get(18)?, r.get(19)?) {
                (Some(by), Some(at)) => Some((by, at)),
                _ => None,
            };
            let mut own = Vec::new();
            while let Some(s) = stance.take_if(|s| s.stance.claim <= claim.id) {
                if s.stance.claim == claim.id {
                    own.push(s);
                }
                stance = stance_rows.next()?.map(|r| stance_at(r, 0)).transpose()?;
            }
            link_supersessions(&mut own);
            let mut annotations = Vec::new();
            while let Some(n) = note.take_if(|(n, _)| n.claim <= claim.id) {
                if n.0.claim == claim.id {
                    annotations.push(n);
                }
                note = note_rows.next()?.map(|r| annotation_at(r, 0)).transpose()?;
            }
            let own_corrections = corrections.remove(&claim.id).unwrap_or_default();
            each(self.records(claim, recorded, own, annotations, own_corrections)?)?;
        }
        Ok(())
    }
}

/// The events that correct claims, as the index `events_corrections` is defined.
const CORRECTIONS: &str =
    "kind = 'claim.amend' OR kind = 'claim.withdraw' OR kind = 'claim.restore' OR kind = 'claim.status'";

/// The correction an event row (seq, kind, data) records, if it records one.
fn correction_at(r: &rusqlite::Row<'_>) -> Result<Option<Correction>> {
    let (seq, kind, data): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
    let change = Change::from_stored(&kind, &data).map_err(|e| Error::Ledger {
        message: format!("event {seq} cannot be read ({e}); run `claimledger verify`"),
        hint: None,
    })?;
    Ok(change.into_correction())
}
