//! The email hours of a form: a start, an end and the days, as a person sets their own and an
//! org admin sets the organisation's default.

use crate::components::form::field_error;
use crate::domain::Day;
use crate::error::AppError;
use leptos::prelude::*;

/// A fieldset with `send_from`, `send_until` and the `days` checkboxes, named with `prefix`
/// (`input[` … `]` for a struct field, empty for top-level fields).
#[component]
pub fn EmailHours(
    from: String,
    until: String,
    days: Vec<String>,
    /// Wraps each field name, e.g. `("input[", "]")`.
    #[prop(default = ("", ""))]
    wrap: (&'static str, &'static str),
    #[prop(into)] legend: String,
    #[prop(into)] hint: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let name = move |n: &str| format!("{}{n}{}", wrap.0, wrap.1);
    let from_error = field_error(error, "send_from".into());
    let until_error = field_error(error, "send_until".into());
    let days_error = field_error(error, "days".into());
    view! {
        <fieldset class="field email-hours" aria-describedby="f-hours-hint">
            <legend>{legend}</legend>
            <p class="hint" id="f-hours-hint">{hint}</p>
            <div class="hours">
                <div class="field">
                    <label for="f-send-from">"From"</label>
                    <input id="f-send-from" type="time" name=name("send_from") value=from required=true
                        aria-invalid=move || from_error.get().is_some().then_some("true")
                        aria-describedby=move || from_error.get().is_some().then_some("f-send-from-error") />
                    {move || from_error.get().map(|m| view! { <p class="field-error" id="f-send-from-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for="f-send-until">"Until"</label>
                    <input id="f-send-until" type="text" inputmode="numeric" pattern="[0-2][0-9]:[0-5][0-9]" name=name("send_until") value=until required=true
                        aria-invalid=move || until_error.get().is_some().then_some("true")
                        aria-describedby=move || if until_error.get().is_some() { "f-send-until-hint f-send-until-error" } else { "f-send-until-hint" } />
                    <p class="hint" id="f-send-until-hint">"As HH:MM; 24:00 for midnight."</p>
                    {move || until_error.get().map(|m| view! { <p class="field-error" id="f-send-until-error">{m}</p> })}
                </div>
            </div>
            <div class="choices days" role="group" aria-label="Days">
                {Day::ALL.iter().map(|d| {
                    let id = format!("f-day-{}", d.as_str());
                    let label_for = id.clone();
                    let checked = days.iter().any(|x| x == d.as_str());
                    view! {
                        <label class="choice" for=label_for>
                            <input type="checkbox" id=id name=format!("{}[]", name("days")) value=d.as_str() checked=checked />
                            {d.label()}
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || days_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
    }
}
