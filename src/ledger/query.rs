//! Reads: resolving references, listings, a claim's dossier and the log.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::history::Change;
use crate::model::{Quantity, RecordKind, normalize_name};

/// Separator for lists aggregated in SQL; cannot occur in typed text.
const LIST_SEP: &str = "\u{1f}";

pub(crate) fn split_list(joined: Option<String>) -> Vec<String> {
    joined.map(|s| s.split(LIST_SEP).map(str::to_string).collect()).unwrap_or_default()
}

pub(crate) fn next_id(conn: &Connection, kind: RecordKind) -> Result<i64> {
    let sql = match kind {
        RecordKind::Source => "SELECT max(id) FROM sources",
        RecordKind::Actor => "SELECT max(id) FROM actors",
        RecordKind::Claim => "SELECT max(id) FROM claims",
        RecordKind::Stance => "SELECT max(id) FROM stances",
        RecordKind::Annotation => "SELECT max(id) FROM annotations",
    };
    // A bare max(id) is one step down the b-tree; wrapped in an expression it is a scan.
    let max: Option<i64> = conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
    Ok(max.unwrap_or(0) + 1)
}

/// Number of events in the history.
pub fn event_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
}

// ---------------------------------------------------------------- references

/// How a record is shown when it is named: "Shahin Gobadi (gobadi)".
fn label(name: &str, key: Option<&str>, kind: RecordKind, id: i64) -> String {
    match key {
        Some(key) => format!("'{name}' ({key})"),
        None => format!("'{name}' ({})", kind.id(id)),
    }
}

/// The closest few of `candidates` (label, compared text) to `wanted`.
fn closest(wanted: &str, candidates: Vec<(String, String)>) -> Vec<String> {
    let wanted = normalize_name(wanted);
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .map(|(label, text)| {
            let text = normalize_name(&text);
            // A name that holds the typed word whole ("gobadi" in "shahin gobadi") is close too.
            let holds_word = text.split([' ', '-', '.']).any(|w| w == wanted);
            let score = if holds_word { 0.95 } else { strsim::jaro_winkler(&wanted, &text) };
            (score, label)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut seen = Vec::new();
    for (_, label) in scored {
        if !seen.contains(&label) {
            seen.push(label);
        }
        if seen.len() == 3 {
            break;
        }
    }
    seen
}

fn by_id_or_key(conn: &Connection, kind: RecordKind, text: &str, id_sql: &str, key_sql: &str) -> Result<Option<i64>> {
    if let Some(id) = kind.parse_id(text.trim()) {
        return Ok(conn.prepare_cached(id_sql)?.query_row([id], |r| r.get(0)).optional()?);
    }
    Ok(conn.prepare_cached(key_sql)?.query_row([text.trim()], |r| r.get(0)).optional()?)
}

/// The record with this key, if any (keys compare without regard to ASCII case).
pub fn id_by_key(conn: &Connection, kind: RecordKind, key: &str) -> Result<Option<i64>> {
    let sql = match kind {
        RecordKind::Source => "SELECT id FROM sources WHERE key = ?1",
        RecordKind::Actor => "SELECT id FROM actors WHERE key = ?1",
        _ => "SELECT id FROM claims WHERE key = ?1",
    };
    Ok(conn.prepare_cached(sql)?.query_row([key], |r| r.get(0)).optional()?)
}

/// A source by id (`S3`) or key.
pub fn resolve_source(conn: &Connection, text: &str) -> Result<i64> {
    let found = by_id_or_key(
        conn,
        RecordKind::Source,
        text,
        "SELECT id FROM sources WHERE id = ?1",
        "SELECT id FROM sources WHERE key = ?1",
    )?;
    found.ok_or_else(|| {
        let mut stmt = match conn.prepare("SELECT id, key, title FROM sources") {
            Ok(stmt) => stmt,
            Err(e) => return e.into(),
        };
        let candidates = stmt
            .query_map([], |r| {
                let (id, key, title): (i64, Option<String>, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let shown = label(&title, key.as_deref(), RecordKind::Source, id);
                Ok(vec![(shown.clone(), key.unwrap_or_default()), (shown, title)])
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map(|v| v.into_iter().flatten().collect())
            .unwrap_or_default();
        Error::NotFound { kind: "source", name: text.to_string(), suggestions: closest(text, candidates) }
    })
}

/// A claim by id (`C12`) or key.
pub fn resolve_claim(conn: &Connection, text: &str) -> Result<i64> {
    let found = by_id_or_key(
        conn,
        RecordKind::Claim,
        text,
        "SELECT id FROM claims WHERE id = ?1",
        "SELECT id FROM claims WHERE key = ?1",
    )?;
    found.ok_or_else(|| {
        let candidates = conn
            .prepare("SELECT id, key FROM claims WHERE key IS NOT NULL")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| {
                    let (id, key): (i64, String) = (r.get(0)?, r.get(1)?);
                    Ok((format!("'{key}' ({})", RecordKind::Claim.id(id)), key))
                })?
                .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_default();
        Error::NotFound { kind: "claim", name: text.to_string(), suggestions: closest(text, candidates) }
    })
}

/// An actor by id (`A7`), key, name or alias, case-insensitively.
pub fn resolve_actor(conn: &Connection, text: &str) -> Result<i64> {
    if let Some(id) = by_id_or_key(
        conn,
        RecordKind::Actor,
        text,
        "SELECT id FROM actors WHERE id = ?1",
        "SELECT id FROM actors WHERE key = ?1",
    )? {
        return Ok(id);
    }
    let norm = normalize_name(text);
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM actors WHERE name_norm = ?1
             UNION SELECT actor_id FROM aliases WHERE alias_norm = ?1 ORDER BY 1",
        )?
        .query_map([&norm], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => {
            let candidates = conn
                .prepare("SELECT a.id, a.key, a.name, a.name FROM actors a UNION ALL SELECT a.id, a.key, a.name, l.alias FROM aliases l JOIN actors a ON a.id = l.actor_id UNION ALL SELECT id, key, name, key FROM actors WHERE key IS NOT NULL")
                .and_then(|mut stmt| {
                    stmt.query_map([], |r| {
                        let (id, key, name, text): (i64, Option<String>, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                        Ok((label(&name, key.as_deref(), RecordKind::Actor, id), text))
                    })?
                    .collect::<Result<Vec<_>, _>>()
                })
                .unwrap_or_default();
            Err(Error::NotFound { kind: "actor", name: text.to_string(), suggestions: closest(text, candidates) })
        }
        many => {
            let mut candidates = Vec::new();
            for id in many {
                let actor = actor_ref(conn, *id)?;
                candidates.push(label(&actor.name, actor.key.as_deref(), RecordKind::Actor, *id));
            }
            Err(Error::Ambiguous { kind: "actor", name: text.to_string(), candidates })
        }
    }
}

// ---------------------------------------------------------------- references shown in records

/// A record named in another record's output.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    pub id: String,
    pub key: Option<String>,
    pub name: String,
}

pub fn actor_ref(conn: &Connection, id: i64) -> Result<RecordRef> {
    Ok(conn
        .prepare_cached("SELECT key, name FROM actors WHERE id = ?1")?
        .query_row([id], |r| Ok(RecordRef { id: RecordKind::Actor.id(id), key: r.get(0)?, name: r.get(1)? }))?)
}

pub fn source_ref(conn: &Connection, id: i64) -> Result<RecordRef> {
    Ok(conn
        .prepare_cached("SELECT key, title FROM sources WHERE id = ?1")?
        .query_row([id], |r| Ok(RecordRef { id: RecordKind::Source.id(id), key: r.get(0)?, name: r.get(1)? }))?)
}

// ---------------------------------------------------------------- sources

/// One source, as listed and shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub key: Option<String>,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub retrieved: Option<String>,
    /// SHA-256 of the archived text; empty when no text is archived.
    pub sha256: Option<String>,
    /// Claims that first appear in this source.
    pub claims: i64,
    /// Stances reported in this source.
    pub stances: i64,
}

const SOURCE_SELECT: &str = "SELECT s.id, s.key, s.title, s.publisher, s.url, s.published, s.retrieved, s.sha256,
        (SELECT count(*) FROM claims c WHERE c.source_id = s.id),
        (SELECT count(*) FROM stances t WHERE t.source_id = s.id)
    FROM sources s";

fn source_row(r: &Row<'_>) -> rusqlite::Result<SourceRow> {
    Ok(SourceRow {
        id: RecordKind::Source.id(r.get(0)?),
        key: r.get(1)?,
        title: r.get(2)?,
        publisher: r.get(3)?,
        url: r.get(4)?,
        published: r.get(5)?,
        retrieved: r.get(6)?,
        sha256: r.get(7)?,
        claims: r.get(8)?,
        stances: r.get(9)?,
    })
}

pub fn sources(conn: &Connection) -> Result<Vec<SourceRow>> {
    let sql = format!("{SOURCE_SELECT} ORDER BY s.id");
    Ok(conn.prepare(&sql)?.query_map([], source_row)?.collect::<Result<_, _>>()?)
}

pub fn source(conn: &Connection, id: i64) -> Result<SourceRow> {
    let sql = format!("{SOURCE_SELECT} WHERE s.id = ?1");
    Ok(conn.prepare(&sql)?.query_row([id], source_row)?)
}

/// A source's archived text, when it has one.
pub fn source_text(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT text FROM sources WHERE id = ?1")?.query_row([id], |r| r.get(0))?)
}

// ---------------------------------------------------------------- actors

/// One actor, as listed and shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActorRow {
    pub id: String,
    pub key: Option<String>,
    pub name: String,
    pub kind: String,
    /// The actor this one speaks for (its key, or id when it has none).
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    /// Current stances of this actor.
    pub stances: i64,
}

const ACTOR_SELECT: &str = "SELECT a.id, a.key, a.name, a.kind, coalesce(p.key, 'A' || p.id),
        (SELECT group_concat(l.alias, char(31) ORDER BY l.id) FROM aliases l WHERE l.actor_id = a.id),
        (SELECT count(*) FROM stances t WHERE t.actor_id = a.id AND t.superseded_by IS NULL)
    FROM actors a LEFT JOIN actors p ON p.id = a.affiliation_id";

fn actor_row(r: &Row<'_>) -> rusqlite::Result<ActorRow> {
    Ok(ActorRow {
        id: RecordKind::Actor.id(r.get(0)?),
        key: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        affiliation: r.get(4)?,
        aliases: split_list(r.get(5)?),
        stances: r.get(6)?,
    })
}

pub fn actors(conn: &Connection) -> Result<Vec<ActorRow>> {
    let sql = format!("{ACTOR_SELECT} ORDER BY a.id");
    Ok(conn.prepare(&sql)?.query_map([], actor_row)?.collect::<Result<_, _>>()?)
}

pub fn actor(conn: &Connection, id: i64) -> Result<ActorRow> {
    let sql = format!("{ACTOR_SELECT} WHERE a.id = ?1");
    Ok(conn.prepare(&sql)?.query_row([id], actor_row)?)
}

/// Actor ids whose key, name or alias is `name` (normalised), for duplicate checks.
pub fn actors_named(conn: &Connection, name: &str) -> Result<Vec<i64>> {
    let norm = normalize_name(name);
    Ok(conn
        .prepare_cached(
            "SELECT id FROM actors WHERE name_norm = ?1 OR key = ?1
             UNION SELECT actor_id FROM aliases WHERE alias_norm = ?1",
        )?
        .query_map([norm], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------- claims

/// Which claims a listing shows.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub topic: Option<String>,
    /// Claims on which this actor has a current stance.
    pub actor: Option<i64>,
    /// Claims that first appear in, or have a stance reported in, this source.
    pub source: Option<i64>,
    /// Words that must all occur in the claim's text.
    pub search: Option<String>,
    /// Only contested claims.
    pub contested: bool,
}

/// One claim, as listed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub key: Option<String>,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub text: String,
    /// The figure in words: "more than 12,000 civilians".
    pub quantity: Option<String>,
    /// The figure's parts: the stated value (low = high) or range, qualifier and unit.
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub low: Option<f64>,
    #[serde(serialize_with = "crate::model::canonical_number::serialize_option")]
    pub high: Option<f64>,
    pub qualifier: Option<String>,
    pub unit: Option<String>,
    /// Where the claim first appears (key, or id), and its words there.
    pub source: String,
    pub quote: Option<String>,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<String>,
    pub verdict: Option<String>,
    pub tags: Vec<String>,
}

/// Columns a claim table shows; the rest are for machines.
pub const CLAIM_TABLE_COLUMNS: &[&str] = &["id", "topic", "text", "quantity", "asserted_by", "disputed_by", "verdict"];

/// Names of the actors with a current stance of one kind on claim `c`.
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
pub(crate) use current_stance_names;

/// Names of the actors asserting, and disputing, claim `c` now.
pub(crate) const ASSERTED_BY: &str = current_stance_names!("asserts");
pub(crate) const DISPUTED_BY: &str = current_stance_names!("disputes");

fn claim_select() -> String {
    format!(
        "SELECT c.id, c.key, c.topic, c.about, c.text, c.low, c.high, c.qualifier, c.unit,
            coalesce(s.key, 'S' || s.id), c.quote,
            ({asserts}),
            ({disputes}),
            (SELECT rating FROM annotations v WHERE v.claim_id = c.id AND v.kind = 'verdict' ORDER BY v.id DESC LIMIT 1),
            (SELECT group_concat(g.text, char(31) ORDER BY g.id) FROM annotations g WHERE g.claim_id = c.id AND g.kind = 'tag')
        FROM claims c JOIN sources s ON s.id = c.source_id",
        asserts = ASSERTED_BY,
        disputes = DISPUTED_BY,
    )
}

/// Builds the quantity of a claim row from its columns (low, high, qualifier, unit).
pub(crate) fn quantity_at(r: &Row<'_>, first: usize) -> rusqlite::Result<Option<Quantity>> {
    let low: Option<f64> = r.get(first)?;
    let high: Option<f64> = r.get(first + 1)?;
    let qualifier: Option<String> = r.get(first + 2)?;
    let unit: Option<String> = r.get(first + 3)?;
    Ok(match (low, high, qualifier) {
        (Some(low), Some(high), Some(q)) => {
            Some(Quantity { low, high, qualifier: q.parse().unwrap_or(crate::model::Qualifier::Exact), unit })
        }
        _ => None,
    })
}

fn claim_row(r: &Row<'_>) -> rusqlite::Result<ClaimRow> {
    let quantity = quantity_at(r, 5)?;
    Ok(ClaimRow {
        id: RecordKind::Claim.id(r.get(0)?),
        key: r.get(1)?,
        topic: r.get(2)?,
        about: r.get(3)?,
        text: r.get(4)?,
        quantity: quantity.as_ref().map(|q| q.words()),
        low: quantity.as_ref().map(|q| q.low),
        high: quantity.as_ref().map(|q| q.high),
        qualifier: quantity.as_ref().map(|q| q.qualifier.to_string()),
        unit: quantity.and_then(|q| q.unit),
        source: r.get(9)?,
        quote: r.get(10)?,
        asserted_by: split_list(r.get(11)?),
        disputed_by: split_list(r.get(12)?),
        verdict: r.get(13)?,
        tags: split_list(r.get(14)?),
    })
}

/// Words for an FTS5 query: each word a quoted phrase, all required.
fn fts_query(words: &str) -> String {
    words.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" ")
}

/// Streams the claims a filter selects, in id order, to `each`.
pub fn for_each_claim(conn: &Connection, filter: &ClaimFilter, each: impl FnMut(ClaimRow) -> Result<()>) -> Result<()> {
    for_each_filtered(conn, &claim_select(), filter, claim_row, each)
}

/// Runs `select` (over claims `c`) restricted by `filter`, in claim order,
/// handing each row read by `read` to `each`.
pub(crate) fn for_each_filtered<T>(
    conn: &Connection,
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
        clauses.push(super::contested::CONTESTED_IDS_CLAUSE);
    }
    let mut sql = select.to_string();
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY c.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(named.as_slice())?;
    while let Some(r) = rows.next()? {
        each(read(r)?)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- the dossier

/// A claim's whole record, for `claim show`.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub id: String,
    pub key: Option<String>,
    pub text: String,
    pub topic: Option<String>,
    pub about: Option<String>,
    pub quantity: Option<QuantityView>,
    pub source: RecordRef,
    pub quote: Option<QuoteView>,
    pub stances: Vec<StanceView>,
    pub notes: Vec<NoteView>,
    pub tags: Vec<String>,
    /// The current verdict: the latest one given.
    pub verdict: Option<VerdictView>,
    /// Earlier verdicts, oldest first.
    pub earlier_verdicts: Vec<VerdictView>,
    pub history: Vec<LogRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuantityView {
    pub words: String,
    #[serde(with = "crate::model::canonical_number")]
    pub low: f64,
    #[serde(with = "crate::model::canonical_number")]
    pub high: f64,
    pub qualifier: String,
    pub unit: Option<String>,
}

impl From<Quantity> for QuantityView {
    fn from(q: Quantity) -> Self {
        QuantityView { words: q.words(), low: q.low, high: q.high, qualifier: q.qualifier.to_string(), unit: q.unit }
    }
}

/// A quote, with its place in the source's archived text when anchored.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub text: String,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl QuoteView {
    /// "…text before «the quote» text after…", or the plain quote.
    pub fn in_context(&self) -> String {
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => format!("…{before}«{}»{after}…", self.text),
            _ => format!("«{}»", self.text),
        }
    }
}

fn quote_at(r: &Row<'_>, first: usize) -> rusqlite::Result<Option<QuoteView>> {
    let text: Option<String> = r.get(first)?;
    Ok(match text {
        None => None,
        Some(text) => Some(QuoteView {
            text,
            start: r.get(first + 1)?,
            end: r.get(first + 2)?,
            before: r.get(first + 3)?,
            after: r.get(first + 4)?,
        }),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct StanceView {
    pub id: String,
    pub stance: String,
    pub actor: RecordRef,
    pub source: RecordRef,
    pub quote: Option<QuoteView>,
    pub date: Option<String>,
    /// False once a later stance of the same actor in the same source replaced it.
    pub current: bool,
    pub superseded_by: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub id: String,
    pub text: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictView {
    pub id: String,
    pub rating: String,
    pub rationale: Option<String>,
    pub by: String,
    pub at: String,
}

pub fn dossier(conn: &Connection, id: i64) -> Result<Dossier> {
    let (key, text, topic, about, quantity, source_id, quote) = conn
        .prepare_cached(
            "SELECT key, text, topic, about, low, high, qualifier, unit, source_id,
                    quote, quote_start, quote_end, quote_before, quote_after
             FROM claims WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                quantity_at(r, 4)?,
                r.get::<_, i64>(8)?,
                quote_at(r, 9)?,
            ))
        })?;

    let stances = conn
        .prepare_cached(
            "SELECT t.id, t.stance, t.actor_id, a.key, a.name, t.source_id, s.key, s.title,
                    t.quote, t.quote_start, t.quote_end, t.quote_before, t.quote_after,
                    t.date, t.superseded_by, e.author, e.at
             FROM stances t JOIN actors a ON a.id = t.actor_id JOIN sources s ON s.id = t.source_id
                  JOIN events e ON e.seq = t.event_seq
             WHERE t.claim_id = ?1 ORDER BY t.id",
        )?
        .query_map([id], |r| {
            let superseded_by: Option<i64> = r.get(14)?;
            Ok(StanceView {
                id: RecordKind::Stance.id(r.get(0)?),
                stance: r.get(1)?,
                actor: RecordRef { id: RecordKind::Actor.id(r.get(2)?), key: r.get(3)?, name: r.get(4)? },
                source: RecordRef { id: RecordKind::Source.id(r.get(5)?), key: r.get(6)?, name: r.get(7)? },
                quote: quote_at(r, 8)?,
                date: r.get(13)?,
                current: superseded_by.is_none(),
                superseded_by: superseded_by.map(|s| RecordKind::Stance.id(s)),
                recorded_by: r.get(15)?,
                recorded_at: r.get(16)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut notes = Vec::new();
    let mut tags = Vec::new();
    let mut verdicts = Vec::new();
    let mut stmt = conn
        .prepare_cached("SELECT id, kind, text, rating, author, at FROM annotations WHERE claim_id = ?1 ORDER BY id")?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let (nid, kind, text, rating, by, at): (i64, String, Option<String>, Option<String>, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let nid = RecordKind::Annotation.id(nid);
        match kind.as_str() {
            "note" => notes.push(NoteView { id: nid, text: text.unwrap_or_default(), by, at }),
            "tag" => tags.push(text.unwrap_or_default()),
            _ => verdicts.push(VerdictView { id: nid, rating: rating.unwrap_or_default(), rationale: text, by, at }),
        }
    }
    let verdict = verdicts.pop();

    Ok(Dossier {
        id: RecordKind::Claim.id(id),
        key,
        text,
        topic,
        about,
        quantity: quantity.map(QuantityView::from),
        source: source_ref(conn, source_id)?,
        quote,
        stances,
        notes,
        tags,
        verdict,
        earlier_verdicts: verdicts,
        history: claim_log(conn, id)?,
    })
}

/// Tags already on a claim.
pub fn claim_tags(conn: &Connection, claim: i64) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT text FROM annotations WHERE claim_id = ?1 AND kind = 'tag' ORDER BY id")?
        .query_map([claim], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// A current stance: id, stance, quote and date.
pub type CurrentStance = (i64, String, Option<String>, Option<String>);

/// The current stance of an actor on a claim in a source: (id, stance, quote, date).
pub fn current_stance(conn: &Connection, claim: i64, actor: i64, source: i64) -> Result<Option<CurrentStance>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, stance, quote, date FROM stances
             WHERE claim_id = ?1 AND actor_id = ?2 AND source_id = ?3 AND superseded_by IS NULL",
        )?
        .query_row(params![claim, actor, source], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?)
}

/// The source a claim first appears in, and its quote.
pub fn claim_origin(conn: &Connection, claim: i64) -> Result<(i64, Option<String>)> {
    Ok(conn
        .prepare_cached("SELECT source_id, quote FROM claims WHERE id = ?1")?
        .query_row([claim], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

// ---------------------------------------------------------------- the log

/// One event of the history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LogRow {
    pub seq: i64,
    pub at: String,
    pub author: String,
    pub kind: String,
    /// The record the event created.
    pub record: String,
    pub summary: String,
    pub hash: String,
    pub prev_hash: String,
    /// The change, as recorded (canonical JSON).
    pub data: serde_json::Value,
}

/// Columns the log's table shows; the data is for machines.
pub const LOG_TABLE_COLUMNS: &[&str] = &["seq", "at", "author", "kind", "record", "summary"];

fn log_row(r: &Row<'_>) -> rusqlite::Result<LogRow> {
    let kind: String = r.get(3)?;
    let data: String = r.get(4)?;
    let (record, summary) = match Change::from_stored(&kind, &data) {
        Ok(change) => describe(&change),
        Err(e) => (String::new(), format!("unreadable change: {e}")),
    };
    Ok(LogRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        author: r.get(2)?,
        kind,
        record,
        summary,
        prev_hash: r.get(5)?,
        hash: r.get(6)?,
        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::String(data)),
    })
}

/// The record an event made, and a one-line account of it.
fn describe(change: &Change) -> (String, String) {
    use crate::history::Annotation;
    match change {
        Change::SourceAdded(s) => (RecordKind::Source.id(s.id), format!("source '{}'", s.title)),
        Change::ActorAdded(a) => (RecordKind::Actor.id(a.id), format!("actor '{}' ({})", a.name, a.kind)),
        Change::ClaimAdded(c) => (RecordKind::Claim.id(c.id), format!("claim '{}'", c.text)),
        Change::StanceAdded(t) => (
            RecordKind::Stance.id(t.id),
            format!(
                "{} {} {} in {}",
                RecordKind::Actor.id(t.actor),
                t.stance,
                RecordKind::Claim.id(t.claim),
                RecordKind::Source.id(t.source)
            ),
        ),
        Change::AnnotationAdded(a) => {
            let what = match &a.body {
                Annotation::Note { text } => {
                    format!("note on {}: {text}", RecordKind::Claim.id(a.claim))
                }
                Annotation::Tag { tag } => format!("tag {} '{tag}'", RecordKind::Claim.id(a.claim)),
                Annotation::Verdict { rating, .. } => {
                    format!("verdict on {}: {rating}", RecordKind::Claim.id(a.claim))
                }
            };
            (RecordKind::Annotation.id(a.id), what)
        }
    }
}

const LOG_SELECT: &str = "SELECT seq, at, author, kind, data, prev_hash, hash FROM events";

/// Streams the whole history, oldest first.
pub fn for_each_event(conn: &Connection, mut each: impl FnMut(LogRow) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(&format!("{LOG_SELECT} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(log_row(r)?)?;
    }
    Ok(())
}

/// The events that made a claim and everything recorded on it.
pub fn claim_log(conn: &Connection, claim: i64) -> Result<Vec<LogRow>> {
    let sql = format!(
        "{LOG_SELECT} WHERE seq IN (
             SELECT event_seq FROM claims WHERE id = ?1
             UNION SELECT event_seq FROM stances WHERE claim_id = ?1
             UNION SELECT event_seq FROM annotations WHERE claim_id = ?1)
         ORDER BY seq"
    );
    Ok(conn.prepare(&sql)?.query_map([claim], log_row)?.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------- claims-file keys

/// Finds a record by the key a claims file uses: its own key, or for a record
/// without one, the key export makes from its id (`claim-12`).
pub fn find_by_file_key(conn: &Connection, kind: RecordKind, key: &str) -> Result<Option<i64>> {
    if let Some(id) = id_by_key(conn, kind, key)? {
        return Ok(Some(id));
    }
    let (by_id, prefix) = match kind {
        RecordKind::Source => ("SELECT id FROM sources WHERE id = ?1 AND key IS NULL", "source-"),
        RecordKind::Actor => ("SELECT id FROM actors WHERE id = ?1 AND key IS NULL", "actor-"),
        _ => ("SELECT id FROM claims WHERE id = ?1 AND key IS NULL", "claim-"),
    };
    let generated = key.to_ascii_lowercase().strip_prefix(prefix).and_then(|n| n.parse::<i64>().ok());
    match generated {
        Some(id) => Ok(conn.prepare_cached(by_id)?.query_row([id], |r| r.get(0)).optional()?),
        None => Ok(None),
    }
}

/// The key a claims file uses for a record (see [`find_by_file_key`]).
pub fn file_key(conn: &Connection, kind: RecordKind, id: i64) -> Result<String> {
    let sql = match kind {
        RecordKind::Source => "SELECT coalesce(key, 'source-' || id) FROM sources WHERE id = ?1",
        RecordKind::Actor => "SELECT coalesce(key, 'actor-' || id) FROM actors WHERE id = ?1",
        _ => "SELECT coalesce(key, 'claim-' || id) FROM claims WHERE id = ?1",
    };
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
}
