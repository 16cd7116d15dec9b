//! Meetups: the list of events, the event form, an event's page, and the check-in list
//! organisers use on the day.

use crate::api::events::{
    list_events, load_event, AnswerEvent, CancelEvent, DrawEvent, InviteToEvent, MarkAttendance,
    NewCalendarFeed, SaveEvent,
};
use crate::components::answer::{pressed, AnswerView};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, Field, FormAlert, Submit, TextArea};
use crate::components::shell::RequireUser;
use crate::domain::{EventInput, EventKind};
use crate::models::{EventPage, EventSummary, EventsPage, Lottery};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EventsListPage() -> impl IntoView {
    let feed = ServerAction::<NewCalendarFeed>::new();
    let events = Resource::new(|| (), |_| list_events());
    view! {
        <Title text="Events" />
        <RequireUser render=move |_| view! {
            {loaded(events, move |page: EventsPage| view! { <EventList page feed /> })}
        } />
    }
}

#[component]
fn EventList(page: EventsPage, feed: ServerAction<NewCalendarFeed>) -> impl IntoView {
    let (upcoming, past) = (page.upcoming, page.past);
    view! {
        <header class="page-head page-head-actions">
            <div>
                <h1>"Events"</h1>
                <p class="muted">"Meetups, workshops and coffee sessions open to you."</p>
            </div>
            {page.can_create.then(|| view! { <a class="btn btn-primary" href="/events/new">"New event"</a> })}
        </header>
        {
            let mine: Vec<EventSummary> = upcoming
                .iter()
                .filter(|e| matches!(e.my_state.as_deref(), Some("going" | "waitlisted" | "entered")))
                .cloned()
                .collect();
            (!mine.is_empty()).then(|| view! {
                <h2>"Yours"</h2>
                <ul class="cards event-list" aria-label="Your events">{mine.into_iter().map(|e| view! { <EventCard e /> }).collect_view()}</ul>
            })
        }
        <h2>"Coming up"</h2>
        {if upcoming.is_empty() {
            view! { <section class="card"><p class="muted">"No events are coming up. When organisers plan one for you, it appears here and in your email."</p></section> }.into_any()
        } else {
            view! { <Agenda events=upcoming /> }.into_any()
        }}
        <section class="card">
            <h2>"Your calendar"</h2>
            <p class="muted">"Subscribe once in Google Calendar, Outlook or Apple Calendar and the events you go to appear there. The address is private: anyone who has it sees your events."</p>
            <ActionForm action=feed attr:class="inline-form">
                <button type="submit" class="btn">"Get a new calendar address"</button>
            </ActionForm>
            {move || feed.value().get().and_then(Result::ok).map(|url| view! {
                <p class="hint">"Your calendar address (earlier ones stop working):"</p>
                <input class="copy-field" readonly=true aria-label="Calendar address" value=url />
            })}
        </section>
        {(!past.is_empty()).then(|| view! {
            <h2>"Past events"</h2>
            <ul class="cards event-list" aria-label="Past events">{past.into_iter().map(|e| view! { <EventCard e /> }).collect_view()}</ul>
        })}
    }
}

/// Upcoming events by day, like a calendar's agenda view.
#[component]
fn Agenda(events: Vec<EventSummary>) -> impl IntoView {
    let mut days: Vec<(String, Vec<EventSummary>)> = Vec::new();
    for e in events {
        match days.last_mut() {
            Some((day, list)) if *day == e.day => list.push(e),
            _ => days.push((e.day.clone(), vec![e])),
        }
    }
    view! {
        <div class="event-days" aria-label="Upcoming events by day">
            {days.into_iter().map(|(day, list)| view! {
                <section class="agenda-day">
                    <h3 class="agenda-date">{day}</h3>
                    <ul class="cards event-list">{list.into_iter().map(|e| view! { <EventCard e /> }).collect_view()}</ul>
                </section>
            }).collect_view()}
        </div>
    }
}

fn seats(e: &EventSummary) -> String {
    if e.entered > 0 {
        return match e.capacity {
            Some(c) => format!("{c} seats, drawn among {} who entered", e.entered),
            None => format!("{} entered the draw", e.entered),
        };
    }
    match e.capacity {
        Some(c) if e.going >= c && e.waitlisted > 0 => {
            format!("Full: {} going, {} waiting", e.going, e.waitlisted)
        }
        Some(c) if e.going >= c => format!("Full: {} going", e.going),
        Some(c) => format!("{} of {c} seats taken", e.going),
        None => format!("{} going", e.going),
    }
}

/// How a person's answer to an event reads, on the events list and the dashboard.
pub(crate) fn my_answer(state: Option<&str>) -> Option<&'static str> {
    match state? {
        "entered" => Some("You are in the draw"),
        "going" => Some("You are going"),
        "waitlisted" => Some("You are on the waitlist"),
        "declined" => Some("You are not going"),
        _ => None,
    }
}

#[component]
fn EventCard(e: EventSummary) -> impl IntoView {
    let href = format!("/events/{}", e.id);
    let seat_line = seats(&e);
    view! {
        <li class="card event-card">
            <p class="eyebrow">{e.kind.clone()}</p>
            <h3><a href=href>{e.title.clone()}</a></h3>
            <p class="event-when">{e.when.clone()}</p>
            {(!e.place.is_empty()).then(|| view! { <p class="muted">{e.place.clone()}</p> })}
            <p class="small">
                {e.cancelled.then(|| view! { <span class="badge state-finished">"Cancelled"</span>" " })}
                {seat_line}
                {my_answer(e.my_state.as_deref()).map(|s| view! { " · " <strong>{s}</strong> })}
            </p>
        </li>
    }
}

#[component]
pub fn NewEventPage() -> impl IntoView {
    let events = Resource::new(|| (), |_| list_events());
    view! {
        <Title text="New event" />
        <RequireUser render=move |_| view! {
            {loaded(events, move |page: EventsPage| view! { <EventForm programs=page.programs editing=None /> })}
        } />
    }
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let events = Resource::new(|| (), |_| list_events());
    let event = resource_by_id(|| (), load_event);
    view! {
        <Title text="Change event" />
        <RequireUser render=move |_| view! {
            {loaded(event, move |p: EventPage| {
                let editing = p.form.clone().map(|f| (p.summary.id, f));
                view! {
                    {loaded(events, move |page: EventsPage| view! { <EventForm programs=page.programs editing=editing.clone() /> })}
                }
            })}
        } />
    }
}

/// The event form, empty for a new event or filled in with `editing` (its id and values).
#[component]
fn EventForm(programs: Vec<(i64, String)>, editing: Option<(i64, EventInput)>) -> impl IntoView {
    let save = ServerAction::<SaveEvent>::new();
    let error = action_error(save);
    let id = editing.as_ref().map(|(id, _)| id.to_string());
    let v = editing.map(|(_, f)| f).unwrap_or_else(|| EventInput {
        kind: EventKind::Meetup.as_str().into(),
        time_zone: "Europe/Lisbon".into(),
        ..Default::default()
    });
    let (heading, label, busy) = if id.is_some() {
        ("Change event", "Save changes", "Saving…")
    } else {
        ("New event", "Create event", "Creating…")
    };
    let chosen = v.programs.clone();
    let programs_error = field_error(error, "programs".into());
    view! {
        <section class="card narrow">
            <h1>{heading}</h1>
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                <Field label="Title" name="input[title]" error_key="title" value=v.title.clone() required=true maxlength=120 error />
                <div class="field">
                    <label for="f-input-kind">"Kind"</label>
                    <select id="f-input-kind" name="input[kind]">
                        {EventKind::ALL.iter().copied().map(|k| view! { <option value=k.as_str() selected=k.as_str() == v.kind>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <TextArea label="Description" name="input[description]" error_key="description" value=v.description.clone() maxlength=10000 hint="Markdown: **bold**, lists with -." error />
                <div class="grid-2">
                    <Field label="Date" name="input[date]" error_key="date" kind="date" value=v.date.clone() required=true error />
                    <Field label="Starts" name="input[start_time]" error_key="start_time" kind="time" value=v.start_time.clone() required=true error />
                    <Field label="Ends" name="input[end_time]" error_key="end_time" kind="time" value=v.end_time.clone() required=true error />
                </div>
                <Field label="Time zone" name="input[time_zone]" error_key="time_zone" value=v.time_zone.clone() required=true hint="Like Europe/Lisbon or America/New_York: the times above are in this zone." error />
                <Field label="Place" name="input[place]" error_key="place" value=v.place.clone() maxlength=200 hint="A room or an address; or give a video link." error />
                <Field label="Video link" name="input[video_url]" error_key="video_url" kind="url" value=v.video_url.clone() maxlength=500 error />
                <div class="grid-2">
                    <Field label="Seats" name="input[capacity]" error_key="capacity" value=v.capacity.clone() inputmode="numeric" hint="Leave empty for no limit." error />
                    <Field label="Answer by" name="input[rsvp_deadline]" error_key="rsvp_deadline" kind="date" value=v.rsvp_deadline.clone() hint="Optional." error />
                </div>
                <fieldset class="field" aria-describedby="f-input-programs-hint">
                    <legend>"Who is invited"</legend>
                    <p class="hint" id="f-input-programs-hint">"Tick the programs whose members are invited; tick none to invite everyone."</p>
                    <div class="choices">
                    {programs.into_iter().map(|(id, name)| {
                        let value = id.to_string();
                        let checked = chosen.contains(&value);
                        let box_id = format!("f-program-{id}");
                        let label_for = box_id.clone();
                        view! {
                            <label class="choice" for=label_for>
                                <input type="checkbox" id=box_id name="input[programs][]" value=value checked=checked />
                                {name}
                            </label>
                        }
                    }).collect_view()}
                    </div>
                    {move || programs_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </fieldset>
                <Submit action=save label=label busy=busy />
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EventDetailPage() -> impl IntoView {
    let answer = ServerAction::<AnswerEvent>::new();
    let invite = ServerAction::<InviteToEvent>::new();
    let cancel = ServerAction::<CancelEvent>::new();
    let draw = ServerAction::<DrawEvent>::new();
    let error = Signal::derive(move || {
        action_error(answer)
            .get()
            .or_else(|| action_error(invite).get())
            .or_else(|| action_error(cancel).get())
            .or_else(|| action_error(draw).get())
    });
    let page = resource_by_id(
        move || {
            (
                answer.version().get(),
                invite.version().get(),
                cancel.version().get(),
                draw.version().get(),
            )
        },
        load_event,
    );
    view! {
        <Title text="Event" />
        <RequireUser render=move |_| view! {
            <FormAlert error />
            {loaded(page, move |p: EventPage| view! { <EventDetail p answer invite cancel draw /> })}
        } />
    }
}

#[component]
fn EventDetail(
    p: EventPage,
    answer: ServerAction<AnswerEvent>,
    invite: ServerAction<InviteToEvent>,
    cancel: ServerAction<CancelEvent>,
    draw: ServerAction<DrawEvent>,
) -> impl IntoView {
    let query = use_query_map();
    let id = p.summary.id;
    let lottery = p.lottery.clone();
    let draw_open = lottery.as_ref().is_some_and(|l| l.seed.is_none());
    let s = p.summary.clone();
    let AnswerView {
        status,
        yes,
        no,
        going: going_now,
        declined,
    } = AnswerView::new(s.my_state.as_deref(), p.position, draw_open);
    let audience = if p.audience.is_empty() {
        "Everyone".to_owned()
    } else {
        p.audience.join(", ")
    };
    let (id_a, id_b, id_c, id_d) = (
        id.to_string(),
        id.to_string(),
        id.to_string(),
        id.to_string(),
    );
    view! {
        <article class="card event-page">
            <p class="eyebrow">{s.kind.clone()}</p>
            <h1>{s.title.clone()}</h1>
            {s.cancelled.then(|| view! { <p class="alert alert-error" role="alert">"This event has been cancelled."</p> })}
            <dl class="facts">
                <dt>"When"</dt><dd>{s.when.clone()}</dd>
                {(!s.place.is_empty()).then(|| view! { <dt>"Where"</dt><dd>{s.place.clone()}</dd> })}
                {(!p.video_url.is_empty()).then(|| view! { <dt>"Video"</dt><dd><a href=p.video_url.clone() rel="noopener noreferrer">{p.video_url.clone()}</a></dd> })}
                <dt>"For"</dt><dd>{audience}</dd>
                {p.host.clone().map(|h| view! { <dt>"Host"</dt><dd>{h}</dd> })}
                <dt>"Seats"</dt><dd>{seats(&s)}</dd>
            </dl>
            {lottery.clone().map(|l| view! { <DrawFacts lottery=l event_id=id /> })}
            <div class="prose" inner_html=p.description_html.clone()></div>
            <p class="rsvp-status" role="status">{status}</p>
            {p.rsvp_open.then(|| view! {
                <div class="rsvp-actions">
                    <ActionForm action=answer>
                        <input type="hidden" name="id" value=id_a />
                        <input type="hidden" name="answer" value="going" />
                        <button type="submit" class="btn btn-primary" aria-pressed=pressed(going_now)>{yes}</button>
                    </ActionForm>
                    <ActionForm action=answer>
                        <input type="hidden" name="id" value=id_b />
                        <input type="hidden" name="answer" value="not_going" />
                        <button type="submit" class="btn" aria-pressed=pressed(declined)>{no}</button>
                    </ActionForm>
                </div>
            })}
            <p class="calendar-link"><a href=format!("/events/{id}/calendar.ics") download="">"Add to my calendar (.ics)"</a></p>
        </article>
        <section class="card">
            <h2>{format!("Going ({})", p.going.len())}</h2>
            {if p.going.is_empty() {
                view! { <p class="muted">"Nobody yet."</p> }.into_any()
            } else {
                view! { <ul class="names">{p.going.clone().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        {p.can_manage.then(|| view! {
            <section class="card">
                <h2>"Organise"</h2>
                <p class="muted">"Invitations carry a personal link to answer in one tap. They go to everyone the event is for who has not answered or been invited yet."</p>
                {move || {
                    // After sending: the action's count, or the count in the address without JavaScript.
                    let sent = invite
                        .value()
                        .get()
                        .and_then(Result::ok)
                        .or_else(|| query.with(|q| q.get("invited").and_then(|n| n.parse().ok())));
                    sent.map(|n: usize| view! {
                        <div class="alert alert-success" role="status">
                            {match n {
                                0 => "Everyone it is for already has an invitation.".to_owned(),
                                1 => "Invitation sent to 1 person.".to_owned(),
                                n => format!("Invitations sent to {n} people."),
                            }}
                        </div>
                    })
                }}
                <div class="button-row">
                    <ActionForm action=invite>
                        <input type="hidden" name="id" value=id_c />
                        <button type="submit" class="btn btn-primary" disabled=s.cancelled>"Send invitations"</button>
                    </ActionForm>
                    {draw_open.then(|| view! {
                        <ActionForm action=draw>
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" class="btn btn-primary" disabled=s.cancelled>"Hold the draw"</button>
                        </ActionForm>
                    })}
                    <a class="btn" href=format!("/events/{id}/edit")>"Change"</a>
                    <a class="btn" href=format!("/events/{id}/check-in")>"Check-in list"</a>
                    <a class="btn" href=format!("/events/{id}/answers.csv") download="">"Export answers (CSV)"</a>
                    <ActionForm action=cancel>
                        <input type="hidden" name="id" value=id_d />
                        <button type="submit" class="btn btn-danger" disabled=s.cancelled>"Cancel event"</button>
                    </ActionForm>
                </div>
                <AnswerTable p=p.clone() />
            </section>
        })}
    }
}

#[component]
fn AnswerTable(p: EventPage) -> impl IntoView {
    let rows = p.attendees.unwrap_or_default();
    view! {
        <div class="table-wrap"><table>
            <caption class="visually-hidden">"Answers"</caption>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Answer"</th><th scope="col">"Came"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td>{r.name}</td>
                        <td>{match r.state.as_str() { "going" => "Going", "waitlisted" => "Waitlist", "entered" => "In the draw", _ => "Not going" }}</td>
                        <td>{if r.attended { "Yes" } else { "" }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

#[component]
pub fn CheckInPage() -> impl IntoView {
    let mark = ServerAction::<MarkAttendance>::new();
    let error = action_error(mark);
    let page = resource_by_id(move || mark.version().get(), load_event);
    view! {
        <Title text="Check-in" />
        <RequireUser render=move |_| view! {
            <FormAlert error />
            {loaded(page, move |p: EventPage| view! { <CheckInList p mark /> })}
        } />
    }
}

#[component]
fn CheckInList(p: EventPage, mark: ServerAction<MarkAttendance>) -> impl IntoView {
    let id = p.summary.id;
    let people: Vec<_> = p
        .attendees
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.state == "going")
        .collect();
    let here = people.iter().filter(|a| a.attended).count();
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/events/{id}")>{p.summary.title.clone()}</a></p>
            <h1>"Check-in"</h1>
            <p class="muted" role="status">{format!("{here} of {} here", people.len())}</p>
        </header>
        <ul class="check-in">
            {people.into_iter().map(|a| {
                let (label, value) = if a.attended { ("Undo", "no") } else { ("Here", "yes") };
                view! {
                    <li class:checked=a.attended>
                        <span>{a.name.clone()}</span>
                        <ActionForm action=mark>
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="person" value=a.user_id.to_string() />
                            <input type="hidden" name="attended" value=value />
                            <button type="submit" class="btn" aria-label=format!("{label}: {}", a.name)>{label}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// An Exec Encounter's draw in words: how it works, its commitment before the draw, and after
/// it the seed, the viewer's place and how anyone can repeat it.
#[component]
fn DrawFacts(lottery: Lottery, event_id: i64) -> impl IntoView {
    let commitment = lottery.commitment.clone();
    match lottery.seed {
        None => view! {
            <p class="hint">{format!("Seats are drawn by lottery among everyone who enters; people passed over in this series' previous draw come first. {} entered so far.", lottery.entered)}</p>
            {commitment.map(|c| view! {
                <p class="hint small">"The draw is fixed in advance. Its commitment: "<code class="break-anywhere">{c}</code></p>
            })}
        }.into_any(),
        Some(seed) => view! {
            <p class="hint">{format!("Seats were drawn {} among {} people, with seed {seed}.", lottery.drawn_at.clone().unwrap_or_default(), lottery.entered)}</p>
            {lottery.mine.map(|(number, place)| view! {
                <p class="small">{format!("You were entrant {number}, drawn in place {place}.")}</p>
            })}
            <details class="draw-check">
                <summary>"Check this draw"</summary>
                <p class="small">"Anyone who entered can repeat the draw: entrants are numbered by account, so no names are needed."</p>
                <dl class="facts small">
                    {commitment.map(|c| view! { <dt>"Commitment"</dt><dd><code class="break-anywhere">{c}</code></dd> })}
                    <dt>"Seed"</dt><dd><code>{seed}</code></dd>
                    {lottery.nonce.clone().map(|n| view! { <dt>"Nonce"</dt><dd><code class="break-anywhere">{n}</code></dd> })}
                </dl>
                <p class="small"><a href=format!("/events/{event_id}/draw.json") download="">"Download the draw (JSON)"</a>" and run "<code>"tandem draw --verify draw.json"</code>"."</p>
            </details>
        }.into_any(),
    }
}
