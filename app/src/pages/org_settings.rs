use crate::api::org_settings::{get_org_settings, SaveOrgSettings};
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Organisation settings" />
        <RequireUser render=|_| view! { <Settings /> } />
    }
}

#[component]
fn Settings() -> impl IntoView {
    let save = ServerAction::<SaveOrgSettings>::new();
    let error = action_error(save);
    let settings = Resource::new(move || save.version().get(), |_| get_org_settings());
    view! {
        <header class="page-head">
            <h1>"Organisation settings"</h1>
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let s = match settings.await {
                    Ok(s) => s,
                    Err(error) => return view! { <ErrorCard error /> }.into_any(),
                };
                view! {
                    <section class="card narrow-left">
                        <Notice key="saved" message="Settings saved." />
                        <FormAlert error />
                        <ActionForm action=save attr:class="form" attr:novalidate=true>
                            <Field label="Organisation name" name="org_name" value=s.name.clone() required=true maxlength=100 error />
                            <div class="field checkbox">
                                <input id="f-open-signup" type="checkbox" name="open_signup" value="on" checked=s.open_signup />
                                <label for="f-open-signup">"Anyone with an allowed email address may sign up"</label>
                            </div>
                            <Field label="Allowed email domains" name="allowed_domains" value=s.allowed_domains.join(", ")
                                hint="Comma-separated, for example example.com, example.org. Leave empty to allow any domain." error />
                            <Submit action=save label="Save settings" busy="Saving…" />
                        </ActionForm>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
