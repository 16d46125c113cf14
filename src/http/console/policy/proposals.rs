//! Proposals from the policy page: approve, reject or withdraw with a reason, shadow mode.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::change::{proposal_anchor, ReasonForm};
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::http::console::page::{check_post, see_other, ConsoleError, CsrfForm};
use crate::http::extract::path_id;
use crate::moderation::Moderation;
use crate::policy::proposals::{Closing, Reason};

pub async fn approve(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let id = path_id(&path, "proposal")?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&session.principal));
    let proposal = moderation
        .db
        .run(move |conn| policy.approve(conn, &id, &actor))
        .await?;
    Ok(see_other(&proposal_anchor(&proposal.id)))
}

async fn close(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    form: web::Form<ReasonForm>,
    outcome: Closing,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let id = path_id(&path, "proposal")?;
    let reason = Reason::parse(&form.reason)?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&session.principal));
    let proposal = moderation
        .db
        .run(move |conn| policy.close_proposal(conn, &id, &actor, outcome, &reason))
        .await?;
    Ok(see_other(&proposal_anchor(&proposal.id)))
}

pub async fn reject(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, ConsoleError> {
    close(req, session, moderation, path, form, Closing::Reject).await
}

pub async fn withdraw(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, ConsoleError> {
    close(req, session, moderation, path, form, Closing::Withdraw).await
}

#[derive(Deserialize)]
pub struct ShadowForm {
    csrf: String,
    /// `on` starts shadow mode, `off` stops it.
    shadow: String,
}

pub async fn shadow(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    form: web::Form<ShadowForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let id = path_id(&path, "proposal")?;
    let on = form.shadow == "on";
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&session.principal));
    let proposal = moderation
        .db
        .run(move |conn| policy.set_shadow(conn, &id, &actor, on))
        .await?;
    Ok(see_other(&proposal_anchor(&proposal.id)))
}
