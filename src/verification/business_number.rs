//! 사업자등록번호, the Korean business registration number `XXX-XX-XXXXX`.

use std::fmt;

/// What the middle two digits say about the registrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrantKind {
    /// 01–79: an individual business (개인사업자).
    Individual,
    /// 81, 86, 87, 88: a for-profit corporation's head office (법인 본점).
    Corporation,
    /// Any other code (branches, non-profits, tax-exempt bodies…).
    Other,
}

/// A business number whose check digit is right.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BusinessNumber([u8; 10]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusinessNumberError {
    /// Not ten digits (after dropping dashes and spaces).
    Malformed,
    /// Ten digits whose check digit does not match.
    Checksum,
}

const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];

impl BusinessNumber {
    /// Accepts `1248100998` or `124-81-00998`, with any dashes or spaces between the digits.
    pub fn parse(text: &str) -> Result<Self, BusinessNumberError> {
        let mut digits = [0u8; 10];
        let mut count = 0;
        for c in text.trim().chars() {
            match c {
                '0'..='9' if count < 10 => {
                    digits[count] = c as u8 - b'0';
                    count += 1;
                }
                '-' | ' ' | '‐' | '–' | '—' | '−' => {}
                _ => return Err(BusinessNumberError::Malformed),
            }
        }
        if count != 10 {
            return Err(BusinessNumberError::Malformed);
        }
        if check_digit(&digits) != digits[9] {
            return Err(BusinessNumberError::Checksum);
        }
        Ok(Self(digits))
    }

    pub fn kind(&self) -> RegistrantKind {
        match self.0[3] * 10 + self.0[4] {
            1..=79 => RegistrantKind::Individual,
            81 | 86 | 87 | 88 => RegistrantKind::Corporation,
            _ => RegistrantKind::Other,
        }
    }

    /// The ten digits with no separators.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

/// Weighted sum of the first nine digits, plus ⌊d9·5/10⌋; the check digit brings it to a
/// multiple of ten. The outer `% 10` matters: a sum ending in 0 gives check digit 0, not 10.
fn check_digit(digits: &[u8; 10]) -> u8 {
    let weighted: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    let sum = weighted + u32::from(digits[8]) * 5 / 10;
    ((10 - sum % 10) % 10) as u8
}

impl fmt::Display for BusinessNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{}-{}-{}", &d[..3], &d[3..5], &d[5..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_numbers() {
        for n in [
            "124-81-00998",
            "220-81-62517",
            "120-81-47521",
            "1248100998",
            "124 81 00998",
            "124–81–00998",
        ] {
            let parsed = BusinessNumber::parse(n).unwrap_or_else(|e| panic!("{n}: {e:?}"));
            assert_eq!(parsed.kind(), RegistrantKind::Corporation);
        }
        assert_eq!(
            BusinessNumber::parse("1248100998").unwrap().to_string(),
            "124-81-00998"
        );
    }

    #[test]
    fn every_wrong_check_digit_is_refused() {
        for last in 0..10u8 {
            let text = format!("124-81-0099{last}");
            let expected = if last == 8 {
                Ok(())
            } else {
                Err(BusinessNumberError::Checksum)
            };
            assert_eq!(BusinessNumber::parse(&text).map(|_| ()), expected, "{text}");
        }
    }

    #[test]
    fn check_digit_zero() {
        // 123-45-6789?: weighted 1+6+21+4+15+42+7+24+45 = 165, +⌊9·5/10⌋ = 169 → check digit 1.
        assert!(BusinessNumber::parse("123-45-67891").is_ok());
        // 100-00-0009?: 1 + 9·5 = 46, + ⌊9·5/10⌋ = 50 → check digit 0 (a naive 10 − 0 gives 10).
        assert!(BusinessNumber::parse("100-00-00090").is_ok());
        assert_eq!(
            BusinessNumber::parse("100-00-00091"),
            Err(BusinessNumberError::Checksum)
        );
        assert_eq!(
            BusinessNumber::parse("100-00-0009"),
            Err(BusinessNumberError::Malformed)
        );
    }

    #[test]
    fn kinds_and_malformed_input() {
        assert_eq!(
            BusinessNumber::parse("123-45-67891").unwrap().kind(),
            RegistrantKind::Individual
        );
        assert_eq!(
            BusinessNumber::parse("100-00-00090").unwrap().kind(),
            RegistrantKind::Other
        );
        for bad in [
            "",
            "12-34",
            "124-81-009981",
            "124-8l-00998",
            "abc",
            "１２４-81-00998",
        ] {
            assert_eq!(
                BusinessNumber::parse(bad),
                Err(BusinessNumberError::Malformed),
                "{bad:?}"
            );
        }
    }
}
