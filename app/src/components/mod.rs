pub mod answer;
pub mod by_id;
pub mod email_hours;
pub mod form;
pub mod match_card;
pub mod progress;
pub mod shell;
