//! Blind second reviews in the console, for seniors: the item as the first reviewer saw it, with
//! the same keys, without the first decision.

pub mod claim;
pub mod decide;
pub mod index;
pub mod renew;
pub mod show;
pub mod skip;

use actix_web::HttpResponse;

use super::page::see_other;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::verification::review::Review;
use crate::verification::second_review;

fn senior(session: &Session) -> Result<Actor, AppError> {
    session.principal.require(&[Role::Senior])?;
    Ok(Actor::from(&session.principal))
}

async fn claim_and_show(review: &Review, actor: &Actor) -> Result<HttpResponse, AppError> {
    Ok(match second_review::claim(&review.db, actor, review.lease).await? {
        Some(item) => see_other(&format!("/console/second-reviews/{}", item.id)),
        None => see_other("/console/second-reviews?empty=1"),
    })
}
