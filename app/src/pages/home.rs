use crate::api::dashboard::load_dashboard;
use crate::components::form::Notice;
use crate::components::match_card::MatchCardView;
use crate::components::shell::{Auth, ErrorCard, Icon, Loading};
use crate::domain::{dates, EnrollmentStatus};
use crate::models::{Dashboard, DashboardGoals, EventSummary, GoalCard, Onboarding};
use crate::models::{DashboardPrograms, Me};
use crate::pages::events::my_answer;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = Auth::get();
    // Created here, before anything suspends (see `components::by_id`); for a visitor who is
    // not signed in it answers "sign in" at once and is not shown.
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match auth.me.await.ok().flatten() {
                    Some(me) => match data.await {
                        Ok(parts) => view! { <DashboardView me parts /> }.into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    },
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

/// The signed-in person's dashboard; a part that could not be read shows its error alone.
#[component]
fn DashboardView(me: Me, parts: Dashboard) -> impl IntoView {
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
            {match parts.goals {
                Ok(d) => view! { <GoalCards d /> }.into_any(),
                Err(error) => view! { <ErrorCard error /> }.into_any(),
            }}
            {match parts.meetups {
                Ok(events) => view! { <MeetupsCard events /> }.into_any(),
                Err(error) => view! { <ErrorCard error /> }.into_any(),
            }}
        </div>
        {match parts.programs {
            Ok(d) => view! { <MyPrograms d /> }.into_any(),
            Err(error) => view! { <ErrorCard error /> }.into_any(),
        }}
    }
}

/// Onboarding checklists of the programs this person joined, and programs open to join.
#[component]
fn MyPrograms(d: DashboardPrograms) -> impl IntoView {
    view! {
        {d.matches.is_empty().then(|| view! {
            <article class="card no-match" aria-labelledby="card-match">
                <div class="card-icon"><Icon name="match" /></div>
                <h2 id="card-match">"My match"</h2>
                <p class="muted">"When a round of a program you joined is published, your match and why you were paired show here."</p>
            </article>
        })}
        {d.matches.into_iter().map(|card| view! { <MatchCardView card /> }).collect_view()}
        {d.onboarding.into_iter().map(|o| view! { <Checklist onboarding=o /> }).collect_view()}
        {(!d.open.is_empty()).then(|| view! {
            <section class="card open-programs" aria-labelledby="open-programs">
                <h2 id="open-programs">"Open for enrollment"</h2>
                <ul class="plain-list">
                    {d.open.into_iter().map(|p| view! {
                        <li class="open-program">
                            <div>
                                <a href=format!("/programs/{}", p.id)><strong>{p.name.clone()}</strong></a>
                                <p class="muted small">{format!("{} · enrollment closes {}", p.format.label(), dates::iso_day(&p.enrollment_closes_on))}</p>
                            </div>
                            <a class="btn btn-primary btn-small" href=format!("/programs/{}/enroll", p.id) aria-label=format!("Join {}", p.name)>"Join"</a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// The four onboarding steps of one program, each linking to where it is done.
#[component]
fn Checklist(onboarding: Onboarding) -> impl IntoView {
    let o = onboarding;
    let id = o.program_id;
    let done = o.done();
    let profile_done = o.profile_gaps.is_empty();
    let profile_note = if profile_done {
        "Your profile has what matching needs.".to_owned()
    } else {
        format!("Still missing: {}.", o.profile_gaps.join(", "))
    };
    let step = |done: bool, title: &'static str, note: String, href: Option<String>| {
        view! {
            <li class=if done { "step step-done" } else { "step" }>
                <span class="step-mark" aria-hidden="true">{if done { "✓" } else { "" }}</span>
                <div>
                    {match href.filter(|_| !done) {
                        Some(h) => view! { <a href=h>{title}</a> }.into_any(),
                        None => view! { <span>{title}</span> }.into_any(),
                    }}
                    <span class="visually-hidden">{if done { " (done)" } else { " (to do)" }}</span>
                    <p class="muted small">{note}</p>
                </div>
            </li>
        }
    };
    let heading = format!("checklist-{id}");
    let labelled_by = heading.clone();
    view! {
        <section class="card checklist" aria-labelledby=labelled_by>
            <div class="checklist-head">
                <h2 id=heading>{format!("Getting started in {}", o.program_name)}</h2>
                <span class="muted small">{format!("{done} of 4 done")}</span>
            </div>
            {(o.status == EnrollmentStatus::Paused).then(|| view! { <p class="small"><span class="badge status-paused">"Skipping the next round"</span></p> })}
            <ol class="steps">
                {step(o.guidelines_read, "Read the guidelines", "What the program expects of you and your partner.".into(), Some(format!("/programs/{id}#guidelines")))}
                {step(profile_done, "Complete your profile", profile_note, Some("/profile".into()))}
                {step(o.survey_complete, "Answer the survey", if o.survey_complete { "You can change your answers until enrollment closes.".into() } else { "Some required questions are unanswered.".into() }, Some(format!("/programs/{id}/enroll")))}
                {step(o.meeting_booked, "Book your first meeting", if o.meeting_booked { "Your first session is booked.".into() } else if o.matched { "Agree on a time with your match.".into() } else { "Once you are matched, plan your first conversation.".into() }, o.matched.then(|| format!("/programs/{id}/pair")))}
            </ol>
        </section>
    }
}

#[component]
fn GoalCards(d: DashboardGoals) -> impl IntoView {
    let list = |goals: Vec<GoalCard>| {
        view! {
            <ul class="plain-list">
                {goals.into_iter().map(|g| view! {
                    <li><a href=format!("/goals/{}", g.id)>{g.title.clone()}</a> <span class="muted small">{format!(" · {}", g.program_name)}</span></li>
                }).collect_view()}
            </ul>
        }
    };
    let pair_link = d
        .pair_programs
        .first()
        .map(|(id, _)| format!("/programs/{id}/pair"));
    view! {
        <article class="card" aria-labelledby="card-session">
            <div class="card-icon"><Icon name="calendar" /></div>
            <h2 id="card-session">"Next session"</h2>
            {match (d.next_session, pair_link) {
                (Some(s), _) => view! {
                    <p><strong>{s.when.clone()}</strong></p>
                    <p class="muted small">{format!("With {} · {}", s.with, if s.state == crate::domain::PairSessionState::Accepted { "accepted" } else { "waiting for an answer" })}</p>
                }.into_any(),
                (None, Some(link)) => view! {
                    <p class="muted">"No session planned with your match."</p>
                    <a href=link>"Propose a session"</a>
                }.into_any(),
                (None, None) => view! { <p class="muted">"Once you are matched, your sessions appear here."</p> }.into_any(),
            }}
            {d.to_record.into_iter().map(|s| view! {
                <p class="alert" role="status">
                    {format!("Did you meet {} on {}? ", s.with, s.when)}
                    <a href=format!("/programs/{}/pair#sessions", s.program_id)>"Say how it went"</a>
                </p>
            }).collect_view()}
            {d.pair_programs.into_iter().map(|(id, name)| view! {
                <p class="small"><a href=format!("/programs/{id}/pair")>{format!("Pair page: {name}")}</a></p>
            }).collect_view()}
        </article>
        <article class="card" aria-labelledby="card-goals">
            <div class="card-icon"><Icon name="goal" /></div>
            <h2 id="card-goals">"My goals"</h2>
            {if d.open_goals == 0 && d.due.is_empty() && d.stale.is_empty() {
                view! {
                    <p class="muted">"Set a goal you can measure, and check in weekly: your match sees how it is going."</p>
                    <a href="/goals/new">"Set a goal"</a>
                }.into_any()
            } else {
                view! {
                    <p class="muted small">{format!("{} open", d.open_goals)}</p>
                    {(!d.due.is_empty()).then(|| view! { <h3 class="small">"Due a check-in"</h3> {list(d.due.clone())} })}
                    {(!d.stale.is_empty()).then(|| view! { <h3 class="small">"Stale: no check-in for 3 weeks"</h3> {list(d.stale.clone())} })}
                    {(d.due.is_empty() && d.stale.is_empty()).then(|| view! { <p class="small">"All your goals are up to date."</p> })}
                    <a href="/goals">"Open my board"</a>
                }.into_any()
            }}
        </article>
    }
}

#[component]
fn MeetupsCard(events: Vec<EventSummary>) -> impl IntoView {
    view! {
        <article class="card" aria-labelledby="card-meetups">
            <div class="card-icon"><Icon name="calendar" /></div>
            <h2 id="card-meetups">"Upcoming meetups"</h2>
            {if events.is_empty() {
                view! { <p class="muted">"No meetups are planned for you yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list meetups">
                        {events.into_iter().map(|e| {
                            let href = format!("/events/{}", e.id);
                            let answer = match my_answer(e.my_state.as_deref()) {
                                Some(answer) => view! { <strong>{answer}</strong> }.into_any(),
                                None => view! {
                                    <a href=href.clone() aria-label=format!("Answer: {}", e.title)>"Answer"</a>
                                }.into_any(),
                            };
                            view! {
                                <li>
                                    <a href=href.clone()>{e.title.clone()}</a>
                                    <p class="muted small">{e.when.clone()}</p>
                                    <p class="small">{answer}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <a href="/events">"See all events"</a>
        </article>
    }
}
