//! The contested set. The rule itself lives in the schema's views
//! (`disputed_claims`, `conflicts`, `contested_claims`); see docs/contested.md.

/// Restricts a claim listing (alias `c`) to contested claims.
pub(crate) const CONTESTED_IDS_CLAUSE: &str = "c.id IN (SELECT claim_id FROM contested_claims)";
