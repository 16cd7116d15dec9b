//! Sign-in, sign-up and password reset pages.

use crate::api::accounts::{sign_up_info, ForgotPassword};
use crate::api::sso::load_sign_in_options;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::{encode_query, Auth, Loading};
use crate::domain::SsoRefusal;
use crate::domain::PASSWORD_MAX;
use crate::models::SignInOptions;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn query_param(key: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(key)))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let next = query_param("next");
    let with = query_param("with");
    let provider = query_param("provider");
    let options = Resource::new(|| (), |_| load_sign_in_options());
    view! {
        <Title text="Sign in" />
        <section class="card narrow">
            <h1>"Sign in"</h1>
            <Notice key="signed_out" message="You have signed out." />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let options = options.await.unwrap_or(SignInOptions { providers: vec![], sso_only: false });
                    let next_value = next.get().unwrap_or_default();
                    let after = if next_value.is_empty() { String::new() } else { format!("?next={}", encode_query(&next_value)) };
                    let signed_out_of = provider.get()
                        .and_then(|id| id.parse::<i64>().ok())
                        .and_then(|id| options.providers.iter().find(|p| p.id == id).cloned());
                    let password_form = !options.sso_only || with.get().as_deref() == Some("password");
                    let has_buttons = !options.providers.is_empty();
                    view! {
                        {signed_out_of.map(|p| view! {
                            <p class="small">
                                <a rel="external" href=format!("/sso/{}/sign-out", p.id)>{format!("Also sign out of your company account ({})", p.label)}</a>
                            </p>
                        })}
                        {has_buttons.then(|| view! {
                            <div class="sso-buttons">
                                {options.providers.iter().map(|p| view! {
                                    <a class="btn btn-primary btn-block" rel="external" href=format!("/sso/{}/start{after}", p.id)>{p.label.clone()}</a>
                                }).collect_view()}
                            </div>
                        })}
                        {if password_form {
                            view! {
                                {has_buttons.then(|| view! { <p class="divider"><span>"or with your password"</span></p> })}
                                <PasswordSignIn sso_only=options.sso_only />
                            }.into_any()
                        } else {
                            view! {
                                <p class="muted small">"Your organisation signs in to Tandem with your company account."</p>
                                <p class="form-links"><a href="/sign-in?with=password">"Administrator sign-in with a password"</a></p>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PasswordSignIn(sso_only: bool) -> impl IntoView {
    let auth = Auth::get();
    let error = action_error(auth.sign_in);
    let next = query_param("next");
    view! {
        <FormAlert error />
        <ActionForm action=auth.sign_in attr:class="form" attr:novalidate=true>
            <input type="hidden" name="next" value=move || next.get().unwrap_or_default() />
            <Field label="Email" name="email" kind="email" autocomplete="email" required=true error />
            <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true error />
            <Submit action=auth.sign_in label="Sign in" busy="Signing in…" />
        </ActionForm>
        <p class="form-links">
            <a href="/forgot-password">"Forgot your password?"</a>
            {(!sso_only).then(|| view! {
                <span>" · "</span>
                <a href="/sign-up">"Create an account"</a>
            })}
        </p>
    }
}

/// Where a sign-in through the company's provider ends when it was refused: what went wrong,
/// in words, and the way back. The reason is one of a fixed set of words; anything else reads
/// as an expired sign-in.
#[component]
pub fn SignInRefusedPage() -> impl IntoView {
    let reason = query_param("reason");
    let refusal = move || {
        reason
            .get()
            .and_then(|r| SsoRefusal::from_code(&r))
            .unwrap_or(SsoRefusal::Expired)
    };
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let status = match refusal() {
            SsoRefusal::Unreachable => axum::http::StatusCode::BAD_GATEWAY,
            SsoRefusal::Expired => axum::http::StatusCode::BAD_REQUEST,
            _ => axum::http::StatusCode::FORBIDDEN,
        };
        res.set_status(status);
    }
    view! {
        <Title text="Sign-in refused" />
        <section class="card narrow">
            <h1>"You are not signed in"</h1>
            <div class="alert alert-error" role="alert">{move || refusal().message()}</div>
            <a class="btn btn-primary" href="/sign-in">"Back to sign in"</a>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let auth = Auth::get();
    let error = action_error(auth.sign_up);
    let invite = query_param("invite");
    let info = Resource::new(move || invite.get(), sign_up_info);
    view! {
        <Title text="Sign up" />
        <section class="card narrow">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let info = match info.await {
                        Ok(info) => info,
                        Err(e) => return view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                    };
                    if let Some(problem) = info.invite_problem {
                        return view! {
                            <h1>"Invitation"</h1>
                            <div class="alert alert-error" role="alert">{problem}</div>
                            <a class="btn btn-primary" href="/sign-in">"Sign in"</a>
                        }.into_any();
                    }
                    if !info.open && info.invited_email.is_none() {
                        return view! {
                            <h1>"Sign-up is by invitation"</h1>
                            <p>{format!("{} invites people to Tandem by email. Ask your program coordinator for an invitation, or sign in if you have an account.", info.org_name)}</p>
                            <a class="btn btn-primary" href="/sign-in">"Sign in"</a>
                        }.into_any();
                    }
                    let invited = info.invited_email.clone();
                    view! {
                        <h1>"Join " {info.org_name.clone()} " on Tandem"</h1>
                        <FormAlert error />
                        <ActionForm action=auth.sign_up attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="invite" value=move || invite.get().unwrap_or_default() />
                            <Field label="Your name" name="name" autocomplete="name" required=true maxlength=100 error />
                            <Field label="Work email" name="email" kind="email" autocomplete="email" required=true value=invited.unwrap_or_default() error />
                            <Field label="Password" name="password" kind="password" autocomplete="new-password" required=true
                                hint="12 to 128 characters. A few unrelated words make a strong, memorable password."
                                maxlength=PASSWORD_MAX error />
                            <Submit action=auth.sign_up label="Create account" busy="Creating your account…" />
                        </ActionForm>
                        <p class="form-links">"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let error = action_error(action);
    view! {
        <Title text="Reset your password" />
        <section class="card narrow">
            <h1>"Reset your password"</h1>
            <Notice key="sent" message="If an account uses that address, we have emailed it a link to choose a new password. The link works once, for one hour." />
            <p class="muted">"Enter the email you sign in with and we will send you a link."</p>
            <FormAlert error />
            <ActionForm action attr:class="form" attr:novalidate=true>
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true error />
                <Submit action label="Email me a link" busy="Sending…" />
            </ActionForm>
            <p class="form-links"><a href="/sign-in">"Back to sign in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let auth = Auth::get();
    let error = action_error(auth.reset);
    let token = query_param("token");
    view! {
        <Title text="Choose a new password" />
        <section class="card narrow">
            <h1>"Choose a new password"</h1>
            <FormAlert error />
            <ActionForm action=auth.reset attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                <Field label="New password" name="password" kind="password" autocomplete="new-password" required=true
                    hint="12 to 128 characters." maxlength=PASSWORD_MAX error />
                <Submit action=auth.reset label="Save password" busy="Saving…" />
            </ActionForm>
            <p class="form-links"><a href="/forgot-password">"Ask for a new link"</a></p>
        </section>
    }
}
