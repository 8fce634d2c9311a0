//! Reusable pieces of the pages.

pub mod bits;
pub mod groups;
pub mod keep;
pub mod loading;
pub mod qr;
pub mod results;
pub mod search_box;
pub mod svg_map;
pub mod tour;
pub mod update;
pub mod zoom_map;
