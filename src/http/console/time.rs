//! Times as the team reads them: Korea's (UTC+9, no daylight saving), the same on every page.

use chrono::{DateTime, FixedOffset, Utc};

const KST_SECS: i32 = 9 * 3600;

fn in_korea(at: &DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&FixedOffset::east_opt(KST_SECS).expect("UTC+9 is a valid offset"))
}

/// Called from templates as `at.kst()`, `at.kst_date()`, `at.kst_clock()`.
pub trait Kst {
    /// `2026-12-01 09:30 KST`
    fn kst(&self) -> String;
    /// `2026-12-01`
    fn kst_date(&self) -> String;
    /// `09:30:15 KST`
    fn kst_clock(&self) -> String;
}

impl Kst for DateTime<Utc> {
    fn kst(&self) -> String {
        in_korea(self).format("%Y-%m-%d %H:%M KST").to_string()
    }

    fn kst_date(&self) -> String {
        in_korea(self).format("%Y-%m-%d").to_string()
    }

    fn kst_clock(&self) -> String {
        in_korea(self).format("%H:%M:%S KST").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_korean() {
        let at = DateTime::parse_from_rfc3339("2026-12-01T15:30:15Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(at.kst(), "2026-12-02 00:30 KST");
        assert_eq!(at.kst_date(), "2026-12-02");
        assert_eq!(at.kst_clock(), "00:30:15 KST");
    }
}
