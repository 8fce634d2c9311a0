//! The visitor-facing logic (festival dates, map geometry, quizzes, tour cards) on the real
//! seeds and against independent references. One test binary; each file a subject.
#![cfg(not(target_arch = "wasm32"))]

mod lunar;
mod map;
mod quiz;
mod seeds;
mod stored;
mod tours;
