//! Form pieces: labelled fields with their messages, and the feedback of a server action. Forms
//! post as plain HTML (pages are server-rendered, see `islands`), so a refused form comes back
//! as `?error=` on the page it was sent from; the field at fault has `autofocus`, so keyboard
//! and screen-reader users land on it.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The error of `action`: the one its form post was redirected back with. Of the forms on a
/// page, only the one that was sent shows it (`form=` names its server function).
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    let from_query = query_error();
    let query = use_query_map();
    let ours = move || query.with(|q| q.get("form").is_none_or(|form| form == S::PATH));
    Signal::derive(move || match action.value().get() {
        Some(result) => result.err(),
        None => from_query.get().filter(|_| ours()),
    })
}

/// The error a plain form post was redirected back with (`?error=…&field=…&seal=…`), shown
/// only when the server sealed it: a link anyone wrote shows nothing.
pub fn query_error() -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || {
        query.with(|q| {
            let message = q.get("error")?;
            address_error_checked(&q.get("seal")?).then(|| AppError::Invalid {
                field: q.get("field").unwrap_or_default(),
                message,
            })
        })
    })
}

/// The seal of the error in the page's address, as the server found it valid while
/// rendering the page (see `ssr::support::form_errors`).
#[derive(Clone, Debug)]
pub struct CheckedFormError(pub String);

/// The check the server made for this request.
fn address_error_checked(seal: &str) -> bool {
    use_context::<CheckedFormError>().is_some_and(|c| c.0 == seal)
}

/// The message for one field, out of an action's error.
pub fn field_error(error: Signal<Option<AppError>>, field: String) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.for_field(&field)))
}

/// An alert above a form for errors that are not about one field.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.for_form()).map(|message| {
            view! {
                <div class="alert alert-error" role="alert" tabindex="-1">
                    {message}
                </div>
            }
        })
    }
}

/// A notice shown when the page's query string has `key` (set by a redirect after success).
#[component]
pub fn Notice(key: &'static str, message: &'static str) -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| q.get(key).is_some()).then(|| {
            view! {
                <div class="alert alert-success" role="status">
                    {message}
                </div>
            }
        })
    }
}

/// A labelled input with an optional hint and its error message, tied together for screen
/// readers with `aria-describedby` and `aria-invalid`.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// The form field's key in the error, when it differs from `name` (`input[bio]` → `bio`).
    #[prop(optional, into)]
    error_key: Option<String>,
    /// The element id, when several forms on a page share field names.
    #[prop(optional, into)]
    id: Option<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| field_id(&name));
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let message = field_error(error, error_key.unwrap_or_else(|| name.clone()));
    let described = {
        let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>{label} {(!required).then(|| view! { <span class="optional">" (optional)"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                list=list
                inputmode=inputmode
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described
                autofocus=move || message.get().is_some()
            />
            {move || message.get().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}

/// A multi-line text field, laid out like [`Field`].
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] rows: Option<usize>,
    /// Hides the "(optional)" note.
    #[prop(optional)]
    required: bool,
    #[prop(optional, into)] error_key: Option<String>,
    #[prop(optional, into)] id: Option<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| field_id(&name));
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let message = field_error(error, error_key.unwrap_or_else(|| name.clone()));
    let err_id_shown = err_id.clone();
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>{label} {(!required).then(|| view! { <span class="optional">" (optional)"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <textarea
                id=id.clone()
                name=name
                rows=rows.unwrap_or(3)
                maxlength=maxlength
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=move || message.get().is_some().then(|| err_id.clone()).or_else(|| hint.map(|_| hint_id.clone()))
                autofocus=move || message.get().is_some()
            >
                {value}
            </textarea>
            {move || message.get().map(|m| view! { <p class="field-error" id=err_id_shown.clone()>{m}</p> })}
        </div>
    }
}

/// A submit button that says what is happening while its action runs.
#[component]
pub fn Submit<S>(action: ServerAction<S>, label: &'static str, busy: &'static str) -> impl IntoView
where
    S: ServerFn + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
    S::Error: Send + Sync + Clone + 'static,
{
    let pending = action.pending();
    view! {
        <button type="submit" class="btn btn-primary" aria-disabled=move || pending.get().then_some("true")>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

/// The element id of a field: `input[level]` becomes `f-input-level`.
pub fn field_id(name: &str) -> String {
    format!(
        "f-{}",
        name.replace('[', "-").replace(']', "").replace('.', "-")
    )
}
