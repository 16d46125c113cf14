use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::http::console::page::{check_post, see_other, ConsoleError, CsrfForm};
use crate::moderation::Moderation;

/// Reads the policy file again and activates it if it changed.
pub async fn reload(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&session.principal));
    moderation
        .db
        .run(move |conn| policy.reload(conn, &actor))
        .await?;
    Ok(see_other("/console/policy"))
}

const MAX_REASON_CHARS: usize = 500;

#[derive(Deserialize)]
pub struct RollbackForm {
    csrf: String,
    /// Why: recorded with the activation and in the audit log.
    reason: String,
}

/// Activates a recorded version again: a rollback, with its reason.
pub async fn activate(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    version: web::Path<i64>,
    form: web::Form<RollbackForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::bad_request(
            "invalid_reason",
            format!("say why, in at most {MAX_REASON_CHARS} characters"),
        )
        .into());
    }
    let reason = format!("rollback: {reason}");
    let (policy, actor, version) = (
        moderation.policy.clone(),
        Actor::from(&session.principal),
        version.into_inner(),
    );
    moderation
        .db
        .run(move |conn| policy.activate(conn, version, &actor, &reason))
        .await?;
    Ok(see_other("/console/policy"))
}
