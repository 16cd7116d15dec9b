//! The browser entry point. Pages arrive as server-rendered HTML; this starts the reactive
//! runtime, and the islands' loader then brings each `#[island]` on the page to life (their
//! entry points are exported from `app`, linked in below).

#[allow(unused_imports)]
use app::islands;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
