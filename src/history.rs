//! The history: the changes a ledger records, their canonical encoding, and
//! the SHA-256 chain that links them. docs/history.md specifies the bytes.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod canonical;

use crate::model::{
    Actor, ActorAmendment, Amendment, Annotation, Claim, Correction, Id, Link, RecordKind, Restoration, Retraction,
    SettingChange, Source, SourceAmendment, Stance, StatusChange, Withdrawal,
};

/// An event's hash: SHA-256, stored as its 32 bytes.
pub type Hash = [u8; 32];

/// The hash that precedes the first event.
pub const GENESIS_HASH: Hash = [0; 32];

/// One change to the ledger. Every write is one of these, appended to the
/// history and applied to the projection tables by the same code that replays it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data")]
pub enum Change {
    #[serde(rename = "source.add")]
    SourceAdded(Source),
    #[serde(rename = "actor.add")]
    ActorAdded(Actor),
    #[serde(rename = "claim.add")]
    ClaimAdded(Claim),
    #[serde(rename = "stance.add")]
    StanceAdded(Stance),
    #[serde(rename = "annotation.add")]
    AnnotationAdded(Annotation),
    #[serde(rename = "claim.amend")]
    ClaimAmended(Amendment),
    #[serde(rename = "claim.withdraw")]
    ClaimWithdrawn(Withdrawal),
    #[serde(rename = "claim.restore")]
    ClaimRestored(Restoration),
    #[serde(rename = "claim.status")]
    StatusChanged(StatusChange),
    #[serde(rename = "stance.retract")]
    StanceRetracted(Retraction),
    #[serde(rename = "annotation.retract")]
    AnnotationRetracted(Retraction),
    #[serde(rename = "link.add")]
    LinkAdded(Link),
    #[serde(rename = "link.remove")]
    LinkRemoved(Retraction),
    #[serde(rename = "setting.set")]
    SettingChanged(SettingChange),
    #[serde(rename = "source.amend")]
    SourceAmended(SourceAmendment),
    #[serde(rename = "actor.amend")]
    ActorAmended(Box<ActorAmendment>),
}

impl Change {
    /// The correction this change makes to a claim, if it is one.
    pub fn into_correction(self) -> Option<Correction> {
        match self {
            Change::ClaimAmended(a) => Some(Correction::Amended(Box::new(a))),
            Change::ClaimWithdrawn(w) => Some(Correction::Withdrawn(w)),
            Change::ClaimRestored(r) => Some(Correction::Restored(r)),
            Change::StatusChanged(s) => Some(Correction::StatusChanged(s)),
            Change::SourceAdded(_)
            | Change::ActorAdded(_)
            | Change::ClaimAdded(_)
            | Change::StanceAdded(_)
            | Change::AnnotationAdded(_)
            | Change::StanceRetracted(_)
            | Change::AnnotationRetracted(_)
            | Change::LinkAdded(_)
            | Change::LinkRemoved(_)
            | Change::SettingChanged(_)
            | Change::SourceAmended(_)
            | Change::ActorAmended(_) => None,
        }
    }

    /// The retraction this change makes, if it is one.
    pub fn into_retraction(self) -> Option<Retraction> {
        match self {
            Change::StanceRetracted(r) | Change::AnnotationRetracted(r) | Change::LinkRemoved(r) => Some(r),
            Change::SourceAdded(_)
            | Change::ActorAdded(_)
            | Change::ClaimAdded(_)
            | Change::StanceAdded(_)
            | Change::AnnotationAdded(_)
            | Change::ClaimAmended(_)
            | Change::ClaimWithdrawn(_)
            | Change::ClaimRestored(_)
            | Change::StatusChanged(_)
            | Change::LinkAdded(_)
            | Change::SettingChanged(_)
            | Change::SourceAmended(_)
            | Change::ActorAmended(_) => None,
        }
    }

    /// The record this change adds, if it adds one.
    pub fn new_record(&self) -> Option<(RecordKind, Id)> {
        match self {
            Change::SourceAdded(s) => Some((RecordKind::Source, s.id)),
            Change::ActorAdded(a) => Some((RecordKind::Actor, a.id)),
            Change::ClaimAdded(c) => Some((RecordKind::Claim, c.id)),
            Change::StanceAdded(s) => Some((RecordKind::Stance, s.id)),
            Change::AnnotationAdded(a) => Some((RecordKind::Annotation, a.id)),
            Change::LinkAdded(l) => Some((RecordKind::Link, l.id)),
            Change::ClaimAmended(_)
            | Change::ClaimWithdrawn(_)
            | Change::ClaimRestored(_)
            | Change::StatusChanged(_)
            | Change::StanceRetracted(_)
            | Change::AnnotationRetracted(_)
            | Change::LinkRemoved(_)
            | Change::SettingChanged(_)
            | Change::SourceAmended(_)
            | Change::ActorAmended(_) => None,
        }
    }

    /// The event kind: `claim.add`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Change::SourceAdded(_) => "source.add",
            Change::ActorAdded(_) => "actor.add",
            Change::ClaimAdded(_) => "claim.add",
            Change::StanceAdded(_) => "stance.add",
            Change::AnnotationAdded(_) => "annotation.add",
            Change::ClaimAmended(_) => "claim.amend",
            Change::ClaimWithdrawn(_) => "claim.withdraw",
            Change::ClaimRestored(_) => "claim.restore",
            Change::StatusChanged(_) => "claim.status",
            Change::StanceRetracted(_) => "stance.retract",
            Change::AnnotationRetracted(_) => "annotation.retract",
            Change::LinkAdded(_) => "link.add",
            Change::LinkRemoved(_) => "link.remove",
            Change::SettingChanged(_) => "setting.set",
            Change::SourceAmended(_) => "source.amend",
            Change::ActorAmended(_) => "actor.amend",
        }
    }

    /// Every kind of change, as [`Change::kind`] names them, in the order of
    /// the variants. The test `kinds_lists_every_variant` holds it to the
    /// enum's own list, so a new variant fails it until it is named here.
    pub const KINDS: &[&str] = &[
        "source.add",
        "actor.add",
        "claim.add",
        "stance.add",
        "annotation.add",
        "claim.amend",
        "claim.withdraw",
        "claim.restore",
        "claim.status",
        "stance.retract",
        "annotation.retract",
        "link.add",
        "link.remove",
        "setting.set",
        "source.amend",
        "actor.amend",
    ];

    /// The change's data in canonical JSON, as stored in `events.data`.
    pub fn canonical_data(&self) -> String {
        let mut out = Vec::with_capacity(256);
        let written = match self {
            Change::SourceAdded(d) => canonical::write(d, &mut out),
            Change::ActorAdded(d) => canonical::write(d, &mut out),
            Change::ClaimAdded(d) => canonical::write(d, &mut out),
            Change::StanceAdded(d) => canonical::write(d, &mut out),
            Change::AnnotationAdded(d) => canonical::write(d, &mut out),
            Change::ClaimAmended(d) => canonical::write(d, &mut out),
            Change::ClaimWithdrawn(d) => canonical::write(d, &mut out),
            Change::ClaimRestored(d) => canonical::write(d, &mut out),
            Change::StatusChanged(d) => canonical::write(d, &mut out),
            Change::StanceRetracted(d) | Change::AnnotationRetracted(d) | Change::LinkRemoved(d) => {
                canonical::write(d, &mut out)
            }
            Change::LinkAdded(d) => canonical::write(d, &mut out),
            Change::SettingChanged(d) => canonical::write(d, &mut out),
            Change::SourceAmended(d) => canonical::write(d, &mut out),
            Change::ActorAmended(d) => canonical::write(d, &mut out),
        };
        written.expect("a change always serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Reads a change back from its kind and canonical data.
    pub fn from_stored(kind: &str, data: &str) -> Result<Change, serde_json::Error> {
        // With the tag first, the data is read straight into its type.
        let kind = serde_json::to_string(kind)?;
        serde_json::from_str(&format!("{{\"kind\":{kind},\"data\":{data}}}"))
    }
}

/// The bytes an event's hash covers: the canonical JSON object of the event's
/// sequence number, time, author, kind and (already canonical) data. Its keys
/// in sorted order are at, author, data, kind, seq, so it is written directly
/// rather than parsed and sorted again.
pub fn canonical_event_bytes(seq: i64, at: &str, author: &str, kind: &str, canonical_data: &str) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, key: &[u8], s: &str) {
        out.extend_from_slice(key);
        serde_json::to_writer(&mut *out, s).expect("strings always serialize");
    }
    let mut out = Vec::with_capacity(canonical_data.len() + at.len() + author.len() + kind.len() + 64);
    field(&mut out, b"{\"at\":", at);
    field(&mut out, b",\"author\":", author);
    out.extend_from_slice(b",\"data\":");
    out.extend_from_slice(canonical_data.as_bytes());
    field(&mut out, b",\"kind\":", kind);
    out.extend_from_slice(b",\"seq\":");
    out.extend_from_slice(seq.to_string().as_bytes());
    out.push(b'}');
    out
}

/// hash = SHA-256(previous hash as 32 raw bytes || canonical event bytes).
pub fn chain_hash(prev_hash: &Hash, canonical: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash);
    hasher.update(canonical);
    hasher.finalize().into()
}

/// A hash as people read and type it: 64 lowercase hex digits.
pub fn hash_hex(hash: &Hash) -> String {
    hex::encode(hash)
}

/// SHA-256 of some bytes, in lowercase hex (archived source texts).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// A value as canonical JSON: compact, object keys sorted by their UTF-8
    /// bytes at every depth. The reference the direct encoding is held to.
    fn canonical_json(value: &Value) -> String {
        let mut out = Vec::new();
        write_canonical(value, &mut out);
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    fn write_canonical(value: &Value, out: &mut Vec<u8>) {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                out.push(b'{');
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut *out, key).expect("strings always serialize");
                    out.push(b':');
                    write_canonical(value, out);
                }
                out.push(b'}');
            }
            Value::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_canonical(item, out);
                }
                out.push(b']');
            }
            scalar => serde_json::to_writer(&mut *out, scalar).expect("JSON values always serialize"),
        }
    }
    use crate::model::{Qualifier, Quantity};

    #[test]
    fn canonical_data_sorts_keys_and_writes_integers() {
        let change = Change::ClaimAdded(Claim {
            id: 1,
            key: None,
            text: "One killed".into(),
            topic: Some("deaths".into()),
            about: None,
            source: 2,
            quote: None,
            quantity: Some(Quantity::new(1.0, 1.0, Qualifier::Exact, Some("people".into())).unwrap()),
            answer: None,
        });
        assert_eq!(
            change.canonical_data(),
            r#"{"id":1,"quantity":{"high":1,"low":1,"qualifier":"exact","unit":"people"},"source":2,"text":"One killed","topic":"deaths"}"#
        );
        let back = Change::from_stored(change.kind(), &change.canonical_data()).unwrap();
        assert_eq!(back, change);
    }

    /// The data through a `serde_json::Value`, as it was written before the
    /// direct encoding: the two must agree byte for byte.
    fn via_value(change: &Change) -> String {
        let tagged = serde_json::to_value(change).unwrap();
        canonical_json(tagged.get("data").unwrap())
    }

    #[test]
    fn direct_encoding_matches_the_value_encoding() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut changes = Vec::new();
        for name in ["ledger-v1.db", "ledger-v2.db"] {
            let uri = format!("file:{fixtures}/{name}?immutable=1");
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
            let conn = rusqlite::Connection::open_with_flags(uri, flags).unwrap();
            let mut stmt = conn.prepare("SELECT kind, data FROM events ORDER BY seq").unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).unwrap();
            for row in rows {
                let (kind, data) = row.unwrap();
                changes.push(Change::from_stored(&kind, &data).unwrap());
            }
        }
        let amendments = [
            (
                "source.amend",
                r#"{"at":"2024-01-02T03:04:05Z","by":"ana","reason":"typo","source":1,"title":"T","url":"https://x.org/"}"#,
            ),
            (
                "actor.amend",
                r#"{"actor":{"affiliation":2,"aliases":["B","C"],"id":3,"key":"a","kind":"person","name":"N"},"at":"2024-01-02T03:04:05Z","by":"ana","reason":"r"}"#,
            ),
        ];
        changes.extend(amendments.iter().map(|(kind, data)| Change::from_stored(kind, data).unwrap()));
        let kinds: std::collections::HashSet<&str> = changes.iter().map(Change::kind).collect();
        assert_eq!(kinds.len(), Change::KINDS.len(), "{kinds:?}");
        // Figures of every layout, and text that must be escaped.
        for (i, low) in
            [2.5, 0.00001, 1.23e-7, 1e16, 9007199254740994.0, 1.2345678901234567e19, -3.0, 0.0].into_iter().enumerate()
        {
            changes.push(Change::ClaimAdded(Claim {
                id: i as i64 + 1,
                key: Some(format!("k{i}")),
                text: "\"Quoted\"\\ \u{1} \u{1b} \t\n é 😀 /".into(),
                topic: None,
                about: Some("a.b".into()),
                source: 2,
                quote: None,
                quantity: Some(Quantity::new(low, low.abs() * 2.0, Qualifier::About, None).unwrap()),
                answer: None,
            }));
        }
        for change in &changes {
            assert_eq!(change.canonical_data(), via_value(change), "{change:?}");
        }
    }

    /// `KINDS` is the enum's list of kinds as serde reads them (its error for
    /// an unknown kind names every variant), in the same order.
    #[test]
    fn kinds_lists_every_variant() {
        let err = Change::from_stored("no.such.kind", "null").unwrap_err().to_string();
        let expected = err.split("expected one of ").nth(1).expect("serde lists the variants");
        // `a`, `b`, ... `z` at line 1: the names are every other piece between backquotes.
        let listed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        assert_eq!(listed, Change::KINDS, "{err}");
    }

    /// The worked example of docs/history.md: the encoding must never drift.
    #[test]
    fn the_documented_example_hash() {
        let data = r#"{"id":1,"key":"article","title":"Raid report"}"#;
        let bytes = canonical_event_bytes(1, "2023-06-21T09:00:00Z", "ana", "source.add", data);
        assert_eq!(
            hash_hex(&chain_hash(&GENESIS_HASH, &bytes)),
            "f50290b16874e0521cc50709df480bd93873ec0d3bc92981e4d16ab651a88c86"
        );
    }

    #[test]
    fn chain_hash_covers_previous_hash() {
        let bytes = canonical_event_bytes(1, "2026-01-01T00:00:00Z", "ana", "note", "{}");
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(canonical_json(&parsed).into_bytes(), bytes, "the direct encoding is canonical");
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"at":"2026-01-01T00:00:00Z","author":"ana","data":{},"kind":"note","seq":1}"#
        );
        let a = chain_hash(&GENESIS_HASH, &bytes);
        let b = chain_hash(&a, &bytes);
        assert_ne!(a, b);
    }
}
