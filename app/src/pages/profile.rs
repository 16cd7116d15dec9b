use crate::api::profile::my_profile;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit, TextArea};
use crate::components::shell::{Auth, ErrorCard, Loading, RequireUser};
use crate::models::User;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let auth = Auth::get();
    let profile = Resource::new(move || auth.save_profile.version().get(), |_| my_profile());
    view! {
        <Title text="Your profile" />
        <RequireUser render=move |_| view! { <ProfileEditor profile /> } />
    }
}

#[component]
fn ProfileEditor(
    profile: Resource<Result<crate::models::ProfileView, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(page) => view! { <ProfileForm user=page.user time_zones=page.time_zones /> }.into_any(),
                    Err(error) => view! { <ErrorCard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileForm(user: User, time_zones: Vec<String>) -> impl IntoView {
    let auth = Auth::get();
    let error = action_error(auth.save_profile);
    let level = user.level.map(|l| l.to_string()).unwrap_or_default();
    view! {
        <header class="page-head profile-head">
            <span class="avatar avatar-lg" aria-hidden="true">{user.initials()}</span>
            <div>
                <h1>{user.name.clone()}</h1>
                <p class="muted">{user.email.clone()} " · " {user.role.label()}</p>
                <p class="small"><a href="/profile/notifications">"Email settings: what Tandem sends you, and when"</a></p>
                <p class="small"><a href="/profile/availability">"When you are free for sessions"</a></p>
                <p class="small"><a href="/recognition">"Your badges, and thanks given and received"</a></p>
                <p class="small"><a href="/reviews">"Your mentoring record for reviews, and who may read it"</a></p>
                <p class="small"><a href="/profile/data.json" download="tandem-personal-data.json">"Download everything Tandem holds about you (JSON)"</a></p>
            </div>
        </header>
        <Notice key="welcome" message="Welcome to Tandem! Tell people a little about yourself: it makes for better matches." />
        <Notice key="saved" message="Your profile has been saved." />
        <FormAlert error />
        <ActionForm action=auth.save_profile attr:class="form card" attr:novalidate=true>
            <fieldset>
                <legend>"About you"</legend>
                <div class="grid-2">
                    <Field label="Name" name="input[name]" error_key="name" value=user.name.clone() autocomplete="name" required=true maxlength=100 error />
                    <Field label="Pronouns" name="input[pronouns]" error_key="pronouns" value=user.pronouns.clone() maxlength=40 hint="For example she/her, he/him, they/them." error />
                </div>
                <TextArea label="Short bio" name="input[bio]" error_key="bio" value=user.bio.clone() maxlength=1000 error />
            </fieldset>
            <fieldset>
                <legend>"Work"</legend>
                <div class="grid-2">
                    <Field label="Job title" name="input[job_title]" error_key="job_title" value=user.job_title.clone() autocomplete="organization-title" maxlength=100 error />
                    <Field label="Department" name="input[department]" error_key="department" value=user.department.clone() maxlength=100 error />
                    <Field label="Level" name="input[level]" error_key="level" value=level inputmode="numeric" maxlength=2 hint="Your seniority, from 1 (first role) to 15." error />
                    <Field label="Manager's email" name="input[manager_email]" error_key="manager_email" kind="email" value=user.manager_email.clone().unwrap_or_default() error />
                    <Field label="Location" name="input[location]" error_key="location" value=user.location.clone() maxlength=100 hint="City or office." error />
                    <Field label="Time zone" name="input[time_zone]" error_key="time_zone" value=user.time_zone.clone() list="time-zones" hint="For example Europe/Paris or America/New_York." error />
                </div>
                <datalist id="time-zones">
                    {time_zones.into_iter().map(|tz| view! { <option value=tz></option> }).collect_view()}
                </datalist>
            </fieldset>
            <fieldset>
                <legend>"Mentoring"</legend>
                <TextArea label="Skills you can offer" name="input[skills_offer]" error_key="skills_offer" value=user.skills_offer.clone() maxlength=500 hint="Separate with commas: SQL, public speaking, negotiation." error />
                <TextArea label="Skills you want to grow" name="input[skills_grow]" error_key="skills_grow" value=user.skills_grow.clone() maxlength=500 error />
                <TextArea label="Interests" name="input[interests]" error_key="interests" value=user.interests.clone() maxlength=500 error />
                <TextArea label="Career aspirations" name="input[aspirations]" error_key="aspirations" value=user.aspirations.clone() maxlength=500 error />
            </fieldset>
            <div class="form-actions">
                <Submit action=auth.save_profile label="Save profile" busy="Saving…" />
            </div>
        </ActionForm>
    }
}
