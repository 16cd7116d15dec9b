//! Certificates of participation: those I may ask for, asking for one, and the verification
//! page anyone with a certificate's code may open, signed in or not.

use crate::error::AppError;
use crate::models::{Certificate, CertificateChoice};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{certificates, support::context};

#[server(endpoint = "certificates/mine")]
pub async fn my_certificates() -> Result<Vec<CertificateChoice>, AppError> {
    let me = context::require_user().await?;
    certificates::choices(&context::state()?, &me).await
}

/// Issues my certificate for a program and role, then opens its verification page, where
/// the PDF is.
#[server(endpoint = "certificates/issue")]
pub async fn issue_certificate(program_id: i64, role: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let code = certificates::issue(&context::state()?, &me, program_id, &role).await?;
    leptos_axum::redirect(&format!("/certificates/{}", code.grouped()));
    Ok(())
}

/// A certificate by its code. No sign-in: whoever holds the certificate may show it.
#[server(endpoint = "certificates/verify")]
pub async fn verify_certificate(code: String) -> Result<Certificate, AppError> {
    certificates::verify(&context::state()?, &code).await
}
