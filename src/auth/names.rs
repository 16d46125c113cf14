//! Who did what, by name: actors are recorded as `staff:<id>`, `token:<id>`, `user:<id>`…, and
//! pages show the person's display name instead.

use std::collections::HashMap;

use crate::db::{self, Db};
use crate::error::AppError;

#[derive(Debug, Default)]
pub struct Names(HashMap<String, String>);

impl Names {
    /// Every staff account's name (a team has hundreds at most).
    pub async fn load(db: &Db) -> Result<Names, AppError> {
        let rows = db.run(db::staff::display_names).await?;
        Ok(Names(
            rows.into_iter()
                .map(|(id, name)| (format!("staff:{id}"), name))
                .collect(),
        ))
    }

    /// The name behind an actor; an actor that is not a member of staff shows as recorded.
    pub fn of<'a>(&'a self, actor: &'a str) -> &'a str {
        self.0.get(actor).map_or(actor, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_show_by_name_and_others_as_recorded() {
        let names = Names(HashMap::from([("staff:1".to_owned(), "김검수".to_owned())]));
        assert_eq!(names.of("staff:1"), "김검수");
        assert_eq!(names.of("staff:2"), "staff:2");
        assert_eq!(names.of("user:gosu-1"), "user:gosu-1");
    }
}
