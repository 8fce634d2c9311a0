//! One module per page.

pub mod about;
pub mod crafts;
pub mod entity;
pub mod home;
pub mod learn;
pub mod map;
pub mod not_found;
pub mod plan;
pub mod search;
pub mod tours;
pub mod villages;
