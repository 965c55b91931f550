//! Claims with what joins to them, streamed in id order: their current
//! stances, latest verdict and tags. The joins are merges of cursors that
//! run in claim order (or, when a filter keeps few claims, one lookup per
//! claim), with actor names and sources held in memory: no subquery per claim.

use std::collections::HashMap;
use std::ops::ControlFlow;

use rusqlite::{Row, Rows, ToSql};

use super::Reader;
use super::records::{CLAIM_COLUMNS, claim_at, claim_state_at, word};
use crate::error::{Error, Result};
use crate::model::{Claim, Id, Named, Rating, RecordKind, StanceKind, Status, current_verdict};

/// Which claims a listing shows.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub topic: Option<String>,
    /// Claims on which this actor has a current stance.
    pub actor: Option<Id>,
    /// Claims that first appear in, or have a stance reported in, this source.
    pub source: Option<Id>,
    /// Words that must all occur in the claim's text.
    pub search: Option<String>,
    pub status: Option<Status>,
    /// Claims with this tag.
    pub tag: Option<String>,
    /// Claims whose latest verdict has this rating.
    pub verdict: Option<Rating>,
    /// Claims linked to this one, either way.
    pub linked: Option<Id>,
    /// Only contested claims.
    pub contested: bool,
    /// Withdrawn claims too.
    pub all: bool,
    /// At most this many.
    pub limit: Option<usize>,
    /// After skipping this many.
    pub offset: usize,
}

impl ClaimFilter {
    /// Whether the filter keeps few claims, so that looking up each one's
    /// stances beats reading every stance.
    fn selective(&self) -> bool {
        self.search.is_some() || self.linked.is_some() || self.actor.is_some() || self.source.is_some()
    }
}

/// A current stance, as a claim's listing needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Held {
    pub id: Id,
    pub actor: Id,
    pub stance: StanceKind,
    pub source: Id,
}

/// A claim with what joins to it.
pub(super) struct Joined {
    pub claim: Claim,
    pub status: Status,
    pub withdrawn: bool,
    /// Its current stances, oldest first.
    pub stances: Vec<Held>,
    pub verdict: Option<Rating>,
    pub tags: Vec<String>,
}

/// What the scan holds in memory: every actor's name and every source's
/// key and title.
pub(super) struct Names {
    actors: HashMap<Id, String>,
    sources: HashMap<Id, Named>,
    source_urls: HashMap<Id, String>,
}

/// The names are of records other rows refer to: one missing is damage.
impl Names {
    pub(super) fn actor(&self, id: Id) -> Result<String> {
        self.actors.get(&id).cloned().ok_or_else(|| Error::missing(RecordKind::Actor, id))
    }

    pub(super) fn source(&self, id: Id) -> Result<Named> {
        self.sources.get(&id).cloned().ok_or_else(|| Error::missing(RecordKind::Source, id))
    }

    /// Where a source is, when it says.
    pub(super) fn source_url(&self, id: Id) -> Option<String> {
        self.source_urls.get(&id).cloned()
    }

    /// Names of the actors holding `kind` among `stances`, in order.
    pub(super) fn holding(&self, stances: &[Held], kind: StanceKind) -> Result<Vec<String>> {
        stances.iter().filter(|s| s.stance == kind).map(|s| self.actor(s.actor)).collect()
    }
}

/// Rows of a table joined to claims, handed out one claim at a time: from a
/// cursor in claim order, or looked up per claim.
enum Side<'a, 'r, T> {
    Merge { rows: &'a mut Rows<'r>, pending: Option<(Id, T)>, read: fn(&Row<'_>) -> rusqlite::Result<(Id, T)> },
    Lookup { sql: String, read: fn(&Row<'_>) -> rusqlite::Result<(Id, T)> },
}

impl<T> Side<'_, '_, T> {
    fn take(&mut self, reader: &Reader<'_>, claim: Id) -> Result<Vec<T>> {
        match self {
            Side::Merge { rows, pending, read } => {
                let mut own = Vec::new();
                loop {
                    if pending.is_none() {
                        match rows.next()? {
                            Some(r) => *pending = Some(read(r)?),
                            None => break,
                        }
                    }
                    match pending.take() {
                        Some((c, _)) if c < claim => {}
                        Some((c, item)) if c == claim => own.push(item),
                        later => {
                            *pending = later;
                            break;
                        }
                    }
                }
                Ok(own)
            }
            Side::Lookup { sql, read } => {
                let mut stmt = reader.conn.prepare_cached(sql)?;
                let rows = stmt.query_map([claim], *read)?;
                Ok(rows.map(|r| r.map(|(_, item)| item)).collect::<Result<_, _>>()?)
            }
        }
    }
}

fn held(r: &Row<'_>) -> rusqlite::Result<(Id, Held)> {
    Ok((r.get(0)?, Held { id: r.get(1)?, actor: r.get(2)?, stance: word(r, 3)?, source: r.get(4)? }))
}

/// A verdict's rating, and whether the verdict stands.
fn rating(r: &Row<'_>) -> rusqlite::Result<(Id, (Rating, bool))> {
    Ok((r.get(0)?, (word(r, 1)?, r.get(2)?)))
}

fn tag(r: &Row<'_>) -> rusqlite::Result<(Id, String)> {
    Ok((r.get(0)?, r.get(1)?))
}

/// Current stances, verdicts (each with whether it stands, for
/// [`current_verdict`]) and tags: as one query over all claims (in claim
/// order), or as one claim's (`?1`).
const STANCES: &str = "SELECT claim_id, id, actor_id, stance, source_id FROM stances
    WHERE superseded_by IS NULL AND retracted_seq IS NULL";
const VERDICTS: &str = "SELECT claim_id, rating, retracted_seq IS NULL FROM annotations WHERE kind = 'verdict'";
const TAGS: &str = "SELECT claim_id, text FROM annotations WHERE kind = 'tag' AND retracted_seq IS NULL";

/// Words for an FTS5 query: each word a quoted phrase, all required.
/// Each word as a prefix (`"device"*`), so that it finds its forms ("devices",
/// "killed" for kill) without a stemming tokenizer, which would change the schema.
fn fts_query(words: &str) -> String {
    words.split_whitespace().map(|w| format!("\"{}\"*", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" ")
}

impl Reader<'_> {
    /// Every actor's name and every source's key and title.
    pub(super) fn names(&self) -> Result<Names> {
        let mut actors = HashMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM actors")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            actors.insert(r.get(0)?, r.get(1)?);
        }
        let (mut sources, mut source_urls) = (HashMap::new(), HashMap::new());
        let mut stmt = self.conn.prepare_cached("SELECT id, key, title, url FROM sources")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let named = Named { kind: RecordKind::Source, id: r.get(0)?, key: r.get(1)?, name: r.get(2)? };
            if let Some(url) = r.get::<_, Option<String>>(3)? {
                source_urls.insert(named.id, url);
            }
            sources.insert(named.id, named);
        }
        Ok(Names { actors, sources, source_urls })
    }

    /// The claims `filter` selects by their own columns (all but `verdict`,
    /// `contested`, `limit` and `offset`, which the caller applies), each
    /// joined to its current stances, latest verdict and tags, in id order.
    /// `each` says whether to go on: a listing with `--limit` stops early.
    pub(super) fn scan(
        &self,
        filter: &ClaimFilter,
        mut each: impl FnMut(Joined) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        // The WHERE clause is assembled from fixed fragments; values are bound.
        let mut clauses: Vec<&str> = Vec::new();
        let mut named: Vec<(&str, &dyn ToSql)> = Vec::new();
        let search = filter.search.as_deref().map(fts_query);
        let status = filter.status.map(|s| s.as_str());
        if !filter.all {
            clauses.push("c.withdrawn_seq IS NULL");
        }
        if let Some(topic) = &filter.topic {
            clauses.push("c.topic = :topic");
            named.push((":topic", topic));
        }
        if let Some(status) = &status {
            clauses.push("c.status = :status");
            named.push((":status", status));
        }
        if let Some(actor) = &filter.actor {
            clauses.push(
                "c.id IN (SELECT claim_id FROM stances WHERE actor_id = :actor AND superseded_by IS NULL AND retracted_seq IS NULL)",
            );
            named.push((":actor", actor));
        }
        if let Some(source) = &filter.source {
            clauses.push("(c.source_id = :source OR c.id IN (SELECT claim_id FROM stances WHERE source_id = :source))");
            named.push((":source", source));
        }
        if let Some(search) = &search {
            clauses.push("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :search)");
            named.push((":search", search));
        }
        if let Some(tag) = &filter.tag {
            clauses.push(
                "c.id IN (SELECT claim_id FROM annotations WHERE kind = 'tag' AND text = :tag AND retracted_seq IS NULL)",
            );
            named.push((":tag", tag));
        }
        if let Some(linked) = &filter.linked {
            clauses.push(
                "c.id IN (SELECT to_id FROM links WHERE from_id = :linked AND removed_seq IS NULL
                          UNION SELECT from_id FROM links WHERE to_id = :linked AND removed_seq IS NULL)",
            );
            named.push((":linked", linked));
        }
        let mut sql = format!("SELECT {CLAIM_COLUMNS} FROM claims c");
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        sql.push_str(" ORDER BY c.id");
        let mut claims = self.conn.prepare(&sql)?;
        let mut claim_rows = claims.query(named.as_slice())?;

        let mut stance_stmt = self.conn.prepare(&format!("{STANCES} ORDER BY claim_id, id"))?;
        let mut verdict_stmt = self.conn.prepare(&format!("{VERDICTS} ORDER BY claim_id, id"))?;
        let mut tag_stmt = self.conn.prepare(&format!("{TAGS} ORDER BY claim_id, id"))?;
        let (mut stance_rows, mut verdict_rows, mut tag_rows);
        let (mut stances, mut verdicts, mut tags): (
            Side<'_, '_, Held>,
            Side<'_, '_, (Rating, bool)>,
            Side<'_, '_, String>,
        ) = if filter.selective() {
            (
                Side::Lookup { sql: format!("{STANCES} AND claim_id = ?1 ORDER BY id"), read: held },
                Side::Lookup { sql: format!("{VERDICTS} AND claim_id = ?1 ORDER BY id"), read: rating },
                Side::Lookup { sql: format!("{TAGS} AND claim_id = ?1 ORDER BY id"), read: tag },
            )
        } else {
            stance_rows = stance_stmt.query([])?;
            verdict_rows = verdict_stmt.query([])?;
            tag_rows = tag_stmt.query([])?;
            (
                Side::Merge { rows: &mut stance_rows, pending: None, read: held },
                Side::Merge { rows: &mut verdict_rows, pending: None, read: rating },
                Side::Merge { rows: &mut tag_rows, pending: None, read: tag },
            )
        };
        while let Some(r) = claim_rows.next()? {
            let claim = claim_at(r, 0)?;
            let (status, withdrawn) = claim_state_at(r, 0)?;
            let id = claim.id;
            let joined = Joined {
                claim,
                status,
                withdrawn: withdrawn.is_some(),
                stances: stances.take(self, id)?,
                verdict: current_verdict(verdicts.take(self, id)?),
                tags: tags.take(self, id)?,
            };
            if each(joined)?.is_break() {
                break;
            }
        }
        Ok(())
    }
}
