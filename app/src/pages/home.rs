use crate::components::form::Notice;
use crate::components::shell::{Auth, Icon, Loading};
use crate::models::Me;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match auth.me.await.ok().flatten() {
                    Some(me) => view! { <Dashboard me /> }.into_any(),
                    None => view! { <Welcome /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"Learn from the colleague next to you."</h1>
            <p class="lead">
                "Tandem pairs people at similar levels for peer mentoring: thoughtful matches, "
                "clear goals, regular conversations, and meetups that are one tap away."
            </p>
            <div class="actions">
                <a class="btn btn-primary" href="/sign-in">"Sign in"</a>
                <a class="btn btn-ghost" href="/sign-up">"Create an account"</a>
            </div>
        </section>
    }
}

#[component]
fn Dashboard(me: Me) -> impl IntoView {
    let first = me
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    view! {
        <Title text="Home" />
        <Notice key="password_reset" message="Your password has been changed and you are signed in." />
        <header class="page-head">
            <h1>"Hello, " {first}</h1>
            <p class="muted">"Here is what is happening in your mentoring."</p>
        </header>
        <div class="cards">
            <article class="card" aria-labelledby="card-match">
                <div class="card-icon"><Icon name="match" /></div>
                <h2 id="card-match">"My match"</h2>
                <p class="muted">"You have no match yet. When a program you join starts matching, your partner and why you were paired will show here."</p>
            </article>
            <article class="card" aria-labelledby="card-goals">
                <div class="card-icon"><Icon name="goal" /></div>
                <h2 id="card-goals">"My goals"</h2>
                <p class="muted">"Goals you set with your partner, and the ones due for a check-in, will appear here."</p>
            </article>
            <article class="card" aria-labelledby="card-meetups">
                <div class="card-icon"><Icon name="calendar" /></div>
                <h2 id="card-meetups">"Upcoming meetups"</h2>
                <p class="muted">"No meetups planned yet. Events you are invited to will be listed here."</p>
            </article>
        </div>
        <section class="card tip">
            <h2>"Make a good first impression"</h2>
            <p>"A complete profile — your skills to offer, what you want to grow, your interests — leads to better matches."</p>
            <a class="btn btn-ghost" href="/profile">"Complete your profile"</a>
        </section>
    }
}
