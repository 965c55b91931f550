//! Listings: records with what joins to them (names, counts, who asserts),
//! streamed in id order.

use std::ops::ControlFlow;

use rusqlite::Row;

use super::Reader;
use super::records::{
    ACTOR_COLUMNS, ANNOTATION_COLUMN_COUNT, ANNOTATION_COLUMNS, LINK_COLUMNS, SOURCE_COLUMNS, STANCE_COLUMN_COUNT,
    STANCE_COLUMNS, actor_at, annotation_at, link_at, source_at, stance_at,
};
use super::scan::ClaimFilter;
use crate::error::Result;
use crate::model::{
    Actor, Annotation, Claim, Id, Link, Named, Rating, RecordKind, Retraction, Source, Stance, StanceKind, Standing,
    Status,
};

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
    /// Its stances that stand: neither replaced nor retracted, on claims that are not withdrawn.
    pub stances: i64,
}

/// A claim with where it appears, who stands where on it, its verdict and its state.
#[derive(Debug, Clone)]
pub struct ClaimEntry {
    pub claim: Claim,
    pub status: Status,
    pub withdrawn: bool,
    pub source: Named,
    /// Names of the actors asserting it now, in the order they took their stances.
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
    /// Its retraction, if it was retracted.
    pub retraction: Option<Retraction>,
    /// Whether its claim is withdrawn.
    pub claim_withdrawn: bool,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl StanceEntry {
    /// Whether it is the actor's stance now: neither replaced nor retracted,
    /// and its claim not withdrawn (a withdrawn claim's stances count for
    /// nothing while it is). Every listing, dossier, report and export asks
    /// this; the SQL of the listings keeps the first two in the condition of
    /// the index `stances_current`.
    pub fn current(&self) -> bool {
        self.superseded_by.is_none() && self.retraction.is_none() && !self.claim_withdrawn
    }
}

/// An annotation with its claim's key.
#[derive(Debug, Clone)]
pub struct AnnotationEntry {
    pub annotation: Standing<Annotation>,
    pub claim_key: Option<String>,
}

/// A link with the claims it joins.
#[derive(Debug, Clone)]
pub struct LinkEntry {
    pub link: Standing<Link>,
    pub from: Named,
    pub to: Named,
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
                (SELECT count(*) FROM stances t JOIN claims c ON c.id = t.claim_id
                 WHERE t.actor_id = a.id AND t.superseded_by IS NULL AND t.retracted_seq IS NULL
                   AND c.withdrawn_seq IS NULL)
             FROM actors a LEFT JOIN actors p ON p.id = a.affiliation_id
             WHERE ?1 IS NULL OR a.id = ?1 ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            let actor = actor_at(r, 0)?;
            let affiliation = match actor.affiliation {
                Some(id) => Some(Named { kind: RecordKind::Actor, id, key: r.get(7)?, name: r.get(8)? }),
                None => None,
            };
            each(ActorEntry { actor, affiliation, stances: r.get(9)? })?;
        }
        Ok(())
    }

    /// The claims a filter selects, in id order.
    pub fn for_each_claim_entry(
        &self,
        filter: &ClaimFilter,
        mut each: impl FnMut(ClaimEntry) -> Result<()>,
    ) -> Result<()> {
        let names = self.names()?;
        let contested = if filter.contested { Some(self.contested_set(filter)?) } else { None };
        let mut window = Window::new(filter);
        self.scan(filter, |j| {
            if filter.verdict.is_some_and(|v| j.verdict != Some(v))
                || contested.as_ref().is_some_and(|c| !c.contains(&j.claim.id))
            {
                return Ok(ControlFlow::Continue(()));
            }
            match window.admit() {
                Admit::Skip => return Ok(ControlFlow::Continue(())),
                Admit::Done => return Ok(ControlFlow::Break(())),
                Admit::Row => {}
            }
            each(ClaimEntry {
                source: names.source(j.claim.source)?,
                asserted_by: names.holding(&j.stances, StanceKind::Asserts)?,
                disputed_by: names.holding(&j.stances, StanceKind::Disputes)?,
                claim: j.claim,
                status: j.status,
                withdrawn: j.withdrawn,
                verdict: j.verdict,
                tags: j.tags,
            })?;
            Ok(ControlFlow::Continue(()))
        })
    }

    /// Every stance, superseded and retracted ones included, in id order;
    /// those of withdrawn claims only with `all`.
    pub fn for_each_stance_entry(&self, all: bool, mut each: impl FnMut(StanceEntry) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&stance_entries_sql("WHERE ?1 OR c.withdrawn_seq IS NULL ORDER BY t.id"))?;
        let mut rows = stmt.query([all])?;
        while let Some(r) = rows.next()? {
            let (entry, retracted) = stance_entry(r)?;
            each(self.with_retraction(entry, retracted)?)?;
        }
        Ok(())
    }

    fn with_retraction(&self, entry: StanceEntry, retracted_seq: Option<i64>) -> Result<StanceEntry> {
        let retraction = retracted_seq.map(|seq| self.retraction(seq)).transpose()?;
        Ok(StanceEntry { retraction, ..entry })
    }

    /// A claim's stances, superseded ones included, in id order.
    pub fn stance_entries(&self, claim: Id) -> Result<Vec<StanceEntry>> {
        let rows: Vec<(StanceEntry, Option<i64>)> = self
            .conn
            .prepare_cached(&stance_entries_sql("WHERE t.claim_id = ?1 ORDER BY t.id"))?
            .query_map([claim], stance_entry)?
            .collect::<Result<_, _>>()?;
        let mut entries = rows
            .into_iter()
            .map(|(entry, retracted)| self.with_retraction(entry, retracted))
            .collect::<Result<Vec<_>>>()?;
        let replaced: Vec<(Id, Id)> =
            entries.iter().filter_map(|e| e.superseded_by.map(|by| (by, e.stance.id))).collect();
        for (newer, older) in replaced {
            if let Some(e) = entries.iter_mut().find(|e| e.stance.id == newer) {
                e.stance.supersedes = Some(older);
            }
        }
        Ok(entries)
    }

    /// Every annotation, retracted ones included, in id order; those of
    /// withdrawn claims only with `all`.
    pub fn for_each_annotation_entry(
        &self,
        all: bool,
        mut each: impl FnMut(AnnotationEntry) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ANNOTATION_COLUMNS}, c.key FROM annotations n JOIN claims c ON c.id = n.claim_id
             WHERE ?1 OR c.withdrawn_seq IS NULL ORDER BY n.id"
        ))?;
        let mut rows = stmt.query([all])?;
        while let Some(r) = rows.next()? {
            let (annotation, retracted) = annotation_at(r, 0)?;
            let claim_key = r.get(ANNOTATION_COLUMN_COUNT)?;
            each(AnnotationEntry { annotation: self.standing(annotation, retracted)?, claim_key })?;
        }
        Ok(())
    }

    /// A link with the claims it joins.
    pub fn link_entry(&self, id: Id) -> Result<LinkEntry> {
        let link = self.link(id)?;
        let standing = self
            .links_of(link.from)?
            .into_iter()
            .find(|l| l.record.id == id)
            .map_or(Standing { record: link, retraction: None }, |s| s);
        let from = self.named(RecordKind::Claim, standing.record.from)?;
        let to = self.named(RecordKind::Claim, standing.record.to)?;
        Ok(LinkEntry { link: standing, from, to })
    }

    /// Every link, removed ones included, with the claims it joins, in id
    /// order; those of a withdrawn claim (at either end) only with `all`.
    pub fn for_each_link_entry(&self, all: bool, mut each: impl FnMut(LinkEntry) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LINK_COLUMNS} FROM links l JOIN claims f ON f.id = l.from_id JOIN claims t ON t.id = l.to_id
             WHERE ?1 OR (f.withdrawn_seq IS NULL AND t.withdrawn_seq IS NULL) ORDER BY l.id"
        ))?;
        let mut rows = stmt.query([all])?;
        while let Some(r) = rows.next()? {
            let (link, removed) = link_at(r, 0)?;
            let from = self.named(RecordKind::Claim, link.from)?;
            let to = self.named(RecordKind::Claim, link.to)?;
            each(LinkEntry { link: self.standing(link, removed)?, from, to })?;
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
    // `id` was resolved from the ledger: that its entry is missing is damage.
    found.ok_or_else(|| crate::Error::missing(kind, id))
}

fn stance_entries_sql(tail: &str) -> String {
    format!(
        "SELECT {STANCE_COLUMNS}, c.key, a.key, a.name, s.key, s.title, e.author, e.at, c.withdrawn_seq IS NOT NULL
         FROM stances t JOIN claims c ON c.id = t.claim_id JOIN actors a ON a.id = t.actor_id
              JOIN sources s ON s.id = t.source_id JOIN events e ON e.seq = t.event_seq
         {tail}"
    )
}

/// A stance's entry, and the event that retracted it, if one did.
fn stance_entry(r: &Row<'_>) -> rusqlite::Result<(StanceEntry, Option<i64>)> {
    let n = STANCE_COLUMN_COUNT;
    let stored = stance_at(r, 0)?;
    let stance = stored.stance;
    let entry = StanceEntry {
        claim_key: r.get(n)?,
        actor: Named { kind: RecordKind::Actor, id: stance.actor, key: r.get(n + 1)?, name: r.get(n + 2)? },
        source: Named { kind: RecordKind::Source, id: stance.source, key: r.get(n + 3)?, name: r.get(n + 4)? },
        recorded_by: r.get(n + 5)?,
        recorded_at: r.get(n + 6)?,
        stance,
        superseded_by: stored.superseded_by,
        retraction: None,
        claim_withdrawn: r.get(n + 7)?,
    };
    Ok((entry, stored.retracted_seq))
}

/// `--offset` and `--limit` over the rows a listing would print.
pub(super) struct Window {
    skip: usize,
    left: Option<usize>,
}

impl Window {
    pub(super) fn new(filter: &ClaimFilter) -> Window {
        Window { skip: filter.offset, left: filter.limit }
    }

    /// What to do with the next row.
    pub(super) fn admit(&mut self) -> Admit {
        if self.skip > 0 {
            self.skip -= 1;
            return Admit::Skip;
        }
        match &mut self.left {
            Some(0) => Admit::Done,
            Some(n) => {
                *n -= 1;
                Admit::Row
            }
            None => Admit::Row,
        }
    }
}

/// Whether a listing prints a row, passes it over, or is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Admit {
    Row,
    Skip,
    Done,
}

/// The words claims are filed under, for catching a mistyped one: each
/// with how many current claims use it.
impl Reader<'_> {
    /// The question keys (`about`) of current claims.
    pub fn about_keys(&self) -> Result<Vec<(String, i64)>> {
        self.in_use("about")
    }

    /// The topics of current claims.
    pub fn topics(&self) -> Result<Vec<(String, i64)>> {
        self.in_use("topic")
    }

    fn in_use(&self, column: &'static str) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {column}, count(*) FROM claims WHERE {column} IS NOT NULL AND withdrawn_seq IS NULL
             GROUP BY {column} ORDER BY {column}"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current claims from `source` whose text is `text` (letters' case aside).
    pub fn claims_with_text(&self, source: Id, text: &str) -> Result<Vec<Id>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM claims WHERE source_id = ?1 AND text = ?2 COLLATE NOCASE AND withdrawn_seq IS NULL
             ORDER BY id",
        )?;
        let rows = stmt.query_map(rusqlite::params![source, text], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
