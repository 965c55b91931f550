//! Applying a change to the projection tables. The same function serves live
//! writes and replay, which is what lets `verify` rebuild the tables.

use rusqlite::{Connection, params};

use crate::error::Result;
use crate::history::Change;
use crate::model::{AnnotationBody, Quote, normalize_name};

pub(crate) fn apply(conn: &Connection, seq: i64, change: &Change) -> Result<()> {
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
                "INSERT INTO actors (id, key, name, name_norm, kind, affiliation_id, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                a.id,
                a.key,
                a.name,
                normalize_name(&a.name),
                a.kind.as_str(),
                a.affiliation,
                seq
            ])?;
            // The affiliation chain: itself, then every actor its affiliation speaks for.
            conn.prepare_cached("INSERT INTO affiliations (actor_id, ancestor_id, depth) VALUES (?1, ?1, 0)")?
                .execute([a.id])?;
            if let Some(parent) = a.affiliation {
                conn.prepare_cached(
                    "INSERT INTO affiliations (actor_id, ancestor_id, depth)
                     SELECT ?1, ancestor_id, depth + 1 FROM affiliations WHERE actor_id = ?2 ORDER BY depth",
                )?
                .execute([a.id, parent])?;
            }
            let mut alias =
                conn.prepare_cached("INSERT INTO aliases (actor_id, alias, alias_norm) VALUES (?1, ?2, ?3)")?;
            for name in &a.aliases {
                alias.execute(params![a.id, name, normalize_name(name)])?;
            }
        }
        Change::ClaimAdded(c) => {
            let (quote, anchor) = quote_columns(&c.quote);
            let q = c.quantity.as_ref();
            conn.prepare_cached(
                "INSERT INTO claims (id, key, text, topic, about, source_id, quote, quote_start, quote_end,
                                     quote_before, quote_after, low, high, qualifier, unit, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
                seq
            ])?;
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
        Change::AnnotationAdded(a) => {
            let (kind, text, rating) = match &a.body {
                AnnotationBody::Note { text } => ("note", Some(text.as_str()), None),
                AnnotationBody::Tag { tag } => ("tag", Some(tag.as_str()), None),
                AnnotationBody::Verdict { rating, rationale } => {
                    ("verdict", rationale.as_deref(), Some(rating.as_str()))
                }
            };
            conn.prepare_cached(
                "INSERT INTO annotations (id, claim_id, kind, text, rating, author, at, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![a.id, a.claim, kind, text, rating, a.by, a.at, seq])?;
        }
    }
    Ok(())
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
