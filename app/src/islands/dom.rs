//! The browser's element lists as vectors, for the islands' code.

use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{Element, NodeList};

/// The elements of a `querySelectorAll` answer, in document order (none if the selector was
/// refused).
pub fn elements(list: Result<NodeList, JsValue>) -> Vec<Element> {
    let Ok(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}
