//! The names a policy is written in, shared by the file format, the scanner and its verdicts.

use std::fmt;

use serde::{Deserialize, Serialize};

crate::named_enum!(
    /// How bad a hit is; later is worse.
    Severity {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

impl Severity {
    pub fn raised(self) -> Self {
        match self {
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            _ => Severity::Critical,
        }
    }

    pub fn lowered(self) -> Self {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            _ => Severity::Low,
        }
    }
}

crate::named_enum!(
    /// What the marketplace should do with the content; later is stronger.
    Action {
        Allow => "allow",
        Flag => "flag",
        Block => "block",
        Sanction => "sanction",
    }
);

crate::named_enum!(
    /// What a sanction does to the user.
    SanctionKind {
        Warn => "warn",
        Restrict => "restrict",
        Suspend => "suspend",
        Ban => "ban",
    }
);

crate::named_enum!(
    /// Whether a term matches inside longer words or only at a word's start (and, for Latin, end).
    MatchMode {
        Substring => "substring",
        Word => "word",
    }
);

crate::named_enum!(
    /// Where scanned content was posted.
    Surface {
        Chat => "chat",
        Request => "request",
        Profile => "profile",
        Review => "review",
    }
);

/// A policy's version number: a positive integer that grows with every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyVersion(i64);

impl PolicyVersion {
    pub fn parse(n: i64) -> Result<Self, String> {
        if n >= 1 {
            Ok(Self(n))
        } else {
            Err(format!("version must be a positive integer, not {n}"))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for PolicyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A span of time written as `30m`, `12h`, `7d` or `2w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Period {
    secs: i64,
}

impl Period {
    pub fn parse(text: &str) -> Result<Self, String> {
        let err = || format!("{text:?} is not a duration such as 30m, 12h, 7d or 2w");
        let text = text.trim();
        let unit = text.chars().last().ok_or_else(err)?;
        let n: i64 = text[..text.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| err())?;
        let scale = match unit {
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => return Err(err()),
        };
        if !(1..=100_000).contains(&n) {
            return Err(err());
        }
        Ok(Self { secs: n * scale })
    }

    pub fn seconds(self) -> i64 {
        self.secs
    }

    pub fn duration(self) -> chrono::Duration {
        chrono::Duration::seconds(self.secs)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.secs;
        match s {
            _ if s % (7 * 86_400) == 0 => write!(f, "{}w", s / (7 * 86_400)),
            _ if s % 86_400 == 0 => write!(f, "{}d", s / 86_400),
            _ if s % 3_600 == 0 => write!(f, "{}h", s / 3_600),
            _ => write!(f, "{}m", s / 60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(Period::parse("7d").unwrap().seconds(), 7 * 86_400);
        assert_eq!(Period::parse("30m").unwrap().to_string(), "30m");
        assert_eq!(Period::parse("14d").unwrap().to_string(), "2w");
        for bad in ["", "d", "7", "7x", "-1d", "0h", "1.5d", "일d"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn severities_order_and_step() {
        assert!(Severity::Critical > Severity::Low);
        assert_eq!(Severity::Low.raised(), Severity::Medium);
        assert_eq!(Severity::Critical.raised(), Severity::Critical);
        assert_eq!(Severity::Low.lowered(), Severity::Low);
    }

    #[test]
    fn versions_are_positive() {
        assert!(PolicyVersion::parse(0).is_err());
        assert_eq!(PolicyVersion::parse(3).unwrap().get(), 3);
    }
}
