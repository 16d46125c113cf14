use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::page::{self, Chrome, ConsoleError};
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::verification::review::{QueueFilter, QueueOverview, Review};

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    chrome: Chrome,
    /// For reviewers: the verification queue's size.
    queue: Option<QueueOverview>,
}

pub async fn show(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
) -> Result<HttpResponse, ConsoleError> {
    let queue = match session.principal.role.grants(Role::Reviewer) {
        true => Some(review.overview(QueueFilter::default(), 0).await?),
        false => None,
    };
    page::render(&HomePage {
        chrome: Chrome::new(&req, Some(&session), "/console"),
        queue,
    })
}
