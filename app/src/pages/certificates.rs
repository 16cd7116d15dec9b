//! Certificates of participation: the list on my recognition page of those I may ask for, and
//! the verification page behind a certificate's code, which anyone may open, signed in or not.

use crate::api::certificates::{my_certificates, verify_certificate, IssueCertificate};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, FormAlert};
use crate::models::{Certificate, CertificateChoice};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The certificates I may ask for, each with its button. Asking opens the certificate's
/// verification page, where its PDF is.
#[component]
pub fn CertificateChoices() -> impl IntoView {
    let issue = ServerAction::<IssueCertificate>::new();
    let error = action_error(issue);
    let choices = Resource::new(|| (), |_| my_certificates());
    view! {
        <section class="card" id="certificates" aria-labelledby="certificates-title">
            <h2 id="certificates-title">"Certificates"</h2>
            <p class="small muted">"A certificate of participation states your part in a program, for a review or a CV. Anyone can check it is genuine at the address printed on it."</p>
            <FormAlert error />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">"Once you have held a session with someone you were matched with, you can ask for a certificate here."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain-list certificate-list">
                                {list.into_iter().map(|c| view! { <ChoiceItem c issue /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChoiceItem(c: CertificateChoice, issue: ServerAction<IssueCertificate>) -> impl IntoView {
    let which = format!(" for {} as {}", c.program_name, c.role.label());
    let sessions = if c.sessions == 1 {
        "1 session".to_owned()
    } else {
        format!("{} sessions", c.sessions)
    };
    let program_id = c.program_id;
    let role = c.role.as_str();
    view! {
        <li class="certificate-choice">
            <p>
                <strong>{c.program_name.clone()}</strong>
                {format!(" · as {}", c.role.label())}
                <br />
                <span class="small muted">{format!("{} · {sessions}, {}", c.period, c.held)}</span>
            </p>
            <ActionForm action=issue attr:class="inline-form">
                <input type="hidden" name="program_id" value=program_id />
                <input type="hidden" name="role" value=role />
                <button type="submit" class="btn btn-small">"Get the certificate"<span class="visually-hidden">{which}</span></button>
            </ActionForm>
        </li>
    }
}

/// `/certificates/:code`: whether a certificate is genuine, and what it states.
#[component]
pub fn CertificateView() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let certificate = Resource::new(move || code.get(), verify_certificate);
    view! {
        <Title text="Certificate of participation" />
        <section class="card narrow certificate">
            {loaded(certificate, move |c: Certificate| view! { <Genuine c /> })}
        </section>
    }
}

#[component]
fn Genuine(c: Certificate) -> impl IntoView {
    let sessions = if c.sessions == 1 {
        "1 session".to_owned()
    } else {
        format!("{} sessions", c.sessions)
    };
    view! {
        <p class="eyebrow">"Certificate of participation"</p>
        <h1>{c.person_name.clone()}</h1>
        <p class="alert alert-success" role="status">
            <strong>"Genuine."</strong>
            {format!(" Tandem issued this certificate on {}, and it states what follows.", c.issued_on)}
        </p>
        <dl class="facts">
            <dt>"Program"</dt><dd>{c.program_name.clone()}</dd>
            <dt>"Took part as"</dt><dd>{c.role.label()}</dd>
            <dt>"Period"</dt><dd>{c.period.clone()}</dd>
            <dt>"Sessions held"</dt><dd>{format!("{sessions}, {}", c.held)}</dd>
            <dt>"Code"</dt><dd><code>{c.code.clone()}</code></dd>
        </dl>
        <p><a class="btn btn-primary" href=c.pdf_path.clone() rel="external" download="">"Download the PDF"</a></p>
        <p class="small muted">{format!("This page's address is printed on the certificate: {}", c.verify_url)}</p>
    }
}
