//! One shipment in full: the manifest facts on the left, the hits beside the list entries they
//! point to on the right (aligned tokens highlighted on both sides), goods hits worded as
//! candidates, red flags, the route as a chain of ports, and what officers decided.
//!
//! Below 100 columns the two panes collapse into one, and Tab switches between them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, safe};
use crate::model::{GoodsHit, NameKind, PartyHit, TokenPair};
use crate::tui::app::App;
use crate::tui::data::ShipmentDetail;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let view = &app.detail_view;
    let Some(d) = &app.detail else {
        let text = if view.loading.is_some() {
            "Loading the shipment…"
        } else {
            "No shipment open. Pick one in Shipments (2) or Queue (4) and press enter."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(app.theme.dim)
                .block(block(app, " Detail ", true)),
            area,
        );
        return;
    };
    let left = shipment_lines(app, d);
    let right = hit_lines(app, d);
    let bill = safe(&d.summary.bill);
    let verdict = if app.shows_lanes() {
        format!(
            " · {} {}",
            d.summary.lane.as_str().to_uppercase(),
            d.summary.score
        )
    } else {
        String::new()
    };
    let titles = [
        format!(" {bill}{verdict} "),
        if app.shows_hits() {
            format!(
                " Hits {} ",
                d.assessment.party_hits.len() + d.assessment.vessel_hits.len()
            )
        } else {
            " Hits · hidden ".to_string()
        },
    ];
    let pane = |lines: Vec<Line<'static>>, title: String, focused: bool, scroll: u16| {
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block(app, title, focused))
    };
    if area.width >= 100 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(area);
        let [t0, t1] = titles;
        frame.render_widget(pane(left, t0, view.pane == 0, view.scroll[0]), l);
        frame.render_widget(pane(right, t1, view.pane == 1, view.scroll[1]), r);
    } else {
        let p = view.pane;
        let other = if p == 0 { "hits" } else { "shipment" };
        let title = format!("{}· tab: {other} ", titles[p]);
        let lines = if p == 0 { left } else { right };
        frame.render_widget(pane(lines, title, true, view.scroll[p]), area);
    }
}

/// The points a hit or flag added, unless the exercise hides scores.
fn points(app: &App, n: u32) -> Span<'static> {
    if app.shows_lanes() {
        Span::styled(format!(" +{n}"), app.theme.dim)
    } else {
        Span::raw("")
    }
}

fn heading(app: &App, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), app.theme.header))
}

fn label(app: &App, text: &str) -> Span<'static> {
    Span::styled(format!("{text:<9} "), app.theme.dim)
}

/// Words of `text` (made safe) with those in `tokens` highlighted.
fn highlighted(text: &str, tokens: &[&str], hi: Style, base: Style) -> Vec<Span<'static>> {
    let text = safe(text);
    let mut spans = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            spans.push(Span::styled(" ", base));
        }
        let key: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_uppercase();
        let hit = !key.is_empty() && tokens.iter().any(|t| t.eq_ignore_ascii_case(&key));
        spans.push(Span::styled(word.to_string(), if hit { hi } else { base }));
    }
    spans
}

fn shipment_lines(app: &App, d: &ShipmentDetail) -> Vec<Line<'static>> {
    let s = &d.shipment;
    let a = &d.assessment;
    let t = &app.theme;
    let mut out = Vec::new();
    let c = s.conveyance.clone().unwrap_or_default();
    out.push(Line::from(vec![
        label(app, "Vessel"),
        Span::raw(safe(&format!(
            "{} IMO {} voy {} flag {}",
            c.vessel_name.as_deref().unwrap_or("-"),
            c.imo.as_deref().unwrap_or("-"),
            c.voyage.as_deref().unwrap_or("-"),
            c.flag.as_deref().unwrap_or("-")
        ))),
    ]));
    out.push(Line::from(vec![
        label(app, "Source"),
        Span::raw(safe(s.source.as_deref().unwrap_or(&d.summary.file))),
    ]));
    let mut route = vec![label(app, "Route")];
    let chain = s.routing.chain();
    for (i, p) in chain.iter().enumerate() {
        if i > 0 {
            route.push(Span::styled(" → ", t.dim));
        }
        let is_pod = s.routing.port_of_discharge.as_deref() == Some(*p);
        route.push(Span::styled(safe(p), if is_pod { t.title } else { t.base }));
    }
    if chain.is_empty() {
        route.push(Span::styled("not given", t.dim));
    }
    out.push(Line::from(route));
    if let Some(q) = &d.queue_item {
        out.push(Line::from(vec![
            label(app, "Queue"),
            Span::styled(q.state.as_str().to_string(), t.state(q.state)),
            Span::raw(safe(&format!(
                " {}{}",
                q.assignee
                    .as_deref()
                    .map(|a| format!("by {a}"))
                    .unwrap_or_default(),
                // A version bumped by a re-screen would say which bills an inject touched.
                if app.shows_lanes() {
                    format!(" v{}", q.version)
                } else {
                    String::new()
                }
            ))),
        ]));
    }
    out.push(Line::from(""));
    out.push(heading(app, "Parties"));
    for p in &s.parties {
        let tokens: Vec<&str> = a
            .party_hits
            .iter()
            .filter(|h| h.role == p.role && h.party_name == p.name)
            .flat_map(|h| h.aligned.iter().map(|x| x.query.as_str()))
            .collect();
        let mut spans = vec![label(app, &p.role.as_str().replace("_party", ""))];
        spans.extend(highlighted(&p.name, &tokens, t.aligned, t.base));
        if let Some(cn) = &p.country {
            spans.push(Span::styled(format!(" ({})", safe(cn)), t.dim));
        }
        if !tokens.is_empty() {
            spans.push(Span::styled(" ◆hit", t.lane_red));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::from(""));
    out.push(heading(app, "Goods"));
    for (i, g) in s.goods.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{:>2}. ", i + 1), t.dim)];
        spans.push(Span::raw(safe(&g.description)));
        if let Some(hs) = &g.hs_code {
            spans.push(Span::styled(format!("  HS {hs}"), t.dim));
        }
        if let Some(un) = &g.un_number {
            spans.push(Span::styled(format!("  UN {}", safe(un)), t.dim));
        }
        out.push(Line::from(spans));
        if let Some(d) = a.declared_headings.iter().find(|d| d.line == i)
            && let Some((code, text)) = d.texts.last()
        {
            out.push(Line::from(vec![
                Span::styled(format!("      HS 2022 {code}: "), t.dim),
                Span::styled(safe(text), t.dim),
            ]));
        }
        for h in a.goods_hits.iter().filter(|h| h.line == i) {
            out.push(goods_hit_line(app, h));
            out.extend(control_lines(app, h));
        }
    }
    if !a.red_flags.is_empty() {
        out.push(Line::from(""));
        out.push(heading(app, "Red flags"));
        for f in &a.red_flags {
            let name = if f.title.is_empty() {
                f.rule.clone()
            } else {
                format!("{} ({})", f.title, f.rule)
            };
            out.push(Line::from(vec![
                Span::styled("  ▸ ", t.warn),
                Span::styled(safe(&name), t.warn),
                Span::raw(format!(": {}", safe(&f.detail))),
                points(app, f.points),
            ]));
            if let Some(lane) = f.lane {
                out.push(Line::from(Span::styled(
                    format!("    sends the shipment to {lane} at least"),
                    t.warn,
                )));
            }
            if !f.instruction.is_empty() {
                out.push(Line::from(vec![
                    Span::styled("    examiner: ", t.dim),
                    Span::raw(safe(&f.instruction)),
                ]));
            }
            if !f.source.is_empty() {
                out.push(Line::from(vec![
                    Span::styled("    source: ", t.dim),
                    Span::styled(safe(&f.source), t.dim),
                ]));
            }
        }
    }
    out.push(Line::from(""));
    out.push(heading(app, "Decision history"));
    if d.history.is_empty() {
        out.push(Line::from(Span::styled("  no decision yet", t.dim)));
    }
    for e in &d.history {
        out.push(Line::from(vec![
            Span::styled(format!("  {} ", e.at.format("%m-%d %H:%M")), t.dim),
            Span::raw(safe(&format!("{} {}: {}", e.user, e.action, e.detail()))),
        ]));
    }
    out
}

fn goods_hit_line(app: &App, h: &GoodsHit) -> Line<'static> {
    let why = h.explain();
    let why = why.split_once(": ").map(|(_, w)| w).unwrap_or(&why);
    Line::from(vec![
        Span::styled("    ▸ ", app.theme.warn),
        Span::raw(safe(why)),
        points(app, h.points),
    ])
}

/// The most decontrol notes shown under a hit; the rest are one look-up away.
const NOTES_SHOWN: usize = 2;

/// What the Annex I entry a goods hit points at covers, and what it does not.
fn control_lines(app: &App, h: &GoodsHit) -> Vec<Line<'static>> {
    let t = &app.theme;
    let Some(c) = &h.control else {
        return Vec::new();
    };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("      {} ({}): ", c.entry, c.regime), t.dim),
        Span::raw(safe(&c.heading)),
    ])];
    for note in c.decontrol.iter().take(NOTES_SHOWN) {
        out.push(Line::from(vec![
            Span::styled("      not controlled: ", t.dim),
            Span::raw(safe(note)),
        ]));
    }
    if c.decontrol.len() > NOTES_SHOWN {
        out.push(Line::from(Span::styled(
            format!(
                "      {} more notes: hubscreen goods lookup {}",
                c.decontrol.len() - NOTES_SHOWN,
                c.entry
            ),
            t.dim,
        )));
    }
    out
}

fn hit_lines(app: &App, d: &ShipmentDetail) -> Vec<Line<'static>> {
    let t = &app.theme;
    let a = &d.assessment;
    let mut out = Vec::new();
    if !app.shows_hits() {
        out.push(Line::from(Span::styled(
            "Screening is hidden in this exercise: read the manifest, look names, HS codes and \
             words up (L), browse the lists (5), and refer what you judge suspicious.",
            t.dim,
        )));
        return out;
    }
    if a.party_hits.is_empty() && a.vessel_hits.is_empty() {
        out.push(Line::from(Span::styled("No party or vessel hits.", t.dim)));
    }
    for (i, h) in a.party_hits.iter().enumerate() {
        out.extend(party_hit_lines(
            app,
            h,
            d.party_entries.get(i).and_then(Option::as_ref),
        ));
        out.push(Line::from(""));
    }
    for v in &a.vessel_hits {
        out.push(Line::from(vec![
            Span::styled("vessel ", t.header),
            Span::raw(safe(&v.explain())),
            points(app, v.points),
        ]));
        out.push(Line::from(""));
    }
    if !a.reasons.is_empty() {
        out.push(heading(app, "Why this lane"));
        for r in &a.reasons {
            out.push(Line::from(Span::raw(format!("  {}", safe(r)))));
        }
    }
    out
}

fn party_hit_lines(
    app: &App,
    h: &PartyHit,
    entry: Option<&crate::lists::ListEntry>,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let q: Vec<&str> = h.aligned.iter().map(|p| p.query.as_str()).collect();
    let l: Vec<&str> = h.aligned.iter().map(|p| p.list.as_str()).collect();
    let mut out = Vec::new();
    let mut party = vec![Span::styled(
        format!("{:<9} ", h.role.as_str().replace("_party", "")),
        t.header,
    )];
    party.extend(highlighted(&h.party_name, &q, t.aligned, t.base));
    out.push(Line::from(party));
    let kind = match h.matched_name_kind {
        NameKind::Primary => "",
        NameKind::StrongAlias => " (alias)",
        NameKind::WeakAlias => " (weak alias)",
    };
    let mut listed = vec![Span::styled("  ≈ list ", t.dim)];
    listed.extend(highlighted(&h.matched_name, &l, t.aligned, t.base));
    listed.push(Span::styled(kind.to_string(), t.dim));
    out.push(Line::from(listed));
    let strong = h.score >= 0.92;
    out.push(Line::from(vec![
        Span::styled("  score ", t.dim),
        Span::styled(
            format!("{:.2}", h.score),
            if strong { t.lane_red } else { t.lane_yellow },
        ),
        points(app, h.points),
        Span::raw("  "),
        Span::styled(safe(&format!("{} {}", h.list, h.entry_id)), t.title),
    ]));
    if h.matched_name != h.entry_name {
        out.push(Line::from(vec![
            Span::styled("  entry ", t.dim),
            Span::raw(safe(&h.entry_name)),
        ]));
    }
    out.push(Line::from(vec![
        Span::styled("  aligned ", t.dim),
        Span::raw(safe(&TokenPair::join(&h.aligned))),
    ]));
    if !h.unmatched_query.is_empty() {
        out.push(Line::from(vec![
            Span::styled("  unmatched ", t.dim),
            Span::raw(safe(&h.unmatched_query.join(" "))),
        ]));
    }
    if !h.adjustments.is_empty() {
        out.push(Line::from(vec![
            Span::styled("  adjusted ", t.dim),
            Span::raw(safe(&h.adjustments.join("; "))),
        ]));
    }
    if !h.programs.is_empty() {
        out.push(Line::from(vec![
            Span::styled("  program ", t.dim),
            Span::raw(safe(&h.programs.join(", "))),
        ]));
    }
    if let Some(e) = entry {
        if !e.countries.is_empty() {
            out.push(Line::from(vec![
                Span::styled("  country ", t.dim),
                Span::raw(safe(&e.countries.join(", "))),
            ]));
        }
        if let Some(r) = &e.remarks {
            out.push(Line::from(vec![
                Span::styled("  remarks ", t.dim),
                Span::raw(safe(r)),
            ]));
        }
    }
    out
}
