//! The debrief: each trainee's card, every missed item explained (the flag, the list or control
//! entry, what hubscreen saw on the bill, the rule), false referrals, and a class summary.
//! As Markdown, HTML or JSON. Every text from a manifest or a store is made safe for its output.

use serde::Serialize;

use super::key::{AnswerKey, KeyItem};
use super::score::{Card, FORMULA, Marked};
use crate::text::safe::for_terminal;

/// What `exercise score` writes.
#[derive(Debug, Clone, Serialize)]
pub struct Debrief<'a> {
    pub exercise: &'a str,
    pub formula: &'static str,
    pub class: Vec<ClassRow>,
    pub trainees: &'a [Card],
    /// The key items, for the explanations of missed ones.
    #[serde(skip)]
    pub key: &'a AnswerKey,
}

/// One line of the class summary.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    pub trainee: String,
    pub score: f64,
    pub found: usize,
    pub planted: usize,
    pub missed: usize,
    pub decoys_cleared: usize,
    pub decoys: usize,
    pub false_referrals: usize,
    pub reason_codes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_minutes: Option<f64>,
}

impl<'a> Debrief<'a> {
    pub fn new(key: &'a AnswerKey, cards: &'a [Card]) -> Self {
        let mut class: Vec<ClassRow> = cards
            .iter()
            .map(|c| ClassRow {
                trainee: c.trainee.clone(),
                score: c.score,
                found: c.found,
                planted: c.planted,
                missed: c.missed,
                decoys_cleared: c.decoys_cleared,
                decoys: c.decoys,
                false_referrals: c.false_referrals.len(),
                reason_codes: format!("{}/{}", c.reason_codes_right, c.reason_codes_given),
                median_minutes: c.median_minutes,
            })
            .collect();
        class.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.trainee.cmp(&b.trainee)));
        Debrief {
            exercise: &key.exercise,
            formula: FORMULA,
            class,
            trainees: cards,
            key,
        }
    }
}

fn minutes(m: Option<f64>) -> String {
    m.map_or_else(|| "-".to_string(), |m| format!("{m:.1}"))
}

/// Text from outside (names, notes, reasons) for Markdown: one line, no control characters,
/// table bars and backticks neutralised.
fn md(text: &str) -> String {
    for_terminal(text)
        .replace(['\n', '\r'], " ")
        .replace('|', "/")
        .replace('`', "'")
}

fn html(text: &str) -> String {
    for_terminal(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A class summary row's cells, as text: trainee, score, found, missed, decoys cleared, false
/// referrals, reason codes right, median minutes.
fn class_cells(r: &ClassRow) -> Vec<String> {
    vec![
        r.trainee.clone(),
        format!("{:.1}", r.score),
        format!("{}/{}", r.found, r.planted),
        r.missed.to_string(),
        format!("{}/{}", r.decoys_cleared, r.decoys),
        r.false_referrals.to_string(),
        r.reason_codes.clone(),
        minutes(r.median_minutes),
    ]
}

/// A key item's row of a trainee's table, as text: bill, kind, expected, decision (marked
/// late when `mark_late`), reason code, minutes, points.
fn bill_cells(m: &Marked, mark_late: bool) -> Vec<String> {
    let late = if mark_late && m.late { " (late)" } else { "" };
    vec![
        m.bill.clone(),
        m.kind.to_string(),
        m.expected.to_string(),
        format!("{}{late}", m.outcome),
        m.reason_code.clone().unwrap_or_else(|| "-".into()),
        minutes(m.minutes),
        m.points.to_string(),
    ]
}

/// A Markdown table row, each cell made safe.
fn md_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| md(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// An HTML table row with `attrs` on the `tr`, each cell escaped.
fn html_row(cells: &[String], attrs: &str) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<td>{}</td>", html(c)))
        .collect();
    format!("<tr{attrs}>{cells}</tr>\n")
}

/// What to teach from a missed or wrongly decided item.
fn lesson(item: &KeyItem, marked: &Marked) -> Vec<String> {
    let mut lines = vec![format!("Flag: {}", item.flag), item.explanation.clone()];
    let e = &item.evidence;
    if let (Some(list), Some(id)) = (&e.list, &e.entry_id) {
        lines.push(format!(
            "List entry: {list} {id}{}",
            e.listed_name
                .as_ref()
                .map(|n| format!(" '{n}'"))
                .unwrap_or_default()
        ));
    }
    if let Some(w) = &e.written_as {
        let how = if e.disguise.is_empty() {
            String::new()
        } else {
            format!(" (disguise: {})", e.disguise.join(", "))
        };
        lines.push(format!("Written on the manifest as: '{w}'{how}"));
    }
    if let Some(hs) = &e.hs {
        lines.push(format!(
            "HS code of the goods: {hs}{}",
            e.declared_hs
                .as_ref()
                .map(|d| format!(" (declared {d})"))
                .unwrap_or_default()
        ));
    }
    if let Some(cas) = &e.cas {
        lines.push(format!("CAS number: {cas}"));
    }
    if let Some(un) = &e.un {
        lines.push(format!("UN number: {un}"));
    }
    if let Some(rule) = &e.rule {
        lines.push(format!("Built-in rule that speaks for it: {rule}"));
    }
    match &marked.tool {
        Some(t) => {
            let reasons = if t.reasons.is_empty() {
                "no reason".to_string()
            } else {
                t.reasons.join("; ")
            };
            lines.push(format!(
                "What hubscreen said on this bill: lane {}, score {}: {reasons}",
                t.lane, t.score
            ));
        }
        None => lines.push("hubscreen has no screening of this bill in the store.".into()),
    }
    lines.push(format!(
        "Your decision: {}{}{}",
        marked.outcome,
        marked
            .reason_code
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default(),
        marked
            .note
            .as_ref()
            .map(|n| format!(", note: {n}"))
            .unwrap_or_default()
    ));
    lines
}

pub fn markdown(d: &Debrief<'_>) -> String {
    let mut out = format!(
        "# Debrief: exercise {}\n\n**Score formula.** {}\n\n## Class summary\n\n\
         | Trainee | Score | Found | Missed | Decoys cleared | False referrals | Reason codes right | Median minutes |\n\
         |---|---|---|---|---|---|---|---|\n",
        md(d.exercise),
        d.formula
    );
    for r in &d.class {
        out.push_str(&md_row(&class_cells(r)));
    }
    for c in d.trainees {
        out.push_str(&format!(
            "\n## {}\n\nScore {:.1} ({} of {} points). Found {} of {} suspicious bills, missed {}; \
             cleared {} of {} decoys ({} referred); {} false referrals; reason codes naming \
             the flag: {} of {}; {} decisions ({} after the time limit); median {} minutes to a \
             decision.\n\n| Kind | Right | Wrong |\n|---|---|---|\n",
            md(&c.trainee),
            c.score,
            c.points.max(0),
            c.most_points,
            c.found,
            c.planted,
            c.missed,
            c.decoys_cleared,
            c.decoys,
            c.decoys_referred,
            c.false_referrals.len(),
            c.reason_codes_right,
            c.reason_codes_given,
            c.decisions,
            c.late_decisions,
            minutes(c.median_minutes)
        ));
        for (kind, t) in &c.by_kind {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                kind.title(),
                t.right,
                t.wrong
            ));
        }
        out.push_str(
            "\n| Bill | Kind | Expected | Decision | Reason code | Minutes | Points |\n\
             |---|---|---|---|---|---|---|\n",
        );
        for m in &c.items {
            out.push_str(&md_row(&bill_cells(m, true)));
        }
        let wrong: Vec<&Marked> = c.items.iter().filter(|m| !m.right).collect();
        if !wrong.is_empty() {
            out.push_str("\n### What was missed or decided wrongly\n");
            for m in wrong {
                let Some(item) = d.key.item(&m.bill) else {
                    continue;
                };
                out.push_str(&format!("\n**{}: {}**\n\n", md(&m.bill), item.kind.title()));
                for line in lesson(item, m) {
                    out.push_str(&format!("- {}\n", md(&line)));
                }
            }
        }
        if !c.false_referrals.is_empty() {
            out.push_str("\n### Referred without cause\n\n");
            for f in &c.false_referrals {
                out.push_str(&format!(
                    "- {}: {}{}{}; nothing was planted on this bill\n",
                    md(&f.bill),
                    f.outcome,
                    f.reason_code
                        .as_ref()
                        .map(|r| format!(" ({})", md(r)))
                        .unwrap_or_default(),
                    f.note
                        .as_ref()
                        .map(|n| format!(", note: {}", md(n)))
                        .unwrap_or_default()
                ));
            }
        }
    }
    out
}

pub fn html_page(d: &Debrief<'_>) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Debrief {ex}</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:auto}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.wrong{{background:#fee}}</style></head><body>\n\
         <h1>Debrief: exercise {ex}</h1>\n<p><b>Score formula.</b> {f}</p>\n<h2>Class summary</h2>\n\
         <table><tr><th>Trainee</th><th>Score</th><th>Found</th><th>Missed</th><th>Decoys cleared</th>\
         <th>False referrals</th><th>Reason codes right</th><th>Median minutes</th></tr>\n",
        ex = html(d.exercise),
        f = html(d.formula)
    );
    for r in &d.class {
        out.push_str(&html_row(&class_cells(r), ""));
    }
    out.push_str("</table>\n");
    for c in d.trainees {
        out.push_str(&format!(
            "<h2>{}</h2>\n<p>Score {:.1} ({} of {} points). Found {} of {}, missed {}; decoys \
             cleared {} of {}; {} false referrals.</p>\n<table><tr><th>Bill</th><th>Kind</th>\
             <th>Expected</th><th>Decision</th><th>Reason code</th><th>Minutes</th><th>Points</th></tr>\n",
            html(&c.trainee),
            c.score,
            c.points.max(0),
            c.most_points,
            c.found,
            c.planted,
            c.missed,
            c.decoys_cleared,
            c.decoys,
            c.false_referrals.len()
        ));
        for m in &c.items {
            let class = if m.right { "" } else { " class=\"wrong\"" };
            out.push_str(&html_row(&bill_cells(m, false), class));
        }
        out.push_str("</table>\n");
        for m in c.items.iter().filter(|m| !m.right) {
            if let Some(item) = d.key.item(&m.bill) {
                out.push_str(&format!(
                    "<h3>{}: {}</h3>\n<ul>\n",
                    html(&m.bill),
                    item.kind.title()
                ));
                for line in lesson(item, m) {
                    out.push_str(&format!("<li>{}</li>\n", html(&line)));
                }
                out.push_str("</ul>\n");
            }
        }
        if !c.false_referrals.is_empty() {
            out.push_str("<h3>Referred without cause</h3>\n<ul>\n");
            for f in &c.false_referrals {
                out.push_str(&format!("<li>{}: {}</li>\n", html(&f.bill), f.outcome));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</body></html>\n");
    out
}
