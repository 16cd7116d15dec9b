//! Partnership agreements: a pair's own, and the program's template.

use crate::domain::AgreementInput;
use crate::error::AppError;
use crate::models::{AgreementPage, AgreementTemplatePage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{agreements, support::context};

/// My group's agreement in a program.
#[server(endpoint = "agreements/load")]
pub async fn load_agreement(program_id: i64, group_no: i64) -> Result<AgreementPage, AppError> {
    let me = context::require_user().await?;
    agreements::page(&context::state()?, &me, program_id, group_no).await
}

/// Saves my edit of my group's agreement, made from `version`.
#[server(endpoint = "agreements/save")]
pub async fn save_agreement(
    program_id: i64,
    group_no: i64,
    version: i64,
    input: AgreementInput,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    agreements::save(
        &context::state()?,
        &me,
        program_id,
        group_no,
        version,
        &input,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/agreement/{group_no}?saved=1"
    ));
    Ok(())
}

/// Confirms `version` of my group's agreement.
#[server(endpoint = "agreements/confirm")]
pub async fn confirm_agreement(
    program_id: i64,
    group_no: i64,
    version: i64,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    agreements::confirm(&context::state()?, &me, program_id, group_no, version).await?;
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/agreement/{group_no}?confirmed=1"
    ));
    Ok(())
}

/// A program's agreement template and how far its pairs are, for its admins.
#[server(endpoint = "agreements/template")]
pub async fn load_agreement_template(program_id: i64) -> Result<AgreementTemplatePage, AppError> {
    let me = context::require_user().await?;
    agreements::template_page(&context::state()?, &me, program_id).await
}

/// Keeps a program's agreement template.
#[server(endpoint = "agreements/template/save")]
pub async fn save_agreement_template(
    program_id: i64,
    guidance: String,
    input: AgreementInput,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    agreements::save_template(&context::state()?, &me, program_id, &guidance, &input).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/agreements?saved=1"));
    Ok(())
}
