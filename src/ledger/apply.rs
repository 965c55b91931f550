//! Applying a change to the projection tables. The same function serves live
//! writes and replay, which is what lets `verify` rebuild the tables.

use super::store::{Db, args, int, text};

use crate::error::Result;
use crate::history::Change;
use crate::model::{AnnotationBody, Claim, Id, Quote, normalize_name};

/// Applies `change`, made by event `seq`: its rows, the full-text index of
/// claim texts, and the claims it concerns (their own history).
pub(crate) fn apply(conn: &dyn Db, seq: i64, change: &Change, full_text: FullText) -> Result<()> {
    match change {
        Change::SourceAdded(s) => {
            conn.exec(
                "INSERT INTO sources (id, key, title, publisher, url, published, retrieved, text, sha256, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                args![s.id, s.key, s.title, s.publisher, s.url, s.published, s.retrieved, s.text, s.sha256, seq],
            )?;
        }
        Change::ActorAdded(a) => {
            conn.exec(
                "INSERT INTO actors (id, key, name, name_norm, kind, affiliation_id, url, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                args![a.id, a.key, a.name, normalize_name(&a.name), a.kind.as_str(), a.affiliation, a.url, seq],
            )?;
            affiliate(conn, a.id, a.affiliation)?;
            for name in &a.aliases {
                conn.exec(
                    "INSERT INTO aliases (id, actor_id, alias, alias_norm)
                     VALUES ((SELECT coalesce(max(id), 0) + 1 FROM aliases), ?1, ?2, ?3)",
                    args![a.id, name, normalize_name(name)],
                )?;
            }
        }
        Change::SourceAmended(a) => {
            conn.exec(
                "UPDATE sources SET title = ?2, publisher = ?3, url = ?4, published = ?5, retrieved = ?6 WHERE id = ?1",
                args![a.source, a.title, a.publisher, a.url, a.published, a.retrieved],
            )?;
        }
        Change::ActorAmended(amendment) => {
            let a = &amendment.actor;
            let before: Option<Option<Id>> =
                conn.rows("SELECT affiliation_id FROM actors WHERE id = ?1", args![a.id])?.first().map(|r| int(&r[0]));
            conn.exec(
                "UPDATE actors SET name = ?2, name_norm = ?3, kind = ?4, affiliation_id = ?5, url = ?6 WHERE id = ?1",
                args![a.id, a.name, normalize_name(&a.name), a.kind.as_str(), a.affiliation, a.url],
            )?;
            if before != Some(a.affiliation) {
                reaffiliate(conn, a.id)?;
            }
            // Aliases kept keep their rows; dropped ones go, new ones are added in order.
            let norms: Vec<String> = a.aliases.iter().map(|n| normalize_name(n)).collect();
            let held = conn.rows("SELECT id, alias_norm FROM aliases WHERE actor_id = ?1 ORDER BY id", args![a.id])?;
            for row in &held {
                let (id, norm) = (int(&row[0]), text(&row[1]));
                if !norms.iter().any(|n| Some(n.as_str()) == norm) {
                    conn.exec("DELETE FROM aliases WHERE id = ?1", args![id])?;
                }
            }
            for (name, norm) in a.aliases.iter().zip(&norms) {
                conn.exec(
                    "INSERT INTO aliases (id, actor_id, alias, alias_norm)
                     VALUES ((SELECT coalesce(max(id), 0) + 1 FROM aliases), ?1, ?2, ?3)
                     ON CONFLICT (actor_id, alias_norm) DO UPDATE SET alias = excluded.alias",
                    args![a.id, name, norm],
                )?;
            }
        }
        Change::ClaimAdded(c) => {
            let (quote, anchor) = quote_columns(&c.quote);
            let q = c.quantity.as_ref();
            conn.exec(
                "INSERT INTO claims (id, key, text, topic, about, source_id, quote, quote_start, quote_end,
                                     quote_before, quote_after, low, high, qualifier, unit, answer, answer_norm, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                args![
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
            ],
            )?;
            if full_text == FullText::Keep {
                conn.exec("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)", args![c.id, c.text])?;
            }
        }
        Change::ClaimAmended(a) => {
            let c = &a.claim;
            if full_text == FullText::Keep {
                forget_text(conn, c.id)?;
            }
            let (quote, anchor) = quote_columns(&c.quote);
            let q = c.quantity.as_ref();
            conn.exec(
                "UPDATE claims SET key = ?2, text = ?3, topic = ?4, about = ?5, quote = ?6, quote_start = ?7,
                     quote_end = ?8, quote_before = ?9, quote_after = ?10, low = ?11, high = ?12, qualifier = ?13,
                     unit = ?14, answer = ?15, answer_norm = ?16
                 WHERE id = ?1",
                args![
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
                ],
            )?;
            if full_text == FullText::Keep {
                conn.exec("INSERT INTO claims_fts (rowid, text) VALUES (?1, ?2)", args![c.id, c.text])?;
            }
        }
        Change::ClaimWithdrawn(w) => {
            conn.exec("UPDATE claims SET withdrawn_seq = ?2 WHERE id = ?1", args![w.claim, seq])?;
        }
        Change::ClaimRestored(r) => {
            conn.exec("UPDATE claims SET withdrawn_seq = NULL WHERE id = ?1", args![r.claim])?;
        }
        Change::StatusChanged(s) => {
            conn.exec("UPDATE claims SET status = ?2 WHERE id = ?1", args![s.claim, s.status.as_str()])?;
        }
        Change::StanceAdded(s) => {
            if let Some(old) = s.supersedes {
                conn.exec("UPDATE stances SET superseded_by = ?1 WHERE id = ?2", args![s.id, old])?;
            }
            let (quote, anchor) = quote_columns(&s.quote);
            conn.exec(
                "INSERT INTO stances (id, claim_id, actor_id, source_id, stance, quote, quote_start, quote_end,
                                      quote_before, quote_after, date, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                args![
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
                ],
            )?;
        }
        Change::StanceRetracted(r) => {
            conn.exec("UPDATE stances SET retracted_seq = ?2 WHERE id = ?1", args![r.record, seq])?;
        }
        Change::AnnotationAdded(a) => {
            let (kind, text, rating, url) = match &a.body {
                AnnotationBody::Note { text } => ("note", Some(text.as_str()), None, None),
                AnnotationBody::Tag { tag } => ("tag", Some(tag.as_str()), None, None),
                AnnotationBody::Verdict { rating, rationale, url } => {
                    ("verdict", rationale.as_deref(), Some(rating.as_str()), url.as_deref())
                }
            };
            conn.exec(
                "INSERT INTO annotations (id, claim_id, kind, text, rating, url, author, at, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                args![a.id, a.claim, kind, text, rating, url, a.by, a.at, seq],
            )?;
        }
        Change::AnnotationRetracted(r) => {
            conn.exec("UPDATE annotations SET retracted_seq = ?2 WHERE id = ?1", args![r.record, seq])?;
        }
        Change::LinkAdded(l) => {
            conn.exec(
                "INSERT INTO links (id, from_id, relation, to_id, note, author, at, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                args![l.id, l.from, l.relation.as_str(), l.to, l.note, l.by, l.at, seq],
            )?;
        }
        Change::LinkRemoved(r) => {
            conn.exec("UPDATE links SET removed_seq = ?2 WHERE id = ?1", args![r.record, seq])?;
        }
        Change::SettingChanged(s) => match &s.value {
            Some(value) => {
                conn.exec(
                    "INSERT INTO settings (name, value, event_seq) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value, event_seq = excluded.event_seq",
                    args![s.name.as_str(), value, seq],
                )?;
            }
            None => {
                conn.exec("DELETE FROM settings WHERE name = ?1", args![s.name.as_str()])?;
            }
        },
    }
    for claim in claims_of(conn, change)? {
        conn.exec(
            "INSERT INTO claim_events (claim_id, seq) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            args![claim, seq],
        )?;
    }
    Ok(())
}

/// The affiliation chain of a new actor: itself, then every actor its
/// affiliation speaks for.
fn affiliate(conn: &dyn Db, actor: Id, affiliation: Option<Id>) -> Result<()> {
    conn.exec("INSERT INTO affiliations (actor_id, ancestor_id, depth) VALUES (?1, ?1, 0)", args![actor])?;
    if let Some(parent) = affiliation {
        conn.exec(
            "INSERT INTO affiliations (actor_id, ancestor_id, depth)
             SELECT ?1, ancestor_id, depth + 1 FROM affiliations WHERE actor_id = ?2",
            args![actor, parent],
        )?;
    }
    Ok(())
}

/// Rebuilds the affiliation chains an actor's new affiliation changes: its
/// own and those of every actor that speaks for it, nearest first, so each
/// is built on its affiliation's new chain.
fn reaffiliate(conn: &dyn Db, actor: Id) -> Result<()> {
    let below = conn.rows(
        "SELECT f.actor_id, a.affiliation_id FROM affiliations f JOIN actors a ON a.id = f.actor_id
         WHERE f.ancestor_id = ?1 ORDER BY f.depth, f.actor_id",
        args![actor],
    )?;
    let below: Vec<(Option<Id>, Option<Id>)> = below.iter().map(|r| (int(&r[0]), int(&r[1]))).collect();
    for (id, _) in &below {
        conn.exec("DELETE FROM affiliations WHERE actor_id = ?1", args![id])?;
    }
    for (id, affiliation) in below {
        if let Some(id) = id {
            affiliate(conn, id, affiliation)?;
        }
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
fn forget_text(conn: &dyn Db, claim: Id) -> Result<()> {
    let old = conn.rows("SELECT text FROM claims WHERE id = ?1", args![claim])?;
    if let Some(old) = old.first().and_then(|r| text(&r[0])) {
        conn.exec("INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', ?1, ?2)", args![claim, old])?;
    }
    Ok(())
}

/// The claims a change concerns: those whose own history shows it.
pub(crate) fn claims_of(conn: &dyn Db, change: &Change) -> Result<Vec<Id>> {
    let one = |sql: &'static str, id: Id| -> Result<Vec<Id>> {
        Ok(conn.rows(sql, args![id])?.first().and_then(|r| int(&r[0])).into_iter().collect())
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
            let ends = conn.rows("SELECT from_id, to_id FROM links WHERE id = ?1", args![r.record])?;
            ends.first().map(|r| r.iter().filter_map(int).collect()).unwrap_or_default()
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
