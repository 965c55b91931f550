//! Finding quotes in a source's archived text. Matching ignores differences
//! of whitespace, of typographic quotes and dashes, and of Unicode normal
//! form (an "ë" typed as one character or as "e" and a combining mark), and
//! nothing else.

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

/// Text folded for matching. Each folded char comes from the code points
/// `origin[i]..end[i]` of the original: one character with its combining
/// marks, composed as in NFC, folds to one char or a few sharing a span.
struct Folded {
    chars: Vec<char>,
    origin: Vec<usize>,
    end: Vec<usize>,
}

/// Whether `c` belongs to the character before it: a combining mark, or a
/// Hangul vowel or final consonant that composes with the jamo before it.
fn continues(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0 || ('\u{1160}'..='\u{11FF}').contains(&c)
}

/// Whether `c` composes with the character gathered so far, though it is
/// no combining mark: the two-part vowel signs of Bengali, Oriya, Tamil,
/// Kannada, Malayalam and Sinhala (ো is ে and া).
fn composes(cluster: &str, c: char) -> bool {
    use unicode_normalization::UnicodeNormalization;
    // No composition ends in an ASCII character: most text is decided here.
    if c.is_ascii() {
        return false;
    }
    let last = cluster.nfc().last();
    last.is_some_and(|last| unicode_normalization::char::compose(last, c).is_some())
}

/// Folds `text`: typographic marks to plain ones, each character with its
/// combining marks to NFC (so "ë" typed as one code point or as "e" and a
/// mark compares alike), each whitespace run to one space, leading and
/// trailing whitespace dropped.
fn fold_text(text: &str) -> Folded {
    let mut folded = Folded { chars: Vec::with_capacity(text.len()), origin: Vec::new(), end: Vec::new() };
    let mut pending_space: Option<usize> = None;
    // The character being gathered: its folded code points and where it starts.
    let mut cluster = String::new();
    let mut cluster_start = 0;
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        count = i + 1;
        match fold(c) {
            Some(f) if !cluster.is_empty() && (continues(f) || composes(&cluster, f)) => cluster.push(f),
            None => {
                folded.push_cluster(&mut cluster, cluster_start, i);
                if pending_space.is_none() && !folded.chars.is_empty() {
                    pending_space = Some(i);
                }
            }
            Some(f) => {
                folded.push_cluster(&mut cluster, cluster_start, i);
                if let Some(at) = pending_space.take() {
                    folded.chars.push(' ');
                    folded.origin.push(at);
                    folded.end.push(at + 1);
                }
                cluster.push(f);
                cluster_start = i;
            }
        }
    }
    folded.push_cluster(&mut cluster, cluster_start, count);
    folded
}

impl Folded {
    /// Adds a gathered character, composed, as coming from `start..end`.
    fn push_cluster(&mut self, cluster: &mut String, start: usize, end: usize) {
        use unicode_normalization::UnicodeNormalization;
        for c in cluster.nfc() {
            self.chars.push(c);
            self.origin.push(start);
            self.end.push(end);
        }
        cluster.clear();
    }
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
    let Some(at) = find(&hay, &needle.chars) else {
        return Err(Miss::NotFound { closest: closest_passage(text, &hay, &needle.chars) });
    };
    let start = hay.origin[at];
    let end = hay.end[at + needle.chars.len() - 1];
    Ok(anchor_span(text, start, end))
}

/// The anchor of the code points `start..end` of `text`.
pub fn anchor_span(text: &str, start: usize, end: usize) -> Anchor {
    let chars: Vec<char> = text.chars().collect();
    let before: String = chars[start.saturating_sub(CONTEXT_CHARS)..start].iter().collect();
    let after: String = chars[end..(end + CONTEXT_CHARS).min(chars.len())].iter().collect();
    Anchor { start: start as i64, end: end as i64, before, after }
}

/// The first match of `needle` in `hay` made of whole characters: one that
/// neither begins nor ends inside a character and its combining marks, so
/// "Zoe" is not found in "Zoë".
fn find(hay: &Folded, needle: &[char]) -> Option<usize> {
    let chars = &hay.chars;
    if needle.len() > chars.len() {
        return None;
    }
    let whole = |at: usize| {
        let end = at + needle.len();
        (at == 0 || hay.origin[at - 1] != hay.origin[at])
            && (end == chars.len() || hay.origin[end] != hay.origin[end - 1])
    };
    chars.windows(needle.len()).enumerate().position(|(at, w)| w == needle && whole(at))
}

/// The passage of `text` most like the quote (see [`closest_window`]), as it
/// reads in `text`; none if even that passage is not reasonably close.
fn closest_passage(text: &str, hay: &Folded, needle: &[char]) -> Option<String> {
    let (start, len) = closest_window(&hay.chars, needle)?;
    let chars: Vec<char> = text.chars().collect();
    let from = hay.origin[start];
    let to = hay.end[start + len - 1];
    Some(chars[from..to].iter().collect())
}

/// How alike a window at edit distance `distance` is to a quote of `quote_len`
/// characters, from 0 to 1: strsim's normalised Levenshtein, as the window is
/// never longer than the quote.
fn similarity(distance: usize, quote_len: usize) -> f64 {
    1.0 - distance as f64 / quote_len as f64
}

/// The closest window, as its start and length in `hay`: of the windows of the
/// quote's length (of the whole text, if the quote is longer) that start at a
/// word, the one at the least edit distance from the quote, the first of
/// equals; none if its similarity is under one half.
///
/// Every window is a candidate, so the answer is an exhaustive search's. What
/// makes it fast is a lower bound on each window's distance, from two passes
/// over the text that cost what measuring a few windows would: the least
/// distance from the quote to any stretch of text that ends where the window
/// ends, and to any that starts where it starts. Windows are measured in order
/// of their bound, and the search stops at the first bound above the best
/// distance found, so usually only the windows around the best one are measured.
fn closest_window(hay: &[char], needle: &[char]) -> Option<(usize, usize)> {
    let len = needle.len().min(hay.len());
    if len == 0 {
        return None;
    }
    // Distances above this are not close: the best window, if it is, is what is shown.
    let farthest = (0..=needle.len()).rev().find(|&d| similarity(d, needle.len()) >= 0.5)?;

    let alphabet = Alphabet::new(needle);
    let text: Vec<u32> = hay.iter().map(|&c| alphabet.symbol(c)).collect();
    let quote: Vec<u32> = needle.iter().map(|&c| alphabet.symbol(c)).collect();
    let forward = Myers::new(quote.iter().copied(), alphabet.size());
    let backward = Myers::new(quote.iter().rev().copied(), alphabet.size());

    // ending[j]: the least distance from the quote to a stretch of text ending at j.
    let mut ending = Vec::with_capacity(text.len() + 1);
    ending.push(needle.len());
    forward.scan(text.iter().copied(), false, |d| {
        ending.push(d);
        true
    });
    // starting[s]: the least distance from the quote to a stretch of text starting at s.
    let mut starting = vec![0; text.len() + 1];
    starting[text.len()] = needle.len();
    let mut at = text.len();
    backward.scan(text.iter().rev().copied(), false, |d| {
        at -= 1;
        starting[at] = d;
        true
    });

    let mut candidates: Vec<(usize, usize)> = (0..=hay.len() - len)
        .filter(|&start| start == 0 || hay[start - 1] == ' ')
        .map(|start| (ending[start + len].max(starting[start]), start))
        .filter(|&(bound, _)| bound <= farthest)
        .collect();
    candidates.sort_unstable();

    let mut best: Option<(usize, usize)> = None;
    for (bound, start) in candidates {
        let limit = match best {
            Some((distance, _)) if bound > distance => break,
            // Sorted by start within a bound: no later window can win a tie.
            Some((distance, best_start)) if bound == distance && start > best_start => continue,
            Some((distance, _)) => distance,
            None => farthest,
        };
        if let Some(distance) = forward.distance(&text[start..start + len], limit)
            && best.is_none_or(|(d, s)| distance < d || (distance == d && start < s))
        {
            best = Some((distance, start));
        }
    }
    best.map(|(_, start)| (start, len))
}

/// The quote's characters numbered from 1; every other character is 0.
struct Alphabet {
    ascii: [u32; 128],
    other: std::collections::HashMap<char, u32>,
    size: u32,
}

impl Alphabet {
    fn new(quote: &[char]) -> Alphabet {
        let mut alphabet = Alphabet { ascii: [0; 128], other: Default::default(), size: 1 };
        for &c in quote {
            if alphabet.symbol(c) == 0 {
                let symbol = alphabet.size;
                alphabet.size += 1;
                if c.is_ascii() {
                    alphabet.ascii[c as usize] = symbol;
                } else {
                    alphabet.other.insert(c, symbol);
                }
            }
        }
        alphabet
    }

    fn symbol(&self, c: char) -> u32 {
        if c.is_ascii() { self.ascii[c as usize] } else { self.other.get(&c).copied().unwrap_or(0) }
    }

    fn size(&self) -> usize {
        self.size as usize
    }
}

/// A pattern prepared for Myers' bit-parallel edit distance, in Hyyrö's
/// blocks of 64 rows (as in edlib): a column of the distance matrix is
/// advanced a block at a time, as the differences between its cells.
struct Myers {
    rows: usize,
    blocks: usize,
    /// For each symbol and block, the rows of the pattern that hold the symbol.
    peq: Vec<u64>,
}

impl Myers {
    fn new(pattern: impl ExactSizeIterator<Item = u32>, symbols: usize) -> Myers {
        let rows = pattern.len();
        let blocks = rows.div_ceil(64).max(1);
        let mut peq = vec![0u64; symbols * blocks];
        for (row, symbol) in pattern.enumerate() {
            peq[symbol as usize * blocks + row / 64] |= 1 << (row % 64);
        }
        Myers { rows, blocks, peq }
    }

    /// Runs the pattern over `text`, calling `each` with the distance of the
    /// whole pattern after each character: to the text so far if `whole`, else
    /// to the best stretch of it ending there. Stops when `each` says false.
    fn scan(&self, text: impl Iterator<Item = u32>, whole: bool, mut each: impl FnMut(usize) -> bool) {
        let last = self.blocks - 1;
        let last_row = 1u64 << ((self.rows.max(1) - 1) % 64);
        let mut positive = vec![!0u64; self.blocks];
        let mut negative = vec![0u64; self.blocks];
        let mut score = self.rows as isize;
        for symbol in text {
            let eq = &self.peq[symbol as usize * self.blocks..][..self.blocks];
            let mut carry = if whole { 1 } else { 0 };
            for block in 0..last {
                carry = advance(&mut positive[block], &mut negative[block], eq[block], carry, 1 << 63);
            }
            score += advance(&mut positive[last], &mut negative[last], eq[last], carry, last_row) as isize;
            if !each(score as usize) {
                return;
            }
        }
    }

    /// The edit distance from the pattern to `text`, or None once it is sure to exceed `limit`.
    fn distance(&self, text: &[u32], limit: usize) -> Option<usize> {
        let mut result = Some(self.rows);
        let mut left = text.len();
        self.scan(text.iter().copied(), true, |d| {
            left -= 1;
            // Each remaining character lowers the distance by one at most.
            result = (d <= limit + left).then_some(d);
            result.is_some()
        });
        result.filter(|&d| d <= limit)
    }
}

/// Advances one block of a column by one text character: `positive` and
/// `negative` are the block's vertical differences (+1, -1), `eq` its rows that
/// match the character, `carry` the horizontal difference entering at its top.
/// Returns the horizontal difference at the row `out`.
#[inline]
fn advance(positive: &mut u64, negative: &mut u64, eq: u64, carry: i32, out: u64) -> i32 {
    let (pv, mv) = (*positive, *negative);
    let xv = eq | mv;
    let eq = eq | u64::from(carry < 0);
    let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
    let ph = mv | !(xh | pv);
    let mh = pv & xh;
    let hout = i32::from(ph & out != 0) - i32::from(mh & out != 0);
    let ph = (ph << 1) | u64::from(carry > 0);
    let mh = (mh << 1) | u64::from(carry < 0);
    *positive = mh | !(xv | ph);
    *negative = ph & xv;
    hout
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
    fn either_normal_form_finds_the_other() {
        let composed = "Durr\u{eb}s and Man\u{eb}z";
        let decomposed = "Durre\u{308}s and Mane\u{308}z";
        let slice = |text: &str, a: &Anchor| {
            text.chars().skip(a.start as usize).take((a.end - a.start) as usize).collect::<String>()
        };
        let a = anchor(decomposed, "Durr\u{eb}s").unwrap();
        assert_eq!(slice(decomposed, &a), "Durre\u{308}s", "the text's own characters, mark included");
        let a = anchor(composed, "Mane\u{308}z").unwrap();
        assert_eq!(slice(composed, &a), "Man\u{eb}z");
        assert_eq!((a.start, a.end), (11, 16));
        // Marks typed in another order are the same text: a dot below and a circumflex.
        assert!(anchor("vi\u{1ec7}t", "vie\u{302}\u{323}t").is_ok());
        // A vowel sign in two parts (Bengali ো as ে and া) is one character either way.
        let split = "\u{995}\u{9c7}\u{9be}\u{9a8}";
        assert!(anchor(split, "\u{995}\u{9cb}\u{9a8}").is_ok());
        assert!(anchor(split, "\u{995}\u{9c7}").is_err(), "half a character");
    }

    #[test]
    fn a_quote_never_ends_or_begins_inside_a_character() {
        for text in ["Zo\u{eb} denied it", "Zoe\u{308} denied it"] {
            assert!(anchor(text, "Zoe").is_err(), "{text:?}");
            assert!(anchor(text, "\u{308} denied").is_err(), "{text:?}");
            assert!(anchor(text, "Zo\u{eb}").is_ok(), "{text:?}");
        }
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

    /// The search as it was, every window measured: the reference the fast one must agree with.
    fn closest_window_exhaustive(hay: &[char], needle: &[char]) -> Option<(usize, usize)> {
        let len = needle.len().min(hay.len());
        if len == 0 {
            return None;
        }
        let needle_str: String = needle.iter().collect();
        let mut best: Option<(f64, usize)> = None;
        for start in 0..=(hay.len() - len) {
            if start > 0 && hay[start - 1] != ' ' {
                continue;
            }
            let window: String = hay[start..start + len].iter().collect();
            let score = strsim::normalized_levenshtein(&needle_str, &window);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, start));
            }
        }
        let (score, start) = best?;
        if score < 0.5 {
            return None;
        }
        Some((start, len))
    }

    /// A small deterministic generator (xorshift), so that failures replay.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const WORDS: &[&str] = &[
        "the",
        "police",
        "raided",
        "camp",
        "at",
        "dawn",
        "and",
        "seized",
        "computers",
        "while",
        "residents",
        "protested",
        "outside",
        "café",
        "naïve",
        "“one",
        "member”",
        "group’s",
        "–",
        "150",
        "Zoë",
        "é",
        "a",
    ];

    /// A quote made from a passage of `text` by a few random edits: characters
    /// changed, dropped or added, words dropped or swapped.
    fn misquote(rng: &mut Rng, text: &str) -> String {
        let words: Vec<&str> = text.split_whitespace().collect();
        let from = rng.below(words.len());
        let to = (from + 1 + rng.below(24)).min(words.len());
        let mut quote: Vec<String> = words[from..to].iter().map(|w| w.to_string()).collect();
        for _ in 0..rng.below(4) {
            let i = rng.below(quote.len());
            match rng.below(6) {
                0 if quote.len() > 1 => {
                    quote.remove(i);
                }
                1 if i + 1 < quote.len() => quote.swap(i, i + 1),
                2 => quote.insert(i, rng.pick(WORDS).to_string()),
                _ => {
                    let mut chars: Vec<char> = quote[i].chars().collect();
                    let at = rng.below(chars.len());
                    match rng.below(3) {
                        0 => chars[at] = ['x', 'é', '’', 'e'][rng.below(4)],
                        1 if chars.len() > 1 => {
                            chars.remove(at);
                        }
                        _ => chars.insert(at, ['y', 'ï', '"'][rng.below(3)]),
                    }
                    quote[i] = chars.into_iter().collect();
                }
            }
        }
        quote.join(" ")
    }

    #[test]
    fn the_bit_parallel_distance_is_levenshtein() {
        let mut rng = Rng(0x5eed);
        for _ in 0..400 {
            let random = |rng: &mut Rng, n: usize| -> Vec<char> {
                (0..n).map(|_| ['a', 'b', 'c', 'é'][rng.below(4)]).collect()
            };
            let a_len = [0, 1, 5, 63, 64, 65, 127, 128, 129, 200][rng.below(10)];
            let b_len = rng.below(150);
            let (a, b) = (random(&mut rng, a_len.max(1)), random(&mut rng, b_len));
            let alphabet = Alphabet::new(&a);
            let (pa, tb): (Vec<u32>, Vec<u32>) =
                (a.iter().map(|&c| alphabet.symbol(c)).collect(), b.iter().map(|&c| alphabet.symbol(c)).collect());
            let myers = Myers::new(pa.iter().copied(), alphabet.size());
            let expected = strsim::generic_levenshtein(&a, &b);
            assert_eq!(myers.distance(&tb, a.len() + b.len()), Some(expected), "{a:?} {b:?}");
            assert_eq!(myers.distance(&tb, expected), Some(expected));
            if expected > 0 {
                assert_eq!(myers.distance(&tb, expected - 1), None);
            }
            // Free start in the text: the best stretch ending at each place.
            let mut ending = vec![];
            myers.scan(tb.iter().copied(), false, |d| {
                ending.push(d);
                true
            });
            // Sellers' table: the first row is zeros, as a stretch may start anywhere.
            let mut row: Vec<usize> = vec![0; b.len() + 1];
            for (i, &ca) in a.iter().enumerate() {
                let mut next = vec![i + 1; b.len() + 1];
                for (j, &cb) in b.iter().enumerate() {
                    next[j + 1] = (row[j] + usize::from(ca != cb)).min(row[j + 1] + 1).min(next[j] + 1);
                }
                row = next;
            }
            assert_eq!(ending, row[1..], "{a:?} {b:?}");
        }
    }

    #[test]
    fn the_fast_search_finds_the_passage_the_exhaustive_one_did() {
        let mut rng = Rng(0xc1a1e);
        let mut found = 0;
        for case in 0..600 {
            let words = 1 + rng.below(if case % 10 == 0 { 8 } else { 70 });
            // A small vocabulary, so that passages repeat and ties happen; sometimes periodic like bench/compare.py.
            let vocabulary = &WORDS[..2 + rng.below(WORDS.len() - 2)];
            let text: Vec<&str> = match case % 3 {
                0 => (0..words).map(|i| vocabulary[(i * 7) % vocabulary.len()]).collect(),
                _ => (0..words).map(|_| rng.pick(vocabulary)).collect(),
            };
            let spaces = ["\n", "  ", " "];
            let text: String = text.iter().map(|w| format!("{w}{}", spaces[rng.below(3)])).collect();
            let quote = match case % 7 {
                0 => (0..1 + rng.below(12)).map(|_| rng.pick(WORDS)).collect::<Vec<_>>().join(" "),
                1 => format!("{} {}", misquote(&mut rng, &text), misquote(&mut rng, &text)),
                _ => misquote(&mut rng, &text),
            };
            let (hay, needle) = (fold_text(&text), fold_text(&quote));
            let fast = closest_window(&hay.chars, &needle.chars);
            assert_eq!(fast, closest_window_exhaustive(&hay.chars, &needle.chars), "{quote:?} in {text:?}");
            found += usize::from(fast.is_some());
        }
        assert!(found > 300, "most misquotes have a close passage: {found}");
    }

    #[test]
    fn a_misquote_shows_the_window_at_the_least_distance() {
        let text = "On Tuesday police seized 150 computer devices at the camp.\nThe group’s spokesman said “one member” was killed — a claim the café’s owner, Zoë Ferré, denied.";
        let closest = |quote: &str| {
            let (hay, needle) = (fold_text(text), fold_text(quote));
            let window = closest_window_exhaustive(&hay.chars, &needle.chars);
            assert_eq!(closest_window(&hay.chars, &needle.chars), window, "{quote}");
            match anchor(text, quote) {
                Err(Miss::NotFound { closest }) => closest,
                other => panic!("unexpected {other:?}"),
            }
        };
        // One character changed.
        assert_eq!(
            closest("police seized 150 computer devixes").as_deref(),
            Some("police seized 150 computer devices")
        );
        // A word dropped: the window is the quote's length, so it stops short of the passage's end.
        assert_eq!(closest("police seized computer devices").as_deref(), Some("police seized 150 computer dev"));
        // Two words swapped.
        assert_eq!(
            closest("police seized 150 devices computer").as_deref(),
            Some("police seized 150 computer devices")
        );
        // Typography is folded for the comparison but the passage is shown as the text has it.
        assert_eq!(
            closest("group's spokesman said \"one membre\"").as_deref(),
            Some("group’s spokesman said “one member”")
        );
        assert_eq!(
            closest("the cafe's owner, Zoë Ferré, denied").as_deref(),
            Some("the café’s owner, Zoë Ferré, denied")
        );
        // Words that are all in the text, but nowhere together.
        assert_eq!(closest("member camp Tuesday denied devices spokesman"), None);
        // A quote longer than the text is compared with the whole text.
        let short = "Police seized 150 computer devices.";
        match anchor(short, "Police seized 150 computer devices on Tuesday at dawn.") {
            Err(Miss::NotFound { closest }) => assert_eq!(closest.as_deref(), Some(short)),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            anchor(short, "The group’s spokesman said one member was killed in the raid on Tuesday."),
            Err(Miss::NotFound { closest: None })
        );
    }
}
