//! Records read back as the model's entities: one at a time, or every one in
//! id order as a stream (what the claims file is written from).

use rusqlite::{OptionalExtension, Row};

use super::Reader;
use crate::error::{Error, Result};
use crate::model::{
    Actor, Anchor, Annotation, AnnotationBody, Claim, Id, Qualifier, Quantity, Quote, RecordKind, Source, Stance,
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

pub(super) const ACTOR_COLUMNS: &str = "a.id, a.key, a.name, a.kind, a.affiliation_id,
    (SELECT group_concat(l.alias, char(31) ORDER BY l.id) FROM aliases l WHERE l.actor_id = a.id)";

pub(super) fn actor_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Actor> {
    Ok(Actor {
        id: r.get(i)?,
        key: r.get(i + 1)?,
        name: r.get(i + 2)?,
        kind: word(r, i + 3)?,
        affiliation: r.get(i + 4)?,
        aliases: split_list(r.get(i + 5)?),
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

pub(super) const CLAIM_COLUMNS: &str = "c.id, c.key, c.text, c.topic, c.about, c.source_id,
    c.quote, c.quote_start, c.quote_end, c.quote_before, c.quote_after, c.low, c.high, c.qualifier, c.unit";

/// Columns of [`CLAIM_COLUMNS`].
pub(super) const CLAIM_COLUMN_COUNT: usize = 15;

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
    })
}

/// A stance's columns, with `superseded_by` last: the table keeps the link on
/// the older stance, the history on the newer one (see [`link_supersessions`]).
pub(super) const STANCE_COLUMNS: &str = "t.id, t.claim_id, t.actor_id, t.source_id, t.stance,
    t.quote, t.quote_start, t.quote_end, t.quote_before, t.quote_after, t.date, t.superseded_by";

/// Columns of [`STANCE_COLUMNS`].
pub(super) const STANCE_COLUMN_COUNT: usize = 12;

/// A stance and the stance that replaced it, if any.
pub(super) fn stance_at(r: &Row<'_>, i: usize) -> rusqlite::Result<(Stance, Option<Id>)> {
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
    Ok((stance, r.get(i + 11)?))
}

/// Fills each stance's `supersedes` from the others' `superseded_by`: the
/// stances of one claim, which is where supersession happens.
pub(super) fn link_supersessions(stances: &mut [(Stance, Option<Id>)]) {
    let replaced: Vec<(Id, Id)> = stances.iter().filter_map(|(s, by)| by.map(|by| (by, s.id))).collect();
    for (newer, older) in replaced {
        if let Some((s, _)) = stances.iter_mut().find(|(s, _)| s.id == newer) {
            s.supersedes = Some(older);
        }
    }
}

pub(super) const ANNOTATION_COLUMNS: &str = "n.id, n.claim_id, n.kind, n.text, n.rating, n.author, n.at";

pub(super) fn annotation_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Annotation> {
    let kind: String = r.get(i + 2)?;
    let text: Option<String> = r.get(i + 3)?;
    let body = match kind.as_str() {
        "note" => AnnotationBody::Note { text: text.unwrap_or_default() },
        "tag" => AnnotationBody::Tag { tag: text.unwrap_or_default() },
        _ => AnnotationBody::Verdict { rating: word(r, i + 4)?, rationale: text },
    };
    Ok(Annotation { id: r.get(i)?, claim: r.get(i + 1)?, by: r.get(i + 5)?, at: r.get(i + 6)?, body })
}

/// A claim with everything recorded on it, in the order it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRecords {
    pub claim: Claim,
    pub stances: Vec<Stance>,
    pub annotations: Vec<Annotation>,
}

fn not_found(kind: RecordKind, id: Id) -> Error {
    Error::NotFound { kind: kind.name(), name: kind.id(id), suggestions: Vec::new() }
}

impl Reader<'_> {
    pub fn source(&self, id: Id) -> Result<Source> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| source_at(r, 0)).optional()?;
        found.ok_or_else(|| not_found(RecordKind::Source, id))
    }

    /// A source's archived text, when it has one.
    pub fn source_text(&self, id: Id) -> Result<Option<String>> {
        Ok(self.conn.prepare_cached("SELECT text FROM sources WHERE id = ?1")?.query_row([id], |r| r.get(0))?)
    }

    pub fn actor(&self, id: Id) -> Result<Actor> {
        let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| actor_at(r, 0)).optional()?;
        found.ok_or_else(|| not_found(RecordKind::Actor, id))
    }

    pub fn claim(&self, id: Id) -> Result<Claim> {
        let sql = format!("SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.id = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([id], |r| claim_at(r, 0)).optional()?;
        found.ok_or_else(|| not_found(RecordKind::Claim, id))
    }

    /// The current stance of an actor on a claim in a source.
    pub fn current_stance(&self, claim: Id, actor: Id, source: Id) -> Result<Option<Stance>> {
        let sql = format!(
            "SELECT {STANCE_COLUMNS} FROM stances t
             WHERE t.claim_id = ?1 AND t.actor_id = ?2 AND t.source_id = ?3 AND t.superseded_by IS NULL"
        );
        let found =
            self.conn.prepare_cached(&sql)?.query_row([claim, actor, source], |r| stance_at(r, 0)).optional()?;
        Ok(found.map(|(stance, _)| stance))
    }

    /// Tags a claim has.
    pub fn tags(&self, claim: Id) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT text FROM annotations WHERE claim_id = ?1 AND kind = 'tag' ORDER BY id")?
            .query_map([claim], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// The id the next record of `kind` will get.
    pub(super) fn next_id(&self, kind: RecordKind) -> Result<Id> {
        let sql = match kind {
            RecordKind::Source => "SELECT max(id) FROM sources",
            RecordKind::Actor => "SELECT max(id) FROM actors",
            RecordKind::Claim => "SELECT max(id) FROM claims",
            RecordKind::Stance => "SELECT max(id) FROM stances",
            RecordKind::Annotation => "SELECT max(id) FROM annotations",
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

    /// One claim with its stances and annotations.
    pub fn claim_records(&self, id: Id) -> Result<ClaimRecords> {
        let claim = self.claim(id)?;
        let sql = format!("SELECT {STANCE_COLUMNS} FROM stances t WHERE t.claim_id = ?1 ORDER BY t.id");
        let mut stances: Vec<(Stance, Option<Id>)> =
            self.conn.prepare_cached(&sql)?.query_map([id], |r| stance_at(r, 0))?.collect::<Result<_, _>>()?;
        link_supersessions(&mut stances);
        let annotations = self.annotations(id)?;
        Ok(ClaimRecords { claim, stances: stances.into_iter().map(|(s, _)| s).collect(), annotations })
    }

    /// A claim's notes, tags and verdicts, oldest first.
    pub fn annotations(&self, claim: Id) -> Result<Vec<Annotation>> {
        let sql = format!("SELECT {ANNOTATION_COLUMNS} FROM annotations n WHERE n.claim_id = ?1 ORDER BY n.id");
        Ok(self.conn.prepare_cached(&sql)?.query_map([claim], |r| annotation_at(r, 0))?.collect::<Result<_, _>>()?)
    }

    /// Every claim with its stances and annotations, in id order: three
    /// cursors in claim order, merged, so memory holds one claim at a time.
    pub fn for_each_claim_records(&self, mut each: impl FnMut(ClaimRecords) -> Result<()>) -> Result<()> {
        let mut claims = self.conn.prepare(&format!("SELECT {CLAIM_COLUMNS} FROM claims c ORDER BY c.id"))?;
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
            let mut own = Vec::new();
            while let Some(s) = stance.take_if(|(s, _)| s.claim <= claim.id) {
                if s.0.claim == claim.id {
                    own.push(s);
                }
                stance = stance_rows.next()?.map(|r| stance_at(r, 0)).transpose()?;
            }
            link_supersessions(&mut own);
            let mut annotations = Vec::new();
            while let Some(n) = note.take_if(|n| n.claim <= claim.id) {
                if n.claim == claim.id {
                    annotations.push(n);
                }
                note = note_rows.next()?.map(|r| annotation_at(r, 0)).transpose()?;
            }
            each(ClaimRecords { claim, stances: own.into_iter().map(|(s, _)| s).collect(), annotations })?;
        }
        Ok(())
    }
}
