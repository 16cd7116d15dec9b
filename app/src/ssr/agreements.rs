//! Partnership agreements on the server. A group's members read, edit and confirm theirs;
//! the program's admins write the template a draft starts from and see only how far each
//! group is, never the words. Anyone else gets "not found".

use super::storage::{AgreementRow, GroupRow};
use super::support::{clock::day_in, markdown};
use super::{access, AppState};
use crate::domain::{
    agreement_guidance, AgreementInput, AgreementState, AgreementTerms, MatchRule, Visibility,
};
use crate::error::AppError;
use crate::models::{
    AgreementPage, AgreementStatusLine, AgreementSummary, AgreementTemplatePage, User,
};

fn not_found() -> AppError {
    AppError::NotFound("There is no such partnership, or it is not yours.".into())
}

fn stale() -> AppError {
    AppError::Conflict(
        "Your partner changed the agreement while you were reading it. Read it again below, \
         then save or confirm."
            .into(),
    )
}

/// The group `group_no` of the program's newest published round, when `user` is in it.
async fn my_group(
    state: &AppState,
    user: &User,
    program_id: i64,
    group_no: i64,
) -> Result<GroupRow, AppError> {
    let Some((_, groups)) = state.db.my_groups(program_id, user.id).await? else {
        return Err(not_found());
    };
    groups
        .into_iter()
        .find(|g| g.group_no == group_no)
        .ok_or_else(not_found)
}

/// The program's template, or Tandem's when its admins wrote none.
async fn template(state: &AppState, program_id: i64) -> Result<(String, AgreementTerms), AppError> {
    Ok(state
        .db
        .agreement_template(program_id)
        .await?
        .unwrap_or_else(|| (String::new(), AgreementTerms::default())))
}

/// What `user_id` wants from the partnership as their enrollment and goals say it: the skills
/// they asked to grow, then the goals they share with their match.
async fn hopes_from_enrollment(
    state: &AppState,
    program_id: i64,
    user_id: i64,
) -> Result<String, AppError> {
    let mut lines = Vec::new();
    if let Some(enrollment) = state.db.enrollment(program_id, user_id).await? {
        for q in state.db.questions(program_id).await? {
            if q.rule != MatchRule::Complementary {
                continue;
            }
            let labels: Vec<&str> = match enrollment.answers.get(&q.id) {
                Some(crate::domain::Answer::Choices(ids)) => {
                    ids.iter().filter_map(|id| q.option_label(id)).collect()
                }
                Some(crate::domain::Answer::Choice(id)) => q.option_label(id).into_iter().collect(),
                _ => Vec::new(),
            };
            if !labels.is_empty() {
                lines.push(format!("{}: {}", q.prompt, labels.join(", ")));
            }
        }
    }
    let goals = state
        .db
        .shared_goals(program_id, &[user_id], Visibility::Match)
        .await?;
    if !goals.is_empty() {
        let titles: Vec<&str> = goals.iter().map(|g| g.title.as_str()).collect();
        lines.push(format!("Goals: {}", titles.join("; ")));
    }
    Ok(lines.join("\n"))
}

/// A member's view of their group's agreement: the saved one, or a draft from the program's
/// template with their hopes pre-filled.
pub async fn page(
    state: &AppState,
    user: &User,
    program_id: i64,
    group_no: i64,
) -> Result<AgreementPage, AppError> {
    let group = my_group(state, user, program_id, group_no).await?;
    let program = state.db.program_name(program_id).await?;
    let names = state
        .db
        .group_member_names(group.round_id, group.group_no)
        .await?;
    let name_of = |id: i64| {
        names
            .iter()
            .find(|(n, _)| *n == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };
    let (guidance, template_terms) = template(state, program_id).await?;
    let saved = state.db.agreement(group.round_id, group.group_no).await?;
    let hopes = state
        .db
        .agreement_hopes(group.round_id, group.group_no)
        .await?;
    let confirmations = state
        .db
        .agreement_confirmations(group.round_id, group.group_no)
        .await?;
    let version = saved.as_ref().map_or(0, |a| a.version);
    let my_hopes = match hopes.iter().find(|(id, _)| *id == user.id) {
        Some((_, h)) => h.clone(),
        None => hopes_from_enrollment(state, program_id, user.id).await?,
    };
    let their_hopes = names
        .iter()
        .filter(|(id, _)| *id != user.id)
        .map(|(id, name)| {
            let h = hopes
                .iter()
                .find(|(h, _)| h == id)
                .map(|(_, h)| h.clone())
                .unwrap_or_default();
            (name.clone(), h)
        })
        .collect();
    let AgreementView {
        state: agreement_state,
        agreed_on,
        review_on,
        confirmed: confirmed_now,
    } = AgreementView::of(user, saved.as_ref(), names.len(), &confirmations);
    Ok(AgreementPage {
        program_id,
        program_name: program,
        group_no,
        with: names
            .iter()
            .filter(|(id, _)| *id != user.id)
            .map(|(_, n)| n.clone())
            .collect::<Vec<_>>()
            .join(", "),
        guidance_html: markdown::render(&guidance),
        terms: saved.as_ref().map_or(template_terms, |a| a.terms.clone()),
        version,
        my_hopes,
        their_hopes,
        state: agreement_state,
        confirmed_by_me: confirmed_now.contains(&user.id),
        waiting_for: names
            .iter()
            .filter(|(id, _)| version > 0 && !confirmed_now.contains(id))
            .map(|(_, n)| n.clone())
            .collect(),
        agreed_on,
        review_on,
        edited_by: saved.and_then(|a| a.updated_by).map(name_of),
    })
}

/// The parts of an agreement's standing that the pair page shows too.
struct AgreementView {
    state: AgreementState,
    agreed_on: Option<String>,
    review_on: Option<String>,
    /// Who confirmed the version as it stands.
    confirmed: Vec<i64>,
}

impl AgreementView {
    /// `confirmations` are each member's last confirmed version, by user id.
    fn of(
        user: &User,
        saved: Option<&AgreementRow>,
        members: usize,
        confirmations: &[(i64, i64)],
    ) -> Self {
        let version = saved.map(|a| a.version);
        let confirmed: Vec<i64> = confirmations
            .iter()
            .filter(|(_, v)| Some(*v) == version)
            .map(|(id, _)| *id)
            .collect();
        let agreed = saved.and_then(|a| a.agreed.as_ref());
        AgreementView {
            state: AgreementState::of(version, members, confirmed.len()),
            agreed_on: agreed.map(|(_, at)| day_in(*at, &user.time_zone)),
            review_on: agreed
                .map(|(terms, at)| day_in(at + terms.review_weeks * 7 * 86_400, &user.time_zone)),
            confirmed,
        }
    }
}

/// Saves `user`'s edit of their group's agreement, made from `version`.
pub async fn save(
    state: &AppState,
    user: &User,
    program_id: i64,
    group_no: i64,
    version: i64,
    input: &AgreementInput,
) -> Result<(), AppError> {
    let group = my_group(state, user, program_id, group_no).await?;
    let (terms, hopes) = input.parse()?;
    state
        .db
        .save_agreement(
            program_id,
            group.round_id,
            group.group_no,
            user.id,
            version,
            &terms,
            &hopes,
        )
        .await?
        .ok_or_else(stale)?;
    Ok(())
}

/// `user` confirms `version` of their group's agreement.
pub async fn confirm(
    state: &AppState,
    user: &User,
    program_id: i64,
    group_no: i64,
    version: i64,
) -> Result<(), AppError> {
    let group = my_group(state, user, program_id, group_no).await?;
    if version < 1 {
        return Err(AppError::invalid(
            "",
            "Save the draft first: there is nothing to confirm yet.",
        ));
    }
    state
        .db
        .confirm_agreement(program_id, group.round_id, group.group_no, user.id, version)
        .await?
        .ok_or_else(stale)?;
    Ok(())
}

/// What the pair page shows of a group's agreement, for one of its members.
pub async fn summary(
    state: &AppState,
    user: &User,
    round_id: i64,
    group_no: i64,
) -> Result<AgreementSummary, AppError> {
    let saved = state.db.agreement(round_id, group_no).await?;
    let members = state.db.group_member_names(round_id, group_no).await?.len();
    let confirmations = state.db.agreement_confirmations(round_id, group_no).await?;
    let view = AgreementView::of(user, saved.as_ref(), members, &confirmations);
    Ok(AgreementSummary {
        state: Some(view.state),
        rhythm: saved
            .as_ref()
            .and_then(|a| a.agreed.as_ref())
            .map(|(terms, _)| terms.rhythm()),
        agreed_on: view.agreed_on,
        mine_to_confirm: saved.is_some() && !view.confirmed.contains(&user.id),
    })
}

/// The template page of a program `user` runs: the template and each group's state.
pub async fn template_page(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<AgreementTemplatePage, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let (guidance, terms) = template(state, program_id).await?;
    let newest = state.db.newest_published_round(program_id).await?;
    let mut groups = Vec::new();
    if let Some(round) = &newest {
        for count in state.db.agreement_counts(round.id).await? {
            let names = state
                .db
                .group_member_names(round.id, count.group_no)
                .await?
                .into_iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(" · ");
            groups.push(AgreementStatusLine {
                names,
                state: AgreementState::of(
                    count.version,
                    count.members.max(0) as usize,
                    count.confirmed.max(0) as usize,
                ),
            });
        }
    }
    Ok(AgreementTemplatePage {
        program_id,
        program_name: program.name,
        guidance_html: markdown::render(&guidance),
        guidance,
        terms,
        round: newest.map(|r| r.number),
        groups,
    })
}

/// Keeps the template of a program `user` runs. Drafts saved already keep their words.
pub async fn save_template(
    state: &AppState,
    user: &User,
    program_id: i64,
    guidance: &str,
    input: &AgreementInput,
) -> Result<(), AppError> {
    access::program_run_by(state, user, program_id).await?;
    let (terms, _) = input.parse()?;
    let guidance = agreement_guidance(guidance)?;
    state
        .db
        .save_agreement_template(program_id, &guidance, &terms)
        .await?;
    Ok(())
}
