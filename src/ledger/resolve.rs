//! Finding records by what people type: an id (`C12`), a key, and for actors
//! a name or alias. A reference that finds nothing comes back with the
//! records closest to it; the sentence is the error's to write.

use rusqlite::OptionalExtension;

use super::Reader;
use crate::error::{Error, Result};
use crate::model::{Id, Named, RecordKind, normalize_name};

impl Reader<'_> {
    /// The record of `kind` with this key, if any (keys compare without regard to ASCII case).
    pub fn id_by_key(&self, kind: RecordKind, key: &str) -> Result<Option<Id>> {
        let sql = match kind {
            RecordKind::Source => "SELECT id FROM sources WHERE key = ?1",
            RecordKind::Actor => "SELECT id FROM actors WHERE key = ?1",
            RecordKind::Claim => "SELECT id FROM claims WHERE key = ?1",
            RecordKind::Stance | RecordKind::Annotation | RecordKind::Link => return Ok(None),
        };
        Ok(self.conn.prepare_cached(sql)?.query_row([key], |r| r.get(0)).optional()?)
    }

    /// The keys the claims have (those without one are known by their id).
    pub fn claim_keys(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT key FROM claims WHERE key IS NOT NULL ORDER BY id")?;
        let keys = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(keys)
    }

    /// Whether a record of `kind` has this id.
    pub fn exists(&self, kind: RecordKind, id: Id) -> Result<bool> {
        let sql = match kind {
            RecordKind::Source => "SELECT 1 FROM sources WHERE id = ?1",
            RecordKind::Actor => "SELECT 1 FROM actors WHERE id = ?1",
            RecordKind::Claim => "SELECT 1 FROM claims WHERE id = ?1",
            RecordKind::Stance => "SELECT 1 FROM stances WHERE id = ?1",
            RecordKind::Annotation => "SELECT 1 FROM annotations WHERE id = ?1",
            RecordKind::Link => "SELECT 1 FROM links WHERE id = ?1",
        };
        Ok(self.conn.prepare_cached(sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
    }

    /// A record by id (`S3`) or key.
    fn by_id_or_key(&self, kind: RecordKind, text: &str) -> Result<Option<Id>> {
        match kind.parse_id(text.trim()) {
            Some(id) => Ok(self.exists(kind, id)?.then_some(id)),
            None => self.id_by_key(kind, text.trim()),
        }
    }

    /// A source by id (`S3`) or key.
    pub fn source_id(&self, text: &str) -> Result<Id> {
        if let Some(id) = self.by_id_or_key(RecordKind::Source, text)? {
            return Ok(id);
        }
        // Close by key or by title.
        let mut candidates = Vec::new();
        let mut stmt = self.conn.prepare("SELECT id, key, title FROM sources")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let named = Named { kind: RecordKind::Source, id: r.get(0)?, key: r.get(1)?, name: r.get(2)? };
            candidates.push((named.key.clone().unwrap_or_default(), named.clone()));
            candidates.push((named.name.clone(), named));
        }
        Err(Error::NotFound { kind: "source", name: text.to_string(), suggestions: closest(text, candidates) })
    }

    /// A stance (`T5`), annotation (`N3`) or link (`L2`) by id: they have no keys.
    pub fn record_id(&self, kind: RecordKind, text: &str) -> Result<Id> {
        match kind.parse_id(text.trim()) {
            Some(id) if self.exists(kind, id)? => Ok(id),
            _ => Err(Error::NotFound { kind: kind.name(), name: text.to_string(), suggestions: Vec::new() }),
        }
    }

    /// A claim by id (`C12`) or key.
    pub fn claim_id(&self, text: &str) -> Result<Id> {
        if let Some(id) = self.by_id_or_key(RecordKind::Claim, text)? {
            return Ok(id);
        }
        // Claims are suggested by key: their texts are too long to tell apart at a glance.
        let mut candidates = Vec::new();
        let mut stmt = self.conn.prepare("SELECT id, key FROM claims WHERE key IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, key): (Id, String) = (r.get(0)?, r.get(1)?);
            candidates.push((key.clone(), Named { kind: RecordKind::Claim, id, key: None, name: key }));
        }
        Err(Error::NotFound { kind: "claim", name: text.to_string(), suggestions: closest(text, candidates) })
    }

    /// An actor by id (`A7`), key, name or alias, case-insensitively.
    pub fn actor_id(&self, text: &str) -> Result<Id> {
        if let Some(id) = self.by_id_or_key(RecordKind::Actor, text)? {
            return Ok(id);
        }
        let ids = self.actors_named(text)?;
        match ids.as_slice() {
            [id] => Ok(*id),
            [] => {
                let mut candidates = Vec::new();
                let mut stmt = self.conn.prepare(
                    "SELECT a.id, a.key, a.name, a.name FROM actors a
                     UNION ALL SELECT a.id, a.key, a.name, l.alias FROM aliases l JOIN actors a ON a.id = l.actor_id
                     UNION ALL SELECT id, key, name, key FROM actors WHERE key IS NOT NULL",
                )?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let named = Named { kind: RecordKind::Actor, id: r.get(0)?, key: r.get(1)?, name: r.get(2)? };
                    candidates.push((r.get(3)?, named));
                }
                Err(Error::NotFound { kind: "actor", name: text.to_string(), suggestions: closest(text, candidates) })
            }
            many => {
                let candidates = many.iter().map(|&id| self.named(RecordKind::Actor, id)).collect::<Result<_>>()?;
                Err(Error::Ambiguous { kind: "actor", name: text.to_string(), candidates })
            }
        }
    }

    /// Actors whose name or alias is `name` (normalised), or whose key it is.
    pub fn actors_named(&self, name: &str) -> Result<Vec<Id>> {
        let norm = normalize_name(name);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM actors WHERE name_norm = ?1 OR key = ?1
                 UNION SELECT actor_id FROM aliases WHERE alias_norm = ?1 ORDER BY 1",
            )?
            .query_map([norm], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// A record as others name it.
    pub fn named(&self, kind: RecordKind, id: Id) -> Result<Named> {
        let sql = match kind {
            RecordKind::Source => "SELECT key, title FROM sources WHERE id = ?1",
            RecordKind::Actor => "SELECT key, name FROM actors WHERE id = ?1",
            RecordKind::Claim => "SELECT key, text FROM claims WHERE id = ?1",
            RecordKind::Stance | RecordKind::Annotation | RecordKind::Link => {
                return Ok(Named { kind, id, key: None, name: kind.id(id) });
            }
        };
        let found = self.conn.prepare_cached(sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        let (key, name) = found.ok_or_else(|| Error::missing(kind, id))?;
        Ok(Named { kind, id, key, name })
    }
}

/// The closest few of `candidates` (compared text, record) to `wanted`.
fn closest(wanted: &str, candidates: Vec<(String, Named)>) -> Vec<Named> {
    let wanted = normalize_name(wanted);
    let mut scored: Vec<(f64, Named)> = candidates
        .into_iter()
        .map(|(text, named)| {
            let text = normalize_name(&text);
            // A name that holds the typed word whole ("gobadi" in "shahin gobadi") is close too.
            let holds_word = text.split([' ', '-', '.']).any(|w| w == wanted);
            let score = if holds_word { 0.95 } else { strsim::jaro_winkler(&wanted, &text) };
            (score, named)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut seen: Vec<Named> = Vec::new();
    for (_, named) in scored {
        if !seen.contains(&named) {
            seen.push(named);
        }
        if seen.len() == 3 {
            break;
        }
    }
    seen
}
