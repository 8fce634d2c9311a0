//! One module per page.

pub mod about;
pub mod crafts;
pub mod entity;
pub mod home;
pub mod learn;
pub mod learn_craft;
pub mod map;
pub mod not_found;
pub mod plan;
pub mod quiz;
pub mod search;
pub mod tours;
pub mod villages;
