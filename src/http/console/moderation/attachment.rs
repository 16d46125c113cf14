use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::http::console::page::ConsoleError;
use crate::http::extract::{path_id, path_position};
use crate::http::files::personal_file;
use crate::moderation::attachments::{self, Owner};
use crate::moderation::Moderation;

/// One attachment of a review takedown request, for seniors; audited like the API's.
pub async fn attachment(
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Senior])?;
    let (id, position) = path.into_inner();
    let (id, position) = (path_id(&id, "report")?, path_position(&position)?);
    let (file_type, bytes) = attachments::open(
        &moderation.db,
        &moderation.storage,
        &Actor::from(&session.principal),
        Owner::Report,
        id,
        position,
    )
    .await?;
    Ok(personal_file(file_type, "attachment", bytes))
}
