//! Domain types: parsed, validated values with no I/O. They compile for both the server and the
//! browser, so a form can check a value before it is sent and the server checks it again.

mod email;
mod password;
mod profile;
mod program;
mod role;

pub use email::Email;
pub use password::{Password, PASSWORD_MAX, PASSWORD_MIN};
pub use profile::{ProfileError, ProfileInput, LEVEL_MAX};
pub use program::{
    ProgramError, ProgramFormat, ProgramInput, ProgramSpec, ProgramState, PROGRAM_DATE_FORMAT,
};
pub use role::Role;
