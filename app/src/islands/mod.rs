//! The islands: the only parts of Tandem that run in the browser. Every page is server-rendered
//! HTML whose links and forms work on their own; an island adds what HTML cannot do (dragging
//! a goal, results that follow the typing). Only island code is compiled to WASM, and a page
//! without an island loads no script at all, so a link from an email opens as plain HTML.

#[cfg(feature = "hydrate")]
mod dom;
pub mod forms;
pub mod goals;
pub mod resources;
mod swap;

use leptos::prelude::*;

/// The islands' loader (their script and WASM), written beside the page's first kind of
/// island. Pages without an island never pay for the bundle.
///
/// `kind` names the island. The server may build a suspended view more than once and write
/// only the last build, so the first kind to ask keeps the loader in every build, and no
/// page gets two.
#[component]
pub fn IslandLoader(kind: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let claimed = use_context::<IslandsOnPage>().is_some_and(|on_page| on_page.claim(kind));
        use_context::<LeptosOptions>()
            .filter(|_| claimed)
            .map(|options| view! { <HydrationScripts options islands=true /> })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = kind;
    }
}

/// The kind of island that carries the page's loader (one per request, given by the shell).
#[derive(Clone, Default)]
pub struct IslandsOnPage(std::sync::Arc<std::sync::Mutex<Option<&'static str>>>);

impl IslandsOnPage {
    /// True for the first kind that asks, and for that kind ever after.
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    fn claim(&self, kind: &'static str) -> bool {
        let mut holder = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *holder.get_or_insert(kind) == kind
    }
}

/// Marks the page once its islands are live, so tests (and curious people) can tell an
/// interactive page from the HTML before it.
fn mark_ready() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
