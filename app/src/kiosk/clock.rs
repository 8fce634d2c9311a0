//! A kiosk's idle clock: seconds since the last touch, and the countdown that ends in a reset
//! to the start page. Plain state, advanced by the kiosk's one-second timer.

/// Idle seconds before the countdown, unless `?idle=` says otherwise.
pub const DEFAULT_IDLE: u32 = 90;

/// Seconds of the countdown shown once a kiosk with `idle` seconds is idle: a third of the
/// idle time, between 3 and 15 seconds.
pub fn countdown_seconds(idle: u32) -> u32 {
    (idle / 3).clamp(3, 15)
}

/// What a second of the clock asks of the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    /// Nothing to do (still in use, or counting down).
    Wait,
    /// The countdown ran out: bring the screen back to its start.
    Reset,
}

/// Seconds since the last touch, and the countdown once idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleClock {
    idle: u32,
    quiet: u32,
    countdown: Option<u32>,
}

impl IdleClock {
    /// A clock that starts counting down after `idle` seconds without a touch (0 means the
    /// default, [`DEFAULT_IDLE`]).
    pub fn new(idle: u32) -> IdleClock {
        IdleClock {
            idle: if idle == 0 { DEFAULT_IDLE } else { idle },
            quiet: 0,
            countdown: None,
        }
    }

    /// Seconds since the last touch.
    pub fn quiet(&self) -> u32 {
        self.quiet
    }

    /// Seconds left before the reset, while counting down.
    pub fn countdown(&self) -> Option<u32> {
        self.countdown
    }

    /// Whether a touch would change nothing (nobody has been away, no countdown).
    pub fn is_fresh(&self) -> bool {
        self.quiet == 0 && self.countdown.is_none()
    }

    /// Someone touched the screen: the quiet time and any countdown start again.
    pub fn touch(&mut self) {
        self.quiet = 0;
        self.countdown = None;
    }

    /// One second passed. Once idle, the countdown starts, unless the screen is already at
    /// rest (`at_rest` is asked only then); when it runs out, the clock starts again and asks
    /// for a [`Tick::Reset`].
    pub fn tick(&mut self, at_rest: impl FnOnce() -> bool) -> Tick {
        self.quiet += 1;
        match self.countdown {
            Some(left) if left <= 1 => {
                self.touch();
                return Tick::Reset;
            }
            Some(left) => self.countdown = Some(left - 1),
            None if self.quiet >= self.idle && !at_rest() => {
                self.countdown = Some(countdown_seconds(self.idle))
            }
            None => {}
        }
        Tick::Wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ticks `n` seconds, returning the ticks that asked for a reset (1-based).
    fn run(clock: &mut IdleClock, n: u32, at_rest: bool) -> Vec<u32> {
        (1..=n)
            .filter(|_| clock.tick(|| at_rest) == Tick::Reset)
            .collect()
    }

    #[test]
    fn counts_down_after_the_idle_time_then_resets() {
        let mut clock = IdleClock::new(9);
        assert!(run(&mut clock, 8, false).is_empty());
        assert_eq!(clock.countdown(), None);
        assert!(run(&mut clock, 1, false).is_empty());
        assert_eq!(clock.countdown(), Some(3), "a third of the idle time");
        assert!(run(&mut clock, 2, false).is_empty());
        assert_eq!(clock.countdown(), Some(1));
        assert_eq!(run(&mut clock, 1, false), [1]);
        assert!(clock.is_fresh(), "after a reset the clock starts again");
    }

    #[test]
    fn a_touch_cancels_the_countdown() {
        let mut clock = IdleClock::new(3);
        run(&mut clock, 3, false);
        assert!(clock.countdown().is_some());
        clock.touch();
        assert_eq!((clock.quiet(), clock.countdown()), (0, None));
        assert!(run(&mut clock, 2, false).is_empty());
        assert_eq!(clock.countdown(), None);
    }

    #[test]
    fn a_screen_at_rest_never_counts_down() {
        let mut clock = IdleClock::new(2);
        assert!(run(&mut clock, 100, true).is_empty());
        assert_eq!(clock.countdown(), None);
        assert_eq!(
            clock.quiet(),
            100,
            "the attract loop still sees the quiet time"
        );
    }

    #[test]
    fn the_countdown_lasts_between_3_and_15_seconds() {
        assert_eq!(countdown_seconds(2), 3);
        assert_eq!(countdown_seconds(90), 15);
        assert_eq!(countdown_seconds(30), 10);
        assert_eq!(IdleClock::new(0), IdleClock::new(DEFAULT_IDLE));
    }
}
