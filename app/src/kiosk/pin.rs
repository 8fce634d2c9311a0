//! The operator's PIN pad: digits typed, and whether the last try was wrong. Plain state; the
//! dialog in [`super`] shows it.

/// The digits typed on the PIN pad.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinEntry {
    typed: String,
    wrong: bool,
}

impl PinEntry {
    /// A digit pressed.
    pub fn press(&mut self, digit: char) {
        self.typed.push(digit);
    }

    /// How many digits are typed (shown as dots, never as digits).
    pub fn len(&self) -> usize {
        self.typed.chars().count()
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.typed.is_empty()
    }

    /// Whether the last try was wrong.
    pub fn wrong(&self) -> bool {
        self.wrong
    }

    /// Checks what is typed against the operator's PIN and starts a new entry. Without a PIN
    /// in the data (none, or empty) nothing opens: a kiosk cannot be left by accident.
    pub fn check(&mut self, pin: Option<&str>) -> bool {
        let typed = std::mem::take(&mut self.typed);
        let right = pin.is_some_and(|pin| !pin.is_empty() && typed == pin);
        self.wrong = !right;
        right
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
    fn the_right_pin_opens_and_a_wrong_one_is_refused() {
        let mut entry = typed("0000");
        assert_eq!(entry.len(), 4);
        assert!(!entry.check(Some("1350")));
        assert!(entry.wrong() && entry.is_empty());
        let mut entry = typed("1350");
        assert!(entry.check(Some("1350")));
        assert!(!entry.wrong());
    }

    #[test]
    fn without_a_pin_nothing_opens() {
        assert!(!typed("").check(Some("")));
        assert!(!typed("").check(None));
        assert!(!typed("1234").check(None));
    }
}
