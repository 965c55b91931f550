//! Listings: records with what joins to them (names, counts, who asserts),
//! streamed in id order.

use rusqlite::Row;

use super::Reader;
use super::records::{
    ACTOR_COLUMNS, ANNOTATION_COLUMNS, CLAIM_COLUMN_COUNT, CLAIM_COLUMNS, SOURCE_COLUMNS, STANCE_COLUMN_COUNT,
    STANCE_COLUMNS, actor_at, annotation_at, claim_at, source_at, split_list, stance_at,
};
use crate::error::Result;
use crate::model::{Actor, Annotation, Claim, Id, Named, Rating, RecordKind, Source, Stance};

/// A source with how much rests on it.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub source: Source,
    /// Claims that first appear in it.
    pub claims: i64,
    /// Stances reported in it.
    pub stances: i64,
}

/// An actor with the actor it speaks for and how many stances it holds.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    pub actor: Actor,
    pub affiliation: Option<Named>,
    /// Its current stances.
    pub stances: i64,
}

/// A claim with where it appears, who stands where on it, and its verdict.
#[derive(Debug, Clone)]
pub struct ClaimEntry {
    pub claim: Claim,
    pub source: Named,
    /// Names of the actors asserting it now, in the order they first did.
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// The latest verdict's rating.
    pub verdict: Option<Rating>,
    pub tags: Vec<String>,
}

/// A stance with the records it names, and who recorded it when.
#[derive(Debug, Clone)]
pub struct StanceEntry {
    pub stance: Stance,
    pub claim_key: Option<String>,
    pub actor: Named,
    pub source: Named,
    /// The later stance that replaced it, if one did.
    pub superseded_by: Option<Id>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// An annotation with its claim's key.
#[derive(Debug, Clone)]
pub struct AnnotationEntry {
    pub annotation: Annotation,
    pub claim_key: Option<String>,
}

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
    /// Only contested claims.
    pub contested: bool,
}

/// Names of the actors with a current stance of one kind on claim `c`, in
/// the order of their first such stance.
macro_rules! current_stance_names {
    ($stance:literal) => {
        concat!(
            "SELECT group_concat(name, char(31) ORDER BY first) FROM (
                SELECT a.name, min(t.id) AS first FROM stances t JOIN actors a ON a.id = t.actor_id
                WHERE t.claim_id = c.id AND t.superseded_by IS NULL AND t.stance = '",
            $stance,
            "' GROUP BY a.id)"
        )
    };
}
pub(super) use current_stance_names;

/// The rating of claim `c`'s latest verdict.
pub(super) const LATEST_VERDICT: &str =
    "SELECT rating FROM annotations v WHERE v.claim_id = c.id AND v.kind = 'verdict' ORDER BY v.id DESC LIMIT 1";

fn claim_entry(r: &Row<'_>) -> rusqlite::Result<ClaimEntry> {
    let n = CLAIM_COLUMN_COUNT;
    Ok(ClaimEntry {
        claim: claim_at(r, 0)?,
        source: Named { kind: RecordKind::Source, id: r.get(5)?, key: r.get(n)?, name: r.get(n + 1)? },
        asserted_by: split_list(r.get(n + 2)?),
        disputed_by: split_list(r.get(n + 3)?),
        verdict: r.get::<_, Option<String>>(n + 4)?.and_then(|v| v.parse().ok()),
        tags: split_list(r.get(n + 5)?),
    })
}

/// Words for an FTS5 query: each word a quoted phrase, all required.
fn fts_query(words: &str) -> String {
    words.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" ")
}

impl Reader<'_> {
    pub fn for_each_source_entry(&self, mut each: impl FnMut(SourceEntry) -> Result<()>) -> Result<()> {
        self.source_entries(None, &mut each)
    }

    pub fn source_entry(&self, id: Id) -> Result<SourceEntry> {
        only(RecordKind::Source, id, |each| self.source_entries(Some(id), each))
    }

    fn source_entries(&self, only: Option<Id>, each: &mut dyn FnMut(SourceEntry) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS},
                (SELECT count(*) FROM claims c WHERE c.source_id = s.id),
                (SELECT count(*) FROM stances t WHERE t.source_id = s.id)
             FROM sources s WHERE ?1 IS NULL OR s.id = ?1 ORDER BY s.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            each(SourceEntry { source: source_at(r, 0)?, claims: r.get(9)?, stances: r.get(10)? })?;
        }
        Ok(())
    }

    pub fn for_each_actor_entry(&self, mut each: impl FnMut(ActorEntry) -> Result<()>) -> Result<()> {
        self.actor_entries(None, &mut each)
    }

    pub fn actor_entry(&self, id: Id) -> Result<ActorEntry> {
        only(RecordKind::Actor, id, |each| self.actor_entries(Some(id), each))
    }

    fn actor_entries(&self, only: Option<Id>, each: &mut dyn FnMut(ActorEntry) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {ACTOR_COLUMNS}, p.key, p.name,
                (SELECT count(*) FROM stances t WHERE t.actor_id = a.id AND t.superseded_by IS NULL)
             FROM actors a LEFT JOIN actors p ON p.id = a.affiliation_id
             WHERE ?1 IS NULL OR a.id = ?1 ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            let actor = actor_at(r, 0)?;
            let affiliation = match actor.affiliation {
                Some(id) => Some(Named { kind: RecordKind::Actor, id, key: r.get(6)?, name: r.get(7)? }),
                None => None,
            };
            each(ActorEntry { actor, affiliation, stances: r.get(8)? })?;
        }
        Ok(())
    }

    /// The claims a filter selects, in id order.
    pub fn for_each_claim_entry(&self, filter: &ClaimFilter, each: impl FnMut(ClaimEntry) -> Result<()>) -> Result<()> {
        let select = format!(
            "SELECT {CLAIM_COLUMNS}, s.key, s.title, ({asserts}), ({disputes}), ({LATEST_VERDICT}),
                (SELECT group_concat(g.text, char(31) ORDER BY g.id) FROM annotations g WHERE g.claim_id = c.id AND g.kind = 'tag')
             FROM claims c JOIN sources s ON s.id = c.source_id",
            asserts = current_stance_names!("asserts"),
            disputes = current_stance_names!("disputes"),
        );
        self.for_each_filtered(&select, filter, claim_entry, each)
    }

    /// Runs `select` (over claims `c`) restricted by `filter`, in claim order,
    /// handing each row read by `read` to `each`.
    pub(super) fn for_each_filtered<T>(
        &self,
        select: &str,
        filter: &ClaimFilter,
        read: fn(&Row<'_>) -> rusqlite::Result<T>,
        mut each: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        // The WHERE clause is assembled from fixed fragments; values are bound.
        let mut clauses: Vec<&str> = Vec::new();
        let search = filter.search.as_deref().map(fts_query);
        let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        if let Some(topic) = &filter.topic {
            clauses.push("c.topic = :topic");
            named.push((":topic", topic));
        }
        if let Some(actor) = &filter.actor {
            clauses.push("c.id IN (SELECT claim_id FROM stances WHERE actor_id = :actor AND superseded_by IS NULL)");
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
        if filter.contested {
            clauses.push("c.id IN (SELECT claim_id FROM contested_claims)");
        }
        let mut sql = select.to_string();
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        sql.push_str(" ORDER BY c.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(named.as_slice())?;
        while let Some(r) = rows.next()? {
            each(read(r)?)?;
        }
        Ok(())
    }

    /// Every stance, superseded ones included, in id order.
    pub fn for_each_stance_entry(&self, mut each: impl FnMut(StanceEntry) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&stance_entries_sql("ORDER BY t.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(stance_entry(r)?)?;
        }
        Ok(())
    }

    /// A claim's stances, superseded ones included, in id order.
    pub fn stance_entries(&self, claim: Id) -> Result<Vec<StanceEntry>> {
        let mut entries: Vec<StanceEntry> = self
            .conn
            .prepare_cached(&stance_entries_sql("WHERE t.claim_id = ?1 ORDER BY t.id"))?
            .query_map([claim], stance_entry)?
            .collect::<Result<_, _>>()?;
        let replaced: Vec<(Id, Id)> =
            entries.iter().filter_map(|e| e.superseded_by.map(|by| (by, e.stance.id))).collect();
        for (newer, older) in replaced {
            if let Some(e) = entries.iter_mut().find(|e| e.stance.id == newer) {
                e.stance.supersedes = Some(older);
            }
        }
        Ok(entries)
    }

    /// Every annotation, in id order.
    pub fn for_each_annotation_entry(&self, mut each: impl FnMut(AnnotationEntry) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ANNOTATION_COLUMNS}, c.key FROM annotations n JOIN claims c ON c.id = n.claim_id ORDER BY n.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(AnnotationEntry { annotation: annotation_at(r, 0)?, claim_key: r.get(7)? })?;
        }
        Ok(())
    }
}

/// The one entry a listing restricted to record `id` gives.
fn only<T>(kind: RecordKind, id: Id, list: impl FnOnce(&mut dyn FnMut(T) -> Result<()>) -> Result<()>) -> Result<T> {
    let mut found = None;
    list(&mut |entry| {
        found = Some(entry);
        Ok(())
    })?;
    found.ok_or_else(|| crate::Error::NotFound { kind: kind.name(), name: kind.id(id), suggestions: Vec::new() })
}

fn stance_entries_sql(tail: &str) -> String {
    format!(
        "SELECT {STANCE_COLUMNS}, c.key, a.key, a.name, s.key, s.title, e.author, e.at
         FROM stances t JOIN claims c ON c.id = t.claim_id JOIN actors a ON a.id = t.actor_id
              JOIN sources s ON s.id = t.source_id JOIN events e ON e.seq = t.event_seq
         {tail}"
    )
}

fn stance_entry(r: &Row<'_>) -> rusqlite::Result<StanceEntry> {
    let n = STANCE_COLUMN_COUNT;
    let (stance, superseded_by) = stance_at(r, 0)?;
    Ok(StanceEntry {
        claim_key: r.get(n)?,
        actor: Named { kind: RecordKind::Actor, id: stance.actor, key: r.get(n + 1)?, name: r.get(n + 2)? },
        source: Named { kind: RecordKind::Source, id: stance.source, key: r.get(n + 3)?, name: r.get(n + 4)? },
        recorded_by: r.get(n + 5)?,
        recorded_at: r.get(n + 6)?,
        stance,
        superseded_by,
    })
}
