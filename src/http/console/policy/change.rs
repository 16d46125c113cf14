use actix_web::{web, HttpRequest, HttpResponse};

use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::http::console::page::{check_post, see_other, ConsoleError, CsrfForm};
use crate::moderation::Moderation;

/// Reads the policy file again and activates it if it changed.
pub async fn reload(req: HttpRequest, session: Session, moderation: web::Data<Moderation>, form: web::Form<CsrfForm>) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&session.principal));
    moderation.db.run(move |conn| policy.reload(conn, &actor)).await?;
    Ok(see_other("/console/policy"))
}

/// Activates a recorded version again: a rollback.
pub async fn activate(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    version: web::Path<i64>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let (policy, actor, version) = (moderation.policy.clone(), Actor::from(&session.principal), version.into_inner());
    moderation.db.run(move |conn| policy.activate(conn, version, &actor)).await?;
    Ok(see_other("/console/policy"))
}
