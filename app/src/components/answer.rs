//! Where someone stands for an event, in words, and what the two answer buttons say: shared
//! by the event page and the page behind an RSVP link.

/// The wording and button states for one person's answer.
pub struct AnswerView {
    /// E.g. "You are on the waitlist, number 2. …".
    pub status: String,
    /// The "going" button: "I'm going", or "Enter the draw" before an Exec Encounter's draw.
    pub yes: &'static str,
    pub no: &'static str,
    /// Already going, waiting or in the draw: "going" would change nothing.
    pub going: bool,
    pub declined: bool,
}

impl AnswerView {
    /// For an answer `state` (`going`, `waitlisted`, `entered`, `declined`, or none yet), a
    /// place on the waitlist, and whether a draw is still to come.
    pub fn new(state: Option<&str>, position: Option<i64>, draw_open: bool) -> Self {
        let status = match (state, position) {
            (Some("going"), _) => "You are going.".to_owned(),
            (Some("waitlisted"), Some(n)) => format!(
                "You are on the waitlist, number {n}. If a seat opens up, it is yours and we will email you."
            ),
            (Some("declined"), _) => "You are not going.".to_owned(),
            (Some("entered"), _) => {
                "You are in the draw for a seat. We will email you the result.".to_owned()
            }
            _ => "You have not answered yet.".to_owned(),
        };
        let (yes, no) = if draw_open {
            ("Enter the draw", "Leave the draw")
        } else {
            ("I'm going", "I can't go")
        };
        AnswerView {
            status,
            yes,
            no,
            going: matches!(state, Some("going" | "waitlisted" | "entered")),
            declined: state == Some("declined"),
        }
    }
}
