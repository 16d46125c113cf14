use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::http::console::page::{check_post, see_other, ConsoleError, CsrfForm};
use crate::moderation::Moderation;
use crate::policy::active::{Reloaded, Rollback};
use crate::policy::proposals::Reason;

/// Where the policy page shows a proposal.
pub(super) fn proposal_anchor(id: &impl std::fmt::Display) -> String {
    format!("/console/policy#proposal-{id}")
}

/// Reads the policy file again and activates it if it changed (with four eyes, proposes it).
pub async fn reload(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&session.principal));
    let outcome = moderation
        .db
        .run(move |conn| policy.reload(conn, &actor))
        .await?;
    Ok(see_other(&match outcome {
        Reloaded::Proposed(id) => proposal_anchor(&id),
        _ => "/console/policy".to_owned(),
    }))
}

#[derive(Deserialize)]
pub struct ReasonForm {
    pub csrf: String,
    /// Why: recorded with the activation or proposal and in the audit log.
    pub reason: String,
}

/// Activates a recorded version again: a rollback, with its reason (with four eyes, proposed).
pub async fn activate(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    version: web::Path<i64>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let reason = Reason::parse(&form.reason)?;
    let (policy, actor, version) = (
        moderation.policy.clone(),
        Actor::from(&session.principal),
        version.into_inner(),
    );
    let outcome = moderation
        .db
        .run(move |conn| policy.roll_back(conn, version, &actor, &reason))
        .await?;
    Ok(see_other(&match outcome {
        Rollback::Proposed(proposal) => proposal_anchor(&proposal.id),
        Rollback::Activated => "/console/policy".to_owned(),
    }))
}
