//! Models shared by the server and the browser. Where a database row is the model, it derives
//! `sqlx::FromRow` on the server.

mod account;
mod agreement;
mod audit;
mod availability;
mod certificate;
mod chat;
mod dashboard;
mod delivery;
mod directory;
mod enrollment;
mod event;
mod goal;
mod insights;
mod matching;
mod mentor_request;
mod notifications;
mod org;
mod people;
mod program;
mod pulse;
mod recognition;
mod resource;
mod review;
mod round;
mod scim;
mod sso;
mod story;
mod user;

pub use account::SignUpDetails;
pub use agreement::{AgreementPage, AgreementStatusLine, AgreementSummary, AgreementTemplatePage};
pub use audit::{AuditEntryView, AuditPage};
pub use availability::{AvailabilityPage, CalendarStatus, MeetingTimes, SuggestedTime};
pub use certificate::{Certificate, CertificateChoice};
pub use chat::{ChatChannel, ChatSettings, SlackAppView, SlackChoice};
pub use dashboard::Dashboard;
pub use delivery::{DeliveryLine, DeliveryOverview, PersonDeliveries};
pub use directory::{ImportPreview, ImportProblem, PreviewPerson};
pub use enrollment::{
    AnswerLine, DashboardPrograms, EnrolledPerson, Enrollment, EnrollmentCounts, EnrollmentList,
    EnrollmentPage, Onboarding, PersonRef, SurveyPage,
};
pub use event::{Attendee, EventPage, EventSummary, EventsPage, Lottery, RsvpLinkView};
pub use goal::{
    CheckInView, CommentView, DashboardGoals, GoalBoard, GoalCard, GoalColumn, GoalFormPage,
    GoalPage, MilestoneView, PairGroup, PairPage, PairPartner, PairSessionView, ProgramActivity,
    SessionCheckView,
};
pub use insights::{
    InsightChart, InsightHeadline, InsightOptions, InsightSection, InsightTable, InsightUnit,
    InsightsPage, InsightsReport, ReportStory,
};
pub use matching::{Explanation, Quality, ScorePart};
pub use mentor_request::{MentorCard, MentorRequestLine, MentorsPage};
pub use notifications::{NotificationsPage, UnsubscribeView};
pub use org::OrgSettings;
pub use people::{PendingInvitation, PeopleView, PEOPLE_PAGE_SIZE};
pub use program::{Program, ProgramView};
pub use pulse::{PulseAdminLine, PulseAdminPage, PulsePage};
pub use recognition::{KudosLine, PersonRecognition, RecognitionPage, ThankableOption};
pub use resource::{FileView, ResourceCard, ResourceFormPage, ResourceHub, ResourcePage};
pub use review::{
    ConsentView, ExportView, RecordCertificate, RecordGoal, RecordKudos, RecordProgram,
    ReviewRecord, ReviewsPage, TeamMember,
};
pub use round::{
    MatchCard, MatchRequest, Partner, RoundFigures, RoundGroup, RoundPerson, RoundsPage,
};
pub use scim::{ScimTokenView, ScimView};
pub use sso::{ProviderView, SignInOptions, SsoButton, SsoView};
pub use story::{ProgramStoriesPage, StoriesPage, StoryCard, StoryRound};
pub use user::{Me, ProfileView, User};
