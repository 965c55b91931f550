//! `report`: the contested claims as one HTML page a reader can check: who
//! asserts and who disputes each claim, in their words and in context, who
//! says what across camps, the figures on each question, the sources with
//! their hashes, and the ledger's head.
//!
//! The page is made with maud, whose templates escape every value given to
//! them: no text from a ledger (perhaps someone else's) can become markup.
//! It holds no script and loads nothing, and its Content-Security-Policy
//! tells the browser so. Its parts are written as they are made, a claim or
//! a question at a time, so a large ledger's report takes little memory.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::export::{OutputFile, OutputKind, write_to};
use super::rows::{conflict_reason, is_date, quantity_words};
use super::{Context, optional_text};
use crate::error::Result;
use crate::history::hash_hex;
use crate::ledger::{ClaimFilter, ContestedEntry, FigureEntry, Question, Reader, StanceEntry};
// Only web addresses become links: a `javascript:` or `file:` one from a
// ledger would act when followed.
use crate::model::{
    AnnotationBody, Claim, Id, Named, Qualifier, Quote, RecordKind, Source, StanceKind, format_number, is_web_address,
};
use crate::progress::Progress;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the page to this file (replaced whole, only once the page is complete); - writes it to stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Only the contested claims on this topic, and the figures on the questions claims on it answer
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// Replace the -o file even when its name is not a page's (.html)
    #[arg(long)]
    pub force: bool,
    /// At most N contested claims (the first by id), and the figures on at most N questions
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LIMIT)]
    pub limit: usize,
}

/// Enough for any article or dossier; a whole large ledger's page would run to hundreds of megabytes.
const DEFAULT_LIMIT: usize = 1000;

/// Claims per who-says-what table: at 1280 pixels each column has room for "disputes".
const MATRIX_COLUMNS: usize = 8;
/// Contested claims the who-says-what tables cover; their stances are held in memory.
const MATRIX_CLAIMS: usize = 40;
/// Figures drawn and listed for one question.
const FIGURES_PER_QUESTION: usize = 40;
/// Conflicts listed on one claim: many figures on one question would
/// otherwise make the page grow with the square of their number.
const CONFLICTS_PER_CLAIM: usize = 12;

pub fn run(ctx: &Context, args: ReportArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open_read()?;
    let topic = optional_text(args.topic).map(|t| t.to_lowercase());
    let made_at = ctx.clock.now();
    super::note_unknown_topic(ledger.read(), topic.as_deref())?;
    let progress = ctx.progress();
    let report = Report {
        read: ledger.read(),
        at: &made_at,
        topic,
        limit: args.limit,
        progress: &progress,
        camps: HashMap::new(),
    };
    let to = OutputFile { path: &args.output, kind: OutputKind::HTML, force: args.force };
    write_to(Some(to), &ctx.db, out, |out| report.write(out))
}

struct Report<'r> {
    read: Reader<'r>,
    /// When the page was made.
    at: &'r str,
    topic: Option<String>,
    /// Contested claims listed, and questions charted.
    limit: usize,
    progress: &'r dyn Progress,
    /// Each actor's camp, looked up once.
    camps: HashMap<Id, Named>,
}

/// What the list of contested claims leaves for the parts after it.
#[derive(Default)]
struct Listed {
    claims: usize,
    /// More contested claims than the limit.
    more: bool,
    /// The first contested claims, for the who-says-what tables.
    matrix: Vec<Column>,
    /// The sources of the claims and of their stances.
    sources: BTreeSet<Id>,
}

/// A contested claim in the who-says-what tables, with each current stance on it.
struct Column {
    claim: Id,
    text: String,
    stances: Vec<(Named, StanceKind)>,
}

impl Report<'_> {
    fn write(mut self, out: &mut dyn Write) -> Result<()> {
        let head = self.read.head()?.map(|(seq, hash)| format!("{seq}:{}", hash_hex(&hash)));
        emit(out, html! { (DOCTYPE) })?;
        tag(out, "<html lang=\"en\">\n")?;
        emit(out, self.head_element())?;
        tag(out, "<body>\n")?;
        emit(out, self.page_header(head.as_deref()))?;
        tag(out, "<main>\n")?;
        let listed = self.contested(out)?;
        emit(out, self.matrix(&listed)?)?;
        self.figures(out)?;
        self.sources(out, &listed.sources)?;
        tag(out, "</main>\n")?;
        emit(out, self.page_footer(head.as_deref()))?;
        tag(out, "</body>\n</html>\n")
    }

    fn title(&self) -> String {
        match &self.topic {
            Some(topic) => format!("Contested claims on {topic}"),
            None => "Contested claims".to_string(),
        }
    }

    fn head_element(&self) -> Markup {
        html! {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // Nothing to run and nothing to fetch: the page is all there is.
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="generator" content={ "claimledger " (env!("CARGO_PKG_VERSION")) };
                title { (self.title()) }
                style { (PreEscaped(STYLE)) }
            }
        }
    }

    fn page_header(&self, head: Option<&str>) -> Markup {
        html! {
            header.page {
                h1 { (self.title()) }
                p.lead {
                    "A claimledger report, made " (self.at) " from the ledger whose history ends at "
                    @match head {
                        Some(head) => code.hash { (head) },
                        None => "no event (it is empty)",
                    }
                    "; the footer says how to check it."
                }
                p.lead {
                    "It covers the contested claims"
                    @if let Some(topic) = &self.topic { " on " b { (topic) } }
                    ", at most " (format_number(self.limit as f64)) " of them, the first by id, then who says what "
                    "on them, the figures on at most " (format_number(self.limit as f64)) " questions, and the "
                    "sources. "
                    code { "claimledger report --limit N" } " sets how many."
                }
                nav {
                    a href="#contested" { "Contested claims" }
                    a href="#who-says-what" { "Who says what" }
                    a href="#figures" { "Figures" }
                    a href="#sources" { "Sources" }
                }
            }
        }
    }

    // ------------------------------------------------------------ the contested claims

    /// Writes each contested claim as it is read.
    fn contested(&mut self, out: &mut dyn Write) -> Result<Listed> {
        tag(out, "<section id=\"contested\">\n")?;
        emit(
            out,
            html! {
                h2 { "Contested claims" }
                p.lead {
                    "A claim is contested when someone outside every asserter's camp disputes it, or when it "
                    "cannot be true together with another claim: figures or answers on one question that do not "
                    "agree, or a link saying one contradicts the other. A verdict does not settle it. "
                    "Each claim's words are shown in its source, marked, with the archived text around them."
                }
            },
        )?;
        let read = self.read;
        // One more than the limit, to know whether there are more.
        let filter = ClaimFilter { topic: self.topic.clone(), limit: Some(self.limit + 1), ..ClaimFilter::default() };
        let mut listed = Listed::default();
        let progress = self.progress;
        progress.begin("report", self.limit as u64);
        read.for_each_contested(&filter, |entry| {
            if listed.claims == self.limit {
                listed.more = true;
                return Ok(());
            }
            let stances: Vec<StanceEntry> =
                read.stance_entries(entry.claim.id)?.into_iter().filter(StanceEntry::current).collect();
            let verdict = match entry.verdict {
                Some(_) => latest_verdict(read, entry.claim.id)?,
                None => None,
            };
            listed.claims += 1;
            listed.sources.extend(entry.sources.iter().map(|s| s.id));
            if listed.matrix.len() < MATRIX_CLAIMS {
                listed.matrix.push(Column {
                    claim: entry.claim.id,
                    text: entry.claim.text.clone(),
                    stances: stances.iter().map(|s| (s.actor.clone(), s.stance.stance)).collect(),
                });
            }
            let card = self.claim_card(&entry, &stances, verdict.as_ref())?;
            progress.reached(listed.claims as u64);
            emit(out, card)
        })?;
        let count = match (listed.claims, listed.more) {
            (0, _) => html! { p.none { "No claim is contested." } },
            (1, false) => html! { p.count { "1 contested claim." } },
            (n, false) => html! { p.count { (format_number(n as f64)) " contested claims." } },
            (n, true) => html! {
                p.note {
                    "The first " (format_number(n as f64)) " contested claims; there are more. "
                    code { "claimledger report --limit N" } " lists more, "
                    code { "claimledger contested" } " lists them all."
                }
            },
        };
        emit(out, count)?;
        tag(out, "</section>\n")?;
        Ok(listed)
    }

    fn claim_card(
        &mut self,
        entry: &ContestedEntry,
        stances: &[StanceEntry],
        verdict: Option<&Verdict>,
    ) -> Result<Markup> {
        let c = &entry.claim;
        let id = RecordKind::Claim.id(c.id);
        let mut sides: [Vec<(&StanceEntry, Named)>; 2] = [Vec::new(), Vec::new()];
        for s in stances {
            let camp = self.camp(s.actor.id)?;
            let side = match s.stance.stance {
                StanceKind::Asserts => 0,
                StanceKind::Disputes => 1,
            };
            sides[side].push((s, camp));
        }
        let [asserting, disputing] = sides;
        // Without a topic every contested claim is on the page, so a conflict's other claim is too.
        let link_conflicts = self.topic.is_none();
        let source = entry.sources.iter().find(|s| s.id == c.source);
        Ok(html! {
            article.claim id=(id) {
                h3 { span.id { (id) } " " (c.text) }
                p.facts {
                    @if let Some(topic) = &c.topic { span { "topic " b { (topic) } } }
                    @if let Some(about) = &c.about { span { "question " code { (about) } } }
                    @if let Some(q) = &c.quantity { span { "figure " b { (quantity_words(q)) } } }
                    @if let Some(answer) = &c.answer { span { "answer " b { (answer) } } }
                    span { "status " b { (entry.status) } }
                    @if let Some(key) = &c.key { span { "key " code { (key) } } }
                }
                ul.why {
                    @if entry.disputed {
                        li { b { "Disputed across camps:" } " someone outside every asserter's camp disputes it." }
                    }
                    @for conflict in entry.conflicts.iter().take(CONFLICTS_PER_CLAIM) {
                        @let other = RecordKind::Claim.id(conflict.other);
                        li {
                            b { "Cannot also be true: " }
                            @if link_conflicts { a href={ "#" (other) } { (other) } } @else { (other) }
                            " (" (conflict_reason(&conflict.why)) ")"
                        }
                    }
                    @if entry.conflicts.len() > CONFLICTS_PER_CLAIM {
                        li.note {
                            "and " (format_number((entry.conflicts.len() - CONFLICTS_PER_CLAIM) as f64))
                            " more claims that cannot also be true; "
                            code { "claimledger contested --format json" } " lists them all."
                        }
                    }
                }
                @if let Some(quote) = &c.quote {
                    div.said {
                        p.where { "In " (source_reference(source, c.source)) ":" }
                        (quote_in_context(quote))
                    }
                }
                div.sides {
                    section.asserts {
                        h4 { "Asserted by" }
                        (stance_list(&asserting, "No one asserts it now.", c))
                    }
                    section.disputes {
                        h4 { "Disputed by" }
                        (stance_list(&disputing, "No one disputes it now.", c))
                    }
                }
                p.verdict {
                    "Verdict: "
                    @match verdict {
                        Some(v) => {
                            strong { (v.rating) }
                            @if let Some(rationale) = &v.rationale { " — " (rationale) }
                            span.muted { " (" (v.by) ", " (v.at) ")" }
                            @if let Some(url) = v.url.as_deref().filter(|u| is_web_address(u)) {
                                " " a href=(url) rel="noreferrer" { "the review" }
                            }
                        },
                        None => span.muted { "none yet." },
                    }
                }
            }
        })
    }

    /// The top of an actor's affiliation chain: the camp it speaks for.
    fn camp(&mut self, actor: Id) -> Result<Named> {
        if let Some(camp) = self.camps.get(&actor) {
            return Ok(camp.clone());
        }
        let mut top = self.read.actor(actor)?;
        // Affiliations point to earlier actors, so the chain ends; a tampered file
        // could make it loop, and `verify` will say so.
        let mut seen = HashSet::from([top.id]);
        while let Some(up) = top.affiliation
            && seen.insert(up)
        {
            top = self.read.actor(up)?;
        }
        let camp = Named { kind: RecordKind::Actor, id: top.id, key: top.key, name: top.name };
        self.camps.insert(actor, camp.clone());
        Ok(camp)
    }

    // ------------------------------------------------------------ who says what

    fn matrix(&mut self, listed: &Listed) -> Result<Markup> {
        let mut tables = Vec::new();
        for columns in listed.matrix.chunks(MATRIX_COLUMNS) {
            tables.push(self.matrix_table(columns)?);
        }
        let capped = listed.claims > listed.matrix.len();
        Ok(html! {
            section id="who-says-what" {
                h2 { "Who says what" }
                p.lead {
                    "Each actor's current stance on each contested claim, the actors grouped by camp: the actor at "
                    "the top of their affiliation chain, whom they speak for. An empty cell means no stance."
                }
                @if capped {
                    p.note {
                        "These tables cover the first " (listed.matrix.len()) " of the "
                        (format_number(listed.claims as f64)) " contested claims listed above."
                    }
                }
                @if tables.is_empty() { p.none { "No claim is contested." } }
                @for table in tables { (table) }
            }
        })
    }

    /// One table: camps and their actors down, claims across.
    fn matrix_table(&mut self, columns: &[Column]) -> Result<Markup> {
        let mut cells: HashMap<(Id, Id), StanceKind> = HashMap::new();
        let mut rows: Vec<(Named, Named)> = Vec::new();
        let mut seen: HashSet<Id> = HashSet::new();
        for column in columns {
            for (actor, stance) in &column.stances {
                cells.insert((actor.id, column.claim), *stance);
                if seen.insert(actor.id) {
                    rows.push((self.camp(actor.id)?, actor.clone()));
                }
            }
        }
        // Camps by name, each with its own actor first, then the others by name.
        rows.sort_by_cached_key(|(camp, actor)| {
            (camp.name.to_lowercase(), camp.id, actor.id != camp.id, actor.name.to_lowercase(), actor.id)
        });
        let camps: Vec<&[(Named, Named)]> = rows.chunk_by(|(a, _), (b, _)| a.id == b.id).collect();
        Ok(html! {
            div.scroll { table.matrix {
                thead {
                    tr {
                        th scope="col" { "Camp" }
                        th scope="col" { "Actor" }
                        @for column in columns {
                            @let id = RecordKind::Claim.id(column.claim);
                            th scope="col" title=(column.text) { a href={ "#" (id) } { (id) } }
                        }
                    }
                }
                @for members in camps {
                    tbody {
                        @for (i, (camp, actor)) in members.iter().enumerate() {
                            tr {
                                @if i == 0 { th scope="rowgroup" rowspan=(members.len()) { (camp.name) } }
                                th scope="row" { (actor.name) }
                                @for column in columns {
                                    @match cells.get(&(actor.id, column.claim)) {
                                        Some(StanceKind::Asserts) => td.asserts { "asserts" },
                                        Some(StanceKind::Disputes) => td.disputes { "disputes" },
                                        None => td {},
                                    }
                                }
                            }
                        }
                    }
                }
            } }
        })
    }

    // ------------------------------------------------------------ figures

    /// Writes each question's figures as it is read.
    fn figures(&self, out: &mut dyn Write) -> Result<()> {
        // With a topic, the questions that claims on it answer, whatever other claims on them say.
        let questions: Option<BTreeSet<String>> = match &self.topic {
            Some(topic) => {
                let mut about = BTreeSet::new();
                let filter = ClaimFilter { topic: Some(topic.clone()), ..ClaimFilter::default() };
                self.read.for_each_claim_entry(&filter, |e| {
                    about.extend(e.claim.about);
                    Ok(())
                })?;
                Some(about)
            }
            None => None,
        };
        tag(out, "<section id=\"figures\">\n")?;
        emit(
            out,
            html! {
                h2 { "Figures" }
                p.lead {
                    "The figures claimed on each question, as the ranges they allow on one axis: about N allows "
                    "N ± 10%, at least N runs on without end (the arrow), a hollow end is left out (more than, "
                    "fewer than). The dashed line is the most conservative figure: the lowest figure a claim on the "
                    "question reports (about 2,500 gives 2,500). Figures that another figure on the question rules "
                    "out are in conflict. A question with one undisputed figure is not charted, nor one whose "
                    "figures are years: a year is a date, not an amount."
                }
            },
        )?;
        let (mut shown, mut more) = (0, false);
        self.read.for_each_question(None, |q| {
            if questions.as_ref().is_some_and(|about| !about.contains(&q.about)) {
                return Ok(());
            }
            if shown == self.limit {
                more = true;
                return Ok(());
            }
            shown += 1;
            emit(out, question_figures(&q))
        })?;
        if shown == 0 {
            emit(out, html! { p.none { "No claim gives a figure on a question." } })?;
        } else if more {
            emit(
                out,
                html! {
                    p.note {
                        "The figures on the first " (format_number(shown as f64)) " questions; there are more. "
                        code { "claimledger report --limit N" } " shows more."
                    }
                },
            )?;
        }
        tag(out, "</section>\n")
    }

    // ------------------------------------------------------------ sources and footer

    fn sources(&self, out: &mut dyn Write, sources: &BTreeSet<Id>) -> Result<()> {
        tag(out, "<section id=\"sources\">\n")?;
        emit(
            out,
            html! {
                h2 { "Sources" }
                p.lead {
                    "Where the contested claims and their stances appear. The SHA-256 is that of the source's "
                    "archived text, in which every quote from it was found."
                }
            },
        )?;
        if sources.is_empty() {
            emit(out, html! { p.none { "No contested claim, so no source." } })?;
        } else {
            tag(out, "<div class=\"scroll\"><table class=\"sources\">\n")?;
            emit(
                out,
                html! {
                    thead { tr { th scope="col" { "Source" } th scope="col" { "Published" } th scope="col" { "SHA-256 of the archived text" } } }
                },
            )?;
            tag(out, "<tbody>\n")?;
            for &id in sources {
                emit(out, source_row(&self.read.source(id)?))?;
            }
            tag(out, "</tbody>\n</table></div>\n")?;
        }
        tag(out, "</section>\n")
    }

    fn page_footer(&self, head: Option<&str>) -> Markup {
        html! {
            footer.page {
                @match head {
                    Some(head) => {
                        p { "Ledger head: " code.hash { (head) } }
                        p {
                            "The head is the newest event of the ledger's history and the hash that chains it to "
                            "every event before it. On the ledger this page came from, "
                            code { "claimledger verify --checkpoint " (head) }
                            " checks that its history up to that event is the one this page was made from, "
                            "and that every table matches it."
                        }
                    },
                    None => p { "The ledger has no history yet." },
                }
                p.muted { "Made by claimledger " (env!("CARGO_PKG_VERSION")) " at " (self.at) "." }
            }
        }
    }
}

/// The latest verdict that stands on a claim.
struct Verdict {
    rating: crate::model::Rating,
    rationale: Option<String>,
    url: Option<String>,
    by: String,
    at: String,
}

fn latest_verdict(read: Reader<'_>, claim: Id) -> Result<Option<Verdict>> {
    Ok(read.verdict(claim)?.and_then(|a| match a.body {
        AnnotationBody::Verdict { rating, rationale, url } => {
            Some(Verdict { rating, rationale, url, by: a.by, at: a.at })
        }
        AnnotationBody::Note { .. } | AnnotationBody::Tag { .. } => None,
    }))
}

/// Each stance with its actor's words. A stance with no quote of its own, in the source the claim is
/// quoted from, is in the claim's words there: an author's stance on what their article says.
fn stance_list(stances: &[(&StanceEntry, Named)], nobody: &str, claim: &Claim) -> Markup {
    html! {
        @if stances.is_empty() {
            p.none { (nobody) }
        } @else {
            ul.stances {
                @for (s, camp) in stances {
                    li {
                        strong { (s.actor.name) }
                        @if camp.id != s.actor.id { span.camp { " · camp: " (camp.name) } }
                        span.muted {
                            " · in " (source_reference(Some(&s.source), s.source.id))
                            @if let Some(date) = &s.stance.date { ", " (date) }
                        }
                        @match &s.stance.quote {
                            Some(quote) => (quote_in_context(quote)),
                            None if s.source.id == claim.source && claim.quote.is_some() => {
                                p.muted { "In the claim's words there, quoted above." }
                            },
                            None => p.muted { "No quote recorded." },
                        }
                    }
                }
            }
        }
    }
}

/// A source as a claim names it: its key or id, a link to its row, with its title.
fn source_reference(source: Option<&Named>, id: Id) -> Markup {
    let handle = source.map_or_else(|| RecordKind::Source.id(id), Named::handle);
    html! {
        a href={ "#" (RecordKind::Source.id(id)) } title=[source.map(|s| &s.name)] { (handle) }
    }
}

/// A quote marked inside the archived text around it, when it was anchored there.
fn quote_in_context(quote: &Quote) -> Markup {
    html! {
        blockquote {
            @match &quote.anchor {
                Some(anchor) => {
                    span.context { "…" (anchor.before) }
                    mark { (quote.text) }
                    span.context { (anchor.after) "…" }
                },
                None => { "“" (quote.text) "”" },
            }
        }
    }
}

fn source_row(s: &Source) -> Markup {
    let id = RecordKind::Source.id(s.id);
    html! {
        tr id=(id) {
            td {
                span.id { (s.key.clone().unwrap_or_else(|| id.clone())) }
                " " (s.title)
                @if let Some(publisher) = &s.publisher { br; span.muted { (publisher) } }
                @if let Some(url) = &s.url {
                    br;
                    @if is_web_address(url) { a href=(url) rel="noreferrer" { (url) } } @else { span.muted { (url) } }
                }
            }
            td {
                @if let Some(published) = &s.published { (published) }
                @if let Some(retrieved) = &s.retrieved { br; span.muted { "retrieved " (retrieved) } }
            }
            td {
                @match &s.sha256 {
                    Some(sha) => code.hash { (sha) },
                    None => span.muted { "no archived text" },
                }
            }
        }
    }
}

// ---------------------------------------------------------------- the figures' chart

/// One question: its figures as ranges on one axis, then as a table.
fn question_figures(q: &Question) -> Markup {
    let shown = &q.figures[..q.figures.len().min(FIGURES_PER_QUESTION)];
    // The lowest figure somebody reported, as IBC and ACLED take it: not a bound made from one.
    let lowest = q.figures.iter().min_by(|a, b| a.quantity.low.total_cmp(&b.quantity.low));
    let dates = q.figures.iter().all(|f| is_date(&f.quantity));
    let most_conservative = lowest.filter(|_| !dates);
    // One undisputed figure is a dot, not a chart; a year is a date, not an amount on an axis.
    let charted = !dates && (q.figures.len() > 1 || q.figures.iter().any(|f| !f.disputed_by.is_empty()));
    html! {
        section.question {
            h3 {
                code { (q.about) }
                @if dates { span.muted { " · a date" } }
                @else if let Some(unit) = &q.unit { span.muted { " in " (unit) } }
                @if let Some(f) = most_conservative {
                    span.muted { " · most conservative: " } (reported(f)) span.muted { " (" (RecordKind::Claim.id(f.claim)) ")" }
                }
            }
            @if let (true, Some(f)) = (charted, most_conservative) { (chart(&q.about, shown, f.quantity.low)) }
            div.scroll { table.figures {
                thead {
                    tr {
                        th scope="col" { "Claim" }
                        th scope="col" { "Figure" }
                        th scope="col" { "Allows" }
                        th scope="col" { "Asserted by" }
                        th scope="col" { "Disputed by" }
                        th scope="col" { "In conflict" }
                    }
                }
                tbody {
                    @for f in shown {
                        tr {
                            td { span.id { (RecordKind::Claim.id(f.claim)) } }
                            td {
                                (quantity_words(&f.quantity))
                                @if !f.disputed_by.is_empty() { " " span.disputed { "disputed" } }
                            }
                            td { (allows(f)) }
                            td { (f.asserted_by.join("; ")) }
                            td { (f.disputed_by.join("; ")) }
                            td { @if f.in_conflict { "yes" } }
                        }
                    }
                }
            } }
            @if q.figures.len() > shown.len() {
                p.note {
                    "The first " (shown.len()) " of " (format_number(q.figures.len() as f64)) " figures; "
                    code { "claimledger figures --about " (q.about) } " lists them all."
                }
            }
        }
    }
}

/// The lowest figure as reported, with its unit: "2,500 people" from "about 2,500 people".
fn reported(f: &FigureEntry) -> String {
    let q = &f.quantity;
    quantity_words(&crate::model::Quantity { high: q.low, qualifier: Qualifier::Exact, ..q.clone() })
}

/// The values a figure allows, in words.
fn allows(f: &FigureEntry) -> String {
    let low = format_number(f.lower_bound);
    match (f.quantity.qualifier, f.upper_bound) {
        (Qualifier::MoreThan, _) => format!("above {low}"),
        (_, None) => format!("{low} or more"),
        (Qualifier::FewerThan, Some(high)) => format!("{low} to under {}", format_number(high)),
        (_, Some(high)) if high == f.lower_bound => format!("exactly {low}"),
        (_, Some(high)) => format!("{low} to {}", format_number(high)),
    }
}

/// The chart's drawing area, in the units of its view box.
const CHART_WIDTH: f64 = 1000.0;
const PLOT_LEFT: f64 = 110.0;
const PLOT_RIGHT: f64 = 970.0;
const ROW_HEIGHT: f64 = 28.0;
const ROWS_TOP: f64 = 30.0;

/// A value axis with round ticks.
struct Axis {
    start: f64,
    end: f64,
    step: f64,
}

impl Axis {
    /// From the lowest value any figure allows to the highest, with room for
    /// an arrow past the last stated value when a figure has no upper end.
    fn fit(figures: &[FigureEntry]) -> Axis {
        let low = figures.iter().map(|f| f.lower_bound).fold(f64::INFINITY, f64::min);
        let high = figures.iter().map(|f| f.upper_bound.unwrap_or(f.quantity.high)).fold(f64::NEG_INFINITY, f64::max);
        let open_ended = figures.iter().any(|f| f.upper_bound.is_none());
        let (mut from, mut to) = (low, high);
        if to <= from {
            let pad = (from.abs() * 0.1).max(1.0);
            (from, to) = (from - pad, to + pad);
        }
        let step = nice_step((to - from) / 5.0);
        let mut start = (from / step).floor() * step;
        if low >= 0.0 && start < 0.0 {
            start = 0.0;
        }
        let mut end = (to / step).ceil() * step;
        if open_ended && end - high < step / 2.0 {
            end += step;
        }
        if !(start.is_finite() && end.is_finite() && end > start) {
            return Axis { start: 0.0, end: 1.0, step: 1.0 };
        }
        Axis { start, end, step }
    }

    fn x(&self, value: f64) -> f64 {
        PLOT_LEFT + (value - self.start) / (self.end - self.start) * (PLOT_RIGHT - PLOT_LEFT)
    }

    /// The tick values and their labels.
    fn ticks(&self) -> Vec<(f64, String)> {
        let decimals = if self.step >= 1.0 { 0 } else { (-self.step.log10().floor()) as usize };
        let count = ((self.end - self.start) / self.step).round() as usize;
        (0..=count.min(20))
            .map(|i| {
                let value = self.start + i as f64 * self.step;
                let rounded: f64 = format!("{value:.decimals$}").parse().unwrap_or(value);
                (value, format_number(rounded))
            })
            .collect()
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let nice = [1.0, 2.0, 5.0, 10.0].into_iter().find(|n| raw <= n * magnitude).unwrap_or(10.0);
    nice * magnitude
}

/// A coordinate, to a tenth of a unit.
fn at(v: f64) -> String {
    format!("{v:.1}")
}

fn chart(about: &str, figures: &[FigureEntry], most_conservative: f64) -> Markup {
    let axis = Axis::fit(figures);
    let axis_y = ROWS_TOP + ROW_HEIGHT * figures.len() as f64 + 4.0;
    let height = axis_y + 30.0;
    let marker = axis.x(most_conservative);
    // The marker's label reads away from the nearer edge.
    let (label_x, label_anchor) =
        if marker > CHART_WIDTH * 0.6 { (marker - 6.0, "end") } else { (marker + 6.0, "start") };
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (CHART_WIDTH) " " (at(height)) }
            role="img" aria-label={ "Figures on " (about) } {
            title { "Figures on " (about) }
            line.conservative x1=(at(marker)) x2=(at(marker)) y1="20" y2=(at(axis_y)) {}
            text.conservative x=(at(label_x)) y="14" text-anchor=(label_anchor) {
                "most conservative: " (format_number(most_conservative))
            }
            @for (i, f) in figures.iter().enumerate() {
                @let y = ROWS_TOP + ROW_HEIGHT * (i as f64 + 0.5);
                text.label x=(at(PLOT_LEFT - 14.0)) y=(at(y + 5.0)) text-anchor="end" { (RecordKind::Claim.id(f.claim)) }
                (range(&axis, f, y))
                @if !f.disputed_by.is_empty() { (disputed_mark(&axis, f, y)) }
            }
            line.axis x1=(at(PLOT_LEFT)) x2=(at(PLOT_RIGHT)) y1=(at(axis_y)) y2=(at(axis_y)) {}
            @for (value, label) in axis.ticks() {
                line.axis x1=(at(axis.x(value))) x2=(at(axis.x(value))) y1=(at(axis_y)) y2=(at(axis_y + 5.0)) {}
                text.tick x=(at(axis.x(value))) y=(at(axis_y + 22.0)) text-anchor="middle" { (label) }
            }
        }
    }
}

/// "disputed" beside a disputed figure's mark: after it where there is room, else before it.
fn disputed_mark(axis: &Axis, f: &FigureEntry, y: f64) -> Markup {
    let (from, to) = (axis.x(f.lower_bound), f.upper_bound.map_or(PLOT_RIGHT, |h| axis.x(h)));
    let (x, anchor) = if to < CHART_WIDTH * 0.7 { (to + 12.0, "start") } else { (from - 12.0, "end") };
    html! { text.disputed x=(at(x)) y=(at(y + 5.0)) text-anchor=(anchor) { "disputed" } }
}

/// One figure's range: a dot for a single value, a bar with its two ends
/// (hollow where the end is left out), an arrow where it has no upper end.
fn range(axis: &Axis, f: &FigureEntry, y: f64) -> Markup {
    let from = axis.x(f.lower_bound);
    let low_open = f.quantity.qualifier == Qualifier::MoreThan;
    let high_open = f.quantity.qualifier == Qualifier::FewerThan;
    let end = |x: f64, open: bool| html! { circle.end.open[open] cx=(at(x)) cy=(at(y)) r="5" {} };
    html! {
        g.figure.conflict[f.in_conflict] {
            @match f.upper_bound {
                Some(high) if high == f.lower_bound => { (end(from, false)) },
                Some(high) => {
                    rect x=(at(from)) y=(at(y - 3.0)) width=(at(axis.x(high) - from)) height="6" {}
                    (end(from, low_open))
                    (end(axis.x(high), high_open))
                },
                None => {
                    rect x=(at(from)) y=(at(y - 3.0)) width=(at(PLOT_RIGHT - 10.0 - from)) height="6" {}
                    polygon points={
                        (at(PLOT_RIGHT - 12.0)) "," (at(y - 8.0)) " " (at(PLOT_RIGHT)) "," (at(y)) " "
                        (at(PLOT_RIGHT - 12.0)) "," (at(y + 8.0))
                    } {}
                    (end(from, low_open))
                },
            }
        }
    }
}

// ---------------------------------------------------------------- writing the page

/// The page's fixed tags around parts written one at a time: no data in them.
fn tag(out: &mut dyn Write, tags: &'static str) -> Result<()> {
    out.write_all(tags.as_bytes())?;
    Ok(())
}

/// Writes a part of the page. Text from the ledger may hold terminal
/// controls or invisible direction overrides, which a page would pass to a
/// reader's copy and paste or reorder on screen: they are shown escaped
/// (`\u{202e}`), as tables show them; the page's own markup has none.
fn emit(out: &mut dyn Write, markup: Markup) -> Result<()> {
    out.write_all(crate::output::visible(&markup.into_string(), true).as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Nothing runs and nothing loads: only the page's own style.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
*, *::before, *::after { box-sizing: border-box; }
html { color: #1f2328; background: #fff; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; overflow-wrap: break-word; }
header.page, main, footer.page { max-width: 1120px; margin: 0 auto; padding: 0 32px; }
h1 { font-size: 28px; margin: 28px 0 4px; }
h2 { font-size: 21px; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1f2328; }
h3 { font-size: 17px; margin: 0 0 6px; line-height: 1.35; }
h4 { font-size: 14px; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .04em; }
code, .hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
/* A hash or an address is no word: it may wrap anywhere rather than widen its box. */
.hash, td a { overflow-wrap: anywhere; }
a { color: #0550ae; }
.lead { color: #444c56; max-width: 80ch; }
.muted { color: #59636e; }
.none, .note { font-style: italic; color: #59636e; }
.note { border-left: 4px solid #bf8700; padding-left: 10px; }
nav { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 0; }
.id { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; font-weight: bold;
      background: #eaeef2; border-radius: 4px; padding: 0 5px; }
article.claim { border: 1px solid #d1d9e0; border-left: 6px solid #8250df; border-radius: 6px;
                padding: 14px 18px; margin: 16px 0; break-inside: avoid; }
.facts { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 0 0 6px; color: #444c56; font-size: 14px; }
ul.why { margin: 0 0 10px; padding-left: 20px; }
.said .where { margin: 0; font-size: 14px; }
blockquote { margin: 4px 0 8px; padding: 6px 12px; border-left: 3px solid #d1d9e0; background: #f6f8fa; }
blockquote .context { color: #59636e; }
mark { background: #fff1a8; color: inherit; font-weight: bold; padding: 0 1px; }
.sides { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; margin-top: 8px; }
.sides > section { min-width: 0; }
.asserts h4 { color: #1a7f37; }
.disputes h4 { color: #cf222e; }
ul.stances { list-style: none; margin: 0; padding: 0; }
ul.stances li { margin-bottom: 8px; }
.camp { color: #59636e; }
.verdict { margin: 6px 0 0; padding-top: 6px; border-top: 1px dashed #d1d9e0; }
/* A table wider than the screen scrolls in its own box, not the page. */
.scroll { overflow-x: auto; margin: 10px 0 18px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; overflow-wrap: normal; }
table.matrix tbody th { font-weight: normal; min-width: 9em; }
table.matrix tbody th[scope=rowgroup] { font-weight: bold; background: #f6f8fa; }
table.matrix td { text-align: center; font-weight: bold; padding: 4px 6px; white-space: nowrap; }
table.figures { min-width: 46em; }
/* A column's name, a claim's id, a figure and what it allows each read on one line. */
thead th, table.figures td:nth-child(-n+3) { white-space: nowrap; }
table.sources { min-width: 36em; }
td.asserts { background: #dafbe1; color: #116329; }
td.disputes { background: #ffebe9; color: #a40e26; }
section.question { margin: 18px 0 26px; }
svg.chart { display: block; width: 100%; height: auto; max-width: 1000px; }
svg.chart text { font: 14px "DejaVu Sans", sans-serif; fill: #1f2328; }
svg.chart .axis { stroke: #59636e; stroke-width: 1; }
svg.chart .figure rect, svg.chart .figure polygon, svg.chart .figure circle { fill: #0969da; stroke: #0969da; stroke-width: 2; }
svg.chart .figure.conflict rect, svg.chart .figure.conflict polygon, svg.chart .figure.conflict circle { fill: #cf222e; stroke: #cf222e; }
svg.chart circle.open { fill: #fff !important; }
svg.chart line.conservative { stroke: #1a7f37; stroke-width: 2; stroke-dasharray: 6 4; }
svg.chart text.conservative { fill: #1a7f37; font-weight: bold; }
svg.chart text.disputed { fill: #a40e26; font-style: italic; }
span.disputed { color: #a40e26; font-style: italic; }
footer.page { margin-top: 48px; padding-bottom: 32px; font-size: 14px; }
footer.page::before { content: ""; display: block; border-top: 1px solid #d1d9e0; margin-bottom: 12px; }
/* A tablet: less margin; the chart's text grows as the chart shrinks, to stay at 9 pixels or more. */
@media (max-width: 720px) {
  header.page, main, footer.page { padding: 0 16px; }
  svg.chart text { font-size: 18px; }
}
/* A phone: who asserts above who disputes. */
@media (max-width: 560px) {
  h1 { font-size: 24px; }
  article.claim { padding: 12px 12px; }
  .sides { grid-template-columns: minmax(0, 1fr); }
  svg.chart text { font-size: 28px; }
}
@media print { nav { display: none; } h2 { break-after: avoid; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_figures() {
        assert_eq!(nice_step(0.4), 0.5);
        assert_eq!(nice_step(80.7), 100.0);
        assert_eq!(nice_step(2000.0), 2000.0);
        let axis = Axis { start: 0.0, end: 1.0, step: 0.2 };
        let labels: Vec<String> = axis.ticks().into_iter().map(|(_, l)| l).collect();
        assert_eq!(labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    }
}
