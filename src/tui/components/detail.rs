//! The detail view's state besides the shipment itself: which shipment is on its way, and the
//! scroll and focus of the two panes.
//!
//! The shipment shown stays on [`crate::tui::app::App::detail`], since queue commands target it
//! from any view. This module draws nothing and touches no store.

use crate::tui::data::{ShipmentDetail, ShipmentId};

/// Loading, scroll and focus of the detail view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailView {
    /// The shipment asked for and not yet arrived.
    pub loading: Option<ShipmentId>,
    /// Scroll of the two panes.
    pub scroll: [u16; 2],
    /// The pane with focus (0 left, 1 right).
    pub pane: usize,
}

impl DetailView {
    /// A shipment was asked for: focus goes back to the first pane.
    pub fn start_loading(&mut self, id: ShipmentId) {
        self.pane = 0;
        self.loading = Some(id);
    }

    /// Shows a shipment that arrived, if it was asked for or a detail is open (a reload);
    /// scrolls back to the top when it is another shipment.
    pub fn loaded(&mut self, shown: &mut Option<ShipmentDetail>, detail: ShipmentDetail) {
        if self.loading != Some(detail.summary.id) && shown.is_none() {
            return;
        }
        if shown.as_ref().map(|d| d.summary.id) != Some(detail.summary.id) {
            self.scroll = [0, 0];
        }
        *shown = Some(detail);
        self.loading = None;
    }

    /// Scrolls the focused pane.
    pub fn scroll_by(&mut self, delta: isize) {
        let s = &mut self.scroll[self.pane];
        *s = (*s as isize + delta).clamp(0, u16::MAX as isize) as u16;
    }

    /// Moves focus to the other pane.
    pub fn toggle_pane(&mut self) {
        self.pane = 1 - self.pane;
    }
}
