//! Who may call a route, checked before its handler reads anything: the route table gives each
//! route an [`Access`], and [`Authorize`] resolves the bearer token and checks the role first, so
//! a caller without the role gets 401 or 403 whatever the body, never 415 or 400 from a body the
//! route would refuse anyway. The caller found is left in the request for the [`Principal`]
//! extractor.

use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::rc::Rc;

use actix_web::body::BoxBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::{Error, HttpMessage};

use super::extract;
use crate::auth::Role;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// Any valid token, whatever its role.
    Signed,
    /// A valid token with one of these roles (as [`Role::grants`] reads them).
    Roles(&'static [Role]),
}

/// The middleware that enforces a route's [`Access`].
pub struct Authorize(pub Access);

impl<S> Transform<S, ServiceRequest> for Authorize
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error> + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = AuthorizeService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(AuthorizeService {
            access: self.0,
            service: Rc::new(service),
        }))
    }
}

pub struct AuthorizeService<S> {
    access: Access,
    service: Rc<S>,
}

impl<S> Service<ServiceRequest> for AuthorizeService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error> + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Error>>>>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let service = Rc::clone(&self.service);
        let access = self.access;
        if access == Access::Public {
            return Box::pin(service.call(req));
        }
        let caller = extract::authenticate(req.request());
        Box::pin(async move {
            let checked = caller.await.and_then(|principal| match access {
                Access::Roles(roles) => principal.require(roles).map(|()| principal),
                _ => Ok(principal),
            });
            match checked {
                Ok(principal) => {
                    req.extensions_mut().insert(principal);
                    service.call(req).await
                }
                Err(error) => Ok(req.error_response(error)),
            }
        })
    }
}
