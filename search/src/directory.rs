//! A read-only tantivy [`Directory`] over the files of a bundle held in memory.
//!
//! The browser has no file system and no threads: the app opens the downloaded bundle through
//! this directory, and the indexer's `query` command does the same, so both read the index the
//! same way.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

/// The files of one bundle, shared with the bundle's memory.
#[derive(Debug, Clone)]
pub struct BundleDirectory {
    files: Arc<BTreeMap<PathBuf, OwnedBytes>>,
}

impl BundleDirectory {
    /// A directory over the files read by [`crate::bundle::read`].
    pub fn new(files: BTreeMap<String, OwnedBytes>) -> BundleDirectory {
        let files = files
            .into_iter()
            .map(|(p, b)| (PathBuf::from(p), b))
            .collect();
        BundleDirectory {
            files: Arc::new(files),
        }
    }

    /// One file's bytes, for the bundle's own (non-tantivy) files.
    pub fn file(&self, path: &str) -> Option<&OwnedBytes> {
        self.files.get(Path::new(path))
    }
}

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("the bundle is read-only: {}", path.display()),
    )
}

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.files.get(path) {
            Some(bytes) => Ok(Arc::new(bytes.clone())),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(path),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.files.get(path) {
            Some(bytes) => Ok(bytes.as_slice().to_vec()),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing can write, so readers need no lock (the default would create a lock file).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
