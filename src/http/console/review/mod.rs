//! Verification review in the console: the queue, one item with its document and pre-check, and
//! decisions that take the reviewer straight to the next item.

pub mod claim;
pub mod decide;
pub mod file;
pub mod index;
pub mod show;
pub mod skip;
pub mod view;

use actix_web::HttpResponse;

use super::page::show_claimed;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::verification::review::{QueueFilter, Review};

fn reviewer(session: &Session) -> Result<Actor, AppError> {
    session.principal.require(&[Role::Reviewer])?;
    Ok(Actor::from(&session.principal))
}

/// Shows the item the reviewer already holds, else claims the next one, else the queue page
/// saying nothing is waiting.
async fn claim_and_show(
    review: &Review,
    actor: &Actor,
    filter: QueueFilter,
) -> Result<HttpResponse, AppError> {
    let held = match review.held(actor).await? {
        Some(id) => Some(id),
        None => review.claim(actor, filter).await?.map(|item| item.id),
    };
    Ok(show_claimed("/console/review", held))
}
