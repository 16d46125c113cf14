//! What an open item page does with its lease, alike for the four lease-held queues: its script
//! renews the lease while someone is working (`…/{id}/renew`, JSON), and lets the item go when
//! the page closes (`…/{id}/leave`, sent by `navigator.sendBeacon` with the form's token): the
//! lease then runs out after a short grace, which a reload of the page, or another tab showing
//! the item, renews.

use std::future::Future;
use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};

use super::page::{check_post, check_script_post, ConsoleError, CsrfForm};
use super::ConsoleSettings;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::types::Id;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::lease::ClaimInfo;
use crate::moderation::appeals::Appeals;
use crate::moderation::Moderation;
use crate::verification::review::Review;
use crate::verification::second_review;

/// A queue as its item pages see it: the domain that holds it, who may work it, its renew and
/// leave.
pub trait HeldQueue: 'static {
    type Domain: 'static;
    const NOUN: &'static str;
    const ROLE: Role;
    fn renew(
        domain: &Self::Domain,
        actor: &Actor,
        id: Id,
    ) -> impl Future<Output = Result<ClaimInfo, AppError>>;
    fn leave(
        domain: &Self::Domain,
        actor: &Actor,
        id: Id,
        grace: Duration,
    ) -> impl Future<Output = Result<(), AppError>>;
}

pub struct ReviewQueue;
pub struct SecondReviewQueue;
pub struct ModerationQueue;
pub struct AppealQueue;

impl HeldQueue for ReviewQueue {
    type Domain = Review;
    const NOUN: &'static str = "verification";
    const ROLE: Role = Role::Reviewer;
    fn renew(
        review: &Review,
        actor: &Actor,
        id: Id,
    ) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        review.renew(actor, id)
    }
    fn leave(
        review: &Review,
        actor: &Actor,
        id: Id,
        grace: Duration,
    ) -> impl Future<Output = Result<(), AppError>> {
        review.leave(actor, id, grace)
    }
}

impl HeldQueue for SecondReviewQueue {
    type Domain = Review;
    const NOUN: &'static str = "second review";
    const ROLE: Role = Role::Senior;
    fn renew(
        review: &Review,
        actor: &Actor,
        id: Id,
    ) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        second_review::renew(&review.db, actor, id, review.lease)
    }
    fn leave(
        review: &Review,
        actor: &Actor,
        id: Id,
        grace: Duration,
    ) -> impl Future<Output = Result<(), AppError>> {
        second_review::leave(&review.db, actor, id, grace)
    }
}

impl HeldQueue for ModerationQueue {
    type Domain = Moderation;
    const NOUN: &'static str = "moderation item";
    const ROLE: Role = Role::Reviewer;
    fn renew(
        moderation: &Moderation,
        actor: &Actor,
        id: Id,
    ) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        moderation.renew(actor, id)
    }
    fn leave(
        moderation: &Moderation,
        actor: &Actor,
        id: Id,
        grace: Duration,
    ) -> impl Future<Output = Result<(), AppError>> {
        moderation.leave(actor, id, grace)
    }
}

impl HeldQueue for AppealQueue {
    type Domain = Appeals;
    const NOUN: &'static str = "appeal";
    const ROLE: Role = Role::Senior;
    fn renew(
        appeals: &Appeals,
        actor: &Actor,
        id: Id,
    ) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        appeals.renew(actor, id)
    }
    fn leave(
        appeals: &Appeals,
        actor: &Actor,
        id: Id,
        grace: Duration,
    ) -> impl Future<Output = Result<(), AppError>> {
        appeals.leave(actor, id, grace)
    }
}

fn holder<Q: HeldQueue>(session: &Session, path: &str) -> Result<(Actor, Id), AppError> {
    session.principal.require(&[Q::ROLE])?;
    Ok((Actor::from(&session.principal), path_id(path, Q::NOUN)?))
}

/// Extends the lease of the item the page shows; answers the claim as JSON.
pub async fn renew<Q: HeldQueue>(
    req: HttpRequest,
    session: Session,
    domain: web::Data<Q::Domain>,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let (actor, id) = holder::<Q>(&session, &path)?;
    check_script_post(&req, &session)?;
    Ok(HttpResponse::Ok().json(Q::renew(&domain, &actor, id).await?))
}

/// The item's page closed: the lease runs out after the grace unless a page renews it; 204.
pub async fn leave<Q: HeldQueue>(
    req: HttpRequest,
    session: Session,
    domain: web::Data<Q::Domain>,
    settings: web::Data<ConsoleSettings>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    let (actor, id) = holder::<Q>(&session, &path)?;
    check_post(&req, &session, &form.csrf)?;
    Q::leave(
        &domain,
        &actor,
        id,
        Duration::from_secs(settings.leave_grace_secs),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
