//! A user's standing: the sanctions in force now and what they leave the user free to do. The
//! marketplace asks on every action, so it is one indexed query; sanctions expire by their end
//! time, with nothing to run.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scan::{check_id, Moderation};
use crate::db::moderation::{self as store, SanctionRow};
use crate::db::types::Id;
use crate::error::AppError;
use crate::policy::model::SanctionKind;

/// A sanction as staff and the marketplace see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SanctionEntry {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub kind: SanctionKind,
    pub reason: String,
    pub rule: String,
    pub starts_at: DateTime<Utc>,
    /// None: until lifted.
    pub ends_at: Option<DateTime<Utc>>,
    /// When staff lifted it (an overturned appeal), if they did.
    pub lifted_at: Option<DateTime<Utc>>,
    pub appealable: bool,
}

/// What the user may do now.
#[derive(Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Permissions {
    pub chat: bool,
    pub send_quotes: bool,
    pub be_listed: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Standing {
    pub user_id: String,
    pub may: Permissions,
    /// Restrictions, suspensions and bans in force (warnings restrict nothing and are left out).
    pub sanctions: Vec<SanctionEntry>,
}

impl Permissions {
    /// A restriction keeps the user in conversations they have but out of new business; a
    /// suspension or a ban stops everything.
    fn under(kinds: impl IntoIterator<Item = SanctionKind>) -> Self {
        let mut may = Self {
            chat: true,
            send_quotes: true,
            be_listed: true,
        };
        for kind in kinds {
            match kind {
                SanctionKind::Warn => {}
                SanctionKind::Restrict => (may.send_quotes, may.be_listed) = (false, false),
                SanctionKind::Suspend | SanctionKind::Ban => {
                    may = Self {
                        chat: false,
                        send_quotes: false,
                        be_listed: false,
                    }
                }
            }
        }
        may
    }
}

impl TryFrom<SanctionRow> for SanctionEntry {
    type Error = AppError;

    fn try_from(row: SanctionRow) -> Result<Self, AppError> {
        Ok(Self {
            id: row.id,
            kind: row.kind.parse().map_err(AppError::internal)?,
            reason: row.reason,
            rule: row.rule,
            starts_at: row.starts_at.and_utc(),
            ends_at: row.ends_at.map(|t| t.and_utc()),
            lifted_at: row.lifted_at.map(|t| t.and_utc()),
            appealable: row.appealable,
        })
    }
}

impl Moderation {
    pub async fn standing(&self, user_id: String) -> Result<Standing, AppError> {
        check_id(&user_id, "user id")?;
        let now = Utc::now().naive_utc();
        let user = user_id.clone();
        let rows = self
            .db
            .run(move |conn| store::sanctions_in_force(conn, &user, now))
            .await?;
        let in_force = rows
            .into_iter()
            .filter(|row| row.kind != SanctionKind::Warn.as_str());
        let sanctions: Vec<SanctionEntry> = in_force
            .map(SanctionEntry::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Standing {
            user_id,
            may: Permissions::under(sanctions.iter().map(|s| s.kind)),
            sanctions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gravest_sanction_decides() {
        let all = Permissions {
            chat: true,
            send_quotes: true,
            be_listed: true,
        };
        let none = Permissions {
            chat: false,
            send_quotes: false,
            be_listed: false,
        };
        assert_eq!(Permissions::under([]), all);
        assert_eq!(Permissions::under([SanctionKind::Warn]), all);
        assert_eq!(
            Permissions::under([SanctionKind::Restrict]),
            Permissions {
                chat: true,
                send_quotes: false,
                be_listed: false
            }
        );
        assert_eq!(
            Permissions::under([SanctionKind::Ban, SanctionKind::Restrict]),
            none
        );
        assert_eq!(
            Permissions::under([SanctionKind::Restrict, SanctionKind::Suspend]),
            none
        );
    }
}
