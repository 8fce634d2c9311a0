//! How the handbook's types travel.
//!
//! - **Between the engine's worker and the page**: [`encode`] and [`decode`], postcard's compact
//!   binary form. It names no field, so neither module carries a JSON parser or the field-name
//!   matching every derived JSON reader brings (about 42 KB of the page's WebAssembly, brotli).
//!   Both sides are built from the same types in one build, so they always agree on the order.
//!   The bundle's dataset file and its stored records (after their kind) are in this form too:
//!   a bundle is read only by the engine built with it ([`crate::bundle::FORMAT_VERSION`]).
//! - **In the seed files the import writes**: [`stored_json`] and [`leaving_out_absent`],
//!   without the members an absent value
//!   reads back as (`None`, an empty list, `false`). The stored types mark such fields
//!   `#[serde(default, skip_serializing_if = "crate::wire::left_out")]`: left out while
//!   [`leaving_out_absent`] runs, and always written in the wire form, which has no field names
//!   to tell a left-out field by.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;

use crate::Result;

/// `value` in the form the engine's worker and the page exchange.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    Ok(postcard::to_allocvec(value)?)
}

/// Reads what [`encode`] wrote as `T`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    Ok(postcard::from_bytes(bytes)?)
}

thread_local! {
    /// Whether [`leaving_out_absent`] is running, on this thread.
    static STORING: Cell<bool> = const { Cell::new(false) };
}

/// A value that can be absent: `None`, an empty list, `false`.
pub trait Absent {
    /// Whether the value is absent (what `#[serde(default)]` reads a missing member as).
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl Absent for bool {
    fn is_absent(&self) -> bool {
        !*self
    }
}

/// The stored types' `skip_serializing_if`: `value` is left out if it is absent, while
/// [`leaving_out_absent`] runs; never in the wire form.
pub fn left_out<T: Absent>(value: &T) -> bool {
    STORING.get() && value.is_absent()
}

/// Runs `write` with the stored types' absent fields left out ([`left_out`]): for the bundle's
/// JSON ([`stored_json`]) and the seed files the import writes.
pub fn leaving_out_absent<R>(write: impl FnOnce() -> R) -> R {
    /// Ends the writing even if `write` panics.
    struct Storing(bool);
    impl Drop for Storing {
        fn drop(&mut self) {
            STORING.set(self.0);
        }
    }
    let _storing = Storing(STORING.replace(true));
    write()
}

/// `value` as the bundle stores it: JSON without the members that read back as absent.
pub fn stored_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    leaving_out_absent(|| serde_json::to_string(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Inner {
        #[serde(default, skip_serializing_if = "crate::wire::left_out")]
        note: Option<String>,
        kept: u32,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Outer {
        name: String,
        #[serde(default, skip_serializing_if = "crate::wire::left_out")]
        tags: Vec<String>,
        #[serde(default, skip_serializing_if = "crate::wire::left_out")]
        closed: bool,
        #[serde(default, skip_serializing_if = "crate::wire::left_out")]
        inner: Vec<Inner>,
        #[serde(default)]
        zero: u32,
        #[serde(default)]
        empty: String,
    }

    /// Absent values leave no member, at any depth; present ones (zero and the empty string
    /// among them) stay, in their declared order; and the text reads back as the value. Plain
    /// JSON outside `stored_json` keeps every member.
    #[test]
    fn stored_json_leaves_out_only_what_reads_back_as_absent() {
        let value = Outer {
            name: "Bát Tràng".into(),
            tags: vec![],
            closed: false,
            inner: vec![Inner {
                note: None,
                kept: 3,
            }],
            zero: 0,
            empty: String::new(),
        };
        let json = stored_json(&value).unwrap();
        assert_eq!(
            json,
            r#"{"name":"Bát Tràng","inner":[{"kept":3}],"zero":0,"empty":""}"#
        );
        assert_eq!(serde_json::from_str::<Outer>(&json).unwrap(), value);
        let plain = serde_json::to_string(&value).unwrap();
        assert!(plain.contains(r#""tags":[],"closed":false"#), "{plain}");
        assert!(plain.contains(r#""note":null"#), "{plain}");
        let full = Outer {
            tags: vec!["gốm".into()],
            closed: true,
            ..value
        };
        let json = stored_json(&full).unwrap();
        assert!(json.contains(r#""closed":true"#) && json.contains(r#""tags":["gốm"]"#));
        assert_eq!(serde_json::from_str::<Outer>(&json).unwrap(), full);
    }

    /// What `encode` writes `decode` reads back, `None`s, `false` and empty lists included
    /// (the wire form leaves nothing out); and bytes cut short are an error, not a panic.
    #[test]
    fn the_wire_form_reads_back_and_refuses_what_is_cut_short() {
        let value = Outer {
            name: "Vạn Phúc".into(),
            tags: vec![],
            closed: true,
            inner: vec![
                Inner {
                    note: None,
                    kept: 1,
                },
                Inner {
                    note: Some("lụa".into()),
                    kept: 2,
                },
            ],
            zero: 0,
            empty: String::new(),
        };
        let bytes = encode(&value).unwrap();
        assert_eq!(decode::<Outer>(&bytes).unwrap(), value);
        for cut in 0..bytes.len() {
            assert!(decode::<Outer>(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
