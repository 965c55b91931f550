//! How check-worthy a sentence is: a weighted sum of what it holds, squashed
//! into 0..1, with the reasons that moved it. The weights are here and
//! explained in docs/suggest.md; they were set by hand on the labelled set
//! in tests/fixtures/suggest/, not fitted, so that each can be argued for.

use super::figures::Figure;
use super::speakers::Found;
use super::words::{Mention, Token};

/// Where a sentence starts before anything is counted: a sentence with
/// nothing checkable in it stays below the cut.
pub const BIAS: f64 = -1.0;

/// The default cut: a sentence scoring above this is suggested.
pub const CUT: f64 = 0.5;

pub const W_FIGURE: f64 = 1.8;
pub const W_QUALIFIED: f64 = 0.3;
pub const W_VAGUE: f64 = 0.9;
pub const W_DATE: f64 = 0.6;
pub const W_ATTRIBUTED: f64 = 1.0;
pub const W_DISPUTED: f64 = 0.8;
pub const W_KNOWN_ACTOR: f64 = 0.7;
pub const W_NAME: f64 = 0.5;
pub const W_COMPARISON: f64 = 0.6;
pub const W_CAUSAL: f64 = 0.5;
pub const W_LEGAL: f64 = 0.7;
pub const W_EVENT: f64 = 1.0;
pub const W_PAST: f64 = 0.6;
pub const W_STATE: f64 = 0.4;
pub const W_QUESTION: f64 = -3.0;
pub const W_FUTURE: f64 = -1.0;
pub const W_SCHEDULE: f64 = -0.8;
pub const W_OPINION: f64 = -1.2;
pub const W_FIRST_PERSON: f64 = -0.4;
pub const W_RITUAL: f64 = -1.5;
pub const W_SHORT: f64 = -1.0;
pub const W_SCENE: f64 = -0.8;

/// Verbs of checkable events, in the past: what happened, to whom, how many.
const EVENTS: &[&str] = &[
    "killed",
    "kills",
    "injured",
    "wounded",
    "arrested",
    "detained",
    "seized",
    "raided",
    "attacked",
    "confiscated",
    "founded",
    "built",
    "signed",
    "canceled",
    "cancelled",
    "banned",
    "fled",
    "backed",
    "endorsed",
    "created",
    "established",
    "opened",
    "closed",
    "elected",
    "lost",
    "won",
    "voted",
    "passed",
    "approved",
    "fired",
    "resigned",
    "died",
    "collapsed",
    "destroyed",
    "funded",
    "paid",
    "spent",
    "cut",
    "raised",
    "increased",
    "decreased",
    "rose",
    "fell",
    "grew",
    "doubled",
    "tripled",
    "halved",
    "sold",
    "bought",
    "invaded",
    "occupied",
    "shot",
    "bombed",
    "struck",
    "hit",
    "sent",
    "deployed",
    "evacuated",
    "displaced",
    "expelled",
    "deported",
    "sentenced",
    "convicted",
    "charged",
    "indicted",
    "acquitted",
    "jailed",
    "imprisoned",
    "executed",
    "hired",
    "laid",
    "closed",
    "launched",
    "vetoed",
    "sued",
    "fined",
    "attracted",
    "held",
    "turned",
    "discarded",
    "violated",
    "consists",
    "located",
    "housed",
    "shelters",
    "sheltered",
    "agreed",
    "withdrew",
    "joined",
    "left",
    "led",
    "took",
    "became",
    "began",
    "ended",
    "met",
    "visited",
    "received",
    "granted",
    "accounted",
    "reached",
    "recorded",
    "registered",
    "counted",
    "caused",
    "tested",
    "infected",
    "vaccinated",
    "admitted",
    "lowered",
    "imposed",
    "lifted",
    "abolished",
    "introduced",
    "enacted",
    "ratified",
    "overturned",
    "blocked",
    "cost",
    "costs",
];

const COMPARISONS: &[&str] = &[
    "largest",
    "biggest",
    "highest",
    "lowest",
    "smallest",
    "worst",
    "best",
    "most",
    "least",
    "fewest",
    "record",
    "fastest",
    "slowest",
    "greatest",
    "oldest",
    "youngest",
    "richest",
    "poorest",
    "deadliest",
    "longest",
    "shortest",
    "first",
    "doubled",
    "tripled",
    "halved",
    "compared",
    "than",
    "majority",
    "minority",
    "increase",
    "decrease",
    "rise",
    "fall",
    "drop",
    "surge",
    "decline",
    "growth",
    "unprecedented",
    "higher",
    "lower",
    "fewer",
    "larger",
    "smaller",
    "bigger",
];

const CAUSAL: &[&str] = &[
    "because",
    "caused",
    "causes",
    "cause",
    "led",
    "leading",
    "resulted",
    "result",
    "due",
    "linked",
    "responsible",
    "blamed",
    "consequence",
    "consequences",
    "therefore",
];

const LEGAL: &[&str] = &[
    "illegal",
    "illegally",
    "law",
    "laws",
    "legal",
    "legally",
    "banned",
    "ban",
    "prohibited",
    "violated",
    "violation",
    "violations",
    "court",
    "courts",
    "charged",
    "charges",
    "convicted",
    "sentenced",
    "arrested",
    "investigation",
    "investigations",
    "investigating",
    "agreement",
    "treaty",
    "unconstitutional",
    "constitution",
    "crime",
    "crimes",
    "criminal",
    "fraud",
    "lawful",
    "unlawful",
    "sanctions",
    "sanctioned",
    "prosecuted",
    "prosecution",
    "ruling",
    "ruled",
    "verdict",
    "guilty",
    "legislation",
    "bill",
    "act",
    "regulation",
    "terrorist",
    "terrorism",
    "corruption",
    "bribery",
    "condition",
    "treaty",
    "accord",
    "contract",
    "licence",
    "license",
    "permit",
    "rights",
];

const FUTURE: &[&str] = &[
    "will",
    "would",
    "could",
    "might",
    "may",
    "shall",
    "going",
    "expected",
    "expects",
    "plans",
    "planned",
    "planning",
    "intends",
    "aims",
    "likely",
    "unlikely",
    "forecast",
    "predicts",
    "predicted",
    "hope",
    "hopes",
    "soon",
    "upcoming",
    "'ll",
];

const SCHEDULE: &[&str] =
    &["scheduled", "tomorrow", "tonight", "upcoming", "next", "due", "agenda", "timetable", "coming", "later"];

const OPINION: &[&str] = &[
    "shame",
    "great",
    "terrible",
    "wonderful",
    "amazing",
    "beautiful",
    "horrible",
    "disgraceful",
    "proud",
    "sad",
    "happy",
    "glad",
    "fantastic",
    "incredible",
    "tremendous",
    "disaster",
    "ridiculous",
    "honored",
    "honoured",
    "pleased",
    "delighted",
    "grateful",
    "hopefully",
    "unfortunately",
    "frankly",
    "should",
    "ought",
    "must",
    "deserve",
    "deserves",
    "believe",
    "feel",
    "think",
    "opinion",
    "view",
    "worse",
    "better",
    "nice",
    "awful",
    "stupid",
    "disgrace",
    "outrage",
    "love",
    "hate",
    "important",
    "interesting",
    "exciting",
    "worried",
    "fear",
    "seems",
    "seem",
    "perhaps",
    "maybe",
    "probably",
    "surely",
    "obviously",
    "clearly",
    "crucial",
    "vital",
];

const RITUAL: &[&str] = &[
    "thank",
    "thanks",
    "welcome",
    "congratulations",
    "applause",
    "laughter",
    "goodnight",
    "hello",
    "ladies",
    "gentlemen",
    "cheers",
    "please",
    "sorry",
    "excuse",
    "let's",
    "okay",
    "ok",
    "yes",
    "well",
];

const SCENE: &[&str] = &[
    "sun",
    "rain",
    "wind",
    "snow",
    "sky",
    "smell",
    "smelled",
    "quiet",
    "silence",
    "silent",
    "sat",
    "stood",
    "walked",
    "looked",
    "smiled",
    "laughed",
    "cried",
    "wept",
    "dusk",
    "dawn",
    "evening",
    "afternoon",
    "sunlight",
    "shade",
    "breeze",
    "gathered",
    "waited",
    "watched",
    "glanced",
    "shrugged",
    "nodded",
    "sighed",
    "air",
    "light",
    "colour",
    "color",
    "scent",
    "noise",
    "stroll",
    "strolled",
    "cafe",
    "café",
    "tea",
    "coffee",
    "smells",
    "crowded",
    "bustling",
    "sunny",
    "cloudy",
    "grey",
    "gray",
    "windy",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
];

/// Quantities without a figure: still a count someone can check.
const VAGUE: &[&str] = &[
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "several",
    "numerous",
    "scores",
    "majority",
    "half",
    "third",
    "quarter",
    "percent",
    "tens",
];

const FIRST_PERSON: &[&str] = &["i", "me", "my", "you", "your", "i'm", "i've", "you're", "we're", "i'd"];

const COPULAS: &[&str] = &["is", "are", "was", "were", "has", "have", "had"];

/// Whether a word reads as a verb (for telling a modifier from one).
pub fn is_verbish(word: &str) -> bool {
    (word.len() > 4 && word.ends_with("ed"))
        || EVENTS.contains(&word)
        || COPULAS.contains(&word)
        || matches!(word, "be" | "been" | "being" | "do" | "does" | "did" | "said" | "says" | "told")
}

/// A sentence's score, and its reasons in the order they count.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub score: f64,
    pub reasons: Vec<String>,
}

/// Everything the score is made from.
pub struct Evidence<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub mentions: &'a [Mention],
    pub found: &'a [Found],
    pub figures: &'a [Figure],
    /// Words inside quotation marks, by token index: an opinion quoted is a
    /// speaker's, not the writer's.
    pub quoted: &'a [bool],
}

pub fn score(e: &Evidence<'_>) -> Scored {
    let mut z = BIAS;
    let mut reasons = Vec::new();
    let mut add = |w: f64, why: String| {
        z += w;
        reasons.push(format!("{why} ({w:+.1})"));
    };
    let words: Vec<&Token> = e.tokens.iter().filter(|t| t.word).collect();
    let has = |list: &[&str]| words.iter().find(|t| t.is(list)).map(|t| t.norm.clone());
    // A number in a speaker's name is no figure: "one patient told ...".
    let in_speaker = |f: &Figure| e.found.iter().any(|s| (s.mention.first..s.mention.end).contains(&f.at));
    let quantities: Vec<&Figure> = e.figures.iter().filter(|f| !f.year && !in_speaker(f)).collect();
    if let Some(f) = quantities.first() {
        add(W_FIGURE, format!("figure: {}", f.text));
        if quantities
            .iter()
            .any(|f| f.qualifier != crate::model::Qualifier::Exact || f.unit.as_deref() == Some("percent"))
        {
            add(W_QUALIFIED, "qualified or relative figure".into());
        }
    }
    if quantities.is_empty()
        && let Some(w) = has(VAGUE)
    {
        add(W_VAGUE, format!("quantity in words: {w}"));
    }
    let date = e
        .figures
        .iter()
        .find(|f| f.year)
        .map(|f| f.text.clone())
        .or_else(|| words.iter().find(|t| t.capitalised() && t.is(MONTHS)).map(|t| t.text.clone()));
    if let Some(d) = date {
        add(W_DATE, format!("date: {d}"));
    }
    let speakers: Vec<&Found> = e.found.iter().filter(|f| !f.disputes).collect();
    if let Some(s) = speakers.first() {
        add(W_ATTRIBUTED, format!("attributed to {}", s.mention.name));
    }
    if let Some(d) = e.found.iter().find(|f| f.disputes) {
        add(W_DISPUTED, format!("disputed by {}", d.mention.name));
    }
    if let Some(m) = e.mentions.iter().find(|m| m.actor.is_some()) {
        add(W_KNOWN_ACTOR, format!("names an actor: {}", m.name));
    } else if let Some(m) = e.mentions.iter().find(|m| m.proper) {
        add(W_NAME, format!("names {}", m.name));
    }
    if let Some(w) = has(COMPARISONS) {
        add(W_COMPARISON, format!("comparison: {w}"));
    }
    if let Some(w) = has(CAUSAL) {
        add(W_CAUSAL, format!("cause: {w}"));
    }
    if let Some(w) = has(LEGAL) {
        add(W_LEGAL, format!("legal: {w}"));
    }
    let event = words.iter().find(|t| t.is(EVENTS) && !t.capitalised());
    let past = words.iter().enumerate().find(|(i, t)| {
        t.norm.len() > 4
            && t.norm.ends_with("ed")
            && !t.capitalised()
            && !super::speakers::is_denial(t)
            && !(*i > 0 && words[i - 1].is(&["the", "a", "an"]))
    });
    if let Some(t) = event {
        add(W_EVENT, format!("event: {}", t.norm));
    } else if let Some((_, t)) = past {
        add(W_PAST, format!("past event: {}", t.norm));
    } else if let Some(t) = words.iter().find(|t| t.is(COPULAS)) {
        add(W_STATE, format!("statement of fact: {}", t.norm));
    }
    // What lowers it.
    let last = e.text.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?').chars().last();
    if last == Some('?') {
        add(W_QUESTION, "question".into());
    }
    let unquoted = |t: &Token| {
        let i = e.tokens.iter().position(|u| u.start == t.start).unwrap_or(0);
        !e.quoted.get(i).copied().unwrap_or(false)
    };
    // "will" as a verb, not "the will of"; "may" not "May".
    if let Some(t) = words.iter().find(|t| t.is(FUTURE) && !t.capitalised() || t.norm == "will" && t.capitalised()) {
        add(W_FUTURE, format!("prediction or plan: {}", t.norm));
    }
    if let Some(w) = has(SCHEDULE) {
        add(W_SCHEDULE, format!("schedule: {w}"));
    }
    if let Some(t) = words.iter().find(|t| t.is(OPINION) && unquoted(t)) {
        // "the police believe": a stance reported, which the attribution counts.
        if !t.is(&["believe", "think", "feel"]) || speakers.is_empty() {
            add(W_OPINION, format!("opinion: {}", t.norm));
        }
    }
    if let Some(t) = words.iter().find(|t| t.is(FIRST_PERSON) && unquoted(t)) {
        add(W_FIRST_PERSON, format!("first or second person: {}", t.norm));
    }
    if let Some(t) = words.iter().take(3).find(|t| t.is(RITUAL)) {
        add(W_RITUAL, format!("courtesy or procedure: {}", t.norm));
    }
    if words.len() < 5 && quantities.is_empty() {
        add(W_SHORT, "too short to state a fact".into());
    }
    if let Some(w) = has(SCENE) {
        add(W_SCENE, format!("scene-setting: {w}"));
    }
    let score = (1.0 / (1.0 + (-z).exp()) * 1000.0).round() / 1000.0;
    Scored { score, reasons }
}
