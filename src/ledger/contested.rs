//! The contested claims and the figures on each question. The contested rule
//! itself lives in the schema's views (`disputed_claims`, `conflicts`,
//! `contested_claims`); docs/contested.md explains it.

use rusqlite::Row;

use super::Reader;
use super::listing::{ClaimFilter, LATEST_VERDICT, current_stance_names};
use super::records::{CLAIM_COLUMN_COUNT, CLAIM_COLUMNS, claim_at, quantity_at, split_list};
use crate::error::Result;
use crate::model::{Claim, Id, Named, Quantity, Rating, RecordKind};

/// A contested claim: who stands where, what it conflicts with, where it appears.
#[derive(Debug, Clone)]
pub struct ContestedEntry {
    pub claim: Claim,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Claims on the same question whose figures cannot also be true.
    pub conflicts_with: Vec<(Id, Option<Quantity>)>,
    /// Sources the claim and its current stances appear in, in id order.
    pub sources: Vec<Named>,
    pub verdict: Option<Rating>,
}

/// A conflicting claim as the report's SQL gives it: [id, low, high, qualifier, unit].
type ConflictJson = (Id, Option<f64>, Option<f64>, Option<String>, Option<String>);

fn contested_entry(r: &Row<'_>) -> rusqlite::Result<ContestedEntry> {
    let n = CLAIM_COLUMN_COUNT;
    let conflicts: Vec<ConflictJson> =
        r.get::<_, Option<String>>(n + 2)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
    let sources: Vec<(Id, Option<String>, String)> =
        r.get::<_, Option<String>>(n + 3)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
    Ok(ContestedEntry {
        claim: claim_at(r, 0)?,
        asserted_by: split_list(r.get(n)?),
        disputed_by: split_list(r.get(n + 1)?),
        conflicts_with: conflicts
            .into_iter()
            .map(|(id, low, high, qualifier, unit)| {
                let quantity = match (low, high, qualifier.and_then(|q| q.parse().ok())) {
                    (Some(low), Some(high), Some(qualifier)) => Some(Quantity { low, high, qualifier, unit }),
                    _ => None,
                };
                (id, quantity)
            })
            .collect(),
        sources: sources.into_iter().map(|(id, key, name)| Named { kind: RecordKind::Source, id, key, name }).collect(),
        verdict: r.get::<_, Option<String>>(n + 4)?.and_then(|v| v.parse().ok()),
    })
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
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Sources standing behind it: where it appears and where it is asserted.
    pub sources: i64,
    /// Whether a claim on the same question rules it out.
    pub in_conflict: bool,
}

const FIGURES_SQL: &str = concat!(
    "SELECT c.about, c.unit, c.id, c.low, c.high, c.qualifier, c.unit, c.lo10, (",
    current_stance_names!("asserts"),
    "), (",
    current_stance_names!("disputes"),
    "),
        (SELECT count(*) FROM sources s WHERE s.id = c.source_id OR s.id IN (
            SELECT t.source_id FROM stances t WHERE t.claim_id = c.id AND t.superseded_by IS NULL AND t.stance = 'asserts')),
        EXISTS (SELECT 1 FROM conflicts x WHERE x.claim_id = c.id)
    FROM claims c
    WHERE c.about IS NOT NULL AND c.qualifier IS NOT NULL AND (?1 IS NULL OR c.about = ?1)
    ORDER BY c.about, lower(c.unit), c.id"
);

impl Reader<'_> {
    /// The contested claims a filter selects (`contested` is implied), in id order.
    pub fn for_each_contested(
        &self,
        filter: &ClaimFilter,
        each: impl FnMut(ContestedEntry) -> Result<()>,
    ) -> Result<()> {
        let select = format!(
            "SELECT {CLAIM_COLUMNS}, ({asserts}), ({disputes}),
                (SELECT json_group_array(json_array(b.id, b.low, b.high, b.qualifier, b.unit))
                 FROM conflicts x JOIN claims b ON b.id = x.other_id WHERE x.claim_id = c.id),
                (SELECT json_group_array(json_array(s.id, s.key, s.title) ORDER BY s.id) FROM sources s
                 WHERE s.id = c.source_id
                    OR s.id IN (SELECT t.source_id FROM stances t WHERE t.claim_id = c.id AND t.superseded_by IS NULL)),
                ({LATEST_VERDICT})
             FROM claims c",
            asserts = current_stance_names!("asserts"),
            disputes = current_stance_names!("disputes"),
        );
        let filter = ClaimFilter { contested: true, ..filter.clone() };
        self.for_each_filtered(&select, &filter, contested_entry, each)
    }

    /// The figures on each question (about key and unit; one question, with
    /// `about`), in key order.
    pub fn for_each_question(&self, about: Option<&str>, mut each: impl FnMut(Question) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(FIGURES_SQL)?;
        let mut rows = stmt.query([about])?;
        let mut question: Option<Question> = None;
        while let Some(r) = rows.next()? {
            let (about, unit): (String, Option<String>) = (r.get(0)?, r.get(1)?);
            let Some(quantity) = quantity_at(r, 3)? else { continue };
            // Units compare without regard to case, as in the conflicts view.
            let same = |q: &Question| {
                q.about == about && q.unit.as_deref().map(str::to_lowercase) == unit.as_deref().map(str::to_lowercase)
            };
            if question.as_ref().is_some_and(|q| !same(q)) {
                each(question.take().expect("a question"))?;
            }
            let lo10: f64 = r.get(7)?;
            question.get_or_insert_with(|| Question { about, unit, figures: Vec::new() }).figures.push(FigureEntry {
                claim: r.get(2)?,
                quantity,
                lower_bound: lo10 / 10.0,
                asserted_by: split_list(r.get(8)?),
                disputed_by: split_list(r.get(9)?),
                sources: r.get(10)?,
                in_conflict: r.get(11)?,
            });
        }
        if let Some(q) = question {
            each(q)?;
        }
        Ok(())
    }
}
