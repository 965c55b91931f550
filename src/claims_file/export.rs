//! Writing the ledger as a claims file, record by record, so a large ledger
//! streams: sources, then actors, then each claim with what is recorded on it.

use std::io::Write;

use serde::Serialize;

use super::{
    FileActor, FileActorChange, FileClaim, FileKeys, FileLink, FileSetting, FileSource, FileSourceChange, unplaced,
};
use crate::error::{Error, Result};
use crate::ledger::Reader;
use crate::model::{Actor, RecordKind, Source};

/// Where the records of a claims file go, one at a time.
trait Sink {
    /// A section of records begins: `setting`, `source`, `actor`, `claim`, `link`.
    fn section(&mut self, name: &str) -> Result<()>;
    fn setting(&mut self, s: &FileSetting) -> Result<()>;
    fn source(&mut self, s: &FileSource) -> Result<()>;
    fn actor(&mut self, a: &FileActor) -> Result<()>;
    fn claim(&mut self, c: &FileClaim) -> Result<()>;
    fn link(&mut self, l: &FileLink) -> Result<()>;
    fn finish(&mut self) -> Result<()>;
}

/// Walks the whole ledger into `sink`, in id order: every actor comes after
/// the actor it speaks for, since affiliations point to earlier actors.
fn walk(read: Reader<'_>, sink: &mut dyn Sink) -> Result<()> {
    let mut keys = FileKeys::default();
    // Settings first, and only when some are set.
    let settings: Vec<FileSetting> = read.setting_changes()?.iter().filter_map(FileSetting::from_model).collect();
    if !settings.is_empty() {
        sink.section("setting")?;
        for setting in &settings {
            sink.setting(setting)?;
        }
    }
    sink.section("source")?;
    // Corrections are few: read once, and each record written as first
    // recorded with its corrections after it.
    let mut source_amendments = read.source_amendments(None)?.into_iter().peekable();
    read.for_each_source(|s| {
        let (first, _) = read.source_versions(s.id)?;
        let mut file = FileSource::from_model(&Source { text: s.text, sha256: s.sha256, ..first.clone() });
        let mut version = first;
        while let Some(a) = source_amendments.next_if(|a| a.source == s.id) {
            file.change.push(unplaced(FileSourceChange::from_model(&version, &a)));
            version = a.applied_to(version);
        }
        keys.note(RecordKind::Source, s.id, file.key.clone());
        sink.source(&file)
    })?;
    sink.section("actor")?;
    let mut actor_amendments = read.actor_amendments(None)?;
    read.for_each_actor(|a| {
        let affiliation_key =
            |a: &Actor, keys: &mut FileKeys| a.affiliation.map(|id| keys.of(read, RecordKind::Actor, id)).transpose();
        let first = if actor_amendments.iter().any(|m| m.actor.id == a.id) { read.actor_versions(a.id)?.0 } else { a };
        let mut file = FileActor::from_model(&first, affiliation_key(&first, &mut keys)?);
        let id = first.id;
        let mut version = first;
        for m in actor_amendments.iter().filter(|m| m.actor.id == id) {
            let (before, after) = (affiliation_key(&version, &mut keys)?, affiliation_key(&m.actor, &mut keys)?);
            file.change.push(unplaced(FileActorChange::from_model(&version, m, before, after)));
            version = m.actor.clone();
        }
        actor_amendments.retain(|m| m.actor.id != id);
        keys.note(RecordKind::Actor, id, file.key.clone());
        sink.actor(&file)
    })?;
    sink.section("claim")?;
    read.for_each_claim_records(|records| sink.claim(&FileClaim::from_model(read, &mut keys, &records)?))?;
    sink.section("link")?;
    // The file holds withdrawn claims, marked, and so their links.
    read.for_each_link_entry(true, |entry| sink.link(&FileLink::from_model(&entry)))?;
    sink.finish()
}

/// The whole ledger as a TOML claims file.
pub fn write_toml(read: Reader<'_>, out: &mut dyn Write) -> Result<()> {
    walk(read, &mut TomlWriter { out, first: true })
}

/// The whole ledger as one JSON object of the same records:
/// `{"source": [...], "actor": [...], "claim": [...], "link": [...]}`, and
/// first `"setting": [...]` when settings are set.
pub fn write_json(read: Reader<'_>, out: &mut dyn Write) -> Result<()> {
    walk(read, &mut JsonWriter { out, first: true, sections: 0 })
}

struct JsonWriter<'a> {
    out: &'a mut dyn Write,
    first: bool,
    sections: usize,
}

impl JsonWriter<'_> {
    fn item<T: Serialize>(&mut self, item: &T) -> Result<()> {
        self.out.write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, item).map_err(crate::output::json_error)
    }
}

impl Sink for JsonWriter<'_> {
    fn section(&mut self, name: &str) -> Result<()> {
        let open = if self.sections == 0 { "{" } else { "\n],\n" };
        write!(self.out, "{open}\"{name}\": [")?;
        self.sections += 1;
        self.first = true;
        Ok(())
    }
    fn setting(&mut self, s: &FileSetting) -> Result<()> {
        self.item(s)
    }
    fn source(&mut self, s: &FileSource) -> Result<()> {
        self.item(s)
    }
    fn actor(&mut self, a: &FileActor) -> Result<()> {
        self.item(a)
    }
    fn claim(&mut self, c: &FileClaim) -> Result<()> {
        self.item(c)
    }
    fn link(&mut self, l: &FileLink) -> Result<()> {
        self.item(l)
    }
    fn finish(&mut self) -> Result<()> {
        self.out.write_all(b"\n]}\n")?;
        Ok(())
    }
}

/// Writes TOML records, a blank line between them.
struct TomlWriter<'a> {
    out: &'a mut dyn Write,
    first: bool,
}

/// A record as TOML, as a claims file holds it: one table of its section's
/// array (`[[source]]`, `[[claim]]`, ...), with what is nested in it.
pub fn to_toml<T: Serialize>(section: &str, record: &T) -> Result<String> {
    let one = std::collections::BTreeMap::from([(section, [record])]);
    toml::to_string(&one).map_err(|e| Error::input(format!("cannot write TOML: {e}")))
}

impl TomlWriter<'_> {
    fn put<T: Serialize>(&mut self, section: &str, record: &T) -> Result<()> {
        let text = to_toml(section, record)?;
        if !self.first {
            self.out.write_all(b"\n")?;
        }
        self.first = false;
        self.out.write_all(text.as_bytes())?;
        Ok(())
    }
}

impl Sink for TomlWriter<'_> {
    fn section(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
    fn setting(&mut self, s: &FileSetting) -> Result<()> {
        self.put("setting", s)
    }
    fn source(&mut self, s: &FileSource) -> Result<()> {
        self.put("source", s)
    }
    fn actor(&mut self, a: &FileActor) -> Result<()> {
        self.put("actor", a)
    }
    fn claim(&mut self, c: &FileClaim) -> Result<()> {
        self.put("claim", c)
    }
    fn link(&mut self, l: &FileLink) -> Result<()> {
        self.put("link", l)
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}
