//! Goal boards, goal pages, pair pages and the dashboard's goal and session cards.

use crate::domain::{
    Freshness, GoalCategory, GoalInput, GoalStatus, MeasureKind, PairSessionInput,
    PairSessionState, Visibility,
};
use serde::{Deserialize, Serialize};

/// A goal as a card on a board, a pair page or the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalCard {
    pub id: i64,
    pub title: String,
    pub category: GoalCategory,
    pub status: GoalStatus,
    pub visibility: Visibility,
    /// 0 to 100.
    pub percent: i64,
    /// "3 of 8 demos", "2 of 4 milestones", "No check-in yet".
    pub summary: String,
    pub freshness: Freshness,
    pub due_on: Option<String>,
    pub program_name: String,
}

/// One column of a board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalColumn {
    pub status: GoalStatus,
    pub goals: Vec<GoalCard>,
}

/// My goal board in one program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalBoard {
    /// Programs I have joined, to switch boards.
    pub programs: Vec<(i64, String)>,
    /// The program shown; `None` when I have joined none.
    pub program_id: Option<i64>,
    pub columns: Vec<GoalColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub id: i64,
    pub title: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    pub checked_on: String,
    /// The value in words: "4 demos", "3 of 5 milestones".
    pub value: String,
    pub note: String,
    pub confidence: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub author: String,
    pub body: String,
    pub when: String,
}

/// A goal's page, for its owner, a partner it is shared with, or a program admin it is
/// shared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalPage {
    pub card: GoalCard,
    pub program_id: i64,
    pub owner_name: String,
    pub why: String,
    pub measure: MeasureKind,
    pub unit: String,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub direction: String,
    pub milestones: Vec<MilestoneView>,
    /// Oldest first.
    pub check_ins: Vec<CheckInView>,
    /// (day number since 1970-01-01, value) for the chart, oldest first.
    pub points: Vec<(i64, f64)>,
    /// Baseline and target as plain numbers for the chart; milestone goals go from 0 to the
    /// number of milestones.
    pub chart_range: (f64, f64),
    pub comments: Vec<CommentView>,
    /// The owner: may edit, move and check in.
    pub mine: bool,
    /// A partner the goal is shared with: may comment.
    pub can_comment: bool,
    /// The form's values, for the owner's edit page.
    pub form: Option<GoalInput>,
}

/// What the new-goal form starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalFormPage {
    pub programs: Vec<(i64, String)>,
    pub program_id: Option<i64>,
    pub input: GoalInput,
    /// (key, label) of each template.
    pub templates: Vec<(String, String)>,
}

/// A pair session as one member sees it, in their own time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairSessionView {
    pub id: i64,
    pub program_id: i64,
    /// "Wed 2 Dec 2026, 16:00–16:45 (Europe/Lisbon)".
    pub when: String,
    pub place: String,
    pub video_url: String,
    pub agenda: Vec<String>,
    pub state: PairSessionState,
    pub proposer: String,
    pub proposed_by_me: bool,
    /// The session time has passed.
    pub past: bool,
    pub held: Option<bool>,
    pub notes: String,
    /// My private rating and comment.
    pub my_feedback: Option<(i64, String)>,
    /// With whom, for the dashboard.
    pub with: String,
    pub program_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairPartner {
    pub id: i64,
    pub name: String,
    pub initials: String,
    pub email: String,
}

/// One matched group on the pair page: who, their shared goals, and our sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairGroup {
    pub round_id: i64,
    pub group_no: i64,
    pub partners: Vec<PairPartner>,
    pub goals: Vec<GoalCard>,
    pub sessions: Vec<PairSessionView>,
    /// Times that suit the whole group, filled in by the composed pair page.
    #[serde(default)]
    pub times: super::MeetingTimes,
    /// How far the group's partnership agreement is, filled in by the composed pair page.
    #[serde(default)]
    pub agreement: super::AgreementSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairPage {
    pub program_id: i64,
    pub program_name: String,
    pub round: i64,
    pub groups: Vec<PairGroup>,
    pub prompts: Vec<String>,
    /// The session form's starting values: my time zone.
    pub form: PairSessionInput,
}

/// The dashboard's goals and sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardGoals {
    pub next_session: Option<PairSessionView>,
    /// Sessions that have happened, or should have, with nobody saying whether they met.
    pub to_record: Vec<PairSessionView>,
    /// Program ids with a pair page (I am matched there).
    pub pair_programs: Vec<(i64, String)>,
    pub due: Vec<GoalCard>,
    pub stale: Vec<GoalCard>,
    pub open_goals: usize,
}

/// A program's goals and sessions in figures, for its admins. Only goals shared with admins
/// are counted; ratings appear once enough people gave one that nobody is singled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramActivity {
    pub goals_by_status: Vec<(GoalStatus, i64)>,
    pub shared_goals: Vec<(String, GoalCard)>,
    pub sessions_planned: i64,
    pub sessions_held: i64,
    pub sessions_not_held: i64,
    pub ratings: i64,
    /// Different people behind the ratings.
    pub raters: i64,
    /// Average rating, shown only once `domain::RATERS_MIN` people rated.
    pub average_rating: Option<f64>,
    /// Comments, only once `domain::COMMENT_AUTHORS_MIN` people wrote one; in no order that
    /// follows time.
    pub comments: Vec<String>,
}

/// The page behind a "Did you meet?" link: the session as the person sees it and what has
/// been said about it, or, for a link that cannot be used, why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCheckView {
    /// Who the link is for, so a forwarded link is noticed.
    pub name: String,
    pub with: String,
    pub program_name: String,
    pub program_id: i64,
    pub when: String,
    /// What the group said: `None` until someone answers.
    pub held: Option<bool>,
    /// Why the link cannot be used, when it cannot; the rest is then empty.
    pub problem: Option<String>,
}
