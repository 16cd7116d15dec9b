//! Partnership agreements as the pages show them: the pair's own, and the state of every
//! pair's for the program's admins, who never see the words.

use crate::domain::{AgreementInput, AgreementState, AgreementTerms};
use serde::{Deserialize, Serialize};

/// A member's view of their group's agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementPage {
    pub program_id: i64,
    pub program_name: String,
    pub group_no: i64,
    /// The other members' names, joined.
    pub with: String,
    /// The program's advice, Markdown rendered and sanitised on the server.
    pub guidance_html: String,
    /// The terms as they stand (the program's template while nobody has saved any).
    pub terms: AgreementTerms,
    /// The version the form edits and confirms; 0 while nobody has saved the draft.
    pub version: i64,
    /// What I want from this, pre-filled from my survey answers and shared goals.
    pub my_hopes: String,
    /// What each other member wants, by name.
    pub their_hopes: Vec<(String, String)>,
    pub state: AgreementState,
    /// Whether I confirmed the version as it stands.
    pub confirmed_by_me: bool,
    /// Who has yet to confirm it, by name.
    pub waiting_for: Vec<String>,
    /// When everyone confirmed the last agreed version, as a date; with `state` not agreed,
    /// the words changed since.
    pub agreed_on: Option<String>,
    /// The day the pair planned to look at it again.
    pub review_on: Option<String>,
    /// Who changed it last, when someone did.
    pub edited_by: Option<String>,
}

impl AgreementPage {
    /// The form's values: the terms as they stand with my hopes.
    pub fn input(&self) -> AgreementInput {
        self.terms.input(&self.my_hopes)
    }
}

/// What the pair page shows of a group's agreement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AgreementSummary {
    pub state: Option<AgreementState>,
    /// "Every two weeks, 45 minutes", once agreed.
    pub rhythm: Option<String>,
    pub agreed_on: Option<String>,
    /// Whether it waits for me to confirm.
    pub mine_to_confirm: bool,
}

/// One group as its program's admins see its agreement: who, and how far they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementStatusLine {
    pub names: String,
    pub state: AgreementState,
}

/// The program's template, and how far its pairs are, for its admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementTemplatePage {
    pub program_id: i64,
    pub program_name: String,
    pub guidance: String,
    pub guidance_html: String,
    pub terms: AgreementTerms,
    /// The newest published round's number, when there is one.
    pub round: Option<i64>,
    pub groups: Vec<AgreementStatusLine>,
}

impl AgreementTemplatePage {
    /// How many of the round's groups have agreed.
    pub fn agreed(&self) -> usize {
        self.groups
            .iter()
            .filter(|g| g.state == AgreementState::Agreed)
            .count()
    }
}
