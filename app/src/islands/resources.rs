//! Search as you type on the resource hub. The search form is a plain GET form; this island
//! sends it a moment after the typing pauses (at once for a filter or Enter), swaps in the
//! status and results of the page that comes back, and puts its address in the location bar.

use super::{mark_ready, IslandLoader};
use leptos::prelude::*;

/// The regions of the hub a search changes: its status line (a live region) and the results.
pub const STATUS: &str = "search-status";
pub const RESULTS: &str = "resource-results";

/// A search form (`form[method=get]`, its words in `q`) whose results follow the typing.
#[component]
pub fn SearchAsYouType(children: Children) -> impl IntoView {
    view! {
        <LiveSearch>{children()}</LiveSearch>
        <IslandLoader kind="resources" />
    }
}

#[island]
fn LiveSearch(children: Children) -> impl IntoView {
    Effect::new(|_| mark_ready());
    let state = search::State::default();
    view! {
        <div
            on:input=move |ev| search::typed(ev, state)
            on:change=move |ev| search::changed(ev, state)
            on:submit=move |ev| search::submitted(ev, state)
        >
            {children()}
        </div>
    }
}

mod search {
    use leptos::ev::{Event, SubmitEvent};
    use leptos::prelude::*;

    /// The pending pause after a keystroke, and the number of the latest search: an answer
    /// to an older one, arriving late, is dropped.
    #[derive(Clone, Copy)]
    pub struct State {
        #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
        pending: StoredValue<Option<TimeoutHandle>>,
        #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
        latest: StoredValue<u64>,
    }

    impl Default for State {
        fn default() -> Self {
            Self {
                pending: StoredValue::new(None),
                latest: StoredValue::new(0),
            }
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn typed(_: Event, _: State) {}
    #[cfg(not(feature = "hydrate"))]
    pub fn changed(_: Event, _: State) {}
    #[cfg(not(feature = "hydrate"))]
    pub fn submitted(_: SubmitEvent, _: State) {}

    #[cfg(feature = "hydrate")]
    pub use browser::*;

    #[cfg(feature = "hydrate")]
    mod browser {
        use super::{Event, State, SubmitEvent};
        use crate::islands::resources::{RESULTS, STATUS};
        use crate::islands::swap::{fetch_page, form_params, swap};
        use leptos::prelude::*;
        use leptos::wasm_bindgen::{JsCast, JsValue};
        use leptos::web_sys::{Element, HtmlFormElement};
        use std::time::Duration;

        /// How long typing must pause before the search goes out.
        const PAUSE: Duration = Duration::from_millis(200);

        fn target(ev: &Event) -> Option<Element> {
            ev.target()?.dyn_into::<Element>().ok()
        }

        fn form_of(el: &Element) -> Option<HtmlFormElement> {
            el.closest("form").ok()??.dyn_into().ok()
        }

        pub fn typed(ev: Event, state: State) {
            let Some(el) =
                target(&ev).filter(|el| el.get_attribute("name").as_deref() == Some("q"))
            else {
                return;
            };
            let Some(form) = form_of(&el) else {
                return;
            };
            cancel(state);
            let handle = set_timeout_with_handle(move || search(&form, state), PAUSE).ok();
            state.pending.set_value(handle);
        }

        /// A filter (a `select`) searches at once.
        pub fn changed(ev: Event, state: State) {
            if let Some(el) = target(&ev).filter(|el| el.tag_name() == "SELECT") {
                if let Some(form) = form_of(&el) {
                    cancel(state);
                    search(&form, state);
                }
            }
        }

        pub fn submitted(ev: SubmitEvent, state: State) {
            ev.prevent_default();
            if let Some(form) = target(&ev).and_then(|el| el.dyn_into::<HtmlFormElement>().ok()) {
                cancel(state);
                search(&form, state);
            }
        }

        fn cancel(state: State) {
            if let Some(handle) = state.pending.get_value() {
                handle.clear();
            }
            state.pending.set_value(None);
        }

        fn search(form: &HtmlFormElement, state: State) {
            let Ok(params) = form_params(form) else {
                return;
            };
            // Only the filters that are set, so the address reads as a person would write it.
            let query: Vec<String> = String::from(params.to_string())
                .split('&')
                .filter(|pair| !pair.is_empty() && !pair.ends_with('='))
                .map(str::to_owned)
                .collect();
            let base = form.get_attribute("action").unwrap_or_default();
            let url = if query.is_empty() {
                base
            } else {
                format!("{base}?{}", query.join("&"))
            };
            let number = state.latest.get_value() + 1;
            state.latest.set_value(number);
            leptos::task::spawn_local(async move {
                let Ok((page, _)) = fetch_page("GET", &url, None).await else {
                    return;
                };
                if state.latest.get_value() != number {
                    return;
                }
                swap(&page, &[STATUS, RESULTS]);
                if let Ok(history) = window().history() {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
                }
            });
        }
    }
}
