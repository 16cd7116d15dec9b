pub mod by_id;
pub mod form;
pub mod shell;
