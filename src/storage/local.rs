use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{ContentHash, Storage, StorageFuture};
use crate::error::AppError;

/// Files under `root/ab/abcdef…`. Each is written to a temporary name, fsynced, renamed into place
/// and its directory fsynced: a crash leaves either the whole file or none (plus, at worst, a
/// temporary file that the next start removes).
pub struct LocalStorage {
    root: PathBuf,
}

impl LocalStorage {
    pub fn new(root: impl Into<PathBuf>) -> Result<Self, AppError> {
        let root = root.into();
        std::fs::create_dir_all(&root)
            .map_err(|e| AppError::internal(format!("creating {}: {e}", root.display())))?;
        remove_temporaries(&root);
        Ok(Self { root })
    }

    fn path(&self, hash: &ContentHash) -> PathBuf {
        self.root.join(&hash.as_str()[..2]).join(hash.as_str())
    }
}

fn io_error(context: &str, path: &Path, err: std::io::Error) -> AppError {
    AppError::internal(format!("{context} {}: {err}", path.display()))
}

fn remove_temporaries(root: &Path) {
    let Ok(dirs) = std::fs::read_dir(root) else {
        return;
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            if file.file_name().to_string_lossy().ends_with(".tmp") {
                let _ = std::fs::remove_file(file.path());
            }
        }
    }
}

/// Marks an existing file as stored now; false when there is no such file.
fn refresh(path: &Path) -> Result<bool, AppError> {
    match std::fs::File::options().write(true).open(path) {
        Ok(file) => file
            .set_modified(SystemTime::now())
            .map(|_| true)
            .map_err(|e| io_error("touching", path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error("opening", path, e)),
    }
}

fn age_of(metadata: &std::fs::Metadata, now: SystemTime) -> u64 {
    let modified = metadata.modified().unwrap_or(now);
    now.duration_since(modified).unwrap_or_default().as_secs()
}

fn write_durably(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("creating", dir, e))?;
    let temporary = path.with_extension(format!("{}.tmp", crate::db::types::Id::new()));
    let mut file =
        std::fs::File::create(&temporary).map_err(|e| io_error("creating", &temporary, e))?;
    let written = file.write_all(bytes).and_then(|_| file.sync_all());
    if let Err(e) = written.and_then(|_| std::fs::rename(&temporary, path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(io_error("writing", path, e));
    }
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error("syncing", dir, e))
}

impl Storage for LocalStorage {
    fn put<'a>(&'a self, bytes: &'a [u8]) -> StorageFuture<'a, ContentHash> {
        Box::pin(async move {
            let hash = ContentHash::of(bytes);
            let path = self.path(&hash);
            let bytes = bytes.to_vec();
            tokio::task::spawn_blocking(move || {
                // Content addressing makes an existing file the same bytes: only its age is renewed.
                if refresh(&path)? {
                    return Ok(());
                }
                write_durably(
                    path.parent().expect("stored files sit in a subfolder"),
                    &path,
                    &bytes,
                )
            })
            .await
            .map_err(AppError::internal)??;
            Ok(hash)
        })
    }

    fn get<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let path = self.path(hash);
            match tokio::fs::read(&path).await {
                Ok(bytes) => Ok(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(AppError::not_found("no stored file with that hash"))
                }
                Err(e) => Err(io_error("reading", &path, e)),
            }
        })
    }

    fn delete<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path(hash);
            match tokio::fs::remove_file(&path).await {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(io_error("deleting", &path, e)),
            }
        })
    }

    fn list(&self) -> StorageFuture<'_, Vec<(ContentHash, u64)>> {
        Box::pin(async move {
            let root = self.root.clone();
            tokio::task::spawn_blocking(move || {
                let now = SystemTime::now();
                let mut found = Vec::new();
                for dir in std::fs::read_dir(&root)
                    .map_err(|e| io_error("listing", &root, e))?
                    .flatten()
                {
                    for file in std::fs::read_dir(dir.path())
                        .into_iter()
                        .flatten()
                        .flatten()
                    {
                        let Some(hash) = ContentHash::parse(&file.file_name().to_string_lossy())
                        else {
                            continue;
                        };
                        let Ok(metadata) = file.metadata() else {
                            continue;
                        };
                        found.push((hash, age_of(&metadata, now)));
                    }
                }
                Ok(found)
            })
            .await
            .map_err(AppError::internal)?
        })
    }

    fn age<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, Option<u64>> {
        Box::pin(async move {
            let path = self.path(hash);
            match tokio::fs::metadata(&path).await {
                Ok(metadata) => Ok(Some(age_of(&metadata, SystemTime::now()))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(io_error("checking", &path, e)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_by_content_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStorage::new(dir.path()).unwrap();
        let a = store.put(b"first document").await.unwrap();
        let again = store.put(b"first document").await.unwrap();
        let b = store.put(b"second document").await.unwrap();
        assert_eq!(a, again);
        assert_ne!(a, b);
        assert_eq!(a, ContentHash::of(b"first document"));
        std::fs::write(dir.path().join(&a.as_str()[..2]).join("x.tmp"), b"half").unwrap();

        let reopened = LocalStorage::new(dir.path()).unwrap();
        assert_eq!(reopened.get(&a).await.unwrap(), b"first document");
        let mut listed: Vec<_> = reopened
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|(h, _)| h)
            .collect();
        listed.sort();
        let mut expected = vec![a.clone(), b.clone()];
        expected.sort();
        assert_eq!(
            listed, expected,
            "temporary leftovers are removed, not listed"
        );

        reopened.delete(&a).await.unwrap();
        reopened.delete(&a).await.unwrap();
        assert_eq!(reopened.get(&a).await.unwrap_err().code, "not_found");
        assert_eq!(reopened.get(&b).await.unwrap(), b"second document");
    }

    #[test]
    fn hashes_parse_strictly() {
        let h = ContentHash::of(b"x");
        assert_eq!(ContentHash::parse(h.as_str()), Some(h.clone()));
        assert!(ContentHash::parse("../../etc/passwd").is_none());
        assert!(ContentHash::parse(&h.as_str().to_uppercase()).is_none());
        assert!(ContentHash::parse(&h.as_str()[1..]).is_none());
    }
}
