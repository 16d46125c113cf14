use actix_web::{web, HttpResponse};

use super::senior;
use crate::auth::staff::Session;
use crate::http::console::page::ConsoleError;
use crate::http::extract::{path_id, path_position};
use crate::http::files::personal_file;
use crate::moderation::appeals::Appeals;

/// One evidence file, audited like the API's.
pub async fn evidence(
    session: Session,
    appeals: web::Data<Appeals>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    let (id, position) = path.into_inner();
    let (file_type, bytes) = appeals
        .open_evidence(&actor, path_id(&id, "appeal")?, path_position(&position)?)
        .await?;
    Ok(personal_file(file_type, "evidence", bytes))
}
