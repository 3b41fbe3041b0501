//! Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">`, one per active secret (two during rotation), separated by
//! spaces. Secrets are `whsec_` + base64. The same scheme authenticates status updates
//! coming back from the care-plan system.

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a signed timestamp may be from now, either way (the spec's suggestion).
pub const TOLERANCE_SECONDS: i64 = 5 * 60;

/// A secret that is not `whsec_` + base64.
#[derive(Debug, thiserror::Error)]
#[error("a webhook secret must be whsec_ followed by base64 (at least 16 bytes)")]
pub struct SecretError;

/// Why a signed request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// A header is missing or not text.
    #[error("the webhook-id, webhook-timestamp and webhook-signature headers are required")]
    MissingHeader,
    /// The timestamp is not whole seconds, or too far from now.
    #[error("the webhook-timestamp is missing, malformed or too far from now")]
    Timestamp,
    /// No signature matches any active secret.
    #[error("no webhook-signature matches")]
    Signature,
    /// No secret is configured, so nothing can be verified.
    #[error("no inbound secret is configured")]
    NoSecret,
}

/// The active secrets, newest first.
#[derive(Clone, Default)]
pub struct SigningKeys(Vec<Vec<u8>>);

// Secrets never reach logs.
impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKeys({} secrets)", self.0.len())
    }
}

type HmacSha256 = Hmac<Sha256>;

impl SigningKeys {
    /// Parses `whsec_…` secrets.
    pub fn parse_all(texts: &[String]) -> Result<Self, SecretError> {
        texts
            .iter()
            .map(|text| {
                let encoded = text.trim().strip_prefix("whsec_").ok_or(SecretError)?;
                let key = STANDARD.decode(encoded).map_err(|_| SecretError)?;
                if key.len() < 16 {
                    return Err(SecretError);
                }
                Ok(key)
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    /// Returns the secrets' keys (to compare configurations; never logged).
    pub(crate) fn raw(&self) -> impl Iterator<Item = &[u8]> {
        self.0.iter().map(Vec::as_slice)
    }

    /// Returns whether there is no secret.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn mac(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key"));
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// Returns the `webhook-signature` value: `v1,<sig>` per secret, space-separated.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        self.0
            .iter()
            .map(|key| format!("v1,{}", STANDARD.encode(Self::mac(key, id, timestamp, body).finalize().into_bytes())))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks a signed request: the timestamp is within the tolerance of `now` and one of
    /// the signatures matches one of the secrets (compared in constant time).
    pub fn verify(
        &self,
        id: Option<&str>,
        timestamp: Option<&str>,
        signatures: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> Result<(), VerifyError> {
        if self.is_empty() {
            return Err(VerifyError::NoSecret);
        }
        let (Some(id), Some(timestamp), Some(signatures)) = (id, timestamp, signatures) else {
            return Err(VerifyError::MissingHeader);
        };
        let timestamp: i64 = timestamp.trim().parse().map_err(|_| VerifyError::Timestamp)?;
        if (now - timestamp).abs() > TOLERANCE_SECONDS {
            return Err(VerifyError::Timestamp);
        }
        let candidates: Vec<Vec<u8>> = signatures
            .split(' ')
            .filter_map(|part| part.strip_prefix("v1,"))
            .filter_map(|encoded| STANDARD.decode(encoded).ok())
            .collect();
        let matched = self.0.iter().any(|key| {
            candidates.iter().any(|candidate| Self::mac(key, id, timestamp, body).verify_slice(candidate).is_ok())
        });
        if matched {
            Ok(())
        } else {
            Err(VerifyError::Signature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(texts: &[&str]) -> SigningKeys {
        SigningKeys::parse_all(&texts.iter().map(|text| (*text).to_owned()).collect::<Vec<_>>()).expect("secrets")
    }

    /// The example from the Standard Webhooks reference implementations' tests.
    #[test]
    fn matches_the_reference_example() {
        let keys = keys(&["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
        let body = br#"{"test": 2432232314}"#;
        let signature = keys.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert_eq!(
            keys.verify(Some("msg_p5jXN8AQM9LWM0D4loKWxJek"), Some("1614265330"), Some(&signature), body, 1614265330),
            Ok(())
        );
    }

    #[test]
    fn rotation_signs_with_both_and_accepts_either() {
        let old = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let new = "whsec_c2Vjb25kIHNlY3JldCBmb3Igcm90YXRpb24=";
        let both = keys(&[new, old]);
        let signature = both.sign("msg_1", 100, b"{}");
        assert_eq!(signature.split(' ').count(), 2);
        assert_eq!(keys(&[old]).verify(Some("msg_1"), Some("100"), Some(&signature), b"{}", 100), Ok(()));
        assert_eq!(keys(&[new]).verify(Some("msg_1"), Some("100"), Some(&signature), b"{}", 100), Ok(()));
        let only_new = keys(&[new]).sign("msg_1", 100, b"{}");
        assert_eq!(
            keys(&[old]).verify(Some("msg_1"), Some("100"), Some(&only_new), b"{}", 100),
            Err(VerifyError::Signature)
        );
    }

    #[test]
    fn tampering_staleness_and_missing_headers_are_refused() {
        let keys = keys(&["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
        let signature = keys.sign("msg_1", 1000, b"{\"a\":1}");
        assert_eq!(
            keys.verify(Some("msg_1"), Some("1000"), Some(&signature), b"{\"a\":2}", 1000),
            Err(VerifyError::Signature)
        );
        assert_eq!(
            keys.verify(Some("msg_2"), Some("1000"), Some(&signature), b"{\"a\":1}", 1000),
            Err(VerifyError::Signature)
        );
        assert_eq!(
            keys.verify(Some("msg_1"), Some("1000"), Some(&signature), b"{\"a\":1}", 1000 + 301),
            Err(VerifyError::Timestamp)
        );
        assert_eq!(
            keys.verify(Some("msg_1"), None, Some(&signature), b"{\"a\":1}", 1000),
            Err(VerifyError::MissingHeader)
        );
        assert_eq!(
            SigningKeys::default().verify(Some("a"), Some("1"), Some("v1,x"), b"", 1),
            Err(VerifyError::NoSecret)
        );
        assert!(SigningKeys::parse_all(&["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned()]).is_err());
        assert!(SigningKeys::parse_all(&["whsec_c2hvcnQ=".to_owned()]).is_err());
    }
}
