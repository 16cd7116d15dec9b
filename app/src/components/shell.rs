//! The frame around every page: the top bar on wide screens, the tab bar on phones, the
//! signed-in state, and a guard for pages that need a signed-in person.

use crate::api::accounts::{get_me, ResetPassword, SignIn, SignOut, SignUp};
use crate::api::profile::SaveProfile;
use crate::domain::Role;
use crate::error::AppError;
use crate::islands::forms::FormsInPlace;
use crate::models::Me;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;
use std::sync::Arc;

/// The signed-in state and the actions that change it. The `me` resource refetches whenever
/// one of them completes, so the navigation always shows who is signed in.
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    pub reset: ServerAction<ResetPassword>,
    pub save_profile: ServerAction<SaveProfile>,
}

impl Auth {
    pub fn provide() {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_up = ServerAction::<SignUp>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let reset = ServerAction::<ResetPassword>::new();
        let save_profile = ServerAction::<SaveProfile>::new();
        let me = Resource::new(
            move || {
                (
                    sign_in.version().get(),
                    sign_up.version().get(),
                    sign_out.version().get(),
                    reset.version().get(),
                    save_profile.version().get(),
                )
            },
            |_| get_me(),
        );
        provide_context(Auth {
            me,
            sign_in,
            sign_up,
            sign_out,
            reset,
            save_profile,
        });
    }

    pub fn get() -> Self {
        expect_context()
    }
}

/// Pages people open from a link in an email or a chat message, often on a phone: their
/// buttons are plain forms, and they load no script at all.
const LINK_PAGES: [&str; 4] = [
    "/rsvp/",
    "/unsubscribe/",
    "/sessions/check/",
    "/certificates/",
];

#[component]
pub fn AppShell(children: Children) -> impl IntoView {
    let auth = Auth::get();
    let path = use_location().pathname.get_untracked();
    let content = if LINK_PAGES.iter().any(|p| path.starts_with(p)) {
        children()
    } else {
        view! { <FormsInPlace>{children()}</FormsInPlace> }.into_any()
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="/" aria-label="Tandem home">
                    <Logo />
                    <span>"Tandem"</span>
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let me = auth.me.await.ok().flatten();
                        view! { <Navigation me /> }
                    })}
                </Transition>
            </div>
        </header>
        <main id="main" class="main" tabindex="-1">
            {content}
        </main>
        <footer class="footer">
            <p>"Tandem — peer mentoring for your workplace."</p>
        </footer>
    }
}

#[component]
fn Navigation(me: Option<Me>) -> impl IntoView {
    let auth = Auth::get();
    let Some(me) = me else {
        return view! {
            <nav class="nav-guest" aria-label="Account">
                <A href="/sign-in" attr:class="btn btn-ghost">"Sign in"</A>
                <A href="/sign-up" attr:class="btn btn-primary">"Sign up"</A>
            </nav>
        }
        .into_any();
    };
    let admin = me.role.at_least(Role::OrgAdmin);
    // Everyone's places. On phones these five are the tab bar; the profile and the admin
    // pages sit beside the account at the top, so no tab label is cut short at 360 px.
    let places = move || {
        view! {
            <A href="/" exact=true>
                <Icon name="home" />
                <span>"Home"</span>
            </A>
            <A href="/programs">
                <Icon name="match" />
                <span>"Programs"</span>
            </A>
            <A href="/goals">
                <Icon name="goal" />
                <span>"Goals"</span>
            </A>
            <A href="/resources">
                <Icon name="book" />
                <span>"Resources"</span>
            </A>
            <A href="/events">
                <Icon name="calendar" />
                <span>"Events"</span>
            </A>
        }
    };
    let personal = move || {
        view! {
            <A href="/profile">
                <Icon name="user" />
                <span>"Profile"</span>
            </A>
            <Show when=move || admin>
                <A href="/admin/people">
                    <Icon name="people" />
                    <span>"People"</span>
                </A>
                <A href="/admin/settings">
                    <Icon name="settings" />
                    <span>"Settings"</span>
                </A>
            </Show>
        }
    };
    view! {
        <nav class="nav-main" aria-label="Main">
            {places()}
            {personal()}
        </nav>
        <div class="account">
            <span class="avatar" aria-hidden="true">{me.initials()}</span>
            <span class="account-name">{me.name.clone()}</span>
            <nav class="nav-account" aria-label="You and admin">
                {personal()}
            </nav>
            <ActionForm action=auth.sign_out attr:class="sign-out">
                <button type="submit" class="btn btn-ghost" aria-label="Sign out">
                    <Icon name="logout" />
                    <span>"Sign out"</span>
                </button>
            </ActionForm>
        </div>
        <nav class="tabbar" aria-label="Main (mobile)">
            {places()}
        </nav>
    }
    .into_any()
}

/// Shows `render(me)` to a signed-in person; anyone else is sent to sign in and brought back.
#[component]
pub fn RequireUser<F, V>(render: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let auth = Auth::get();
    let render = Arc::new(render);
    let location = use_location();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                let here = untrack(|| {
                    let search = location.search.get();
                    if search.is_empty() {
                        location.pathname.get()
                    } else {
                        format!("{}?{search}", location.pathname.get())
                    }
                });
                Suspend::new(async move {
                    match auth.me.await {
                        Ok(Some(me)) => render(me).into_any(),
                        Ok(None) => {
                            let path = format!("/sign-in?next={}", encode_query(&here));
                            view! { <Redirect path /> }.into_any()
                        }
                        Err(e) => view! { <ErrorCard error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Percent-encodes a value for a query string.
pub fn encode_query(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            "Loading…"
        </div>
    }
}

/// A page that cannot be shown, said once: a heading that names the problem (also the page's
/// title), one sentence of what happened where it adds to the heading, and what to do next.
#[component]
pub fn ErrorCard(error: AppError) -> impl IntoView {
    // A page that shows only an error answers with its status, so a link to something gone
    // reads as a 404 to browsers, crawlers and monitors, not as a page that worked.
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status()) {
            res.set_status(status);
        }
    }
    let (title, detail, hint) = match &error {
        AppError::Forbidden => (
            "Not for your role",
            None,
            "Ask an org admin if you think you should have access.",
        ),
        AppError::NotFound(what) => (
            "Not found",
            Some(what.clone()),
            "It may have been moved or removed.",
        ),
        AppError::Unauthenticated => ("Please sign in", None, ""),
        other => (
            "Something went wrong",
            Some(other.to_string()),
            "Reload the page to try again.",
        ),
    };
    view! {
        <Title text=title />
        <section class="card error-card" role="alert">
            <h1>{title}</h1>
            {detail.map(|d| view! { <p>{d}</p> })}
            {(!hint.is_empty()).then(|| view! { <p class="muted">{hint}</p> })}
            <a class="btn btn-primary" href="/">"Go to the dashboard"</a>
        </section>
    }
}

#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <circle cx="12" cy="16" r="9" fill="none" stroke="currentColor" stroke-width="3" />
            <circle cx="20" cy="16" r="9" fill="none" stroke="var(--accent-2)" stroke-width="3" />
        </svg>
    }
}

/// A small line icon; decorative, so hidden from screen readers (links carry text).
#[component]
pub fn Icon(name: &'static str) -> impl IntoView {
    let d = match name {
        "home" => "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
        "book" => "M4 5a1 1 0 0 1 1-1h5a2 2 0 0 1 2 2v14a2 2 0 0 0-2-2H4zm16 0a1 1 0 0 0-1-1h-5a2 2 0 0 0-2 2v14a2 2 0 0 1 2-2h6z",
        "user" => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-8 9a8 8 0 0 1 16 0",
        "people" => "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm-7 9a7 7 0 0 1 14 0m1-9a3 3 0 1 0 0-6m2 15a6 6 0 0 0-3-5.2",
        "settings" => "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.5 7.5 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.5 7.5 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z",
        "logout" => "M15 4h4a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1h-4M10 17l5-5-5-5M15 12H3",
        "match" => "M8 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm8 8a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM11 9l2 6",
        "goal" => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-4a5 5 0 1 0 0-10 5 5 0 0 0 0 10zm0-4a1 1 0 1 0 0-2 1 1 0 0 0 0 2z",
        "calendar" => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
        _ => "",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=d />
        </svg>
    }
}
