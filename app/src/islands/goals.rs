//! The goal board's drag and drop. The board itself is server-rendered, with a move menu and
//! up/down buttons on every card that work as plain forms; this island only listens for drags
//! on it, sends the dragged card's own move form with the column and place it was dropped
//! on, and swaps in the board the server renders back.

use super::{mark_ready, IslandLoader};
use leptos::ev::DragEvent;
use leptos::prelude::*;

/// The board's region, swapped whole after a move.
const REGION: &str = "goal-board";

/// Draggable goal cards (`.goal-card` with `id="goal-N"` and a `form.move-menu`) in columns
/// (`.board-column` with `data-status`).
#[component]
pub fn DraggableBoard(children: Children) -> impl IntoView {
    view! {
        <DragBoard>{children()}</DragBoard>
        <IslandLoader kind="goals" />
    }
}

#[island]
fn DragBoard(children: Children) -> impl IntoView {
    Effect::new(|_| mark_ready());
    view! {
        <div id=REGION on:dragstart=drag::start on:dragover=drag::over on:dragleave=drag::leave
            on:dragend=drag::end on:drop=drag::drop>
            {children()}
        </div>
    }
}

#[cfg(not(feature = "hydrate"))]
mod drag {
    use super::DragEvent;
    pub fn start(_: DragEvent) {}
    pub fn over(_: DragEvent) {}
    pub fn leave(_: DragEvent) {}
    pub fn end(_: DragEvent) {}
    pub fn drop(_: DragEvent) {}
}

#[cfg(feature = "hydrate")]
mod drag {
    use super::{DragEvent, REGION};
    use crate::islands::dom::elements;
    use crate::islands::swap::{fetch_page, form_params, swap};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlFormElement};

    /// Where a goal lands when dropped on a column rather than on a card: its end.
    const LAST: usize = 1_000_000;

    fn closest(ev: &DragEvent, selector: &str) -> Option<Element> {
        ev.target()?
            .dyn_into::<Element>()
            .ok()?
            .closest(selector)
            .ok()?
    }

    pub fn start(ev: DragEvent) {
        let Some(card) = closest(&ev, ".goal-card") else {
            return;
        };
        let _ = card.class_list().add_1("dragging");
        // Some browsers start a drag only when it carries data.
        if let Some(data) = ev.data_transfer() {
            data.set_effect_allowed("move");
            let _ = data.set_data("text/plain", &card.id());
        }
    }

    pub fn over(ev: DragEvent) {
        if let Some(column) = closest(&ev, ".board-column") {
            ev.prevent_default();
            let _ = column.class_list().add_1("drop-target");
        }
    }

    pub fn leave(ev: DragEvent) {
        if let Some(column) = closest(&ev, ".board-column") {
            let _ = column.class_list().remove_1("drop-target");
        }
    }

    pub fn end(_: DragEvent) {
        for card in elements(document().query_selector_all(".goal-card.dragging")) {
            let _ = card.class_list().remove_1("dragging");
        }
        for column in elements(document().query_selector_all(".board-column.drop-target")) {
            let _ = column.class_list().remove_1("drop-target");
        }
    }

    pub fn drop(ev: DragEvent) {
        ev.prevent_default();
        let moving = document()
            .query_selector(".goal-card.dragging")
            .ok()
            .flatten();
        end(ev.clone());
        let (Some(moving), Some(column)) = (moving, closest(&ev, ".board-column")) else {
            return;
        };
        let Some(status) = column.get_attribute("data-status") else {
            return;
        };
        let target = closest(&ev, ".goal-card");
        if target.as_ref().is_some_and(|t| t.id() == moving.id()) {
            return;
        }
        // Dropped on a card: the moving goal takes that card's place among the others.
        let mut position = LAST;
        if let Some(target) = target {
            let others: Vec<String> = elements(column.query_selector_all(".goal-card"))
                .iter()
                .map(Element::id)
                .filter(|id| *id != moving.id())
                .collect();
            position = others.iter().position(|id| *id == target.id()).unwrap_or(0);
        }
        let Some(form) = moving
            .query_selector("form.move-menu")
            .ok()
            .flatten()
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(params) = form_params(&form) else {
            return;
        };
        params.set("status", &status);
        params.set("position", &position.to_string());
        params.set("back", "board");
        leptos::task::spawn_local(async move {
            if let Ok((page, _)) = fetch_page("POST", &form.action(), Some(&params)).await {
                swap(&page, &[REGION]);
            }
        });
    }
}
