//! Finding quotes in a source's archived text. Matching ignores differences
//! of whitespace and of typographic quotes and dashes, and nothing else.

use crate::model::Anchor;

/// Characters of context kept before and after an anchored quote.
pub const CONTEXT_CHARS: usize = 32;

/// The one character a text character compares as, or None for whitespace.
fn fold(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Some('-'),
        c => Some(c),
    }
}

/// Text folded for matching, with each folded char's code-point offset in the original.
struct Folded {
    chars: Vec<char>,
    origin: Vec<usize>,
}

/// Folds `text`: typographic marks to plain ones, each whitespace run to one
/// space, leading and trailing whitespace dropped.
fn fold_text(text: &str) -> Folded {
    let mut chars = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        match fold(c) {
            None => {
                if pending_space.is_none() && !chars.is_empty() {
                    pending_space = Some(i);
                }
            }
            Some(f) => {
                if let Some(at) = pending_space.take() {
                    chars.push(' ');
                    origin.push(at);
                }
                chars.push(f);
                origin.push(i);
            }
        }
    }
    Folded { chars, origin }
}

/// Why a quote could not be anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The quote is empty once whitespace is dropped.
    Empty,
    /// Not in the text; the closest passage, when one is reasonably close.
    NotFound { closest: Option<String> },
}

/// Finds `quote` in `text` and anchors it by code-point offsets with context.
pub fn anchor(text: &str, quote: &str) -> Result<Anchor, Miss> {
    let hay = fold_text(text);
    let needle = fold_text(quote);
    if needle.chars.is_empty() {
        return Err(Miss::Empty);
    }
    let Some(at) = find(&hay.chars, &needle.chars) else {
        return Err(Miss::NotFound { closest: closest_passage(text, &hay, &needle.chars) });
    };
    let start = hay.origin[at];
    let end = hay.origin[at + needle.chars.len() - 1] + 1;
    Ok(anchor_span(text, start, end))
}

/// The anchor of the code points `start..end` of `text`.
pub fn anchor_span(text: &str, start: usize, end: usize) -> Anchor {
    let chars: Vec<char> = text.chars().collect();
    let before: String = chars[start.saturating_sub(CONTEXT_CHARS)..start].iter().collect();
    let after: String = chars[end..(end + CONTEXT_CHARS).min(chars.len())].iter().collect();
    Anchor { start: start as i64, end: end as i64, before, after }
}

fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The passage of `text` most like the quote: a window of the quote's length
/// starting at each word, scored by edit distance.
fn closest_passage(text: &str, hay: &Folded, needle: &[char]) -> Option<String> {
    let len = needle.len().min(hay.chars.len());
    if len == 0 {
        return None;
    }
    let needle_str: String = needle.iter().collect();
    let mut best: Option<(f64, usize)> = None;
    for start in 0..=(hay.chars.len() - len) {
        if start > 0 && hay.chars[start - 1] != ' ' {
            continue;
        }
        let window: String = hay.chars[start..start + len].iter().collect();
        let score = strsim::normalized_levenshtein(&needle_str, &window);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, start));
        }
    }
    let (score, start) = best?;
    if score < 0.5 {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let from = hay.origin[start];
    let to = hay.origin[start + len - 1] + 1;
    Some(chars[from..to].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "Police seized 150 computer devices.\nThe group’s  spokesman said “one   member” was killed – a claim denied.";

    #[test]
    fn exact_quote_is_anchored_with_context() {
        let a = anchor(TEXT, "150 computer devices").unwrap();
        let chars: Vec<char> = TEXT.chars().collect();
        assert_eq!(chars[a.start as usize..a.end as usize].iter().collect::<String>(), "150 computer devices");
        assert_eq!(a.before, "Police seized ");
        assert!(a.after.starts_with(".\nThe group’s"));
    }

    #[test]
    fn whitespace_and_typography_are_ignored() {
        let a = anchor(TEXT, "group's spokesman said \"one member\" was killed - a claim").unwrap();
        let chars: Vec<char> = TEXT.chars().collect();
        let found: String = chars[a.start as usize..a.end as usize].iter().collect();
        assert_eq!(found, "group’s  spokesman said “one   member” was killed – a claim");
        assert!(anchor(TEXT, "devices. The group’s").is_ok());
    }

    #[test]
    fn anything_else_is_a_miss_with_the_closest_passage() {
        assert!(anchor(TEXT, "police seized").is_err(), "case is not ignored");
        match anchor(TEXT, "seized 151 computer devices") {
            Err(Miss::NotFound { closest: Some(c) }) => {
                assert_eq!(c, "seized 150 computer devices")
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(anchor(TEXT, "  "), Err(Miss::Empty));
    }
}
