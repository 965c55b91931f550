//! Applying a change to the projection tables. The same function serves live
//! writes and replay, which is what lets `verify` rebuild the tables.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::history::Change;
use crate::model::{AnnotationBody, Claim, Id, Quote, normalize_name};

/// Applies `change`, made by event `seq`: its rows, the full-text index of
/// claim texts, and the claims it concerns (their own history).
pub(crate) fn apply(conn: &Connection, seq: i64, change: &Change, full_text: FullText) -> Result<()> {
    match change {
        Change::SourceAdded(s) => {
            conn.prepare_cached(
                "INSERT INTO sources (id, key, title, publisher, url, published, retrieved, text, sha256, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                s.id,
                s.key,
                s.title,
                s.publisher,
                s.url,
                s.published,
                s.retrieved,
                s.text,
                s.sha256,
                seq
            ])?;
        }
        Change::ActorAdded(a) => {
            conn.prepare_cached(
                "INSERT INTO actors (id, key, name, name_norm, kind, affiliation_id, url, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                a.id,
                a.key,
                a.name,
                normalize_name(&a.name),
                a.kind.as_str(),
                a.affiliation,
                a.url,
                seq
            ])?;
            affiliate(conn, a.id, a.affiliation)?;
            let mut alias =
                conn.prepare_cached("INSERT INTO aliases (actor_id, alias, alias_norm) VALUES (?1, ?2, ?3)")?;
            for name in &a.aliases {
                alias.execute(params![a.id, name, normalize_name(name)])?;
            }
        }
        Change::SourceAmended(a) => {
            conn.prepare_cached(
                "UPDATE sources SET title = ?2, publisher = ?3, url = ?4, published = ?5, retrieved = ?6 WHERE id = ?1",
            )?
            .execute(params![a.source, a.title, a.publisher, a.url, a.published, a.retrieved])?;
        }
        Change::ActorAmended(amendment) => {
            let a = &amendment.actor;
            let before: Option<Option<Id>> = conn
                .prepare_cached("SELECT affiliation_id FROM actors WHERE id = ?1")?
                .query_row([a.id], |r| r.get(0))
                .optional()?;
            conn.prepare_cached(
                "UPDATE actors SET name = ?2, name_norm = ?3, kind = ?4, affiliation_id = ?5, url = ?6 WHERE id = ?1",
            )?
            .execute(params![
                a.id,
                a.name,
                normalize_name(&a.name),
                a.kind.as_str(),
                a.affiliation,
                a.url
            ])?;
            if before != Some(a.affiliation) {
                reaffiliate(conn, a.id)?;
            }
            // Aliases kept keep their rows; dropped ones go, new ones are added in order.
            let norms: Vec<String> = a.aliases.iter().map(|n| normalize_name(n)).collect();
            let held: Vec<(Id, String)> = conn
                .prepare_cached("SELECT id, alias_norm FROM aliases WHERE actor_id = ?1 ORDER BY id")?
                .query_map([a.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for (id, norm) in &held {
                if !norms.contains(norm) {
                    conn.prepare_cached("DELETE FROM aliases WHERE id = ?1")?.execute([id])?;
                }
            }
            let mut alias = conn.prepare_cached(
                "INSERT INTO aliases (actor_id, alias, alias_norm) VALUES (?1, ?2, ?3)
                 ON CONFLICT (actor_id, alias_norm) DO UPDATE SET alias = excluded.alias",
            )?;
            for (name, norm) in a.aliases.iter().zip(&norms) {
                alias.execute(params![a.id, name, norm])?;
            }
        }
        Change::ClaimAdded(c) => {
            let (quote, anchor) = quote_columns(&c.quote);
            let q = c.quantity.as_ref();
            conn.prepare_cached(
                "INSERT INTO claims (id, key, text, topic, about, source_id, quote, quote_start, quote_end,
                                     quote_before, quote_after, low, high, qualifier, unit, answer, answer_norm, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?
            .execute(params![
                c.id,
                c.key,
                c.text,
                c.topic,
                c.about,
                c.source,
                quote,
                anchor.0,
                anchor.1,
                anchor.2,
                anchor.3,
                q.map(|q| q.low),
                q.map(|q| q.high),
                q.map(|q| q.qualifier.as_str()),
                q.and_then(|q| q.unit.as_deref()),
                c.answer,
                c.answer.as_deref().map(normalize_name),
                seq
            ])?;
            if full_text == FullText::Keep {
                conn.prepare_cached("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)")?
                    .execute(params![c.id, c.text])?;
            }
        }
        Change::ClaimAmended(a) => {
            let c = &a.claim;
            if full_text == FullText::Keep {
                forget_text(conn, c.id)?;
            }
            let (quote, anchor) = quote_columns(&c.quote);
            let q = c.quantity.as_ref();
            conn.prepare_cached(
                "UPDATE claims SET key = ?2, text = ?3, topic = ?4, about = ?5, quote = ?6, quote_start = ?7,
                     quote_end = ?8, quote_before = ?9, quote_after = ?10, low = ?11, high = ?12, qualifier = ?13,
                     unit = ?14, answer = ?15, answer_norm = ?16
                 WHERE id = ?1",
            )?
            .execute(params![
                c.id,
                c.key,
                c.text,
                c.topic,
                c.about,
                quote,
                anchor.0,
                anchor.1,
                anchor.2,
                anchor.3,
                q.map(|q| q.low),
                q.map(|q| q.high),
                q.map(|q| q.qualifier.as_str()),
                q.and_then(|q| q.unit.as_deref()),
                c.answer,
                c.answer.as_deref().map(normalize_name),
            ])?;
            if full_text == FullText::Keep {
                conn.prepare_cached("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)")?
                    .execute(params![c.id, c.text])?;
            }
        }
        Change::ClaimWithdrawn(w) => {
            conn.prepare_cached("UPDATE claims SET withdrawn_seq = ?2 WHERE id = ?1")?
                .execute(params![w.claim, seq])?;
        }
        Change::ClaimRestored(r) => {
            conn.prepare_cached("UPDATE claims SET withdrawn_seq = NULL WHERE id = ?1")?.execute([r.claim])?;
        }
        Change::StatusChanged(s) => {
            conn.prepare_cached("UPDATE claims SET status = ?2 WHERE id = ?1")?
                .execute(params![s.claim, s.status.as_str()])?;
        }
        Change::StanceAdded(s) => {
            if let Some(old) = s.supersedes {
                conn.prepare_cached("UPDATE stances SET superseded_by = ?1 WHERE id = ?2")?
                    .execute(params![s.id, old])?;
            }
            let (quote, anchor) = quote_columns(&s.quote);
            conn.prepare_cached(
                "INSERT INTO stances (id, claim_id, actor_id, source_id, stance, quote, quote_start, quote_end,
                                      quote_before, quote_after, date, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                s.id,
                s.claim,
                s.actor,
                s.source,
                s.stance.as_str(),
                quote,
                anchor.0,
                anchor.1,
                anchor.2,
                anchor.3,
                s.date,
                seq
            ])?;
        }
        Change::StanceRetracted(r) => {
            conn.prepare_cached("UPDATE stances SET retracted_seq = ?2 WHERE id = ?1")?
                .execute(params![r.record, seq])?;
        }
        Change::AnnotationAdded(a) => {
            let (kind, text, rating, url) = match &a.body {
                AnnotationBody::Note { text } => ("note", Some(text.as_str()), None, None),
                AnnotationBody::Tag { tag } => ("tag", Some(tag.as_str()), None, None),
                AnnotationBody::Verdict { rating, rationale, url } => {
                    ("verdict", rationale.as_deref(), Some(rating.as_str()), url.as_deref())
                }
            };
            conn.prepare_cached(
                "INSERT INTO annotations (id, claim_id, kind, text, rating, url, author, at, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![a.id, a.claim, kind, text, rating, url, a.by, a.at, seq])?;
        }
        Change::AnnotationRetracted(r) => {
            conn.prepare_cached("UPDATE annotations SET retracted_seq = ?2 WHERE id = ?1")?
                .execute(params![r.record, seq])?;
        }
        Change::LinkAdded(l) => {
            conn.prepare_cached(
                "INSERT INTO links (id, from_id, relation, to_id, note, author, at, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![l.id, l.from, l.relation.as_str(), l.to, l.note, l.by, l.at, seq])?;
        }
        Change::LinkRemoved(r) => {
            conn.prepare_cached("UPDATE links SET removed_seq = ?2 WHERE id = ?1")?.execute(params![r.record, seq])?;
        }
        Change::SettingChanged(s) => match &s.value {
            Some(value) => {
                conn.prepare_cached(
                    "INSERT INTO settings (name, value, event_seq) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value, event_seq = excluded.event_seq",
                )?
                .execute(params![s.name.as_str(), value, seq])?;
            }
            None => {
                conn.prepare_cached("DELETE FROM settings WHERE name = ?1")?.execute([s.name.as_str()])?;
            }
        },
    }
    let mut concerns = conn.prepare_cached("INSERT OR IGNORE INTO claim_events (claim_id, seq) VALUES (?1, ?2)")?;
    for claim in claims_of(conn, change)? {
        concerns.execute([claim, seq])?;
    }
    Ok(())
}

/// The affiliation chain of a new actor: itself, then every actor its
/// affiliation speaks for.
fn affiliate(conn: &Connection, actor: Id, affiliation: Option<Id>) -> Result<()> {
    conn.prepare_cached("INSERT INTO affiliations (actor_id, ancestor_id, depth) VALUES (?1, ?1, 0)")?
        .execute([actor])?;
    if let Some(parent) = affiliation {
        conn.prepare_cached(
            "INSERT INTO affiliations (actor_id, ancestor_id, depth)
             SELECT ?1, ancestor_id, depth + 1 FROM affiliations WHERE actor_id = ?2",
        )?
        .execute([actor, parent])?;
    }
    Ok(())
}

/// Rebuilds the affiliation chains an actor's new affiliation changes: its
/// own and those of every actor that speaks for it, nearest first, so each
/// is built on its affiliation's new chain.
fn reaffiliate(conn: &Connection, actor: Id) -> Result<()> {
    let below: Vec<(Id, Option<Id>)> = conn
        .prepare_cached(
            "SELECT f.actor_id, a.affiliation_id FROM affiliations f JOIN actors a ON a.id = f.actor_id
             WHERE f.ancestor_id = ?1 ORDER BY f.depth, f.actor_id",
        )?
        .query_map([actor], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut forget = conn.prepare_cached("DELETE FROM affiliations WHERE actor_id = ?1")?;
    for (id, _) in &below {
        forget.execute([id])?;
    }
    for (id, affiliation) in below {
        affiliate(conn, id, affiliation)?;
    }
    Ok(())
}

/// Whether applying keeps the full-text index: a large first import leaves
/// it and builds it once at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FullText {
    Keep,
    Later,
}

/// Takes a claim's current text out of the full-text index (an external
/// content index must be told the old text to remove it).
fn forget_text(conn: &Connection, claim: Id) -> Result<()> {
    let old: Option<String> =
        conn.prepare_cached("SELECT text FROM claims WHERE id = ?1")?.query_row([claim], |r| r.get(0)).optional()?;
    if let Some(old) = old {
        conn.prepare_cached("INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', ?1, ?2)")?
            .execute(params![claim, old])?;
    }
    Ok(())
}

/// The claims a change concerns: those whose own history shows it.
fn claims_of(conn: &Connection, change: &Change) -> Result<Vec<Id>> {
    let one = |sql: &str, id: Id| -> Result<Vec<Id>> {
        Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?.into_iter().collect())
    };
    Ok(match change {
        Change::SourceAdded(_)
        | Change::ActorAdded(_)
        | Change::SettingChanged(_)
        | Change::SourceAmended(_)
        | Change::ActorAmended(_) => Vec::new(),
        Change::ClaimAdded(Claim { id, .. }) => vec![*id],
        Change::ClaimAmended(a) => vec![a.claim.id],
        Change::ClaimWithdrawn(w) => vec![w.claim],
        Change::ClaimRestored(r) => vec![r.claim],
        Change::StatusChanged(s) => vec![s.claim],
        Change::StanceAdded(s) => vec![s.claim],
        Change::AnnotationAdded(a) => vec![a.claim],
        Change::StanceRetracted(r) => one("SELECT claim_id FROM stances WHERE id = ?1", r.record)?,
        Change::AnnotationRetracted(r) => one("SELECT claim_id FROM annotations WHERE id = ?1", r.record)?,
        Change::LinkAdded(l) => vec![l.from, l.to],
        Change::LinkRemoved(r) => {
            let ends: Option<(Id, Id)> = conn
                .prepare_cached("SELECT from_id, to_id FROM links WHERE id = ?1")?
                .query_row([r.record], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            ends.map(|(a, b)| vec![a, b]).unwrap_or_default()
        }
    })
}

type AnchorColumns<'a> = (Option<i64>, Option<i64>, Option<&'a str>, Option<&'a str>);

fn quote_columns(quote: &Option<Quote>) -> (Option<&str>, AnchorColumns<'_>) {
    match quote {
        None => (None, (None, None, None, None)),
        Some(q) => match &q.anchor {
            None => (Some(&q.text), (None, None, None, None)),
            Some(a) => (Some(&q.text), (Some(a.start), Some(a.end), Some(&a.before), Some(&a.after))),
        },
    }
}
