//! HTML over the wire: an island sends a request as the page's own form would, and puts the
//! regions of the page that comes back in place of the same regions here. The server stays
//! the one renderer, so the browser needs no views, models or JSON of its own.

#[cfg(feature = "hydrate")]
pub use browser::*;

#[cfg(feature = "hydrate")]
mod browser {
    use crate::islands::dom::elements;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{
        Document, DomParser, Element, Headers, HtmlFormElement, Request, RequestInit, Response,
        SupportedType, UrlSearchParams,
    };
    use wasm_bindgen_futures::JsFuture;

    /// The form's fields as `a=1&b=2`, as the browser would send them.
    pub fn form_params(form: &HtmlFormElement) -> Result<UrlSearchParams, JsValue> {
        let data = leptos::web_sys::FormData::new_with_form(form)?;
        UrlSearchParams::new_with_str_sequence_sequence(&data)
    }

    /// Sends `method` to `url` (with `body` for a POST), asking for the page as a browser
    /// without JavaScript would, so that redirects and form errors come back as the page to
    /// show. Returns that page and its address; an answer other than 2xx is an error.
    pub async fn fetch_page(
        method: &str,
        url: &str,
        body: Option<&UrlSearchParams>,
    ) -> Result<(Document, String), JsValue> {
        let headers = Headers::new()?;
        headers.set("Accept", "text/html")?;
        let init = RequestInit::new();
        init.set_method(method);
        init.set_headers(&headers);
        if let Some(body) = body {
            init.set_body(body);
        }
        let request = Request::new_with_str_and_init(url, &init)?;
        let response: Response = JsFuture::from(window().fetch_with_request(&request))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str(&format!(
                "{url} answered {}",
                response.status()
            )));
        }
        let html = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        let page = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
        Ok((page, response.url()))
    }

    /// Puts the contents of `page`'s elements named by `ids` into this page's elements of the
    /// same ids. The elements themselves stay, so a live region announces its new text.
    pub fn swap(page: &Document, ids: &[&str]) {
        let here = document();
        for id in ids {
            if let (Some(old), Some(new)) = (here.get_element_by_id(id), page.get_element_by_id(id))
            {
                old.set_inner_html(&new.inner_html());
                hydrate_islands_in(&old);
            }
        }
    }

    /// Shows `page`, fetched from `url`, in place of this one, as if the browser had opened it:
    /// its title, body and address (the server has answered once; asking again would lose what
    /// it shows only once, such as a new secret token). Back on the same page, the person
    /// stays where they were on it; another page opens at its top.
    pub fn show_page(page: &Document, url: &str) {
        let here = document();
        let path = |u: &str| u.split(['?', '#']).next().unwrap_or_default().to_owned();
        let same_page = window()
            .location()
            .href()
            .is_ok_and(|current| path(&current) == path(url));
        here.set_title(&page.title());
        if let (Some(old), Some(new)) = (here.body(), page.body()) {
            old.set_inner_html(&new.inner_html());
            hydrate_islands_in(&old);
        }
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
        }
        if !same_page {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Brings the islands inside `root` to life: HTML put in place by a script does not run the
    /// page's loader, so this asks the loaded one (`__hydrateIsland`, from Leptos's islands
    /// script) for each.
    fn hydrate_islands_in(root: &Element) {
        let Ok(hydrate) = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
        else {
            return;
        };
        let Some(hydrate) = hydrate.dyn_ref::<js_sys::Function>() else {
            return;
        };
        for island in elements(root.query_selector_all("leptos-island")) {
            let kind = island.get_attribute("data-component").unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &island, &JsValue::from_str(&kind));
        }
    }
}
