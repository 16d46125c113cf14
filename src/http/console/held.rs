//! What an open item page does with its lease, alike for the four lease-held queues: its script
//! renews the lease while someone is working (`…/{id}/renew`, JSON), and hands the item back when
//! the tab is closed (`…/{id}/release`, sent by `navigator.sendBeacon` with the form's token).

use std::future::Future;

use actix_web::{web, HttpRequest, HttpResponse};

use super::page::{check_post, check_script_post, ConsoleError, CsrfForm};
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
/// release.
pub trait HeldQueue: 'static {
    type Domain: 'static;
    const NOUN: &'static str;
    const ROLE: Role;
    fn renew(domain: &Self::Domain, actor: &Actor, id: Id) -> impl Future<Output = Result<ClaimInfo, AppError>>;
    fn release(domain: &Self::Domain, actor: &Actor, id: Id) -> impl Future<Output = Result<(), AppError>>;
}

pub struct ReviewQueue;
pub struct SecondReviewQueue;
pub struct ModerationQueue;
pub struct AppealQueue;

impl HeldQueue for ReviewQueue {
    type Domain = Review;
    const NOUN: &'static str = "verification";
    const ROLE: Role = Role::Reviewer;
    fn renew(review: &Review, actor: &Actor, id: Id) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        review.renew(actor, id)
    }
    fn release(review: &Review, actor: &Actor, id: Id) -> impl Future<Output = Result<(), AppError>> {
        review.release(actor, id)
    }
}

impl HeldQueue for SecondReviewQueue {
    type Domain = Review;
    const NOUN: &'static str = "second review";
    const ROLE: Role = Role::Senior;
    fn renew(review: &Review, actor: &Actor, id: Id) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        second_review::renew(&review.db, actor, id, review.lease)
    }
    fn release(review: &Review, actor: &Actor, id: Id) -> impl Future<Output = Result<(), AppError>> {
        second_review::release(&review.db, actor, id)
    }
}

impl HeldQueue for ModerationQueue {
    type Domain = Moderation;
    const NOUN: &'static str = "moderation item";
    const ROLE: Role = Role::Reviewer;
    fn renew(moderation: &Moderation, actor: &Actor, id: Id) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        moderation.renew(actor, id)
    }
    fn release(moderation: &Moderation, actor: &Actor, id: Id) -> impl Future<Output = Result<(), AppError>> {
        moderation.release(actor, id)
    }
}

impl HeldQueue for AppealQueue {
    type Domain = Appeals;
    const NOUN: &'static str = "appeal";
    const ROLE: Role = Role::Senior;
    fn renew(appeals: &Appeals, actor: &Actor, id: Id) -> impl Future<Output = Result<ClaimInfo, AppError>> {
        appeals.renew(actor, id)
    }
    fn release(appeals: &Appeals, actor: &Actor, id: Id) -> impl Future<Output = Result<(), AppError>> {
        appeals.release(actor, id)
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

/// Hands the item back to the queue when its page is closed; 204.
pub async fn release<Q: HeldQueue>(
    req: HttpRequest,
    session: Session,
    domain: web::Data<Q::Domain>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    let (actor, id) = holder::<Q>(&session, &path)?;
    check_post(&req, &session, &form.csrf)?;
    Q::release(&domain, &actor, id).await?;
    Ok(HttpResponse::NoContent().finish())
}
