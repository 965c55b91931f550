//! Who says a sentence and who disputes it: attribution patterns ("X said",
//! "according to X", "said X", a quotation and then its speaker) and denials
//! ("X denied", "a claim that X rejected", "denied by X").

use super::words::{Mention, Token};

/// Verbs that report what someone said or holds, in every form that follows
/// its speaker.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "announced",
    "announces",
    "stated",
    "states",
    "claimed",
    "claims",
    "added",
    "adds",
    "noted",
    "notes",
    "insisted",
    "insists",
    "argued",
    "argues",
    "reported",
    "reports",
    "confirmed",
    "confirms",
    "warned",
    "warns",
    "estimated",
    "estimates",
    "alleged",
    "alleges",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "explained",
    "explains",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "testified",
    "maintained",
    "maintains",
    "believe",
    "believes",
    "believed",
    "informed",
    "informs",
    "declared",
    "declares",
    "asserted",
    "asserts",
    "contended",
    "contends",
    "revealed",
    "reveals",
    "disclosed",
    "indicated",
    "stressed",
    "emphasised",
    "emphasized",
    "accused",
    "accuses",
    "concluded",
    "concludes",
    "found",
    "finds",
    "showed",
    "shows",
    "recalled",
    "counted",
    "put",
    "puts",
    "show",
    "suggested",
    "suggests",
    "predicted",
    "blamed",
    "blames",
    "charged",
    "estimate",
    "announce",
    "confirm",
    "report",
    "claim",
    "insist",
    "argue",
    "warn",
    "allege",
    "saying",
    "according",
];

/// Verbs by which someone disputes what was said.
const DENYING: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "rejects",
    "reject",
    "disputed",
    "disputes",
    "dispute",
    "dismissed",
    "dismisses",
    "refuted",
    "refutes",
    "contested",
    "contests",
    "contradicted",
    "contradicts",
    "rebuffed",
    "repudiated",
    "disowned",
];

/// Reporting verbs that are often something else ("the state added 120,000
/// jobs", "police found two guns"): a speaker's only before what is said.
const AMBIGUOUS: &[&str] = &[
    "added",
    "adds",
    "put",
    "puts",
    "found",
    "finds",
    "showed",
    "shows",
    "show",
    "counted",
    "estimated",
    "estimates",
    "estimate",
    "charged",
    "noted",
    "notes",
    "reported",
    "reports",
    "report",
    "posted",
    "predicted",
    "blamed",
    "blames",
    "accused",
    "accuses",
    "maintained",
    "maintains",
    "informed",
    "informs",
];

pub fn is_denial(t: &Token) -> bool {
    t.is(DENYING)
}

/// Words that end the clause a speaker stands in, looking back from its verb.
const CLAUSE_MARKS: &[&str] = &["that", "which", "who", "whom", "whose", "because", "while", "whereas", "but", "where"];

/// Words between a speaker and its verb ("has also said", "now believe").
const BETWEEN: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "now",
    "previously",
    "earlier",
    "again",
    "repeatedly",
    "publicly",
    "reportedly",
    "then",
    "already",
    "once",
    "would",
    "will",
    "did",
    "does",
    "do",
    "had",
    "separately",
    "further",
    "firmly",
    "flatly",
    "strongly",
    "quickly",
    "immediately",
    "officially",
    "privately",
    "initially",
    "first",
    "recently",
    "yesterday",
    "today",
    "allegedly",
    "not",
    "never",
    "long",
    "still",
];

/// One speaker as found: the mention, and where its verb is.
#[derive(Debug, Clone)]
pub struct Found {
    pub mention: Mention,
    pub disputes: bool,
}

/// The speakers and disputers of one sentence.
pub fn attribution(tokens: &[Token], mentions: &[Mention]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (v, t) in tokens.iter().enumerate() {
        if !t.word {
            continue;
        }
        let disputes = t.is(DENYING);
        if !disputes && !t.is(REPORTING) {
            continue;
        }
        if t.is(AMBIGUOUS) {
            let next = tokens.get(v + 1);
            let reports = next.is_none_or(|n| {
                n.is(&["that", "to", "on", "in", "by", "as", "it", "this", "the", "its", "their", "his", "her"])
                    || n.punct(",.;:“\"'‘—–")
            });
            if !reports {
                continue;
            }
        }
        // "the disputed region", "a reported 40 deaths": an adjective, not a verb.
        if v > 0 && tokens[v - 1].is(&["the", "a", "an", "its", "their", "his", "her", "widely", "as"]) {
            continue;
        }
        let speakers = if t.norm == "according" {
            // "according to X" (not "according to which").
            match tokens.get(v + 1) {
                Some(to) if to.norm == "to" => after(tokens, mentions, v + 2),
                _ => Vec::new(),
            }
        } else if tokens.get(v + 1).is_some_and(|n| n.norm == "by") && !t.is(&["says", "said", "say", "told"]) {
            // "denied by X", "reported by X".
            after(tokens, mentions, v + 2)
        } else {
            let inverted = v > 0 && (tokens[v - 1].punct(",”\"’'") || tokens[v - 1].punct("—–"));
            let before = subject(tokens, mentions, v);
            if before.is_empty() && inverted { after(tokens, mentions, v + 1) } else { before }
        };
        for mention in speakers {
            if !found.iter().any(|f| f.mention.first == mention.first && f.disputes == disputes) {
                found.push(Found { mention, disputes });
            }
        }
    }
    found
}

/// The mention that starts at token `i` (after an article), with those joined to it.
fn after(tokens: &[Token], mentions: &[Mention], i: usize) -> Vec<Mention> {
    match mentions.iter().position(|m| m.first == i || (m.first == i + 1 && tokens[i].is(&["the"]))) {
        Some(k) => joined(tokens, mentions, k, tokens.len()),
        None => Vec::new(),
    }
}

/// The subject of the verb at token `v`: the first mention of the clause
/// before it, past any opening phrase ("In a statement on Monday, ...").
fn subject(tokens: &[Token], mentions: &[Mention], v: usize) -> Vec<Mention> {
    // Back over "has also", then to the start of the clause.
    let mut end = v;
    while end > 0 && tokens[end - 1].is(BETWEEN) {
        end -= 1;
    }
    // "X, who heads the agency, said": past the relative clause.
    if end > 0 && tokens[end - 1].punct(",") {
        let mut k = end - 1;
        while k > 0 && !tokens[k - 1].punct(",") {
            k -= 1;
        }
        if k > 0 && tokens.get(k).is_some_and(|t| t.is(&["who", "which"])) {
            end = k - 1;
        }
    }
    let mut start = end;
    while start > 0 {
        let t = &tokens[start - 1];
        if t.is(CLAUSE_MARKS) || t.punct(";:“”\"()[]—–") || (t.norm == "'" && !t.word) {
            break;
        }
        start -= 1;
    }
    // The clause's comma-separated segments; the speaker's is the last, or
    // the one before it when the last is the speaker's name or title in
    // apposition ("the head of the police, Ana Ruiz,").
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut s = start;
    for (k, t) in tokens.iter().enumerate().take(end).skip(start) {
        if t.punct(",") {
            segments.push((s, k));
            s = k + 1;
        }
    }
    segments.push((s, end));
    while segments.len() > 1 && segments.last().is_some_and(|&(a, b)| a == b) {
        segments.pop();
    }
    let Some(&(mut a, b)) = segments.last() else { return Vec::new() };
    let whole = |(x, y): (usize, usize)| mentions.iter().any(|m| m.first == x && m.end == y);
    let n = segments.len();
    if n >= 2 && whole(segments[n - 1]) {
        let (pa, pb) = segments[n - 2];
        if mentions.iter().any(|m| m.end == pb && m.first >= pa) {
            a = pa;
        }
    }
    // The first mention in the segment: English puts the subject first.
    let Some(k) = mentions.iter().position(|m| m.first >= a && m.end <= b) else { return Vec::new() };
    joined(tokens, mentions, k, b)
}

/// The mention `k` and those joined to it by "and" or in apposition, up to token `limit`.
fn joined(tokens: &[Token], mentions: &[Mention], k: usize, limit: usize) -> Vec<Mention> {
    let mut out = vec![mentions[k].clone()];
    let mut j = k;
    while j + 1 < mentions.len() && mentions[j + 1].end <= limit {
        let gap = &tokens[mentions[j].end..mentions[j + 1].first];
        let and = gap.len() == 1 && gap[0].norm == "and" || gap.len() == 2 && gap[0].punct(",") && gap[1].norm == "and";
        let apposition = gap.len() == 1 && gap[0].punct(",");
        let next = &mentions[j + 1];
        if and {
            out.push(next.clone());
        } else if apposition && next.end < tokens.len() && (tokens[next.end].punct(",") || next.end == limit) {
            // "the head of the police, Ana Ruiz,": one speaker, named.
            let last = out.last_mut().expect("one at least");
            if !last.proper || (next.proper && last.actor.is_none()) {
                let written = format!("{}, {}", last.written, next.written);
                *last = Mention { written, ..next.clone() };
            }
        } else {
            break;
        }
        j += 1;
    }
    out
}
