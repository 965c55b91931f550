//! The contested report and the figures on each question. The contested rule
//! itself lives in the schema's views (`disputed_claims`, `conflicts`,
//! `contested_claims`); docs/contested.md explains it.

use rusqlite::{Connection, Row};
use serde::Serialize;

use super::query::{
    ASSERTED_BY, ClaimFilter, DISPUTED_BY, current_stance_names, for_each_filtered, quantity_at, split_list,
};
use crate::error::Result;
use crate::model::{Qualifier, Quantity, RecordKind};

/// Restricts a claim listing (alias `c`) to contested claims.
pub(crate) const CONTESTED_IDS_CLAUSE: &str = "c.id IN (SELECT claim_id FROM contested_claims)";

/// One contested claim.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContestedRow {
    pub id: String,
    pub key: Option<String>,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub text: String,
    pub quantity: Option<String>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    /// Claims on the same question whose figures cannot also be true: "C7 (9,000 people)".
    pub conflicts_with: Vec<String>,
    /// Sources the claim and its current stances appear in.
    pub sources: Vec<String>,
    pub verdict: Option<String>,
}

/// Columns the contested table shows; key and sources are for machines.
pub const CONTESTED_TABLE_COLUMNS: &[&str] =
    &["id", "topic", "text", "quantity", "asserted_by", "disputed_by", "conflicts_with", "verdict"];

fn contested_select() -> String {
    format!(
        "SELECT c.id, c.key, c.topic, c.about, c.text, c.low, c.high, c.qualifier, c.unit,
            ({asserts}), ({disputes}),
            (SELECT json_group_array(json_array(b.id, b.low, b.high, b.qualifier, b.unit))
             FROM conflicts x JOIN claims b ON b.id = x.other_id WHERE x.claim_id = c.id),
            (SELECT group_concat(coalesce(s.key, 'S' || s.id), char(31) ORDER BY s.id) FROM sources s
             WHERE s.id = c.source_id
                OR s.id IN (SELECT t.source_id FROM stances t WHERE t.claim_id = c.id AND t.superseded_by IS NULL)),
            (SELECT rating FROM annotations v WHERE v.claim_id = c.id AND v.kind = 'verdict' ORDER BY v.id DESC LIMIT 1)
        FROM claims c",
        asserts = ASSERTED_BY,
        disputes = DISPUTED_BY,
    )
}

/// A conflicting claim as the report's SQL gives it: [id, low, high, qualifier, unit].
type ConflictJson = (i64, Option<f64>, Option<f64>, Option<String>, Option<String>);

/// "C7 (9,000 people)" for each conflicting claim, from a JSON array of
/// [id, low, high, qualifier, unit].
fn conflict_labels(json: Option<String>) -> Vec<String> {
    let Some(json) = json else { return Vec::new() };
    let rows: Vec<ConflictJson> = serde_json::from_str(&json).unwrap_or_default();
    rows.into_iter()
        .map(|(id, low, high, qualifier, unit)| {
            let words = match (low, high, qualifier.and_then(|q| q.parse::<Qualifier>().ok())) {
                (Some(low), Some(high), Some(qualifier)) => Quantity { low, high, qualifier, unit }.words(),
                _ => String::new(),
            };
            format!("{} ({words})", RecordKind::Claim.id(id))
        })
        .collect()
}

fn contested_row(r: &Row<'_>) -> rusqlite::Result<ContestedRow> {
    Ok(ContestedRow {
        id: RecordKind::Claim.id(r.get(0)?),
        key: r.get(1)?,
        topic: r.get(2)?,
        about: r.get(3)?,
        text: r.get(4)?,
        quantity: quantity_at(r, 5)?.map(|q| q.words()),
        asserted_by: split_list(r.get(9)?),
        disputed_by: split_list(r.get(10)?),
        conflicts_with: conflict_labels(r.get(11)?),
        sources: split_list(r.get(12)?),
        verdict: r.get(13)?,
    })
}

/// Streams the contested claims a filter selects (`contested` is implied).
pub fn for_each_contested(
    conn: &Connection,
    filter: &ClaimFilter,
    each: impl FnMut(ContestedRow) -> Result<()>,
) -> Result<()> {
    let filter = ClaimFilter { contested: true, ..filter.clone() };
    for_each_filtered(conn, &contested_select(), &filter, contested_row, each)
}

/// The figures claimed on one question (about key and unit).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FigureRow {
    pub about: String,
    pub unit: Option<String>,
    /// Each figure with its claim, who asserts it, how many sources stand
    /// behind it, and who disputes it.
    pub figures: Vec<String>,
    /// The lowest and highest figure reported.
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub low: Option<f64>,
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub high: Option<f64>,
    /// The lowest lower bound any claim allows (about 2,500 allows 2,250).
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub most_conservative: Option<f64>,
    pub claims: usize,
    /// Figures that a claim on the same question rules out.
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
    WHERE c.about IS NOT NULL AND c.qualifier IS NOT NULL"
);

/// Streams one row per question (about key and unit), in key order.
pub fn for_each_figure(
    conn: &Connection,
    about: Option<&str>,
    mut each: impl FnMut(FigureRow) -> Result<()>,
) -> Result<()> {
    let sql = match about {
        Some(_) => format!("{FIGURES_SQL} AND c.about = ?1 ORDER BY c.about, lower(c.unit), c.id"),
        None => format!("{FIGURES_SQL} ORDER BY c.about, lower(c.unit), c.id"),
    };
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = match about {
        Some(about) => stmt.query([about])?,
        None => stmt.query([])?,
    };
    let mut group: Option<FigureRow> = None;
    while let Some(r) = rows.next()? {
        let (about, unit, id): (String, Option<String>, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let Some(quantity) = quantity_at(r, 3)? else { continue };
        let lo10: f64 = r.get(7)?;
        let asserted = split_list(r.get(8)?);
        let disputed = split_list(r.get(9)?);
        let sources: i64 = r.get(10)?;
        let conflicting: bool = r.get(11)?;
        // Units compare without regard to case, as in the conflicts view.
        let same_unit =
            |g: &FigureRow| g.unit.as_deref().map(str::to_lowercase) == unit.as_deref().map(str::to_lowercase);
        if group.as_ref().is_some_and(|g| g.about != about || !same_unit(g)) {
            each(group.take().expect("group"))?;
        }
        let g =
            group.get_or_insert_with(|| FigureRow { about: about.clone(), unit: unit.clone(), ..FigureRow::default() });
        let mut figure = format!("{}: {}", RecordKind::Claim.id(id), quantity.words());
        if !asserted.is_empty() {
            figure.push_str(&format!(", asserted by {}", asserted.join(" and ")));
        }
        figure.push_str(&format!(", {sources} source{}", if sources == 1 { "" } else { "s" }));
        if !disputed.is_empty() {
            figure.push_str(&format!(", DISPUTED by {}", disputed.join(" and ")));
        }
        g.figures.push(figure);
        g.low = Some(g.low.map_or(quantity.low, |l| l.min(quantity.low)));
        g.high = Some(g.high.map_or(quantity.high, |h| h.max(quantity.high)));
        let bound = lo10 / 10.0;
        g.most_conservative = Some(g.most_conservative.map_or(bound, |m| m.min(bound)));
        g.claims += 1;
        g.in_conflict |= conflicting;
    }
    if let Some(g) = group {
        each(g)?;
    }
    Ok(())
}
