//! `suggest`: an archived text's check-worthy sentences, who says each and
//! who disputes it, and the figures they state. Pure functions over the text,
//! the ledger's actors and the quotes of its claims; the command reads those
//! through `Reader` and renders the result.

pub mod draft;
pub mod figures;
pub mod score;
pub mod sentences;
pub mod speakers;
pub mod words;

use serde::Serialize;

pub use figures::Figure;
pub use score::CUT;

/// An actor of the ledger, as the text may name it.
#[derive(Debug, Clone)]
pub struct KnownActor {
    /// Its key in a claims file (its own, or one made from its id).
    pub key: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// A quote of a claim already in the ledger, by code points in the text.
#[derive(Debug, Clone)]
pub struct Covered {
    /// The claim, as the command line names it (`C3`).
    pub claim: String,
    pub start: usize,
    pub end: usize,
}

/// Who says or disputes a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// As the text writes it: "the groups spokesperson Shahin Gobadi".
    pub written: String,
    /// The name it gives: "Shahin Gobadi".
    pub name: String,
    /// The ledger's actor it names, by key.
    pub actor: Option<String>,
}

/// One sentence and what was found in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Its place among the text's sentences, from 1.
    pub sentence: usize,
    /// Code points, as in the Web Annotation export: `text` is the archive sliced there.
    pub start: usize,
    pub end: usize,
    pub score: f64,
    pub suggested: bool,
    pub text: String,
    pub reasons: Vec<String>,
    pub speaker: Vec<Speaker>,
    pub disputed_by: Vec<Speaker>,
    pub figures: Vec<Figure>,
    /// Claims of the ledger whose quote lies in the sentence.
    pub covered_by: Vec<String>,
}

/// Every sentence of `text`, in order, scored.
pub fn analyse(text: &str, actors: &[KnownActor], covered: &[Covered]) -> Vec<Suggestion> {
    let chars: Vec<char> = text.chars().collect();
    let gazetteer = words::Gazetteer::new(actors.iter().enumerate().flat_map(|(i, a)| {
        std::iter::once((i, a.name.as_str())).chain(a.aliases.iter().map(move |n| (i, n.as_str())))
    }));
    let speaker = |m: &words::Mention| Speaker {
        written: m.written.clone(),
        name: m.name.clone(),
        actor: m.actor.map(|i| actors[i].key.clone()),
    };
    let spans = sentences::sentences(text);
    let mut out = Vec::with_capacity(spans.len());
    // The last speaker named, for a "she said" that follows.
    let mut last_named: Option<Speaker> = None;
    for (n, span) in spans.iter().enumerate() {
        let slice = &chars[span.start..span.end];
        let sentence: String = slice.iter().collect();
        let tokens = words::tokens(slice);
        let quoted = quoted(&tokens);
        let mentions = words::mentions(&tokens, &gazetteer);
        let found = speakers::attribution(&tokens, &mentions);
        let figures = figures::figures(&tokens);
        let scored = score::score(&score::Evidence {
            text: &sentence,
            tokens: &tokens,
            mentions: &mentions,
            found: &found,
            figures: &figures,
            quoted: &quoted,
        });
        let resolve = |m: &words::Mention| match (&last_named, words::PRONOUNS.contains(&m.name.as_str())) {
            (Some(named), true) => Some(Speaker { written: m.written.clone(), ..named.clone() }),
            (None, true) => None,
            (_, false) => Some(speaker(m)),
        };
        let mut says: Vec<Speaker> = found.iter().filter(|f| !f.disputes).filter_map(|f| resolve(&f.mention)).collect();
        let disputes: Vec<Speaker> = found.iter().filter(|f| f.disputes).filter_map(|f| resolve(&f.mention)).collect();
        if let Some(named) = found.iter().rev().find(|f| f.mention.proper) {
            last_named = Some(speaker(&named.mention));
        }
        // A transcript's turn: its speaker says what no one else is said to.
        if says.is_empty()
            && let Some(label) = &span.turn
        {
            says.push(turn_speaker(label, actors));
        }
        let covered_by = covered
            .iter()
            .filter(|c| c.start >= span.start && c.end <= span.end && c.start < c.end)
            .map(|c| c.claim.clone())
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
        out.push(Suggestion {
            sentence: n + 1,
            start: span.start,
            end: span.end,
            score: scored.score,
            suggested: scored.score > CUT,
            text: sentence,
            reasons: scored.reasons,
            speaker: says,
            disputed_by: disputes,
            figures,
            covered_by,
        });
    }
    out
}

/// Which tokens stand inside quotation marks.
fn quoted(tokens: &[words::Token]) -> Vec<bool> {
    let mut inside = false;
    tokens
        .iter()
        .map(|t| {
            if t.punct("“«") || (t.punct("\"") && !inside) {
                inside = true;
            } else if t.punct("”»") || (t.punct("\"") && inside) {
                inside = false;
                return true;
            }
            inside
        })
        .collect()
}

/// The speaker a transcript's label names: the ledger's actor with that
/// name, alias or surname ("TRUMP" is Donald Trump), else the label.
fn turn_speaker(label: &str, actors: &[KnownActor]) -> Speaker {
    let wanted = words::normalise(label);
    let matches = |name: &str| {
        let n = words::normalise(name);
        n == wanted || n.rsplit(' ').next() == Some(wanted.as_str())
    };
    let actor = actors.iter().find(|a| matches(&a.name) || a.aliases.iter().any(|x| matches(x)));
    Speaker {
        written: label.to_string(),
        name: actor.map(|a| a.name.clone()).unwrap_or_else(|| label.to_string()),
        actor: actor.map(|a| a.key.clone()),
    }
}
#[cfg(test)]
mod eval;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Text of sentence-like pieces: words, names, numbers, stops, quotes,
    /// abbreviations, line breaks, and characters outside ASCII.
    fn texts() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("The".to_string()),
            Just("said".to_string()),
            Just("U.S.".to_string()),
            Just("Mr.".to_string()),
            Just("2,500".to_string()),
            Just("3.5".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just(". ".to_string()),
            Just("? ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("SMITH: ".to_string()),
            Just("according to".to_string()),
            Just("denied".to_string()),
            Just("Çuçi’s".to_string()),
            Just("e\u{301}".to_string()),
            Just(", ".to_string()),
            "[a-zA-Z]{1,8}",
            "[0-9]{1,5}",
            "\\PC{1,3}",
            "[ \t\r\n.,!?'\"’]{1,3}",
        ];
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.join(" "))
    }

    proptest! {
        #[test]
        fn every_text_is_the_archive_sliced_at_its_offsets(text in texts()) {
            let actors = [KnownActor { key: "smith".into(), name: "John Smith".into(), aliases: vec!["SMITH".into()] }];
            let chars: Vec<char> = text.chars().collect();
            let mut last = 0;
            for s in analyse(&text, &actors, &[]) {
                prop_assert!(s.start < s.end && s.end <= chars.len() && s.start >= last);
                prop_assert_eq!(&s.text, &chars[s.start..s.end].iter().collect::<String>());
                prop_assert!((0.0..=1.0).contains(&s.score));
                last = s.end;
            }
        }
    }
}
