//! The contested claims and the figures on each question. A claim is
//! contested when it is disputed across camps, or when it conflicts with
//! another claim: figures on one question that cannot both be true, answers
//! in words to one question that differ, or a `contradicts` link
//! (docs/contested.md). The schema's views (`disputed_claims`, `conflicts`,
//! `contested_claims`) state the same rule in SQL for people reading the
//! file; the report computes it here, in one pass over the claims and their
//! stances with the conflicts found first, and a test keeps the two agreeing.

use std::collections::HashSet;
use std::ops::ControlFlow;

use rusqlite::Row;

use super::Reader;
use super::listing::{Admit, Window};
use super::records::{quantity_at, word};
use super::scan::{ClaimFilter, Held, Names};
use crate::error::Result;
use crate::model::{Claim, Id, Named, Quantity, Rating, Relation, StanceKind, Status};

/// A contested claim: who stands where, what it conflicts with, where it appears.
#[derive(Debug, Clone)]
pub struct ContestedEntry {
    pub claim: Claim,
    pub status: Status,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Whether an actor outside every asserter's camp disputes it.
    pub disputed: bool,
    /// The claims that cannot also be true, and why.
    pub conflicts: Vec<Conflict>,
    /// Sources the claim and its current stances appear in, in id order.
    pub sources: Vec<Named>,
    /// Each of those sources' URL, in the same order.
    pub source_urls: Vec<Option<String>>,
    pub verdict: Option<Rating>,
}

/// A claim that cannot be true together with another.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub other: Id,
    pub why: Why,
}

/// Why two claims conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Their figures on one question do not meet; the other's figure.
    Figures(Quantity),
    /// They answer one question differently; the other's answer.
    Answers(String),
    /// One is linked as contradicting the other; `same_source` when both
    /// first appear in one source (it contradicts itself).
    Contradicts { same_source: bool },
}

/// The figures claimed on one question (about key and unit).
#[derive(Debug, Clone)]
pub struct Question {
    pub about: String,
    pub unit: Option<String>,
    /// Each claim's figure, in claim order.
    pub figures: Vec<FigureEntry>,
}

/// One claim's figure on a question.
#[derive(Debug, Clone)]
pub struct FigureEntry {
    pub claim: Id,
    pub quantity: Quantity,
    /// The lowest value the figure allows (about 2,500 allows 2,250).
    pub lower_bound: f64,
    /// The highest value it allows (about 2,500 allows 2,750); none when it
    /// has no upper end (at least 12,000).
    pub upper_bound: Option<f64>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Sources standing behind it: where it appears and where it is asserted.
    pub sources: i64,
    /// Whether a claim on the same question rules it out.
    pub in_conflict: bool,
}

/// The interval a figure allows, in tenths so that "about" (±10%) stays exact
/// in floating point; `None` above is infinity (docs/contested.md).
#[derive(Debug, Clone, Copy)]
struct Interval {
    lo: f64,
    hi: Option<f64>,
    lo_open: bool,
    hi_open: bool,
}

impl Interval {
    fn of(q: &Quantity) -> Interval {
        use crate::model::Qualifier::*;
        let (lo, hi) = match q.qualifier {
            Exact => (10.0 * q.low, Some(10.0 * q.high)),
            // ±10%, the lower end below the value and the upper above it, on either side of zero.
            About => (
                if q.low < 0.0 { 11.0 * q.low } else { 9.0 * q.low },
                Some(if q.high < 0.0 { 9.0 * q.high } else { 11.0 * q.high }),
            ),
            AtLeast | MoreThan => (10.0 * q.low, None),
            AtMost | FewerThan => (0.0, Some(10.0 * q.high)),
        };
        Interval { lo, hi, lo_open: q.qualifier == MoreThan, hi_open: q.qualifier == FewerThan }
    }

    /// Whether `self` lies wholly below `other`: the two cannot both hold.
    fn below(&self, other: &Interval) -> bool {
        self.hi.is_some_and(|hi| hi < other.lo || (hi == other.lo && (self.hi_open || other.lo_open)))
    }

    fn meets(&self, other: &Interval) -> bool {
        !self.below(other) && !other.below(self)
    }
}

/// A claim on a question, as the conflict search reads it.
struct OnQuestion {
    id: Id,
    unit: Option<String>,
    quantity: Option<Quantity>,
    answer: Option<String>,
    answer_norm: Option<String>,
}

fn on_question(r: &Row<'_>) -> rusqlite::Result<(String, OnQuestion)> {
    Ok((
        r.get(1)?,
        OnQuestion {
            id: r.get(0)?,
            unit: r.get(5)?,
            quantity: quantity_at(r, 2)?,
            answer: r.get(6)?,
            answer_norm: r.get(7)?,
        },
    ))
}

/// An unordered pair of claims.
fn pair(a: Id, b: Id) -> (Id, Id) {
    (a.min(b), a.max(b))
}

/// Whether the actors are one camp: the same, or one speaks for the other up the chain.
struct Camps(HashSet<(Id, Id)>);

impl Camps {
    fn related(&self, a: Id, b: Id) -> bool {
        a == b || self.0.contains(&(a, b)) || self.0.contains(&(b, a))
    }

    /// Disputed across camps: someone asserts, and someone disputes who is
    /// in no asserter's camp.
    fn disputed(&self, stances: &[Held]) -> bool {
        let asserters: Vec<Id> = stances.iter().filter(|s| s.stance == StanceKind::Asserts).map(|s| s.actor).collect();
        !asserters.is_empty()
            && stances
                .iter()
                .filter(|s| s.stance == StanceKind::Disputes)
                .any(|d| asserters.iter().all(|&a| !self.related(a, d.actor)))
    }
}

/// The conflicts between claims, kept in a scratch database (SQLite's
/// private temporary one, which spills to a temporary file) rather than in
/// memory: a ledger of a million claims has millions. Read back in claim order.
struct Conflicts {
    db: rusqlite::Connection,
    added: std::cell::Cell<i64>,
}

impl Conflicts {
    fn new() -> Result<Conflicts> {
        let db = rusqlite::Connection::open("")?;
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             CREATE TABLE conflicts (
                 claim INTEGER NOT NULL, other INTEGER NOT NULL, n INTEGER NOT NULL, why TEXT NOT NULL,
                 low REAL, high REAL, qualifier TEXT, unit TEXT, answer TEXT, same_source INTEGER,
                 PRIMARY KEY (claim, other, n)
             ) WITHOUT ROWID;
             BEGIN;",
        )?;
        Ok(Conflicts { db, added: std::cell::Cell::new(0) })
    }

    /// Notes that `claim` conflicts with `other`, and why.
    fn add(&self, claim: Id, other: Id, why: &Why) -> Result<()> {
        let n = self.added.get();
        self.added.set(n + 1);
        let (kind, q, answer, same) = match why {
            Why::Figures(q) => ("figures", Some(q), None, None),
            Why::Answers(a) => ("answers", None, Some(a.as_str()), None),
            Why::Contradicts { same_source } => ("contradicts", None, None, Some(*same_source)),
        };
        self.db
            .prepare_cached(
                "INSERT INTO conflicts (claim, other, n, why, low, high, qualifier, unit, answer, same_source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(rusqlite::params![
                claim,
                other,
                n,
                kind,
                q.map(|q| q.low),
                q.map(|q| q.high),
                q.map(|q| q.qualifier.as_str()),
                q.and_then(|q| q.unit.as_deref()),
                answer,
                same
            ])?;
        Ok(())
    }

    /// Whether a claim's figure conflicts with another on its question.
    fn on_figures(&self, claim: Id) -> Result<bool> {
        Ok(self
            .db
            .prepare_cached("SELECT 1 FROM conflicts WHERE claim = ?1 AND why = 'figures' LIMIT 1")?
            .exists([claim])?)
    }
}

/// A row of the conflicts table: the claim, and its conflict.
fn conflict_at(r: &Row<'_>) -> Result<(Id, Conflict)> {
    let why = match r.get_ref(2)?.as_str().unwrap_or_default() {
        "figures" => Why::Figures(quantity_at(r, 3)?.unwrap_or_else(|| unreachable!("a figure's conflict holds it"))),
        "answers" => Why::Answers(r.get(7)?),
        _ => Why::Contradicts { same_source: r.get(8)? },
    };
    Ok((r.get(0)?, Conflict { other: r.get(1)?, why }))
}

impl Reader<'_> {
    fn camps(&self) -> Result<Camps> {
        let mut stmt = self.conn.prepare_cached("SELECT actor_id, ancestor_id FROM affiliations WHERE depth > 0")?;
        let pairs = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<HashSet<_>, _>>()?;
        Ok(Camps(pairs))
    }

    /// Every conflict between claims that are not withdrawn, both ways.
    fn conflicts(&self) -> Result<Conflicts> {
        let conflicts = Conflicts::new()?;
        let mut failed = None;
        let mut add = |a: Id, b: Id, why_a: Why, why_b: Why| {
            if failed.is_none()
                && let Err(e) = conflicts.add(a, b, &why_a).and_then(|()| conflicts.add(b, a, &why_b))
            {
                failed = Some(e);
            }
        };
        // Links between claims, read first: a same-as or supports link keeps two
        // answers from conflicting; a contradicts link is a conflict itself.
        let mut agreeing: HashSet<(Id, Id)> = HashSet::new();
        let mut contradicting: Vec<(Id, Id)> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT l.from_id, l.to_id, l.relation, a.source_id = b.source_id FROM links l
                 JOIN claims a ON a.id = l.from_id JOIN claims b ON b.id = l.to_id
                 WHERE l.removed_seq IS NULL AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (from, to, relation, same_source): (Id, Id, Relation, bool) =
                    (r.get(0)?, r.get(1)?, word(r, 2)?, r.get(3)?);
                if relation.agrees() {
                    agreeing.insert(pair(from, to));
                } else if relation == Relation::Contradicts && !contradicting.contains(&pair(from, to)) {
                    contradicting.push(pair(from, to));
                    add(from, to, Why::Contradicts { same_source }, Why::Contradicts { same_source });
                }
            }
        }
        // Claims on each question, one question at a time.
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, about, low, high, qualifier, unit, answer, answer_norm FROM claims
             WHERE about IS NOT NULL AND withdrawn_seq IS NULL ORDER BY about",
        )?;
        let mut rows = stmt.query([])?;
        let mut question: Vec<OnQuestion> = Vec::new();
        let mut about = String::new();
        loop {
            let next = rows.next()?.map(on_question).transpose()?;
            if next.as_ref().is_none_or(|(a, _)| *a != about) {
                for (i, a) in question.iter().enumerate() {
                    for b in &question[i + 1..] {
                        if let (Some(qa), Some(qb)) = (&a.quantity, &b.quantity) {
                            let same_unit =
                                a.unit.as_deref().map(str::to_lowercase) == b.unit.as_deref().map(str::to_lowercase);
                            if same_unit && !Interval::of(qa).meets(&Interval::of(qb)) {
                                add(a.id, b.id, Why::Figures(qb.clone()), Why::Figures(qa.clone()));
                            }
                        }
                        if let (Some(na), Some(nb)) = (&a.answer_norm, &b.answer_norm)
                            && na != nb
                            && !agreeing.contains(&pair(a.id, b.id))
                        {
                            let answer = |c: &OnQuestion| c.answer.clone().unwrap_or_default();
                            add(a.id, b.id, Why::Answers(answer(b)), Why::Answers(answer(a)));
                        }
                    }
                }
                question.clear();
            }
            let Some((next_about, claim)) = next else { break };
            about = next_about;
            question.push(claim);
        }
        if let Some(e) = failed {
            return Err(e);
        }
        conflicts.db.execute_batch("COMMIT")?;
        Ok(conflicts)
    }

    /// The ids of the contested claims a filter's own columns select.
    pub(super) fn contested_set(&self, filter: &ClaimFilter) -> Result<HashSet<Id>> {
        let mut set = HashSet::new();
        let all = ClaimFilter { contested: false, verdict: None, limit: None, offset: 0, ..filter.clone() };
        self.for_each_contested(&all, |e| {
            set.insert(e.claim.id);
            Ok(())
        })?;
        Ok(set)
    }

    /// The contested claims a filter selects (`contested` is implied), in id order.
    pub fn for_each_contested(
        &self,
        filter: &ClaimFilter,
        mut each: impl FnMut(ContestedEntry) -> Result<()>,
    ) -> Result<()> {
        let names: Names = self.names()?;
        let camps = self.camps()?;
        let conflicts = self.conflicts()?;
        let mut in_claim_order = conflicts.db.prepare(
            "SELECT claim, other, why, low, high, qualifier, unit, answer, same_source FROM conflicts ORDER BY claim, other, n",
        )?;
        let mut rows = in_claim_order.query([])?;
        let mut next = rows.next()?.map(conflict_at).transpose()?;
        let mut window = Window::new(filter);
        self.scan(filter, |j| {
            let disputed = camps.disputed(&j.stances);
            // Both in claim order: the conflicts of the claims before this one are not wanted.
            let mut claim_conflicts = Vec::new();
            while let Some((claim, conflict)) = next.take() {
                if claim > j.claim.id {
                    next = Some((claim, conflict));
                    break;
                }
                if claim == j.claim.id {
                    claim_conflicts.push(conflict);
                }
                next = rows.next()?.map(conflict_at).transpose()?;
            }
            if (!disputed && claim_conflicts.is_empty()) || filter.verdict.is_some_and(|v| j.verdict != Some(v)) {
                return Ok(ControlFlow::Continue(()));
            }
            match window.admit() {
                Admit::Skip => return Ok(ControlFlow::Continue(())),
                Admit::Done => return Ok(ControlFlow::Break(())),
                Admit::Row => {}
            }
            let mut sources: Vec<Id> =
                std::iter::once(j.claim.source).chain(j.stances.iter().map(|s| s.source)).collect();
            sources.sort_unstable();
            sources.dedup();
            each(ContestedEntry {
                asserted_by: names.holding(&j.stances, StanceKind::Asserts)?,
                disputed_by: names.holding(&j.stances, StanceKind::Disputes)?,
                disputed,
                conflicts: claim_conflicts,
                source_urls: sources.iter().map(|&s| names.source_url(s)).collect(),
                sources: sources.into_iter().map(|s| names.source(s)).collect::<Result<_>>()?,
                claim: j.claim,
                status: j.status,
                verdict: j.verdict,
            })?;
            Ok(ControlFlow::Continue(()))
        })
    }

    /// The figures on each question (about key and unit; one question, with
    /// `about`), in key order.
    pub fn for_each_question(&self, about: Option<&str>, mut each: impl FnMut(Question) -> Result<()>) -> Result<()> {
        let names = self.names()?;
        let conflicts = self.conflicts()?;
        let mut stances = self.conn.prepare_cached(
            "SELECT claim_id, id, actor_id, stance, source_id FROM stances
             WHERE claim_id = ?1 AND superseded_by IS NULL AND retracted_seq IS NULL ORDER BY id",
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, about, low, high, qualifier, unit, source_id FROM claims
             WHERE about IS NOT NULL AND qualifier IS NOT NULL AND withdrawn_seq IS NULL AND (?1 IS NULL OR about = ?1)
             ORDER BY about, lower(unit), id",
        )?;
        let mut rows = stmt.query([about])?;
        let mut question: Option<Question> = None;
        while let Some(r) = rows.next()? {
            let (id, about, unit, source): (Id, String, Option<String>, Id) =
                (r.get(0)?, r.get(1)?, r.get(5)?, r.get(6)?);
            let Some(quantity) = quantity_at(r, 2)? else { continue };
            // Units compare without regard to case, as conflicts do.
            let same = |q: &Question| {
                q.about == about && q.unit.as_deref().map(str::to_lowercase) == unit.as_deref().map(str::to_lowercase)
            };
            if question.as_ref().is_some_and(|q| !same(q)) {
                each(question.take().expect("a question"))?;
            }
            let held: Vec<Held> = stances
                .query_map([id], |r| {
                    Ok(Held { id: r.get(1)?, actor: r.get(2)?, stance: word(r, 3)?, source: r.get(4)? })
                })?
                .collect::<Result<_, _>>()?;
            let mut behind: Vec<Id> = std::iter::once(source)
                .chain(held.iter().filter(|s| s.stance == StanceKind::Asserts).map(|s| s.source))
                .collect();
            behind.sort_unstable();
            behind.dedup();
            let in_conflict = conflicts.on_figures(id)?;
            let interval = Interval::of(&quantity);
            let (lower_bound, upper_bound) = (interval.lo / 10.0, interval.hi.map(|hi| hi / 10.0));
            question.get_or_insert_with(|| Question { about, unit, figures: Vec::new() }).figures.push(FigureEntry {
                claim: id,
                asserted_by: names.holding(&held, StanceKind::Asserts)?,
                disputed_by: names.holding(&held, StanceKind::Disputes)?,
                quantity,
                lower_bound,
                upper_bound,
                sources: behind.len() as i64,
                in_conflict,
            });
        }
        if let Some(q) = question {
            each(q)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier;

    fn q(low: f64, qualifier: Qualifier) -> Interval {
        Interval::of(&Quantity::new(low, low, qualifier, None).unwrap())
    }

    #[test]
    fn intervals_follow_the_documented_rule() {
        assert!(!q(12000.0, Qualifier::MoreThan).meets(&q(9000.0, Qualifier::Exact)));
        assert!(!q(5.0, Qualifier::Exact).meets(&q(12.0, Qualifier::AtLeast)));
        assert!(q(2500.0, Qualifier::About).meets(&q(2300.0, Qualifier::Exact)));
        // About 100 reaches 110, which "more than 110" leaves out.
        assert!(!q(100.0, Qualifier::About).meets(&q(110.0, Qualifier::MoreThan)));
        assert!(q(100.0, Qualifier::About).meets(&q(110.0, Qualifier::AtLeast)));
        assert!(!q(10.0, Qualifier::FewerThan).meets(&q(10.0, Qualifier::Exact)));
    }
}
