//! A sentence's words, and the names in it: the ledger's actors first, then
//! capitalised names and role nouns ("the police", "a spokesman").

/// A word or a punctuation mark, by code points within its sentence.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub text: String,
    /// Lowercased, typographic apostrophes made plain, a possessive 's dropped.
    pub norm: String,
    pub word: bool,
}

impl Token {
    pub fn is(&self, words: &[&str]) -> bool {
        self.word && words.contains(&self.norm.as_str())
    }
    pub fn capitalised(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    pub fn possessive(&self) -> bool {
        self.text.ends_with("'s") || self.text.ends_with("’s") || self.text.ends_with("s'") || self.text.ends_with("s’")
    }
    pub fn punct(&self, marks: &str) -> bool {
        !self.word && self.text.chars().next().is_some_and(|c| marks.contains(c))
    }
}

/// Joins inside a word: "U.S.", "2,500", "Mujahedeen-e-Khalq", "Iran’s".
fn joins(prev: char, c: char, next: Option<char>) -> bool {
    let next_alnum = next.is_some_and(char::is_alphanumeric);
    match c {
        '\'' | '’' | '-' | '‑' => prev.is_alphanumeric() && next_alnum,
        '.' => prev.is_alphanumeric() && next_alnum,
        ',' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
        _ => false,
    }
}

pub fn normalise(word: &str) -> String {
    let mut w = word.to_lowercase().replace('’', "'");
    if w.ends_with("'s") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("s'") {
        w.truncate(w.len() - 1);
    }
    w
}

pub fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                if d.is_alphanumeric() || unicode_normalization::char::canonical_combining_class(d) != 0 {
                    i += 1;
                } else if joins(chars[i - 1], d, chars.get(i + 1).copied()) {
                    i += 2;
                } else {
                    break;
                }
            }
            let text: String = chars[start..i].iter().collect();
            let mut end = i;
            // A dotted abbreviation keeps its final dot ("U.S.").
            if i < chars.len()
                && chars[i] == '.'
                && text.contains('.')
                && text.chars().all(|c| c.is_alphabetic() || c == '.')
            {
                end += 1;
                i += 1;
            }
            // A plural possessive keeps its apostrophe ("the traders' association").
            if end < chars.len()
                && matches!(chars[end], '\'' | '’')
                && chars[end - 1] == 's'
                && chars.get(end + 1).is_none_or(|c| c.is_whitespace())
            {
                end += 1;
                i += 1;
            }
            let text: String = chars[start..end].iter().collect();
            let norm = normalise(&text);
            out.push(Token { start, text, norm, word: true });
        } else {
            out.push(Token { start: i, text: c.to_string(), norm: c.to_string(), word: false });
            i += 1;
        }
    }
    out
}

/// The ledger's actors as names to look for: each name and alias, tokenised.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// By the normalised first word: (the normalised words, the actor's index).
    by_first: std::collections::HashMap<String, Vec<(Vec<String>, usize)>>,
}

impl Gazetteer {
    pub fn new<'a>(names: impl IntoIterator<Item = (usize, &'a str)>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (actor, name) in names {
            let chars: Vec<char> = name.chars().collect();
            let words: Vec<String> = tokens(&chars).into_iter().filter(|t| t.word).map(|t| t.norm).collect();
            if let Some(first) = words.first() {
                g.by_first.entry(first.clone()).or_default().push((words, actor));
            }
        }
        for list in g.by_first.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        g
    }

    /// The longest name starting at word `i`: how many tokens it spans and whose.
    fn at(&self, tokens: &[Token], i: usize) -> Option<(usize, usize)> {
        let list = self.by_first.get(&tokens[i].norm)?;
        // A name written capitalised is found only capitalised: "france" is no country.
        'names: for (words, actor) in list {
            let mut k = i;
            for (n, w) in words.iter().enumerate() {
                // Punctuation inside a name ("People's", "U.S.") is in its tokens already.
                if k >= tokens.len() || !tokens[k].word || &tokens[k].norm != w {
                    continue 'names;
                }
                if n == 0 && !tokens[k].capitalised() && !tokens[k].text.chars().next().is_some_and(char::is_numeric) {
                    continue 'names;
                }
                k += 1;
            }
            return Some((k - i, *actor));
        }
        None
    }
}

/// A name or a role in a sentence, by token indices `first..last+1`.
#[derive(Debug, Clone)]
pub struct Mention {
    pub first: usize,
    pub end: usize,
    /// The words as written (from its article or possessive on).
    pub written: String,
    /// The name the words give: the proper name after a title ("Bledi Cuci"
    /// of "Interior Minister Bledi Cuci"), else the words without "the".
    pub name: String,
    /// The ledger actor it names (its index), the one whose name ends last.
    pub actor: Option<usize>,
    /// Whether it holds a proper name, not just a role ("the police").
    pub proper: bool,
}

/// Capitalised words that are no names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "with",
    "after",
    "before",
    "during",
    "since",
    "until",
    "when",
    "while",
    "if",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "however",
    "meanwhile",
    "later",
    "earlier",
    "back",
    "then",
    "now",
    "still",
    "also",
    "as",
    "although",
    "though",
    "because",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "there",
    "here",
    "some",
    "many",
    "most",
    "more",
    "few",
    "several",
    "all",
    "both",
    "each",
    "every",
    "no",
    "not",
    "only",
    "who",
    "what",
    "which",
    "where",
    "why",
    "how",
    "founded",
    "according",
    "last",
    "next",
    "first",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "yes",
    "well",
    "let",
    "thank",
    "thanks",
    "today",
    "yesterday",
    "tomorrow",
    "mr",
    "mrs",
    "ms",
    "dr",
    "one",
    "two",
    "three",
    "ten",
    "once",
    "over",
    "under",
    "about",
    "just",
    "even",
    "despite",
    "instead",
    "again",
    "under",
    "among",
    "between",
    "within",
    "without",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "have",
    "has",
    "had",
    "can",
    "could",
    "will",
    "would",
    "should",
    "must",
    "might",
    "look",
    "listen",
    "okay",
    "ok",
    "sir",
    "madam",
    "folks",
    "everybody",
    "nobody",
];

/// Nouns for who speaks by office or kind: "the police", "a spokesman".
pub const ROLES: &[&str] = &[
    "police",
    "ministry",
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "official",
    "officials",
    "authorities",
    "authority",
    "government",
    "president",
    "chief",
    "head",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "senator",
    "governor",
    "mayor",
    "prosecutor",
    "prosecutors",
    "judge",
    "court",
    "agency",
    "army",
    "military",
    "commander",
    "general",
    "office",
    "department",
    "council",
    "committee",
    "party",
    "union",
    "company",
    "firm",
    "group",
    "organisation",
    "organization",
    "witnesses",
    "witness",
    "residents",
    "resident",
    "analysts",
    "analyst",
    "experts",
    "expert",
    "researchers",
    "doctors",
    "officers",
    "officer",
    "lawyer",
    "lawyers",
    "attorney",
    "media",
    "figures",
    "statement",
    "report",
    "study",
    "survey",
    "data",
    "sources",
    "source",
    "campaigners",
    "activists",
    "leader",
    "leaders",
    "members",
    "member",
    "representative",
    "representatives",
    "ambassador",
    "envoy",
    "commissioner",
    "deputy",
    "premier",
    "king",
    "queen",
    "prince",
    "pope",
    "bishop",
    "ceo",
    "association",
    "federation",
    "institute",
    "foundation",
    "society",
    "league",
    "bureau",
    "service",
    "commission",
    "records",
    "patient",
    "patients",
    "voter",
    "voters",
    "worker",
    "workers",
    "person",
    "traders",
    "owners",
    "farmers",
    "scientists",
    "economists",
    "critics",
    "supporters",
    "neighbours",
    "neighbors",
    "executive",
    "regulator",
    "inspector",
    "investigators",
    "ngo",
    "charity",
    "hospital",
    "ministers",
    "administration",
    "cabinet",
    "parliament",
    "congress",
    "senate",
    "state",
    "newspaper",
    "agency's",
    "broadcaster",
    "staff",
    "team",
    "board",
    "bank",
    "spokesmen",
    "presidency",
    "coalition",
    "opposition",
    "observers",
    "monitors",
    "mission",
    "embassy",
    "prime",
    "interior",
    "foreign",
    "defence",
    "defense",
    "justice",
    "health",
    "finance",
];

const DETERMINERS: &[&str] =
    &["the", "a", "an", "its", "their", "his", "her", "our", "one", "two", "three", "several", "some", "many"];

/// Pronouns a speaker is named by in the sentence after its name.
pub const PRONOUNS: &[&str] = &["he", "she"];

/// The words that may join two capitalised words into one name.
const NAME_JOINERS: &[&str] = &["of", "de", "del", "da", "van", "von", "al", "bin", "der", "la", "le", "du"];

pub fn is_name_word(t: &Token) -> bool {
    t.capitalised() && !NOT_NAMES.contains(&t.norm.as_str()) && !t.text.chars().next().is_some_and(char::is_numeric)
}

fn is_role(t: &Token) -> bool {
    t.word && ROLES.contains(&t.norm.as_str())
}

/// Whether a lowercase word may stand between an article and a role noun
/// ("the national police", "the groups spokesperson").
fn is_modifier(t: &Token) -> bool {
    t.word
        && !t.capitalised()
        && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
        && !super::score::is_verbish(&t.norm)
        && !NOT_NAMES.contains(&t.norm.as_str())
}

/// Every mention in a sentence, left to right.
pub fn mentions(tokens: &[Token], gazetteer: &Gazetteer) -> Vec<Mention> {
    // The ledger's names first, as units: (token span, actor) by start.
    let mut units: Vec<Option<(usize, usize)>> = vec![None; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].word
            && let Some((len, actor)) = gazetteer.at(tokens, i)
        {
            units[i] = Some((len, actor));
            i += len;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.is(PRONOUNS) {
            out.push(Mention {
                first: i,
                end: i + 1,
                written: t.text.clone(),
                name: t.norm.clone(),
                actor: None,
                proper: false,
            });
            i += 1;
            continue;
        }
        let starts = t.is(DETERMINERS) || units[i].is_some() || is_name_word(t) || is_role(t);
        if !starts || !t.word {
            i += 1;
            continue;
        }
        let first = i;
        let mut j = i;
        let mut last_core: Option<usize> = None; // the last name, unit or role token
        let mut actor: Option<(usize, usize)> = None; // (end token, actor)
        let mut proper = false;
        let mut name_from: Option<usize> = None; // where the proper name after the last role starts
        let mut modifiers = 0;
        if tokens[j].is(DETERMINERS) && units[j].is_none() {
            j += 1;
        }
        while j < tokens.len() && tokens[j].word {
            let t = &tokens[j];
            if let Some((len, a)) = units[j] {
                actor = Some((j + len, a));
                proper = true;
                if name_from.is_none() || last_core.is_some_and(|k| is_role(&tokens[k])) {
                    name_from = Some(j);
                }
                j += len;
                last_core = Some(j - 1);
                modifiers = 0;
                if tokens[j - 1].possessive() {
                    name_from = None;
                }
                continue;
            }
            if is_role(t) {
                last_core = Some(j);
                name_from = None;
                modifiers = 0;
                j += 1;
                continue;
            }
            if is_name_word(t) {
                if name_from.is_none() {
                    name_from = Some(j);
                }
                proper = true;
                last_core = Some(j);
                modifiers = 0;
                j += 1;
                if t.possessive() {
                    name_from = None;
                }
                continue;
            }
            // "at" after a role and before a name: "analysts at Meridian Bank".
            if t.is(&["at", "from", "for"])
                && last_core.is_some_and(|k| is_role(&tokens[k]))
                && tokens.get(j + 1).is_some_and(|n| is_name_word(n) || units[j + 1].is_some())
            {
                j += 1;
                continue;
            }
            // "of" inside a name or after a role ("head of the national police").
            if t.is(NAME_JOINERS) || (t.norm == "the" && j > first && tokens[j - 1].norm == "of") {
                if j + 1 < tokens.len()
                    && (is_name_word(&tokens[j + 1])
                        || tokens[j + 1].norm == "the"
                        || units[j + 1].is_some()
                        || is_role(&tokens[j + 1])
                        || is_modifier(&tokens[j + 1]))
                    && last_core.is_some()
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if is_modifier(t) && modifiers < 2 {
                modifiers += 1;
                j += 1;
                continue;
            }
            break;
        }
        let Some(last) = last_core else {
            i += 1;
            continue;
        };
        let end = last + 1;
        let chars_of = |a: usize, b: usize| -> String {
            tokens[a..b].iter().enumerate().fold(String::new(), |mut s, (n, t)| {
                if n > 0 && !(t.punct(",.")) {
                    s.push(' ');
                }
                s.push_str(&t.text);
                s
            })
        };
        let written = chars_of(first, end);
        let bare_from = if tokens[first].is(DETERMINERS) && units[first].is_none() { first + 1 } else { first };
        let name = match name_from {
            Some(k) if k < end => chars_of(k, end),
            _ => chars_of(bare_from, end),
        };
        let actor = actor.filter(|&(e, _)| e <= end).map(|(_, a)| a);
        // A lone article or a lone sentence-initial modifier is nothing.
        if bare_from < end {
            out.push(Mention { first, end, written, name, actor, proper });
        }
        i = end;
    }
    out
}
