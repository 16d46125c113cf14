//! The moderation queue in the console: flagged and reported content with the matches marked, the
//! author's history and standing, and one-key actions.

pub mod act;
pub mod attachment;
pub mod claim;
pub mod index;
pub mod show;

use actix_web::HttpResponse;

use super::page::show_claimed;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::moderation::Moderation;

fn moderator(session: &Session) -> Result<Actor, AppError> {
    session.principal.require(&[Role::Reviewer])?;
    Ok(Actor::from(&session.principal))
}

/// Shows the item the moderator already holds, else claims the next one (seniors also get
/// takedown requests).
async fn claim_and_show(
    moderation: &Moderation,
    session: &Session,
) -> Result<HttpResponse, AppError> {
    let actor = moderator(session)?;
    let held = match moderation.held(&actor).await? {
        Some(id) => Some(id),
        None => moderation
            .claim(&actor, session.principal.role.grants(Role::Senior))
            .await?
            .map(|item| item.id),
    };
    Ok(show_claimed("/console/moderation", held))
}
