//! Forms sent in place. Every form posts as plain HTML, and a refused one comes back as its
//! page with the messages (`?error=…`). Without this island that page replaces what was
//! typed; with it, the form is sent in the background, a refusal shows the messages around
//! the person's own entries with the focus on the first field at fault, and an accepted form
//! shows the page the server sends to, as before.

use super::{mark_ready, IslandLoader};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The region a refused form's page is swapped into.
const REGION: &str = "page-content";

/// The page's content, with its server-function forms sent in place.
#[component]
pub fn FormsInPlace(children: Children) -> impl IntoView {
    view! {
        <KeepForms>{children()}</KeepForms>
        <IslandLoader kind="forms" />
    }
}

#[island]
fn KeepForms(children: Children) -> impl IntoView {
    Effect::new(|_| mark_ready());
    view! { <div id=REGION on:submit=send::submit>{children()}</div> }
}

#[cfg(not(feature = "hydrate"))]
mod send {
    pub fn submit(_: super::SubmitEvent) {}
}

#[cfg(feature = "hydrate")]
mod send {
    use super::{SubmitEvent, REGION};
    use crate::islands::dom::elements;
    use crate::islands::swap::{fetch_page, show_page, swap};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{
        Element, FormData, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement,
        HtmlTextAreaElement, UrlSearchParams,
    };

    /// Marks a form whose answer is awaited, so a second press sends nothing.
    const SENDING: &str = "data-sending";

    pub fn submit(ev: SubmitEvent) {
        if ev.default_prevented() {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        // Server functions only, and not file uploads (a file cannot be put back).
        let api = format!("{}/api/", window().location().origin().unwrap_or_default());
        if !form.method().eq_ignore_ascii_case("post")
            || form.enctype() == "multipart/form-data"
            || !form.action().starts_with(&api)
        {
            return;
        }
        ev.prevent_default();
        if form.has_attribute(SENDING) {
            return;
        }
        let Ok(data) = FormData::new_with_form(&form) else {
            let _ = form.submit();
            return;
        };
        // The pressed button's name and value, as the browser would send them.
        if let Some(button) = ev.submitter() {
            if let Some(name) = button.get_attribute("name") {
                let _ =
                    data.append_with_str(&name, &button.get_attribute("value").unwrap_or_default());
            }
        }
        let entries = entries(&data);
        let Ok(params) = UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            let _ = form.submit();
            return;
        };
        let action = form.get_attribute("action").unwrap_or_default();
        let me: &Element = form.as_ref();
        let place = same_action(&action).iter().position(|f| f == me);
        let open = open_sections();
        let _ = form.set_attribute(SENDING, "");
        leptos::task::spawn_local(async move {
            match fetch_page("POST", &form.action(), Some(&params)).await {
                Ok((page, url)) if refused(&url) => {
                    swap(&page, &[REGION]);
                    reopen(&open);
                    if let Some(again) = place.and_then(|i| same_action(&action).into_iter().nth(i))
                    {
                        put_back(&again, &entries);
                    }
                    focus_first_problem();
                }
                Ok((page, url)) => show_page(&page, &url),
                // Something unexpected: let the browser send the form itself.
                Err(_) => {
                    let _ = form.remove_attribute(SENDING);
                    let _ = form.submit();
                }
            }
        });
    }

    /// A refused form comes back to its page with a sealed message in the address
    /// (`…error=…&seal=…`, the seal last).
    fn refused(url: &str) -> bool {
        url.contains("error=") && url.contains("&seal=")
    }

    /// The page's `<details>`, in order.
    fn sections() -> Vec<Element> {
        elements(document().query_selector_all(&format!("#{REGION} details")))
    }

    /// Which of the page's `<details>` the person has open, so the page that comes back
    /// shows the form where they left it.
    fn open_sections() -> Vec<usize> {
        sections()
            .iter()
            .enumerate()
            .filter(|(_, d)| d.has_attribute("open"))
            .map(|(i, _)| i)
            .collect()
    }

    fn reopen(open: &[usize]) {
        for (i, d) in sections().iter().enumerate() {
            if open.contains(&i) {
                let _ = d.set_attribute("open", "");
            }
        }
    }

    /// The page's forms that post to `action`, in order.
    fn same_action(action: &str) -> Vec<Element> {
        elements(document().query_selector_all("form"))
            .into_iter()
            .filter(|form| form.get_attribute("action").as_deref() == Some(action))
            .collect()
    }

    /// The text entries of the form data (files are left out).
    fn entries(data: &FormData) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Ok(Some(iter)) = js_sys::try_iter(data) {
            for pair in iter.flatten() {
                let pair = js_sys::Array::from(&pair);
                if let (Some(name), Some(value)) =
                    (pair.get(0).as_string(), pair.get(1).as_string())
                {
                    out.push((name, value));
                }
            }
        }
        out
    }

    /// Puts what was sent back into the page's new copy of the form: text in order of the
    /// fields' names, boxes and options checked when their value was sent. Hidden fields keep
    /// what the server wrote.
    fn put_back(form: &Element, entries: &[(String, String)]) {
        let fields = elements(form.query_selector_all("input[name], textarea[name], select[name]"));
        let mut used: Vec<usize> = Vec::new();
        let mut next_text = |name: &str| {
            let found = entries
                .iter()
                .enumerate()
                .find(|(i, (n, _))| n == name && !used.contains(i))
                .map(|(i, (_, v))| (i, v.clone()));
            found.map(|(i, v)| {
                used.push(i);
                v
            })
        };
        let sent = |name: &str, value: &str| entries.iter().any(|(n, v)| n == name && v == value);
        for node in fields {
            if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
                let name = input.name();
                match input.type_().as_str() {
                    "hidden" | "file" | "submit" | "button" | "reset" | "image" => {}
                    "checkbox" | "radio" => input.set_checked(sent(&name, &input.value())),
                    _ => input.set_value(&next_text(&name).unwrap_or_default()),
                }
            } else if let Some(text) = node.dyn_ref::<HtmlTextAreaElement>() {
                text.set_value(&next_text(&text.name()).unwrap_or_default());
            } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
                if let Some(value) = next_text(&select.name()) {
                    select.set_value(&value);
                }
            }
        }
    }

    /// Focus goes where the problem is, so keyboard and screen-reader users land on it.
    fn focus_first_problem() {
        let doc = document();
        let target = ["[aria-invalid=true]", ".alert-error"]
            .iter()
            .find_map(|selector| doc.query_selector(selector).ok().flatten());
        if let Some(el) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
        }
    }
}
