//! Whole records as a claims file holds them, for `export ledger` and for
//! comparing what `import` brings with what the ledger has.

use rusqlite::{Connection, Row};

use crate::claims_file::{Figure, FileActor, FileClaim, FileNote, FileSource, FileStance, FileVerdict, unplaced};
use crate::error::Result;

// Records are exported under their own key, or one made from their id.
const SOURCES_SQL: &str =
    "SELECT coalesce(s.key, 'source-' || s.id), title, publisher, url, published, retrieved, text, sha256
    FROM sources s";
const ACTORS_SQL: &str = "SELECT coalesce(a.key, 'actor-' || a.id), a.name, a.kind, coalesce(p.key, 'actor-' || p.id),
        (SELECT group_concat(l.alias, char(31) ORDER BY l.id) FROM aliases l WHERE l.actor_id = a.id)
    FROM actors a LEFT JOIN actors p ON p.id = a.affiliation_id";

fn source(r: &Row<'_>) -> Result<FileSource> {
    Ok(FileSource {
        key: r.get(0)?,
        title: r.get(1)?,
        publisher: r.get(2)?,
        url: r.get(3)?,
        published: r.get(4)?,
        retrieved: r.get(5)?,
        text_file: None,
        text: r.get(6)?,
        sha256: r.get(7)?,
    })
}

fn actor(r: &Row<'_>) -> Result<FileActor> {
    let kind: String = r.get(2)?;
    let aliases: Option<String> = r.get(4)?;
    Ok(FileActor {
        key: r.get(0)?,
        name: r.get(1)?,
        kind: kind.parse()?,
        affiliation: r.get::<_, Option<String>>(3)?.map(unplaced),
        aliases: aliases.map(|a| a.split('\u{1f}').map(str::to_string).collect()).unwrap_or_default(),
    })
}

/// Runs `sql` and hands each row, read by `read`, to `each`.
pub(crate) fn for_each<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    read: fn(&Row<'_>) -> Result<T>,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        each(read(r)?)?;
    }
    Ok(())
}

fn only<T>(conn: &Connection, sql: &str, id: i64, read: fn(&Row<'_>) -> Result<T>) -> Result<T> {
    let mut found = None;
    for_each(conn, sql, [id], read, |record| {
        found = Some(record);
        Ok(())
    })?;
    found.ok_or_else(|| rusqlite::Error::QueryReturnedNoRows.into())
}

pub fn for_each_source(conn: &Connection, each: impl FnMut(FileSource) -> Result<()>) -> Result<()> {
    for_each(conn, &format!("{SOURCES_SQL} ORDER BY s.id"), [], source, each)
}

pub fn for_each_actor(conn: &Connection, each: impl FnMut(FileActor) -> Result<()>) -> Result<()> {
    for_each(conn, &format!("{ACTORS_SQL} ORDER BY a.id"), [], actor, each)
}

/// One source as a claims file would hold it.
pub fn source_record(conn: &Connection, id: i64) -> Result<FileSource> {
    only(conn, &format!("{SOURCES_SQL} WHERE s.id = ?1"), id, source)
}

/// One actor as a claims file would hold it.
pub fn actor_record(conn: &Connection, id: i64) -> Result<FileActor> {
    only(conn, &format!("{ACTORS_SQL} WHERE a.id = ?1"), id, actor)
}

const CLAIMS_SQL: &str =
    "SELECT c.id, coalesce(c.key, 'claim-' || c.id), c.text, coalesce(s.key, 'source-' || s.id), c.quote,
        c.topic, c.about, c.low, c.high, c.qualifier, c.unit
    FROM claims c JOIN sources s ON s.id = c.source_id";
const STANCES_SQL: &str = "SELECT t.claim_id, coalesce(a.key, 'actor-' || a.id), t.stance, coalesce(s.key, 'source-' || s.id), t.quote, t.date
    FROM stances t JOIN actors a ON a.id = t.actor_id JOIN sources s ON s.id = t.source_id";
const ANNOTATIONS_SQL: &str = "SELECT claim_id, kind, text, rating, author, at FROM annotations";

fn claim(r: &Row<'_>) -> Result<(i64, FileClaim)> {
    let (low, high): (Option<f64>, Option<f64>) = (r.get(7)?, r.get(8)?);
    let qualifier: Option<String> = r.get(9)?;
    let (value, range) = match (low, high) {
        (Some(l), Some(h)) if l == h => (Some(unplaced(Figure(l))), None),
        (Some(l), Some(h)) => (None, Some([unplaced(Figure(l)), unplaced(Figure(h))])),
        _ => (None, None),
    };
    Ok((
        r.get(0)?,
        FileClaim {
            key: r.get(1)?,
            text: r.get(2)?,
            source: unplaced(r.get(3)?),
            quote: r.get::<_, Option<String>>(4)?.map(unplaced),
            topic: r.get(5)?,
            about: r.get(6)?,
            value,
            range,
            qualifier: qualifier.map(|q| q.parse()).transpose()?,
            unit: r.get(10)?,
            tags: Vec::new(),
            stance: Vec::new(),
            note: Vec::new(),
            verdict: Vec::new(),
        },
    ))
}

fn add_stance(claim: &mut FileClaim, r: &Row<'_>) -> Result<()> {
    let stance: String = r.get(2)?;
    claim.stance.push(unplaced(FileStance {
        actor: unplaced(r.get(1)?),
        stance: stance.parse()?,
        source: Some(unplaced(r.get(3)?)),
        quote: r.get::<_, Option<String>>(4)?.map(unplaced),
        date: r.get(5)?,
    }));
    Ok(())
}

fn add_annotation(claim: &mut FileClaim, r: &Row<'_>) -> Result<()> {
    let kind: String = r.get(1)?;
    let text: Option<String> = r.get(2)?;
    match kind.as_str() {
        "tag" => claim.tags.push(text.unwrap_or_default()),
        "note" => claim.note.push(unplaced(FileNote { text: text.unwrap_or_default(), by: r.get(4)?, at: r.get(5)? })),
        _ => {
            let rating: String = r.get(3)?;
            claim.verdict.push(unplaced(FileVerdict {
                rating: rating.parse()?,
                rationale: text,
                by: r.get(4)?,
                at: r.get(5)?,
            }))
        }
    }
    Ok(())
}

/// Streams every claim with its stances and annotations: three cursors in
/// claim order, merged, so memory holds one claim at a time.
pub fn for_each_claim(conn: &Connection, mut each: impl FnMut(i64, FileClaim) -> Result<()>) -> Result<()> {
    let mut claims = conn.prepare(&format!("{CLAIMS_SQL} ORDER BY c.id"))?;
    let mut stances = conn.prepare(&format!("{STANCES_SQL} ORDER BY t.claim_id, t.id"))?;
    let mut notes = conn.prepare(&format!("{ANNOTATIONS_SQL} ORDER BY claim_id, id"))?;
    let mut claim_rows = claims.query([])?;
    let mut stance_rows = stances.query([])?;
    let mut note_rows = notes.query([])?;
    let mut stance = stance_rows.next()?;
    let mut note = note_rows.next()?;
    while let Some(r) = claim_rows.next()? {
        let (id, mut record) = claim(r)?;
        while let Some(s) = stance.filter(|s| s.get::<_, i64>(0).is_ok_and(|c| c <= id)) {
            if s.get::<_, i64>(0)? == id {
                add_stance(&mut record, s)?;
            }
            stance = stance_rows.next()?;
        }
        while let Some(n) = note.filter(|n| n.get::<_, i64>(0).is_ok_and(|c| c <= id)) {
            if n.get::<_, i64>(0)? == id {
                add_annotation(&mut record, n)?;
            }
            note = note_rows.next()?;
        }
        each(id, record)?;
    }
    Ok(())
}

/// One claim as a claims file would hold it.
pub fn claim_record(conn: &Connection, id: i64) -> Result<FileClaim> {
    let (_, mut record) = {
        let mut stmt = conn.prepare_cached(&format!("{CLAIMS_SQL} WHERE c.id = ?1"))?;
        let mut rows = stmt.query([id])?;
        let r = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        claim(r)?
    };
    let mut stmt = conn.prepare_cached(&format!("{STANCES_SQL} WHERE t.claim_id = ?1 ORDER BY t.id"))?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        add_stance(&mut record, r)?;
    }
    let mut stmt = conn.prepare_cached(&format!("{ANNOTATIONS_SQL} WHERE claim_id = ?1 ORDER BY id"))?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        add_annotation(&mut record, r)?;
    }
    Ok(record)
}
