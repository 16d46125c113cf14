//! Blind second reviews in the console, for seniors: the item as the first reviewer saw it, with
//! the same keys, without the first decision.

pub mod claim;
pub mod decide;
pub mod index;
pub mod show;
pub mod skip;

use actix_web::HttpResponse;

use super::page::show_claimed;
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

/// Shows the second review the senior already holds, else claims the next one.
async fn claim_and_show(review: &Review, actor: &Actor) -> Result<HttpResponse, AppError> {
    let held = match second_review::held(&review.db, actor).await? {
        Some(id) => Some(id),
        None => second_review::claim(&review.db, actor, review.lease)
            .await?
            .map(|item| item.id),
    };
    Ok(show_claimed("/console/second-reviews", held))
}
