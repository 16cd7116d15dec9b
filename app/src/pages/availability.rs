//! When I am free for sessions: hours per day in my time zone, and the free/busy calendar
//! Tandem reads so that suggested times avoid what I already have on.

use crate::api::availability::{load_availability, SaveAvailability};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::domain::Day;
use crate::models::AvailabilityPage as PageData;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let save = ServerAction::<SaveAvailability>::new();
    let data = Resource::new(move || save.version().get(), |_| load_availability());
    view! {
        <Title text="When you are free" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <p class="eyebrow"><a href="/profile">"Profile"</a></p>
                <h1>"When you are free"</h1>
                <p class="muted">"Your pair page suggests session times that suit you and your partner. Say when you are usually free, and Tandem leaves out what your calendar already holds."</p>
            </header>
            {loaded(data, move |d: PageData| view! { <Form d save /> })}
        } />
    }
}

#[component]
fn Form(d: PageData, save: ServerAction<SaveAvailability>) -> impl IntoView {
    let error = action_error(save);
    let zone = if d.time_zone.is_empty() {
        "UTC (set your time zone on your profile)".to_owned()
    } else {
        d.time_zone.clone()
    };
    let input = d.input.clone();
    let calendar = d.calendar.clone();
    view! {
        <section class="card narrow-left">
            <Notice key="saved" message="Saved. Your pair page now suggests times from these hours." />
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <fieldset class="field">
                    <legend>"Usual hours, each day"</legend>
                    <p class="hint" id="f-days-hint">{format!(
                        "In your time zone, {zone}. Write ranges like 09:00-12:00, 14:00-17:30; leave a day empty when you are not free. {}",
                        if d.set { "" } else { "Until you say, office hours (09:00-17:00, Monday to Friday) are assumed." }
                    )}</p>
                    <div class="grid-2">
                        {Day::ALL.iter().map(|day| view! {
                            <Field label=day.label() name=format!("input[days][{}]", day.as_str()) error_key=day.as_str()
                                id=format!("f-days-{}", day.as_str()) value=input.days.get(day.as_str()).cloned().unwrap_or_default()
                                maxlength=120 error />
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="field">
                    <legend>"Your calendar (optional)"</legend>
                    {calendar.clone().map(|c| view! {
                        <p class="small">{format!("Tandem reads {}", c.address)}</p>
                        {c.read.map(|r| view! { <p class="small" role="status">{r}</p> })}
                        {c.problem.map(|p| view! { <p class="alert alert-error small" role="alert">{p}</p> })}
                    })}
                    <Field label=if calendar.is_some() { "A new secret address (iCal)" } else { "Secret address of your calendar (iCal)" }
                        name="input[calendar_url]" error_key="calendar_url" id="f-calendar-url" kind="url" maxlength=2000
                        hint="From your calendar's settings: the secret or private address in iCal format. Tandem reads only when you are busy, never what you do, and nobody else sees it."
                        error />
                    {calendar.is_some().then(|| view! {
                        <label class="choice" for="f-forget-calendar">
                            <input type="checkbox" id="f-forget-calendar" name="forget_calendar" value="yes" />
                            "Stop reading my calendar"
                        </label>
                    })}
                </fieldset>
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}
