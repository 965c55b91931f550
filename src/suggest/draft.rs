//! The suggestions as a claims file a desk edits and imports: the source,
//! the actors the speakers name (the ledger's as they are, new ones marked as
//! drafts), and one claim per sentence with the sentence as its quote.

use std::collections::{BTreeSet, HashMap};

use super::Suggestion;
use crate::claims_file::{Figure, FileActor, FileClaim, FileNote, FileSource, FileStance, to_toml, unplaced};
use crate::error::Result;
use crate::model::{ActorKind, Qualifier, StanceKind};

/// A key from words: lowercase ASCII letters and digits joined by '-'.
pub fn slug(words: &str, most: usize) -> String {
    let mut out = String::new();
    for word in words.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(most) {
        let w: String = word.chars().filter(char::is_ascii_alphanumeric).flat_map(|c| c.to_lowercase()).collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
        if out.len() > 40 {
            break;
        }
    }
    out
}

/// A key not yet taken, from `base`.
fn fresh(base: &str, fallback: &str, taken: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() { fallback.to_string() } else { base.to_string() };
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(key.clone());
    key
}

/// What the draft is made from beside the suggestions.
pub struct Ledgered<'a> {
    /// The source, as a claims file writes it (with its text inline).
    pub source: FileSource,
    /// Every actor of the ledger, as a claims file writes it.
    pub actors: &'a [FileActor],
    /// The claims' keys the ledger has.
    pub claim_keys: BTreeSet<String>,
}

/// The draft claims file of `suggestions`.
pub fn draft(ledgered: &Ledgered<'_>, suggestions: &[&Suggestion]) -> Result<String> {
    let known: HashMap<&str, &FileActor> = ledgered.actors.iter().map(|a| (a.key.as_str(), a)).collect();
    // Keys compare without regard to ASCII case.
    let mut actor_keys: BTreeSet<String> = ledgered.actors.iter().map(|a| a.key.to_ascii_lowercase()).collect();
    let mut claim_keys = ledgered.claim_keys.clone();
    // Ledger actors the draft names, with those they speak for; new ones by name.
    let mut used: Vec<String> = Vec::new();
    let mut new: Vec<FileActor> = Vec::new();
    let mut new_by_name: HashMap<String, String> = HashMap::new();
    let mut claims = Vec::new();
    for s in suggestions {
        let source = ledgered.source.key.clone();
        let mut stances = Vec::new();
        let people = s
            .speaker
            .iter()
            .map(|p| (p, StanceKind::Asserts))
            .chain(s.disputed_by.iter().map(|p| (p, StanceKind::Disputes)));
        for (person, kind) in people {
            let key = match &person.actor {
                Some(key) => {
                    let mut next = Some(key.clone());
                    while let Some(k) = next.take() {
                        if used.contains(&k) {
                            break;
                        }
                        next = known.get(k.as_str()).and_then(|a| a.affiliation.as_ref()).map(|a| a.get_ref().clone());
                        used.push(k);
                    }
                    key.clone()
                }
                None => {
                    let name = person.name.trim().to_string();
                    if name.is_empty() {
                        continue;
                    }
                    new_by_name
                        .entry(name.to_lowercase())
                        .or_insert_with(|| {
                            let key = fresh(&slug(&name, 6), "speaker", &mut actor_keys);
                            new.push(FileActor {
                                key: key.clone(),
                                name: name.clone(),
                                kind: ActorKind::Other,
                                affiliation: None,
                                aliases: Vec::new(),
                                url: None,
                                change: Vec::new(),
                            });
                            key
                        })
                        .clone()
                }
            };
            if !stances.iter().any(|t: &FileStance| t.actor.get_ref() == &key) {
                stances.push(FileStance {
                    actor: unplaced(key),
                    stance: kind,
                    source: None,
                    quote: None,
                    date: None,
                    retraction: None,
                });
            }
        }
        let figure = s.figures.iter().find(|f| !f.year).or_else(|| s.figures.first());
        let key = fresh(&format!("s{}-{}", s.sentence, slug(&s.text, 5)), "suggested", &mut claim_keys);
        let text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let qualifier = figure.map(|f| match (f.range.is_some(), f.qualifier) {
            (true, q) if q != Qualifier::About => Qualifier::Exact,
            (_, q) => q,
        });
        claims.push(FileClaim {
            key,
            text,
            source: unplaced(source),
            quote: Some(unplaced(s.text.clone())),
            topic: None,
            about: None,
            value: figure.and_then(|f| f.value).map(|v| unplaced(Figure(v))),
            range: figure.and_then(|f| f.range).map(|[a, b]| [unplaced(Figure(a)), unplaced(Figure(b))]),
            qualifier,
            unit: figure.and_then(|f| f.unit.clone()),
            answer: None,
            tags: vec!["suggested".to_string()],
            tag: Vec::new(),
            stance: stances.into_iter().map(unplaced).collect(),
            note: vec![unplaced(FileNote {
                text: format!(
                    "Drafted by suggest from sentence {} (score {:.2}: {}). Check the wording, the figure and the speakers before importing.",
                    s.sentence,
                    s.score,
                    s.reasons.join("; ")
                ),
                by: None,
                at: None,
                retraction: None,
            })],
            verdict: Vec::new(),
            untag: Vec::new(),
            change: Vec::new(),
        });
    }
    let mut out = String::from(
        "# A draft made by `claimledger suggest`: one claim per suggested sentence, its quote the sentence as the\n\
         # source has it. Edit the claims (their text, figures, speakers), set the kind of each new actor, then import.\n\n",
    );
    out.push_str(&to_toml("source", &ledgered.source)?);
    // The ledger's actors in its order, so each comes after the one it speaks for.
    for a in ledgered.actors.iter().filter(|a| used.contains(&a.key)) {
        out.push('\n');
        out.push_str(&to_toml("actor", a)?);
    }
    for a in &new {
        out.push_str(
            "\n# draft: a speaker not in the ledger; set its kind (person, organization, government, media)\n",
        );
        out.push_str(&to_toml("actor", a)?);
    }
    for c in &claims {
        out.push('\n');
        out.push_str(&to_toml("claim", c)?);
    }
    Ok(out)
}
