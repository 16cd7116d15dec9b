//! Certificates of participation: a participant asks for one per program and role they held
//! sessions in; Tandem issues it under a code, keeps what it states, and draws it as a PDF
//! whose verification address shows anyone that it is genuine. The page and the PDF read the
//! same stored row, so neither can say more than was issued.

use super::storage::{now, CertificateFacts, CertificateRow};
use super::support::pdf::{self, Canvas, Style, ACCENT, INK, MUTED};
use super::AppState;
use crate::domain::{
    certificate_period as period, held_time, long_day, CertificateCode, CertificateRole,
    CERTIFICATE_CODE_LEN,
};
use crate::error::AppError;
use crate::models::{Certificate, CertificateChoice, User};

fn choice(f: CertificateFacts) -> CertificateChoice {
    CertificateChoice {
        program_id: f.program_id,
        program_name: f.program_name,
        role: f.role,
        period: period(f.from_day, f.to_day),
        sessions: f.sessions,
        held: held_time(f.minutes),
    }
}

/// What `user` may ask a certificate for.
pub async fn choices(state: &AppState, user: &User) -> Result<Vec<CertificateChoice>, AppError> {
    Ok(state
        .db
        .certificate_facts(user.id, now())
        .await?
        .into_iter()
        .map(choice)
        .collect())
}

/// Issues `user` a certificate of their part in `program_id` as `role`, as it stands today,
/// and returns its code. The facts are read here, never taken from the request.
pub async fn issue(
    state: &AppState,
    user: &User,
    program_id: i64,
    role: &str,
) -> Result<CertificateCode, AppError> {
    let not_yours = || {
        AppError::NotFound(
            "There is no certificate to give for that: you have held no sessions in that \
             program in that role."
                .into(),
        )
    };
    let role = CertificateRole::parse(role).ok_or_else(not_yours)?;
    let at = now();
    let facts = state
        .db
        .certificate_facts(user.id, at)
        .await?
        .into_iter()
        .find(|f| f.program_id == program_id && f.role == role)
        .ok_or_else(not_yours)?;
    let code = CertificateCode::from_random(rand::random::<[u8; CERTIFICATE_CODE_LEN]>());
    let issued = state
        .db
        .issue_certificate(user.id, &facts, &code, at)
        .await?;
    CertificateCode::parse(&issued)
        .ok_or_else(|| super::support::context::internal("a stored certificate code is malformed"))
}

fn unknown() -> AppError {
    AppError::NotFound(
        "No certificate has this code. Check it against the certificate: Tandem issued no \
         certificate under it, or it was withdrawn when its holder's account was erased."
            .into(),
    )
}

fn view(state: &AppState, code: &CertificateCode, row: CertificateRow) -> Certificate {
    Certificate {
        verify_url: format!(
            "{}/certificates/{}",
            state.settings.base_url,
            code.grouped()
        ),
        pdf_path: format!("/certificates/{}/certificate.pdf", code.grouped()),
        code: code.grouped(),
        person_name: row.person_name,
        program_name: row.program_name,
        role: row.role,
        period: period(row.from_day, row.to_day),
        sessions: row.sessions,
        held: held_time(row.minutes),
        issued_on: long_day(row.issued_at.div_euclid(86_400)),
    }
}

/// The certificate issued under `code`, for anyone who has the code: that is what it is for.
pub async fn verify(state: &AppState, code: &str) -> Result<Certificate, AppError> {
    let code = CertificateCode::parse(code).ok_or_else(unknown)?;
    let row = state.db.certificate(&code).await?.ok_or_else(unknown)?;
    Ok(view(state, &code, row))
}

/// The certificate under `code` as a PDF, with a file name to save it as.
pub async fn pdf(state: &AppState, code: &str) -> Result<(String, Vec<u8>), AppError> {
    let c = verify(state, code).await?;
    let bytes = pdf::document(
        &format!("Certificate of participation: {}", c.person_name),
        &[draw(&c)],
    )?;
    Ok((format!("tandem-certificate-{}.pdf", c.code), bytes))
}

/// A landscape A4 page: the statement in the middle, the verification address below.
fn draw(c: &Certificate) -> Canvas {
    let mut page = Canvas::new((pdf::A4.1, pdf::A4.0));
    let (w, h) = (page.width(), page.height());
    let middle = w / 2.0;
    page.rect(18.0, 18.0, w - 36.0, h - 36.0, "none", Some(ACCENT));
    page.rect(24.0, 24.0, w - 48.0, h - 48.0, "none", Some(ACCENT));
    page.text(
        middle,
        110.0,
        Style::new(14.0).centred().color(ACCENT),
        "TANDEM PEER MENTORING",
    );
    page.text(
        middle,
        160.0,
        Style::new(34.0).bold().centred().color(INK),
        "Certificate of participation",
    );
    page.text(
        middle,
        215.0,
        Style::new(14.0).centred().color(MUTED),
        "This certifies that",
    );
    page.text(
        middle,
        258.0,
        Style::new(28.0).bold().centred().color(INK),
        &c.person_name,
    );
    page.line(
        (middle - 180.0, 272.0),
        (middle + 180.0, 272.0),
        ACCENT,
        1.0,
    );
    let statement = format!(
        "took part in {} as {}, from {}, and held {} {} with their {} ({} in all).",
        c.program_name,
        c.role.label(),
        c.period,
        c.sessions,
        if c.sessions == 1 {
            "session"
        } else {
            "sessions"
        },
        if c.role == CertificateRole::Peer {
            "peers"
        } else {
            "partners"
        },
        c.held,
    );
    let mut y = 305.0;
    for line in pdf::wrap(&statement, Style::new(15.0), w - 200.0) {
        page.text(middle, y, Style::new(15.0).centred().color(INK), &line);
        y += 22.0;
    }
    page.text(
        middle,
        h - 120.0,
        Style::new(11.0).centred().color(MUTED),
        &format!("Issued on {}.", c.issued_on),
    );
    page.text(
        middle,
        h - 96.0,
        Style::new(11.0).centred().color(MUTED),
        "Check that this certificate is genuine at",
    );
    page.text(
        middle,
        h - 78.0,
        Style::new(11.0).bold().centred().color(ACCENT),
        &c.verify_url,
    );
    page.text(
        middle,
        h - 60.0,
        Style::new(10.0).centred().color(MUTED),
        &format!("Certificate code {}", c.code),
    );
    page
}
