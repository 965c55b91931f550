//! The evaluation of docs/suggest.md on the hand-labelled texts of
//! tests/fixtures/suggest/: precision and recall at the default cut, average
//! precision against a baseline that flags any sentence with a digit, and how
//! often the speakers and disputers named are found. Run with
//! `cargo test -q --lib suggest::eval -- --nocapture` to see the figures.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Suggestion, analyse};

#[derive(Deserialize)]
struct Labels {
    passage: Vec<Passage>,
}

#[derive(Deserialize)]
struct Passage {
    file: String,
    s: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    starts: String,
    worthy: bool,
    #[serde(default)]
    speaker: Vec<String>,
    #[serde(default)]
    disputer: Vec<String>,
}

/// Average precision of a ranking: the mean of the precision at each worthy one.
fn average_precision(ranked: &[bool]) -> f64 {
    let total = ranked.iter().filter(|&&w| w).count();
    let mut hits = 0;
    let mut sum = 0.0;
    for (i, &w) in ranked.iter().enumerate() {
        if w {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    if total == 0 { 0.0 } else { sum / total as f64 }
}

/// Whether the people found name each labelled one (either containing the other, any case).
fn names_all(labelled: &[String], found: &[super::Speaker]) -> bool {
    labelled.iter().all(|l| {
        let l = l.to_lowercase().replace('’', "'");
        found.iter().any(|f| {
            [&f.name, &f.written].iter().any(|n| {
                let n = n.to_lowercase().replace('’', "'");
                n.contains(&l) || l.contains(&n)
            })
        })
    }) && (labelled.is_empty() || found.len() <= labelled.len() + 1)
}

#[test]
fn evaluation_on_the_labelled_texts() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suggest");
    let labels: Labels = toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap()).unwrap();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let (mut base_tp, mut base_fp, mut base_fn) = (0, 0, 0);
    let (mut speakers, mut speakers_right, mut disputers, mut disputers_right) = (0, 0, 0, 0);
    let mut aps = Vec::new();
    let mut base_aps = Vec::new();
    for p in &labels.passage {
        let text = std::fs::read_to_string(dir.join(&p.file)).unwrap();
        let found: Vec<Suggestion> = analyse(&text, &[], &[]);
        assert_eq!(
            found.len(),
            p.s.len(),
            "{}: sentences {:#?}",
            p.file,
            found.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
        let mut scored = Vec::new();
        let mut digits = Vec::new();
        for (s, l) in found.iter().zip(&p.s) {
            assert!(s.text.starts_with(&l.starts), "{}: '{}' is not '{}…'", p.file, s.text, l.starts);
            match (s.suggested, l.worthy) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
            let digit = s.text.chars().any(|c| c.is_ascii_digit());
            match (digit, l.worthy) {
                (true, true) => base_tp += 1,
                (true, false) => base_fp += 1,
                (false, true) => base_fn += 1,
                (false, false) => {}
            }
            if !s.suggested && l.worthy || s.suggested && !l.worthy {
                println!("  {} {:.3} {}: {:?}", if l.worthy { "missed" } else { "extra " }, s.score, s.text, s.reasons);
            }
            scored.push((s.score, l.worthy));
            digits.push((digit, l.worthy));
            if !l.speaker.is_empty() {
                speakers += 1;
                if names_all(&l.speaker, &s.speaker) {
                    speakers_right += 1;
                } else {
                    println!(
                        "  speaker {:?} found {:?}: {}",
                        l.speaker,
                        s.speaker.iter().map(|x| &x.name).collect::<Vec<_>>(),
                        s.text
                    );
                }
            }
            if !l.disputer.is_empty() {
                disputers += 1;
                if names_all(&l.disputer, &s.disputed_by) {
                    disputers_right += 1;
                } else {
                    println!(
                        "  disputer {:?} found {:?}: {}",
                        l.disputer,
                        s.disputed_by.iter().map(|x| &x.name).collect::<Vec<_>>(),
                        s.text
                    );
                }
            }
        }
        // Ties in the order of the text, for both rankings.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        digits.sort_by_key(|d| !d.0);
        aps.push(average_precision(&scored.iter().map(|s| s.1).collect::<Vec<_>>()));
        base_aps.push(average_precision(&digits.iter().map(|s| s.1).collect::<Vec<_>>()));
        println!("{}: AP {:.3}, baseline AP {:.3}", p.file, aps.last().unwrap(), base_aps.last().unwrap());
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    let base_precision = base_tp as f64 / (base_tp + base_fp) as f64;
    let base_recall = base_tp as f64 / (base_tp + base_fn) as f64;
    let map = aps.iter().sum::<f64>() / aps.len() as f64;
    let base_map = base_aps.iter().sum::<f64>() / base_aps.len() as f64;
    println!(
        "suggest: precision {precision:.3} recall {recall:.3} ({tp} of {} worthy, {fp} extra); mean AP {map:.3}",
        tp + fn_
    );
    println!("baseline (has a digit): precision {base_precision:.3} recall {base_recall:.3}; mean AP {base_map:.3}");
    println!("speakers {speakers_right}/{speakers}, disputers {disputers_right}/{disputers}");
    // Floors, so that a change that makes it worse fails here.
    assert!(recall >= 0.85 && precision >= 0.8, "precision {precision}, recall {recall}");
    assert!(map >= base_map, "mean AP {map} against the baseline {base_map}");
    assert!(speakers_right * 10 >= speakers * 7 && disputers_right * 10 >= disputers * 7);
}
