//! The server's Ed25519 host key: made at the first class, kept in the data dir, reused after.
//!
//! OpenSSH remembers a host's key in `known_hosts` and refuses to connect when it changes, so a
//! new key per class would lock every returning student out. The file is written with mode
//! 0600 (OpenSSH's own rule for private keys) through a temporary file and a rename, so a
//! crash never leaves half a key.
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey, decode_secret_key, encode_pkcs8_pem};

/// The key file's name inside the data dir.
pub const HOST_KEY_FILE: &str = "classroom_host_ed25519.pem";

/// Reading or writing the host key failed.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a usable private key ({reason}); move it aside to make a new one")]
    Bad { path: PathBuf, reason: String },
}

/// Loads the host key from `dir`, or makes and stores one when there is none.
pub fn load_or_create(dir: &Path) -> Result<PrivateKey, HostKeyError> {
    let path = dir.join(HOST_KEY_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => decode_secret_key(&text, None).map_err(|e| HostKeyError::Bad {
            path: path.clone(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(dir, &path),
        Err(source) => Err(HostKeyError::Io { path, source }),
    }
}

fn create(dir: &Path, path: &Path) -> Result<PrivateKey, HostKeyError> {
    let io = |source| HostKeyError::Io {
        path: path.to_path_buf(),
        source,
    };
    // ThreadRng is a CSPRNG seeded from the operating system.
    let seed: [u8; 32] = rand::random();
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let mut pem = Vec::new();
    encode_pkcs8_pem(&key, &mut pem).map_err(|e| HostKeyError::Bad {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!("{HOST_KEY_FILE}.tmp"));
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(io)?;
    file.write_all(&pem).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    fs::rename(&tmp, path).map_err(io)?;
    Ok(key)
}

/// The key's fingerprint as OpenSSH prints it (`SHA256:` and unpadded base64), for the lobby
/// slide so students can check the prompt OpenSSH shows on first connection.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_with_mode_0600_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(dir.path()).unwrap();
        let again = load_or_create(dir.path()).unwrap();
        assert_eq!(fingerprint(&first), fingerprint(&again));
        assert!(fingerprint(&first).starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(HOST_KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_key_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(HOST_KEY_FILE), "not a key").unwrap();
        let err = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(err.contains(HOST_KEY_FILE), "{err}");
    }
}
