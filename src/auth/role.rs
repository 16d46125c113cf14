use std::fmt;
use std::str::FromStr;

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One role per token. Staff roles form a ladder (reviewer < senior < admin); `ops` edits policy
/// and `platform` is the marketplace backend acting for its users. Neither is implied by another,
/// and admin does not act as the platform.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    AsExpression,
    FromSqlRow,
)]
#[diesel(sql_type = Text)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Platform,
    Reviewer,
    Senior,
    Ops,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Platform,
        Role::Reviewer,
        Role::Senior,
        Role::Ops,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Platform => "platform",
            Role::Reviewer => "reviewer",
            Role::Senior => "senior",
            Role::Ops => "ops",
            Role::Admin => "admin",
        }
    }

    /// Whether a holder of `self` may act where `required` is asked for.
    pub fn grants(self, required: Role) -> bool {
        match (self, required) {
            (Role::Admin, Role::Platform) => false,
            (Role::Admin, _) => true,
            (Role::Senior, Role::Reviewer) => true,
            (held, required) => held == required,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown role {s:?}; expected one of platform, reviewer, senior, ops, admin"
                )
            })
    }
}

crate::text_enum_sql!(Role);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_ladder_and_separate_roles() {
        assert!(Role::Senior.grants(Role::Reviewer));
        assert!(!Role::Reviewer.grants(Role::Senior));
        assert!(Role::Admin.grants(Role::Ops));
        assert!(Role::Admin.grants(Role::Senior));
        assert!(!Role::Admin.grants(Role::Platform));
        assert!(!Role::Ops.grants(Role::Reviewer));
        assert!(!Role::Platform.grants(Role::Reviewer));
        assert!(!Role::Reviewer.grants(Role::Ops));
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
    }
}
