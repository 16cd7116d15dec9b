//! Where someone stands for an event, in words, and what the two answer buttons say: shared
//! by the event page and the page behind an RSVP link.

/// The wording and button states for one person's answer.
pub struct AnswerView {
    /// E.g. "You are on the waitlist, number 2. …".
    pub status: String,
    /// The "going" button: "I'm going", or "Enter the draw" before an Exec Encounter's draw.
    pub yes: &'static str,
    pub no: &'static str,
    /// Already going, waiting or in the draw: the "going" button shows as chosen.
    pub going: bool,
    /// Already said no: the other button shows as chosen.
    pub declined: bool,
}

/// `aria-pressed` for an answer button: the chosen answer reads as chosen, not as disabled.
pub fn pressed(chosen: bool) -> &'static str {
    if chosen {
        "true"
    } else {
        "false"
    }
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
        // "Leave the draw" only to someone in it; before that, saying no is "I can't go".
        let (yes, no) = match (draw_open, state) {
            (true, Some("entered")) => ("Enter the draw", "Leave the draw"),
            (true, _) => ("Enter the draw", "I can't go"),
            (false, _) => ("I'm going", "I can't go"),
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

#[cfg(test)]
mod tests {
    use super::AnswerView;

    #[test]
    fn leaving_the_draw_is_offered_only_to_those_in_it() {
        assert_eq!(AnswerView::new(None, None, true).no, "I can't go");
        assert_eq!(
            AnswerView::new(Some("declined"), None, true).no,
            "I can't go"
        );
        let entered = AnswerView::new(Some("entered"), None, true);
        assert_eq!(
            (entered.yes, entered.no),
            ("Enter the draw", "Leave the draw")
        );
        assert!(entered.going && !entered.declined);
        assert_eq!(AnswerView::new(Some("going"), None, false).no, "I can't go");
    }
}
