//! A program's chat channels: the Slack and Teams channels its news is posted to, a test post
//! for each, and whether round announcements name people.

use crate::api::chat::{
    load_chat_settings, load_chat_test, AddChatChannel, RemoveChatChannel, SaveChatNames,
    SendChatTest,
};
use crate::components::by_id::{loaded, resource_by_id, resource_if_some};
use crate::components::form::{action_error, field_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::domain::ChatKind;
use crate::error::AppError;
use crate::models::{ChatSettings, DeliveryLine};
use crate::pages::delivery::TestOutcome;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Clone, Copy)]
struct ChatActions {
    add: ServerAction<AddChatChannel>,
    remove: ServerAction<RemoveChatChannel>,
    names: ServerAction<SaveChatNames>,
    test: ServerAction<SendChatTest>,
}

#[component]
pub fn ChatChannelsPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let actions = ChatActions {
        add: ServerAction::new(),
        remove: ServerAction::new(),
        names: ServerAction::new(),
        test: ServerAction::new(),
    };
    let data = resource_by_id(
        move || {
            (
                actions.add.version().get(),
                actions.remove.version().get(),
                actions.names.version().get(),
            )
        },
        load_chat_settings,
    );
    let params = use_params_map();
    let program =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let query = use_query_map();
    let shown =
        Memo::new(move |_| query.with(|q| q.get("test").and_then(|id| id.parse::<i64>().ok())));
    let earlier = resource_if_some(
        move || shown.get(),
        move |id| async move {
            match program.get_untracked() {
                Some(p) => load_chat_test(p, id).await,
                None => Err(AppError::NotFound("There is no such page.".into())),
            }
        },
    );
    view! {
        <Title text="Chat channels" />
        <RequireUser render=move |_| view! {
            {loaded(data, move |s| view! { <Channels s actions earlier /> })}
        } />
    }
}

#[component]
fn Channels(
    s: ChatSettings,
    actions: ChatActions,
    earlier: Resource<Result<Option<DeliveryLine>, AppError>>,
) -> impl IntoView {
    let pid = s.program_id;
    let remove_error = action_error(actions.remove);
    let test_error = action_error(actions.test);
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}")>{s.program_name.clone()}</a></p>
            <h1>"Chat channels"</h1>
            <p class="muted">"Tandem posts this program's news to Slack or Microsoft Teams: enrollment opening, each round published, event invitations, and the week's highlights."</p>
        </header>
        <Notice key="added" message="The channel is added. Send it a test message to check that it works." />
        <Notice key="removed" message="The channel is removed; nothing more is posted there." />
        <Notice key="saved" message="Saved." />
        <section class="card narrow-left" aria-labelledby="channels-title">
            <h2 id="channels-title">"Channels"</h2>
            <FormAlert error=remove_error />
            <FormAlert error=test_error />
            <TestResult test=actions.test earlier />
            {if s.channels.is_empty() {
                view! { <p class="muted">"No channels yet: add one below."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list chat-channels">
                        {s.channels.into_iter().map(|c| {
                            let (id, label) = (c.id, format!("{} channel {}", c.kind, c.hint));
                            let test_label = format!("Send a test message to the {label}");
                            let remove_label = format!("Remove the {label}");
                            view! {
                                <li class="chat-channel" id=format!("channel-{id}")>
                                    <p><strong>{c.kind.clone()}</strong> " " <code class="hint">{c.hint.clone()}</code></p>
                                    <p class="muted small">{format!("Added {}", c.added)}</p>
                                    <div class="actions-row">
                                        <ActionForm action=actions.test attr:class="inline-form">
                                            <input type="hidden" name="program_id" value=pid />
                                            <input type="hidden" name="channel_id" value=id />
                                            <button type="submit" class="btn btn-small" aria-label=test_label>"Send a test message"</button>
                                        </ActionForm>
                                        <details class="confirm">
                                            <summary class="btn btn-small btn-ghost">"Remove…"</summary>
                                            <p class="small">"Nothing more is posted to this channel. To post there again, paste its webhook address again."</p>
                                            <ActionForm action=actions.remove>
                                                <input type="hidden" name="program_id" value=pid />
                                                <input type="hidden" name="channel_id" value=id />
                                                <button type="submit" class="btn btn-small btn-danger">{remove_label}</button>
                                            </ActionForm>
                                        </details>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <AddChannel pid add=actions.add />
        <Names pid names=s.name_people save=actions.names />
    }
}

/// What became of a test post: just now, or after the page reloaded without JavaScript.
#[component]
fn TestResult(
    test: ServerAction<SendChatTest>,
    earlier: Resource<Result<Option<DeliveryLine>, AppError>>,
) -> impl IntoView {
    let result = move |line: DeliveryLine| {
        view! {
            <TestOutcome l=line
                delivered="The test message was posted: look in the channel."
                retrying="The channel did not take the test message this time; Tandem will try again."
                failed="The test message could not be posted." />
        }
    };
    view! {
        {move || match test.value().get() {
            Some(Ok(line)) => Some(result(line).into_any()),
            _ => None,
        }}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (test.value().get(), earlier.await) {
                    (None, Ok(Some(line))) => Some(result(line).into_any()),
                    _ => None,
                }
            })}
        </Suspense>
    }
}

#[component]
fn AddChannel(pid: i64, add: ServerAction<AddChatChannel>) -> impl IntoView {
    let error = action_error(add);
    let kind_error = field_error(error, "kind".into());
    view! {
        <section class="card narrow-left" aria-labelledby="add-channel-title">
            <h2 id="add-channel-title">"Add a channel"</h2>
            <FormAlert error />
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <input type="hidden" name="program_id" value=pid />
                <div class="field" class:field-invalid=move || kind_error.get().is_some()>
                    <span class="label" id="kind-label">"Where"</span>
                    <div class="choices" role="radiogroup" aria-labelledby="kind-label">
                        {[ChatKind::Slack, ChatKind::Teams].into_iter().map(|k| {
                            let id = format!("kind-{}", k.as_str());
                            let for_id = id.clone();
                            view! {
                                <label class="choice" for=for_id>
                                    <input type="radio" id=id name="kind" value=k.as_str() checked=k == ChatKind::Slack />
                                    <span>{k.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {move || kind_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <Field label="Webhook address" name="url" kind="url" autocomplete="off" required=true maxlength=2000
                    hint="Slack: the app's Incoming Webhooks page, one webhook per channel. Teams: in the channel, Workflows, \"Post to a channel when a webhook request is received\", then the trigger's HTTP POST URL. The address is kept sealed; only its last characters are shown again."
                    error />
                <Submit action=add label="Add channel" busy="Adding…" />
            </ActionForm>
        </section>
    }
}

#[component]
fn Names(pid: i64, names: bool, save: ServerAction<SaveChatNames>) -> impl IntoView {
    let error = action_error(save);
    view! {
        <section class="card narrow-left" aria-labelledby="names-title">
            <h2 id="names-title">"What is posted"</h2>
            <p class="muted small">"Round announcements give counts and a link; everyone matched learns their own match by email and in Tandem. Name people only if everyone in the program expects it."</p>
            <FormAlert error />
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="program_id" value=pid />
                <div class="field checkbox">
                    <input id="f-names" type="checkbox" name="names" value="on" checked=names />
                    <label for="f-names">"Name who is matched with whom in round announcements"</label>
                </div>
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}
