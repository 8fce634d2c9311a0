//! One module per page.

pub mod entity;
pub mod home;
pub mod not_found;
pub mod search;
