//! The operator's PIN: the digits typed on the pad, how a PIN is kept on a device, and how
//! wrong tries back off. Plain state; the dialog in [`super`] shows it.
//!
//! A PIN is set by an operator on the device itself and kept only there (`localStorage`), as a
//! salted PBKDF2-HMAC-SHA256 hash ([`PinHash`]): the published data carries no PIN, so no one
//! can read one from the bundle, and a PIN set on one kiosk opens no other. A four-digit PIN
//! has only 10,000 values, so the hash slows down someone who has copied the device's storage
//! (minutes, not seconds); what protects a kiosk in use is the growing wait after wrong tries
//! ([`Backoff`]).

use handbook_search::decimal::fixed;
use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

/// Fewest digits of a PIN.
pub const MIN_DIGITS: usize = 4;

/// Most digits typed (more are ignored).
pub const MAX_DIGITS: usize = 12;

/// PBKDF2 rounds for a new PIN: about a quarter of a second in WebAssembly on a tablet, which
/// an operator waits once per check, and which makes trying all four-digit PINs on a copied
/// storage take 10,000 times as long.
pub const ROUNDS: u32 = 150_000;

/// Bytes of random salt.
const SALT_BYTES: usize = 16;

/// The digits typed on the PIN pad.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinEntry {
    typed: String,
    wrong: bool,
}

impl PinEntry {
    /// A digit pressed (ignored past [`MAX_DIGITS`]).
    pub fn press(&mut self, digit: char) {
        if digit.is_ascii_digit() && self.typed.len() < MAX_DIGITS {
            self.typed.push(digit);
        }
    }

    /// How many digits are typed (shown as dots, never as digits).
    pub fn len(&self) -> usize {
        self.typed.len()
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.typed.is_empty()
    }

    /// Whether the last try was wrong.
    pub fn wrong(&self) -> bool {
        self.wrong
    }

    /// Takes what is typed, starting a new entry.
    pub fn take(&mut self) -> String {
        self.wrong = false;
        std::mem::take(&mut self.typed)
    }

    /// Marks the last try wrong.
    pub fn set_wrong(&mut self) {
        self.wrong = true;
    }
}

/// A PIN kept on a device: `pbkdf2-sha256$<rounds>$<salt hex>$<hash hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinHash {
    rounds: u32,
    salt: Vec<u8>,
    hash: [u8; 32],
}

impl PinHash {
    /// Hashes `pin` with a fresh random salt; `None` if the PIN is too short or not digits, or
    /// the device has no random source.
    pub fn new(pin: &str) -> Option<PinHash> {
        if pin.len() < MIN_DIGITS || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut salt = vec![0; SALT_BYTES];
        getrandom::fill(&mut salt).ok()?;
        Some(PinHash::with_salt(pin, salt, ROUNDS))
    }

    fn with_salt(pin: &str, salt: Vec<u8>, rounds: u32) -> PinHash {
        let mut hash = [0; 32];
        pbkdf2_hmac::<Sha256>(pin.as_bytes(), &salt, rounds, &mut hash);
        PinHash { rounds, salt, hash }
    }

    /// Whether `pin` is the PIN this hash was made from (compared in constant time).
    pub fn matches(&self, pin: &str) -> bool {
        let mut hash = [0; 32];
        pbkdf2_hmac::<Sha256>(pin.as_bytes(), &self.salt, self.rounds, &mut hash);
        hash.iter()
            .zip(&self.hash)
            .fold(0, |diff, (a, b)| diff | (a ^ b))
            == 0
    }

    /// The stored form.
    pub fn encode(&self) -> String {
        format!(
            "pbkdf2-sha256${}${}${}",
            self.rounds,
            hex(&self.salt),
            hex(&self.hash)
        )
    }

    /// Reads the stored form; `None` for anything else (then the device keeps no PIN).
    pub fn decode(stored: &str) -> Option<PinHash> {
        let mut parts = stored.split('$');
        if parts.next()? != "pbkdf2-sha256" {
            return None;
        }
        let rounds: u32 = parts.next()?.parse().ok()?;
        let salt = unhex(parts.next()?)?;
        let hash = unhex(parts.next()?)?.try_into().ok()?;
        if parts.next().is_some() || !(1..=10_000_000).contains(&rounds) || salt.is_empty() {
            return None;
        }
        Some(PinHash { rounds, salt, hash })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Wrong tries free before the wait starts.
const FREE_TRIES: u32 = 2;

/// Longest wait between tries (milliseconds): a quarter of an hour.
const MAX_WAIT_MS: f64 = 15.0 * 60.0 * 1000.0;

/// Wrong PIN tries, and until when the pad waits before the next. Kept on the device with the
/// PIN, so a reload does not start again from zero.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Backoff {
    /// Wrong tries since the last right one.
    pub failures: u32,
    /// Until when (milliseconds since the epoch) no try is taken.
    pub until: f64,
}

impl Backoff {
    /// A wrong try at `now`: after `FREE_TRIES`, each wait is twice the last, from 5 s up to
    /// a quarter of an hour.
    pub fn wrong(&mut self, now: f64) {
        self.failures = self.failures.saturating_add(1);
        let over = self.failures.saturating_sub(FREE_TRIES);
        if over > 0 {
            let wait = 5000.0 * 2f64.powi(over.min(20) as i32 - 1);
            self.until = now + wait.min(MAX_WAIT_MS);
        }
    }

    /// Seconds to wait at `now` before a try is taken (0: go ahead).
    pub fn wait_seconds(&self, now: f64) -> u32 {
        ((self.until - now) / 1000.0)
            .ceil()
            .clamp(0.0, f64::from(u32::MAX)) as u32
    }

    /// The stored form: `failures until`, `until` in whole milliseconds (rounded up, so the
    /// wait is never shortened).
    pub fn encode(&self) -> String {
        format!("{} {}", self.failures, fixed(self.until.max(0.0).ceil(), 0))
    }

    /// Reads the stored form; anything else is no failures. Whole numbers only: parsing a
    /// decimal fraction would link the standard library's float parser and its 10 KB table
    /// into the page's WebAssembly.
    pub fn decode(stored: &str) -> Backoff {
        let mut parts = stored.split(' ');
        let failures = parts.next().and_then(|p| p.parse().ok());
        let until = parts.next().and_then(|p| p.parse::<u64>().ok());
        match (failures, until) {
            (Some(failures), Some(until)) => Backoff {
                failures,
                until: until as f64,
            },
            _ => Backoff::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(digits: &str) -> PinEntry {
        let mut entry = PinEntry::default();
        digits.chars().for_each(|d| entry.press(d));
        entry
    }

    #[test]
    fn the_pad_takes_digits_only_and_not_too_many() {
        let mut entry = typed("12a3456789012345");
        assert_eq!(entry.len(), MAX_DIGITS);
        assert_eq!(entry.take(), "123456789012");
        assert!(entry.is_empty());
    }

    #[test]
    fn a_hash_opens_for_its_pin_only_and_survives_storage() {
        let hash = PinHash::with_salt("1350", vec![7; 16], 1000);
        assert!(hash.matches("1350"));
        assert!(!hash.matches("1351") && !hash.matches(""));
        let stored = hash.encode();
        assert!(!stored.contains("1350"), "{stored}");
        assert_eq!(PinHash::decode(&stored), Some(hash));
        // Another salt, another hash.
        assert_ne!(
            PinHash::with_salt("1350", vec![8; 16], 1000).encode(),
            stored
        );
    }

    #[test]
    fn a_pin_is_at_least_four_digits() {
        assert!(PinHash::new("123").is_none());
        assert!(PinHash::new("12a4").is_none());
    }

    #[test]
    fn broken_storage_is_no_pin() {
        for stored in [
            "",
            "1350",
            "pbkdf2-sha256$0$00$00",
            "pbkdf2-sha256$1000$zz$00",
            "pbkdf2-sha256$1000$0011$0011",
            "md5$1$00$00",
        ] {
            assert_eq!(PinHash::decode(stored), None, "{stored}");
        }
    }

    #[test]
    fn wrong_tries_wait_longer_and_longer() {
        let mut backoff = Backoff::default();
        let mut waits = Vec::new();
        for _ in 0..8 {
            backoff.wrong(0.0);
            waits.push(backoff.wait_seconds(0.0));
        }
        assert_eq!(waits, [0, 0, 5, 10, 20, 40, 80, 160]);
        for _ in 0..30 {
            backoff.wrong(0.0);
        }
        assert_eq!(backoff.wait_seconds(0.0), 900);
        assert_eq!(backoff.wait_seconds(900_000.0), 0);
        assert_eq!(Backoff::decode(&backoff.encode()), backoff);
        assert_eq!(Backoff::decode("x"), Backoff::default());
        // A wait ending within a millisecond is kept, never shortened.
        let part = Backoff {
            failures: 4,
            until: 1_700_000_000_000.25,
        };
        assert_eq!(part.encode(), "4 1700000000001");
        assert_eq!(Backoff::decode(&part.encode()).until, 1_700_000_000_001.0);
    }
}
