//! Domain types: parsed, validated values with no I/O. They compile for both the server and the
//! browser, so a form can check a value before it is sent and the server checks it again.

mod agreement;
mod audit;
mod availability;
mod certificate;
mod chart;
mod chat;
mod choice;
pub mod dates;
mod delivery;
mod disclosure;
mod email;
mod enrollment;
mod event;
mod event_input;
mod field;
mod goal;
mod goal_input;
mod insights;
mod lottery;
/// Times that suit a group, by each member's time zone: server only, for the zone data.
#[cfg(feature = "ssr")]
mod meeting_times;
mod mentor_request;
mod notification;
mod pair_session;
mod password;
mod privacy;
mod profile;
mod program;
mod pulse;
mod recognition;
mod resource;
mod review;
mod rng;
mod role;
mod round;
mod search;
/// When notifications go out, by each person's time zone: server only, for the zone data.
#[cfg(feature = "ssr")]
mod send_time;
pub mod sso;
mod story;
mod survey;

pub use agreement::{
    agreement_guidance, AgreementInput, AgreementState, AgreementTerms, Cadence, GUIDANCE_MAX,
};
pub use audit::AuditAction;
pub use availability::{
    calendar_url, usual_windows, Availability, AvailabilityInput, FreeWindow, CALENDAR_URL_MAX,
};
pub use certificate::{
    held_time, long_day, period as certificate_period, CertificateCode, CertificateRole,
    CODE_LEN as CERTIFICATE_CODE_LEN,
};
pub use chart::{Chart, HEIGHT as CHART_HEIGHT, WIDTH as CHART_WIDTH};
pub use chat::{
    slack_direct_message, slack_message, teams_message, Announcement, Button, ChatAction,
    ChatAnswer, ChatKind, ChatNews, ChatPost, TooLong, TEAMS_MAX_BYTES,
};
pub use delivery::{retry_at, JobState, Task, RETRY_BASE_SECS, RETRY_MAX_SECS};
pub use disclosure::{
    disclose, Disclosed, Fact, GroupMin, Shown, Tabulation, GROUP_MIN_DEFAULT, GROUP_MIN_RANGE,
};
pub use email::Email;
pub use enrollment::{
    EnrollmentError, EnrollmentInput, EnrollmentRole, EnrollmentSpec, EnrollmentStatus,
    CAPACITY_MAX,
};
pub use event::{seat_for, Capacity, CapacityError, EventKind, EventState, RsvpState};
pub use event_input::{EventInput, EventSpec};
pub use field::FieldError;
pub use goal::{
    freshness, goal_template, metric_progress, milestone_progress, percent, Amount, Direction,
    Freshness, GoalCategory, GoalStatus, GoalTemplate, MeasureKind, Visibility,
    CHECK_IN_AFTER_DAYS, GOAL_TEMPLATES,
};
pub use goal_input::{CheckInInput, CheckInSpec, GoalInput, GoalSpec, Measure, MILESTONES_MAX};
pub use insights::{
    InsightFilters, InsightQuery, Month, People as InsightPeople, Period, Person as InsightPerson,
    PERIOD_MONTHS_MAX,
};
pub use lottery::{draw_order, DrawRecord, Entrant};
#[cfg(feature = "ssr")]
pub use meeting_times::{suggest, Attendee, HORIZON_SECS, LEAD_SECS, SESSION_MINUTES, SUGGESTIONS};
pub use mentor_request::{
    answer_days, request_note, ChoiceMode, MentorRequestState, ANSWER_DAYS, ANSWER_DAYS_DEFAULT,
    REQUEST_NOTE_MAX,
};
pub use notification::{
    hhmm, Day, DeliveryMode, NotificationInput, NotificationKind, NotificationPrefs, SendWindow,
    Weekdays,
};
pub use pair_session::{PairSessionInput, PairSessionSpec, PairSessionState, DISCUSSION_PROMPTS};
pub use password::{Password, PASSWORD_MAX, PASSWORD_MIN};
pub use privacy::{average_rating, readable_comments, COMMENT_AUTHORS_MIN, RATERS_MIN};
pub use profile::{ProfileError, ProfileInput, LEVEL_MAX};
pub use program::{
    MatchingSettings, ProgramError, ProgramFormat, ProgramInput, ProgramSpec, ProgramState,
    NO_REPEAT_DEFAULT, NUDGE_WEEKS_DEFAULT, PROGRAM_DATE_FORMAT,
};
pub use pulse::{
    parse_pulse, summarise as summarise_pulse, suppress, wants_new_match, PulseAnswer,
    PulseAnswers, PulseFigure, PulseKind, PulseQuestion, PulseQuestionKind, PulseResult,
    NOT_WORKING, PULSE_DAYS, PULSE_OPEN_DAYS, PULSE_PEOPLE_MIN, PULSE_TEXT_AUTHORS_MIN,
};
pub use recognition::{
    badges, Badge, BadgeFacts, EarnedBadge, KudosCategory, KudosInput, KudosSpec, KUDOS_NOTE_MAX,
};
pub use resource::{
    reading_minutes, tag_slug, template_goal, Audience, Publication, ResourceInput, ResourceKind,
    ResourceSpec, RESOURCE_BODY_MAX, TEMPLATE_DUE_WEEKS,
};
pub use review::{
    ConsentAnswer, ConsentInput, ConsentLength, ConsentState, RecordFormat, ReviewScope, ScopeInput,
};
pub use rng::Rng;
pub use role::Role;
pub use round::{PairRule, ReassignmentState};
pub use search::{highlight, snippet_parts, SearchTerms, MARK_END, MARK_START, QUERY_MAX};
#[cfg(feature = "ssr")]
pub use send_time::{digest_due, next_open, send_time, SendTime, Skip};
pub use sso::{SsoProtocol, SsoRefusal};
pub use story::{story_opens_at, StoryInput, StoryReaders, StorySpec, STORY_MAX, STORY_OPENS_DAYS};
pub use survey::{
    answer_key, default_questions, describe_answer, is_complete, numbered_default_survey,
    parse_answers, Answer, Answers, DefaultQuestion, MatchRule, Question, QuestionInput,
    QuestionKind, QuestionSpec, SurveyError, SurveyOption, QUESTIONS_MAX, WEIGHT_MAX,
};
