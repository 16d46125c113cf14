use std::sync::Arc;

use futures_util::TryStreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use super::{ContentHash, Storage, StorageFuture};
use crate::error::AppError;

/// Files in an object store (S3 or anything that speaks its API: MinIO, Ceph, R2…) under
/// `prefix/ab/abcdef…`. An object store's PUT is atomic and durable once it answers, so a row
/// written after `put` returns never points to a missing or partial file.
pub struct ObjectStorage {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
}

/// Where an S3-compatible bucket is. Credentials come from the usual `AWS_*` environment
/// variables (or the instance's role), never from the settings file.
#[derive(Debug, Clone)]
pub struct S3Location {
    pub bucket: String,
    pub region: String,
    /// For S3-compatible services; `None` for AWS itself.
    pub endpoint: Option<String>,
    pub allow_http: bool,
    pub prefix: String,
}

impl ObjectStorage {
    pub fn new(store: Arc<dyn ObjectStore>, prefix: &str) -> Self {
        Self {
            store,
            prefix: Path::from(prefix),
        }
    }

    pub fn s3(location: &S3Location) -> Result<Self, AppError> {
        let mut builder = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(&location.bucket)
            .with_region(&location.region)
            .with_allow_http(location.allow_http);
        if let Some(endpoint) = &location.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder
            .build()
            .map_err(|e| AppError::internal(format!("S3 storage settings: {e}")))?;
        Ok(Self::new(Arc::new(store), &location.prefix))
    }

    fn path(&self, hash: &ContentHash) -> Path {
        self.prefix
            .clone()
            .join(&hash.as_str()[..2])
            .join(hash.as_str())
    }
}

fn store_error(context: &str, err: object_store::Error) -> AppError {
    match err {
        object_store::Error::NotFound { .. } => {
            AppError::not_found("no stored file with that hash")
        }
        other => AppError::internal(format!("object store {context}: {other}")),
    }
}

fn age(meta: &object_store::ObjectMeta) -> u64 {
    (chrono::Utc::now() - meta.last_modified)
        .num_seconds()
        .max(0) as u64
}

impl Storage for ObjectStorage {
    fn put<'a>(&'a self, bytes: &'a [u8]) -> StorageFuture<'a, ContentHash> {
        Box::pin(async move {
            let hash = ContentHash::of(bytes);
            // Always written: the same bytes under the same name, with a fresh modification time.
            let payload = PutPayload::from(bytes::Bytes::copy_from_slice(bytes));
            self.store
                .put(&self.path(&hash), payload)
                .await
                .map_err(|e| store_error("put", e))?;
            Ok(hash)
        })
    }

    fn get<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let result = self
                .store
                .get(&self.path(hash))
                .await
                .map_err(|e| store_error("get", e))?;
            Ok(result
                .bytes()
                .await
                .map_err(|e| store_error("get", e))?
                .to_vec())
        })
    }

    fn delete<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, ()> {
        Box::pin(async move {
            match self.store.delete(&self.path(hash)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(store_error("delete", e)),
            }
        })
    }

    fn list(&self) -> StorageFuture<'_, Vec<(ContentHash, u64)>> {
        Box::pin(async move {
            let objects: Vec<_> = self
                .store
                .list(Some(&self.prefix))
                .try_collect()
                .await
                .map_err(|e| store_error("list", e))?;
            Ok(objects
                .iter()
                .filter_map(|meta| {
                    Some((ContentHash::parse(meta.location.filename()?)?, age(meta)))
                })
                .collect())
        })
    }

    fn age<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, Option<u64>> {
        Box::pin(async move {
            match self.store.head(&self.path(hash)).await {
                Ok(meta) => Ok(Some(age(&meta))),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(store_error("head", e)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::local::LocalFileSystem;
    use object_store::memory::InMemory;

    async fn round_trip(storage: ObjectStorage) {
        let a = storage.put(b"first document").await.unwrap();
        assert_eq!(storage.put(b"first document").await.unwrap(), a);
        let b = storage.put(b"second document").await.unwrap();
        assert_eq!(storage.get(&a).await.unwrap(), b"first document");
        let mut listed: Vec<_> = storage
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|(h, _)| h)
            .collect();
        listed.sort();
        let mut expected = vec![a.clone(), b.clone()];
        expected.sort();
        assert_eq!(listed, expected);
        assert!(storage.age(&a).await.unwrap().is_some_and(|age| age < 60));
        storage.delete(&a).await.unwrap();
        storage.delete(&a).await.unwrap();
        assert_eq!(storage.get(&a).await.unwrap_err().code, "not_found");
        assert_eq!(storage.age(&a).await.unwrap(), None);
        assert_eq!(storage.get(&b).await.unwrap(), b"second document");
    }

    #[tokio::test]
    async fn stores_in_memory_and_on_a_local_object_store() {
        round_trip(ObjectStorage::new(Arc::new(InMemory::new()), "documents")).await;
        let dir = tempfile::tempdir().unwrap();
        round_trip(ObjectStorage::new(
            Arc::new(LocalFileSystem::new_with_prefix(dir.path()).unwrap()),
            "documents",
        ))
        .await;
    }
}
