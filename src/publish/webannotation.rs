//! W3C Web Annotations, one per quote anchored in a source's archived text
//! (docs/publish.md): the target names the source, and selects the quote by
//! the text's own span (TextQuoteSelector) and by code points
//! (TextPositionSelector), so any annotation tool can find it again. Ids
//! name the ledger by its first event's hash, so no two ledgers share one.

use std::io::Write;

use base64::Engine;
use serde_json::{Value, json};

use super::JsonArray;
use crate::error::Result;
use crate::history::hash_hex;
use crate::ledger::Reader;
use crate::model::RecordKind;

/// Characters of context each side of a quote.
const CONTEXT: usize = 32;

/// A name for a source's text by its SHA-256 (RFC 6920 `ni` URI), for
/// sources without a web address.
fn content_name(sha256_hex: &str) -> Option<String> {
    let bytes = hex::decode(sha256_hex).ok()?;
    Some(format!("ni:///sha-256;{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
}

/// Writes every anchored quote that stands as a Web Annotation; returns how many.
pub fn write_web_annotations(read: Reader<'_>, out: &mut dyn Write) -> Result<usize> {
    let mut annotations = JsonArray::new(out);
    // A ledger with a quote has a history, so a first event.
    let ledger = read.first_hash()?.map(|h| hash_hex(&h)).unwrap_or_default();
    let mut sources = Vec::new();
    read.for_each_source(|s| {
        if s.text.is_some() {
            sources.push(s.id);
        }
        Ok(())
    })?;
    // One source's text in memory at a time.
    for id in sources {
        let source = read.source(id)?;
        let Some(text) = &source.text else { continue };
        let chars: Vec<char> = text.chars().collect();
        let target_source =
            source.url.clone().or_else(|| source.sha256.as_deref().and_then(content_name)).unwrap_or_default();
        for quote in read.anchored_quotes(id)? {
            let (start, end) = (quote.start.min(chars.len()), quote.end.min(chars.len()));
            let slice = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
            let claim = RecordKind::Claim.id(quote.claim);
            let mut body = vec![json!({
                "type": "TextualBody",
                "purpose": "describing",
                "format": "text/plain",
                "value": quote.claim_text,
            })];
            let id = match &quote.stance {
                None => format!("urn:claimledger:{ledger}:{claim}"),
                Some((stance, kind, actor)) => {
                    body.push(json!({
                        "type": "TextualBody",
                        "purpose": "assessing",
                        "format": "text/plain",
                        "value": format!("{actor} {kind} this claim ({claim})"),
                    }));
                    format!("urn:claimledger:{ledger}:{}", RecordKind::Stance.id(*stance))
                }
            };
            let annotation: Value = json!({
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": id,
                "type": "Annotation",
                "motivation": if quote.stance.is_some() { "assessing" } else { "describing" },
                "creator": { "type": "Person", "name": quote.by },
                "created": quote.at,
                "body": body,
                "target": {
                    // The text the selectors select in: archived texts are plain UTF-8 text. The ledger
                    // records no language for a source, so none is given.
                    "source": { "id": target_source, "type": "Text", "format": "text/plain" },
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": slice(start, end),
                            "prefix": slice(start.saturating_sub(CONTEXT), start),
                            "suffix": slice(end, (end + CONTEXT).min(chars.len())),
                        },
                        { "type": "TextPositionSelector", "start": start, "end": end },
                    ],
                },
            });
            annotations.push(&annotation)?;
        }
    }
    annotations.finish()
}
