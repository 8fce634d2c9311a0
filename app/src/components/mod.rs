//! Reusable pieces of the pages.

pub mod loading;
pub mod results;
pub mod search_box;
