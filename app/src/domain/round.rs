//! Matching rounds: the adjustments a program admin makes to a draft.

use super::choice::choice_enum;

choice_enum!(
    /// An admin's rule for two people in a draft round.
    PairRule {
        Lock => ("lock", "Keep together"),
        Forbid => ("forbid", "Keep apart"),
    }
);

choice_enum!(
    /// A request for a new match, as its program admins decide it.
    ReassignmentState {
        Pending => ("pending", "Waiting for a decision"),
        Approved => ("approved", "Approved"),
        Declined => ("declined", "Declined"),
    }
);
