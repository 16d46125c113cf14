//! The one rule for free text people write to us and we store: a report's details, a statement,
//! a reason, a note, a requested document's name. Line breaks and tabs are part of such text;
//! any other control character is refused, not stripped: PostgreSQL cannot store U+0000 at all,
//! and the others only hide or reorder what a reviewer reads. Stripping would store something
//! other than what was sent.
//!
//! Content sent to be judged (a scanned message, a report's snapshot) is not free text in this
//! sense: it is kept as sent, U+0000 stored as a space, so a control character cannot keep a
//! message from being scanned.

use crate::error::AppError;

/// Whether `c` may stand in free text.
fn allowed(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\r' | '\t')
}

/// Refuses `text`, the value of `field`, if it holds a control character other than a line break
/// or a tab: 400 `invalid_text`, naming the field and the character.
pub fn check(field: &str, text: &str) -> Result<(), AppError> {
    match text.chars().find(|&c| !allowed(c)) {
        None => Ok(()),
        Some(c) => Err(AppError::bad_request(
            "invalid_text",
            format!("`{field}` holds the control character U+{:04X}; only line breaks and tabs may stand in text", u32::from(c)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_tabs_are_text_other_controls_are_not() {
        assert!(check("note", "첫 줄\r\n둘째 줄\t끝").is_ok());
        assert!(check("note", "").is_ok());
        for bad in ["a\0b", "\u{1}", "a\u{7f}", "\u{85}", "\u{1b}[31m"] {
            let error = check("note", bad).unwrap_err();
            assert_eq!(error.code, "invalid_text", "{bad:?}");
            assert!(error.message.contains("`note`"), "{}", error.message);
        }
        assert!(check("note", "a\0b")
            .unwrap_err()
            .message
            .contains("U+0000"));
    }
}
