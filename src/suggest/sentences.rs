//! Cutting an archived text into sentences, each a span of code points whose
//! slice is the sentence exactly (no surrounding whitespace).

/// A sentence's place in the text: code points `start..end`, and the speaker
/// label of a transcript turn it belongs to (`SMITH: ...`), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub turn: Option<String>,
}

/// Words a full stop follows without ending the sentence: titles and other
/// abbreviations that come before a name or a number.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cpl", "adm", "maj", "st",
    "mt", "ft", "jr", "sr", "rev", "hon", "pres", "supt", "insp", "det", "no", "nos", "vs", "v", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "vol", "art", "inc", "ltd",
    "co", "corp", "dept", "univ", "assn", "bros", "e.g", "i.e", "cf", "al",
];

/// Words that open a sentence: after an abbreviation that may also end one
/// (U.S., etc., a.m.), one of these starts a new sentence.
const OPENERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "A",
    "An",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "However",
    "Meanwhile",
    "Later",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "According",
    "Some",
    "Many",
    "Most",
    "Officials",
    "Police",
];

/// Capitalised words that, run on after a lowercase word with no stop
/// between, begin a new sentence (a lost full stop or line break).
const RUN_ON_OPENERS: &[&str] = &[
    "However",
    "Later",
    "Meanwhile",
    "Earlier",
    "Separately",
    "Moreover",
    "Furthermore",
    "Nevertheless",
    "Afterwards",
    "Subsequently",
    "Additionally",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '¿' | '¡')
}

/// The sentences of `text`, in order.
pub fn sentences(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let lines = lines(&chars);
    let wrapped = is_hard_wrapped(&chars, &lines);
    let widest = lines.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
    // Blocks: runs of lines that belong together (a paragraph), each cut into
    // sentences on its own.
    let mut out = Vec::new();
    let mut block: Option<(usize, usize)> = None;
    let mut turn: Option<String> = None;
    for (i, &(s, e)) in lines.iter().enumerate() {
        let (s, e) = trim(&chars, s, e);
        if s == e {
            if let Some((bs, be)) = block.take() {
                cut(&chars, bs, be, &turn, &mut out);
            }
            continue;
        }
        // A transcript turn: "SPEAKER: words" starts a block of its own.
        let (s, label) = match turn_label(&chars, s, e) {
            Some((label, body)) => {
                if let Some((bs, be)) = block.take() {
                    cut(&chars, bs, be, &turn, &mut out);
                }
                turn = Some(label);
                (body, true)
            }
            None => (s, false),
        };
        let _ = label;
        block = Some(match block {
            Some((bs, _)) => (bs, e),
            None => (s, e),
        });
        // Where a line ends a block: always, unless the text is wrapped at a
        // fixed width; there, a blank line, or a short line with no stop.
        let next_blank = lines.get(i + 1).is_none_or(|&(ns, ne)| trim(&chars, ns, ne).0 == trim(&chars, ns, ne).1);
        let ends = !wrapped || next_blank || (e - s) * 10 < widest * 6 || ends_sentence(&chars, s, e);
        if ends && let Some((bs, be)) = block.take() {
            cut(&chars, bs, be, &turn, &mut out);
        }
    }
    if let Some((bs, be)) = block.take() {
        cut(&chars, bs, be, &turn, &mut out);
    }
    out
}

/// Each line's span, without its line break.
fn lines(chars: &[char]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '\n' | '\u{2028}' | '\u{2029}') {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, chars.len()));
    lines
}

fn trim(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// Whether the line `s..e` ends with a sentence's final punctuation.
fn ends_sentence(chars: &[char], s: usize, e: usize) -> bool {
    let mut i = e;
    while i > s && is_closer(chars[i - 1]) {
        i -= 1;
    }
    i > s && matches!(chars[i - 1], '.' | '!' | '?' | '…' | ':' | ';')
}

/// Text wrapped at a fixed width (most lines stop mid-sentence, and none is
/// long), where a line break is only a space.
fn is_hard_wrapped(chars: &[char], lines: &[(usize, usize)]) -> bool {
    let full: Vec<_> = lines.iter().map(|&(s, e)| trim(chars, s, e)).filter(|(s, e)| s < e).collect();
    if full.len() < 4 || full.iter().any(|(s, e)| e - s > 100) {
        return false;
    }
    let open = full.iter().filter(|&&(s, e)| !ends_sentence(chars, s, e)).count();
    open * 2 > full.len()
}

/// A transcript's speaker label at the start of a line: one to four words,
/// the first capitalised, then a colon ("TRUMP:", "Moderator:", "Sen. Ada
/// Ross:"). Gives the label and where the words after it start.
fn turn_label(chars: &[char], s: usize, e: usize) -> Option<(String, usize)> {
    let colon = (s..e.min(s + 40)).find(|&i| chars[i] == ':')?;
    let label: String = chars[s..colon].iter().collect();
    let words: Vec<&str> = label.split_whitespace().collect();
    let plausible = !words.is_empty()
        && words.len() <= 4
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && label.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '’'))
        && colon + 1 < e
        && chars[colon + 1].is_whitespace();
    if !plausible {
        return None;
    }
    let mut body = colon + 1;
    while body < e && chars[body].is_whitespace() {
        body += 1;
    }
    (body < e).then_some((label.trim().to_string(), body))
}

/// The word (letters, digits, dots, apostrophes) that ends just before `i`.
fn word_before(chars: &[char], i: usize) -> String {
    let mut j = i;
    while j > 0 && (chars[j - 1].is_alphanumeric() || chars[j - 1] == '.' || chars[j - 1] == '\'') {
        j -= 1;
    }
    chars[j..i].iter().collect()
}

/// The word that starts at `i`.
fn word_at(chars: &[char], i: usize) -> String {
    chars[i..].iter().take_while(|c| c.is_alphanumeric()).collect()
}

/// Cuts the block `s..e` into sentences.
fn cut(chars: &[char], s: usize, e: usize, turn: &Option<String>, out: &mut Vec<Span>) {
    let mut start = s;
    let mut i = s;
    let push = |a: usize, b: usize, out: &mut Vec<Span>| {
        let (a, b) = trim(chars, a, b);
        if a < b {
            out.push(Span { start: a, end: b, turn: turn.clone() });
        }
    };
    while i < e {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // The stop, any more stops, and the quotes and brackets it closes.
            let mut j = i + 1;
            while j < e && matches!(chars[j], '.' | '!' | '?' | '…') {
                j += 1;
            }
            while j < e && is_closer(chars[j]) {
                j += 1;
            }
            if j >= e {
                break;
            }
            if !chars[j].is_whitespace() {
                i = j;
                continue;
            }
            let mut k = j;
            while k < e && chars[k].is_whitespace() {
                k += 1;
            }
            if k < e && boundary(chars, i, k) {
                push(start, j, out);
                start = k;
            }
            i = k;
            continue;
        }
        // A run-on: "during the raid Later in a statement".
        if c == ' ' && i > start && chars[i - 1].is_lowercase() && i + 1 < e && chars[i + 1].is_uppercase() {
            let next = word_at(chars, i + 1);
            let after = i + 1 + next.chars().count();
            if RUN_ON_OPENERS.contains(&next.as_str()) && after < e && matches!(chars[after], ' ' | ',') {
                push(start, i, out);
                start = i + 1;
            }
        }
        i += 1;
    }
    push(start, e, out);
}

/// Whether the stop at `stop` ends a sentence, the next starting at `next`.
fn boundary(chars: &[char], stop: usize, next: usize) -> bool {
    let n = chars[next];
    let starts = n.is_uppercase() || n.is_ascii_digit() || is_opener(n) || matches!(n, '-' | '—' | '–' | '•');
    if !starts {
        return false;
    }
    if chars[stop] != '.' {
        return true;
    }
    let before = word_before(chars, stop);
    let lower = before.to_lowercase();
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    // An initial ("John F. Kennedy") or a dotted abbreviation ("U.S.", "a.m.",
    // "etc."): a sentence ends there only if an opening word follows.
    let initial = before.chars().count() == 1 && before.chars().all(char::is_uppercase);
    let dotted = before.contains('.') || matches!(lower.as_str(), "etc" | "am" | "pm" | "a.m" | "p.m");
    if initial || dotted {
        let word = word_at(chars, next);
        return OPENERS.contains(&word.as_str());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentences(text).iter().map(|s| chars[s.start..s.end].iter().collect()).collect()
    }

    #[test]
    fn abbreviations_decimals_and_thousands_do_not_end_a_sentence() {
        let t = "Mr. Smith paid $3.5 million, or 2,500.75 each, in the U.S. on Jan. 5. Dr. Ada Lee of the U.N. agreed. The U.S. Army said no.";
        assert_eq!(
            texts(t),
            [
                "Mr. Smith paid $3.5 million, or 2,500.75 each, in the U.S. on Jan. 5.",
                "Dr. Ada Lee of the U.N. agreed.",
                "The U.S. Army said no."
            ]
        );
    }

    #[test]
    fn quotations_end_where_their_closing_mark_does() {
        let t = "“We lost 40 men.” The minister said so. He asked, “Why?” and left.";
        assert_eq!(texts(t), ["“We lost 40 men.”", "The minister said so.", "He asked, “Why?” and left."]);
    }

    #[test]
    fn a_line_without_a_stop_and_a_run_on_are_sentences_of_their_own() {
        let t = "A heading\nThe body starts. It was said during the raid Later in a statement he spoke\n";
        assert_eq!(
            texts(t),
            ["A heading", "The body starts.", "It was said during the raid", "Later in a statement he spoke"]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined_and_turns_are_labelled() {
        let t = "The minister said on Monday that more than\n40 people were arrested in the city, and\nthat every arrest was lawful under the law of\nthe land. Others disagreed with him.\n\nSMITH: We cut taxes. Thank you.\n";
        let s = sentences(t);
        assert_eq!(s.len(), 4);
        assert_eq!(texts(t)[2], "We cut taxes.");
        assert_eq!(s[2].turn.as_deref(), Some("SMITH"));
    }
}
