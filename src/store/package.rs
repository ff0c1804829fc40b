//! The referral package: what an interdiction team needs about one queue item, as JSON or
//! Markdown. The shipment, its parties, goods and routing, every hit with its explanation,
//! the decision trail, and the list versions the assessment was made against.
//!
//! Built from a [`QueueDetail`] only; it reads nothing else and writes to a string.

use std::fmt::Write;

use serde::Serialize;

use super::{AuditHead, Decision, ListVersion, Note, QueueDetail, QueueItem};
use crate::model::{Lane, Shipment};

/// One hit, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackagedHit {
    /// `party`, `vessel`, `goods` or `rule`.
    pub kind: &'static str,
    /// For name hits: the number `queue decide --hit N` takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<usize>,
    pub points: u32,
    pub explanation: String,
    pub marked_false_positive: bool,
}

/// A shipment version, without its body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionLine {
    pub version: i64,
    pub content_hash: String,
    pub created_at: String,
}

/// Everything an interdiction team receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralPackage {
    pub generated_at: String,
    pub queue_item: QueueItem,
    pub shipment_version: i64,
    pub versions: Vec<VersionLine>,
    pub shipment: Shipment,
    pub lane: Lane,
    pub score: u32,
    pub reasons: Vec<String>,
    pub hits: Vec<PackagedHit>,
    pub assessed_at: String,
    pub assessment_trigger: String,
    pub lists_used: Vec<ListVersion>,
    pub decisions: Vec<Decision>,
    pub notes: Vec<Note>,
    /// The audit log's head when the package was made: `audit verify --anchor` on this file
    /// later shows whether the log still holds that record unchanged.
    pub audit_head: AuditHead,
}

/// Assembles the package for one queue item.
pub fn build(detail: &QueueDetail, generated_at: &str) -> ReferralPackage {
    let a = &detail.assessment.assessment;
    let mut hits = Vec::new();
    for (i, h) in a.party_hits.iter().enumerate() {
        hits.push(PackagedHit {
            kind: "party",
            number: Some(i + 1),
            points: h.points,
            explanation: h.explain(),
            marked_false_positive: detail.marked_hits.contains(&(i as i64 + 1)),
        });
    }
    for h in &a.vessel_hits {
        hits.push(PackagedHit {
            kind: "vessel",
            number: None,
            points: h.points,
            explanation: h.explain(),
            marked_false_positive: false,
        });
    }
    for h in &a.goods_hits {
        hits.push(PackagedHit {
            kind: "goods",
            number: None,
            points: h.points,
            explanation: h.explain(),
            marked_false_positive: false,
        });
    }
    for f in &a.red_flags {
        hits.push(PackagedHit {
            kind: "rule",
            number: None,
            points: f.points,
            explanation: format!("{}: {}", f.rule, f.detail),
            marked_false_positive: false,
        });
    }
    ReferralPackage {
        generated_at: generated_at.to_string(),
        queue_item: detail.item.clone(),
        shipment_version: detail.shipment.version,
        versions: detail
            .versions
            .iter()
            .map(|v| VersionLine {
                version: v.version,
                content_hash: v.content_hash.clone(),
                created_at: super::time_text(v.created_at),
            })
            .collect(),
        shipment: detail.shipment.shipment.clone(),
        lane: a.lane,
        score: a.score,
        reasons: a.reasons.clone(),
        hits,
        assessed_at: super::time_text(detail.assessment.at),
        assessment_trigger: detail.assessment.trigger.clone(),
        lists_used: detail.assessment.lists.clone(),
        decisions: detail.decisions.clone(),
        notes: detail.notes.clone(),
        audit_head: detail.audit_head.clone(),
    }
}

/// Markdown text for a printed or mailed referral. Manifest text is quoted in code spans so
/// that it cannot format the document.
pub fn to_markdown(p: &ReferralPackage) -> String {
    let mut md = String::new();
    heading(&mut md, p);
    parties(&mut md, p);
    goods(&mut md, p);
    routing(&mut md, p);
    hits(&mut md, p);
    decision_trail(&mut md, p);
    lists_and_head(&mut md, p);
    md
}

/// The title and the item's state, lane, score and versions.
fn heading(md: &mut String, p: &ReferralPackage) {
    let s = &p.shipment;
    let q = &p.queue_item;
    let _ = writeln!(*md, "# Referral: bill {}", code(&s.bill_of_lading));
    let _ = writeln!(*md);
    let _ = writeln!(
        *md,
        "Queue item {} · state **{}** · lane **{}** · score {} · version {} of the bill ({} stored) · generated {}",
        q.id,
        q.state,
        p.lane.as_str(),
        p.score,
        p.shipment_version,
        p.versions.len(),
        p.generated_at
    );
    let _ = writeln!(*md);
}

/// `## Parties`: each with its role, country and address.
fn parties(md: &mut String, p: &ReferralPackage) {
    let s = &p.shipment;
    let _ = writeln!(*md, "## Parties");
    for party in &s.parties {
        let _ = writeln!(
            *md,
            "- {}: {}{}{}",
            party.role.as_str(),
            code(&party.name),
            party
                .country
                .as_deref()
                .map(|c| format!(" ({})", code(c)))
                .unwrap_or_default(),
            if party.address.is_empty() {
                String::new()
            } else {
                format!(", {}", code(&party.address.join(" / ")))
            }
        );
    }
    let _ = writeln!(*md);
}

/// `## Goods`: each line with its HS code and weight.
fn goods(md: &mut String, p: &ReferralPackage) {
    let s = &p.shipment;
    let _ = writeln!(*md, "## Goods");
    for (i, g) in s.goods.iter().enumerate() {
        let _ = writeln!(
            *md,
            "{}. {}{}{}",
            i + 1,
            code(&g.description),
            g.hs_code
                .as_ref()
                .map(|h| format!(" HS {h}"))
                .unwrap_or_default(),
            g.gross_weight_kg
                .map(|w| format!(", {w} kg"))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(*md);
}

/// `## Routing and conveyance`: the port chain, the vessel, the containers.
fn routing(md: &mut String, p: &ReferralPackage) {
    let s = &p.shipment;
    let _ = writeln!(*md, "## Routing and conveyance");
    let chain = s.routing.chain();
    let _ = writeln!(
        *md,
        "- route: {}",
        if chain.is_empty() {
            "(not given)".to_string()
        } else {
            chain
                .iter()
                .map(|p| code(p))
                .collect::<Vec<_>>()
                .join(" → ")
        }
    );
    if let Some(c) = &s.conveyance {
        let _ = writeln!(
            *md,
            "- vessel: {} IMO {} voyage {} flag {}",
            code(c.vessel_name.as_deref().unwrap_or("?")),
            code(c.imo.as_deref().unwrap_or("?")),
            code(c.voyage.as_deref().unwrap_or("?")),
            code(c.flag.as_deref().unwrap_or("?"))
        );
    }
    for c in &s.containers {
        let _ = writeln!(*md, "- container: {}", code(&c.number));
    }
    let _ = writeln!(*md);
}

/// `## Hits`: each with its points and explanation, and whether it was marked false positive.
fn hits(md: &mut String, p: &ReferralPackage) {
    let _ = writeln!(*md, "## Hits");
    for h in &p.hits {
        let number = h.number.map(|n| format!("#{n} ")).unwrap_or_default();
        let marked = if h.marked_false_positive {
            " — marked false positive"
        } else {
            ""
        };
        let _ = writeln!(
            *md,
            "- {number}{} +{}: {}{marked}",
            h.kind,
            h.points,
            code(&h.explanation)
        );
    }
    let _ = writeln!(*md);
}

/// `## Decision trail`: every decision and note, in order.
fn decision_trail(md: &mut String, p: &ReferralPackage) {
    let _ = writeln!(*md, "## Decision trail");
    for d in &p.decisions {
        let _ = writeln!(
            *md,
            "- {} {} `{}` {} → {}{}{}",
            super::time_text(d.at),
            code(&d.user),
            d.action,
            d.from_state,
            d.to_state,
            d.reason_code
                .as_deref()
                .map(|r| format!(", reason {}", code(r)))
                .unwrap_or_default(),
            d.note
                .as_deref()
                .map(|n| format!(", note {}", code(n)))
                .unwrap_or_default()
        );
    }
    for n in p.notes.iter() {
        let _ = writeln!(
            *md,
            "- note {} {}: {}",
            super::time_text(n.at),
            code(&n.user),
            code(&n.text)
        );
    }
    let _ = writeln!(*md);
}

/// `## Lists used` and the audit log head the package was made at.
fn lists_and_head(md: &mut String, p: &ReferralPackage) {
    let _ = writeln!(
        *md,
        "## Lists used (assessed {} by {})",
        p.assessed_at, p.assessment_trigger
    );
    for l in &p.lists_used {
        let _ = writeln!(
            *md,
            "- {} version {} sha256 `{}`",
            code(&l.name),
            code(&l.version),
            l.sha256
        );
    }
    let _ = writeln!(*md);
    let _ = writeln!(
        *md,
        "Audit log head: record {}, SHA-256 `{}`",
        p.audit_head.seq, p.audit_head.hash
    );
}

/// Text in a code span: backticks that would end it replaced, control, C1 and bidi-override
/// characters (line breaks too) shown in caret notation, as the terminal table shows them.
fn code(text: &str) -> String {
    let clean = crate::text::safe::for_terminal(text).replace('`', "'");
    format!("`{clean}`")
}
