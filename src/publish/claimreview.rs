//! schema.org ClaimReview, one per claim with a verdict (docs/publish.md):
//! what search engines and the fact-check databases read.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::JsonArray;
use crate::error::Result;
use crate::ledger::{ClaimFilter, Reader};
use crate::model::{Actor, ActorKind, AnnotationBody, Id, Rating, Setting, Source, StanceKind};

/// What an export of reviews left incomplete, for the person running it.
#[derive(Debug, Default)]
pub struct Gaps {
    pub reviews: usize,
    /// Reviews without the address they are published at (`verdict --url`).
    pub without_url: usize,
    /// No organisation publishes the checks (`config set publisher.name`).
    pub without_publisher: bool,
}

/// The documented numeric scale of the graded ratings: 1 (false) to 5
/// (true). `unproven` is not on it.
fn rating_value(rating: Rating) -> Option<u8> {
    match rating {
        Rating::False => Some(1),
        Rating::MostlyFalse => Some(2),
        Rating::Mixed => Some(3),
        Rating::MostlyTrue => Some(4),
        Rating::True => Some(5),
        Rating::Unproven => None,
    }
}

/// The `propertyID` of the rating's identifier: the rating as the ledger words it (`mostly-true`).
const RATING_PROPERTY: &str = "claimledger:rating";

/// The rating as a reader says it: "Mostly false" for `mostly-false`.
fn rating_name(rating: Rating) -> String {
    let words = rating.as_str().replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The schema.org type of an actor, by its kind.
fn schema_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "Person",
        ActorKind::Government => "GovernmentOrganization",
        ActorKind::Media => "NewsMediaOrganization",
        ActorKind::Organization | ActorKind::Other => "Organization",
    }
}

fn thing(kind: &str, name: &str, url: Option<&str>) -> Value {
    let mut thing = json!({ "@type": kind, "name": name });
    if let Some(url) = url {
        thing["url"] = json!(url);
    }
    thing
}

/// Where a claim appears: its source as a CreativeWork.
fn creative_work(source: &Source) -> Value {
    let mut work = json!({ "@type": "CreativeWork", "headline": source.title });
    if let Some(url) = &source.url {
        work["url"] = json!(url);
    }
    if let Some(publisher) = &source.publisher {
        work["publisher"] = thing("Organization", publisher, None);
    }
    if let Some(published) = &source.published {
        work["datePublished"] = json!(published);
    }
    work
}

/// Writes every claim (not withdrawn) that has a verdict as a ClaimReview.
pub fn write_claimreviews(read: Reader<'_>, out: &mut dyn Write) -> Result<Gaps> {
    let mut actors: HashMap<Id, Actor> = HashMap::new();
    read.for_each_actor(|a| {
        actors.insert(a.id, a);
        Ok(())
    })?;
    let mut sources: HashMap<Id, Source> = HashMap::new();
    read.for_each_source(|s| {
        // Reviews name sources; their archived texts stay out of memory.
        sources.insert(s.id, Source { text: None, ..s });
        Ok(())
    })?;
    let publisher = read.setting(Setting::PublisherName)?;
    let author = publisher.as_deref().map(|name| {
        let url = read.setting(Setting::PublisherUrl).ok().flatten();
        thing("Organization", name, url.as_deref())
    });
    let mut gaps = Gaps { without_publisher: publisher.is_none(), ..Gaps::default() };
    let mut reviews = JsonArray::new(out);
    read.for_each_claim_entry(&ClaimFilter::default(), |entry| {
        if entry.verdict.is_none() {
            return Ok(());
        }
        let claim = entry.claim;
        let verdict = read.verdict(claim.id)?.and_then(|a| match a.body {
            AnnotationBody::Verdict { rating, rationale, url } => Some((rating, rationale, url, a.at)),
            AnnotationBody::Note { .. } | AnnotationBody::Tag { .. } => None,
        });
        let Some((rating, rationale, url, at)) = verdict else { return Ok(()) };
        let mut asserters = Vec::new();
        let mut appearances = vec![claim.source];
        // When the claim was made: the earliest date of its first source and of its assertions.
        let mut made: Option<String> = sources.get(&claim.source).and_then(|s| s.published.clone());
        for s in read.stance_entries(claim.id)? {
            if s.current() && s.stance.stance == StanceKind::Asserts {
                if let Some(date) = &s.stance.date
                    && made.as_ref().is_none_or(|m| date < m)
                {
                    made = Some(date.clone());
                }
                if let Some(actor) = actors.get(&s.stance.actor) {
                    asserters.push(thing(schema_type(actor.kind), &actor.name, actor.url.as_deref()));
                }
                if !appearances.contains(&s.stance.source) {
                    appearances.push(s.stance.source);
                }
            }
        }
        let mut item = json!({ "@type": "Claim" });
        if !asserters.is_empty() {
            item["author"] = Value::Array(asserters);
        }
        if let Some(first) = sources.get(&claim.source) {
            item["firstAppearance"] = creative_work(first);
        }
        item["appearance"] = appearances.iter().filter_map(|s| sources.get(s)).map(creative_work).collect();
        if let Some(made) = made {
            item["datePublished"] = json!(made);
        }
        // Readers see alternateName ("Mostly true"); the ledger's word stays in an identifier.
        let mut rating_json = json!({
            "@type": "Rating",
            "alternateName": rating_name(rating),
            "name": rating_name(rating),
            "identifier": { "@type": "PropertyValue", "propertyID": RATING_PROPERTY, "value": rating.as_str() },
        });
        if let Some(value) = rating_value(rating) {
            rating_json["ratingValue"] = json!(value);
            rating_json["bestRating"] = json!(5);
            rating_json["worstRating"] = json!(1);
        }
        let mut review = json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": claim.text,
            "itemReviewed": item,
            "reviewRating": rating_json,
            // RFC 3339 times begin with the date schema.org wants.
            "datePublished": at.get(..10).unwrap_or(&at),
        });
        if let Some(url) = &url {
            review["url"] = json!(url);
        } else {
            gaps.without_url += 1;
        }
        if let Some(rationale) = rationale {
            review["reviewBody"] = json!(rationale);
        }
        if let Some(author) = &author {
            review["author"] = author.clone();
        }
        reviews.push(&review)
    })?;
    gaps.reviews = reviews.finish()?;
    Ok(gaps)
}
