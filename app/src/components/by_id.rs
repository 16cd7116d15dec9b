//! Pages about one thing named by the `:id` in their URL: load it, and show it or the error.
//!
//! The rule every page follows: **its resources are created in the page's own component,
//! once, before anything suspends**, and handed to the parts that show them. On the server a
//! `<Suspense>` runs its children more than once (to find what they read, then to draw them),
//! and how often depends on which data arrive first. A resource created inside would be created
//! again, under the next number, with its first copy cancelled; the browser, creating it once,
//! reads the first number's data (an error) and hydration panics on the markup that does not
//! match. Created at the top, each resource has one number on both sides.

use crate::components::shell::{ErrorCard, Loading};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// `fetch` run on the URL's `:id`, again whenever `version` changes (after an action, say).
/// A missing or malformed id is a "not found", like an id that names nothing.
pub fn resource_by_id<T, V, F, Fut>(
    version: impl Fn() -> V + Send + Sync + 'static,
    fetch: F,
) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    Resource::new(
        move || (id.get(), version()),
        move |(id, _)| async move {
            match id {
                Some(id) => fetch(id).await,
                None => Err(AppError::NotFound("There is no such page.".into())),
            }
        },
    )
}

/// `fetch` run on the id `key` gives (a query parameter, say), again whenever it changes;
/// `None`, without asking the server, while it gives none.
pub fn resource_if_some<T, F, Fut>(
    key: impl Fn() -> Option<i64> + Send + Sync + 'static,
    fetch: F,
) -> Resource<Result<Option<T>, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(key, move |id| async move {
        match id {
            Some(id) => fetch(id).await.map(Some),
            None => Ok(None),
        }
    })
}

/// A resource's value drawn by `render` once it has loaded, a spinner until then, and an
/// error card if it failed.
pub fn loaded<T, R, IV>(resource: Resource<Result<T, AppError>>, render: R) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    R: Fn(T) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
