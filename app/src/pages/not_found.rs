use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="card narrow center">
            <p class="eyebrow">"404"</p>
            <h1>"We couldn't find that page"</h1>
            <p class="muted">"The link may be old, or the page may have moved."</p>
            <a class="btn btn-primary" href="/">"Go to the dashboard"</a>
        </section>
    }
}
