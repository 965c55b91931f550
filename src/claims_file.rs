//! Claims files: the human-editable TOML that `import` loads and
//! `export ledger` writes. docs/claims-files.md describes the format.

use std::io::Write;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use crate::error::Result;
use crate::model::{ActorKind, Qualifier, Rating, StanceKind};

/// A whole claims file. Every record has a key; references use keys.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    #[serde(default, rename = "source")]
    pub sources: Vec<Spanned<FileSource>>,
    #[serde(default, rename = "actor")]
    pub actors: Vec<Spanned<FileActor>>,
    #[serde(default, rename = "claim")]
    pub claims: Vec<Spanned<FileClaim>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSource {
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    /// The archived text in a file beside the claims file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_file: Option<String>,
    /// The archived text inline (what `export ledger` writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileActor {
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileClaim {
    pub key: String,
    pub text: String,
    pub source: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<Figure>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[Spanned<Figure>; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stance: Vec<Spanned<FileStance>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<Spanned<FileNote>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verdict: Vec<Spanned<FileVerdict>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStance {
    pub actor: Spanned<String>,
    pub stance: StanceKind,
    /// Where the stance is reported; the claim's source when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNote {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileVerdict {
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A figure: written as an integer when integral, so `1` stays `1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure(pub f64);

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        crate::model::canonical_number::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        f64::deserialize(d).map(Figure)
    }
}

/// A value with no place in a file (one read from the ledger).
pub fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

/// Finds the 1-based line of a byte offset: built once per file, since every
/// record of a large file asks.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// Writes claims files one record at a time, so a large ledger streams.
pub struct TomlWriter<'a> {
    out: &'a mut dyn Write,
    first: bool,
}

#[derive(Serialize)]
struct OneSource<'a> {
    source: [&'a FileSource; 1],
}
#[derive(Serialize)]
struct OneActor<'a> {
    actor: [&'a FileActor; 1],
}
#[derive(Serialize)]
struct OneClaim<'a> {
    claim: [&'a FileClaim; 1],
}

impl<'a> TomlWriter<'a> {
    pub fn new(out: &'a mut dyn Write) -> TomlWriter<'a> {
        TomlWriter { out, first: true }
    }

    fn put<T: Serialize>(&mut self, one: &T) -> Result<()> {
        let text = toml::to_string(one).map_err(|e| crate::Error::input(format!("cannot write TOML: {e}")))?;
        if !self.first {
            self.out.write_all(b"\n")?;
        }
        self.first = false;
        self.out.write_all(text.as_bytes())?;
        Ok(())
    }

    pub fn source(&mut self, s: &FileSource) -> Result<()> {
        self.put(&OneSource { source: [s] })
    }

    pub fn actor(&mut self, a: &FileActor) -> Result<()> {
        self.put(&OneActor { actor: [a] })
    }

    pub fn claim(&mut self, c: &FileClaim) -> Result<()> {
        self.put(&OneClaim { claim: [c] })
    }
}
