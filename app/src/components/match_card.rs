//! A participant's match card: who, why they were matched, and a first agenda.

use crate::models::MatchCard;
use leptos::prelude::*;

#[component]
pub fn MatchCardView(card: MatchCard) -> impl IntoView {
    let heading = format!("match-{}", card.program_id);
    let labelled_by = heading.clone();
    view! {
        <section class="card match-card" aria-labelledby=labelled_by>
            <p class="eyebrow">{format!("{} · round {}", card.program_name, card.round)}</p>
            <h2 id=heading>{match (card.partners.len(), card.partners.first().map(|p| p.role.as_str())) {
                (n, Some("Mentee")) if n > 1 => "Your mentees",
                (n, _) if n > 1 => "Your group",
                _ => "Your match",
            }}</h2>
            <ul class="partners">
                {card.partners.into_iter().map(|p| {
                    let detail = [p.job_title.clone(), p.department.clone()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let mailto = format!("mailto:{}", p.email);
                    view! {
                        <li class="partner">
                            <span class="avatar avatar-lg" aria-hidden="true">{p.initials.clone()}</span>
                            <div>
                                <p class="partner-name">
                                    <strong>{p.name.clone()}</strong>
                                    {(!p.pronouns.is_empty()).then(|| view! { <span class="muted">{format!(" ({})", p.pronouns)}</span> })}
                                    <span class="badge">{p.role.clone()}</span>
                                </p>
                                <p class="muted small">{detail}</p>
                                {(!p.bio.is_empty()).then(|| view! { <p class="small">{p.bio.clone()}</p> })}
                                {(!p.skills_offer.is_empty()).then(|| view! { <p class="small"><strong>"Can offer: "</strong>{p.skills_offer.clone()}</p> })}
                                {(!p.interests.is_empty()).then(|| view! { <p class="small"><strong>"Interests: "</strong>{p.interests.clone()}</p> })}
                                <a class="small" href=mailto>{format!("Email {}", p.name.split_whitespace().next().unwrap_or_default())}</a>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!card.reasons.is_empty()).then(|| view! {
                <h3>"Why you were matched"</h3>
                <ul class="reasons">{card.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            })}
            <h3>"A first agenda"</h3>
            <ol class="agenda">{card.agenda.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ol>
            <p><a class="btn btn-primary" href=format!("/programs/{}/pair", card.program_id)>"Plan a session and see shared goals"</a></p>
        </section>
    }
}
