//! Outbound safety for every request Signpost makes to an address it was given (referral
//! webhooks, feeds fetched for import): redirects are not followed, and private,
//! loopback, link-local and other internal addresses are refused when the name is
//! resolved (so DNS cannot point a public name inside), unless explicitly allowed.

use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// A refused address.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to private or internal addresses, which are refused")]
pub struct PrivateAddress(pub String);

/// Returns whether an address is internal: private, loopback, link-local, unique-local,
/// shared (CGNAT), unspecified, broadcast, documentation or multicast.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || (a == 100 && (64..128).contains(&b))
                || a == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_ipv4(v6) {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Returns the IPv4 address an IPv6 address carries, for the forms a router or a NAT64
/// gateway turns back into IPv4: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`, deprecated but still routed by some stacks), NAT64 (`64:ff9b::/96` and the
/// local-use `64:ff9b:1::/48`) and 6to4 (`2002:AABB:CCDD::/48`).
fn embedded_ipv4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let segments = v6.segments();
    let octets = v6.octets();
    let last_four = Ipv4Addr::new(octets[12], octets[13], octets[14], octets[15]);
    // `::` and `::1` are IPv6's own unspecified and loopback, not IPv4-compatible forms.
    if segments[..6] == [0; 6] && !v6.is_loopback() && !v6.is_unspecified() {
        return Some(last_four);
    }
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(last_four);
    }
    if segments[0] == 0x64 && segments[1] == 0xff9b && segments[2] == 1 {
        // RFC 6052 prefixes of /48 place the IPv4 address in bits 48..88, skipping the
        // reserved octet 8 (bits 64..72): octets 6, 7, 9 and 10.
        return Some(Ipv4Addr::new(octets[6], octets[7], octets[9], octets[10]));
    }
    if segments[0] == 0x2002 {
        return Some(Ipv4Addr::new(octets[2], octets[3], octets[4], octets[5]));
    }
    None
}

/// Resolves names with the system resolver and drops internal addresses.
#[derive(Debug)]
struct GuardedResolver;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|addr| !is_internal(addr.ip())).collect();
            if allowed.is_empty() {
                return Err(Box::new(PrivateAddress(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// Returns a client builder with the outbound safety: no redirects and (unless
/// `allow_private`) a resolver that refuses internal addresses. Callers add time limits.
pub fn builder(allow_private: bool) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if allow_private {
        builder
    } else {
        builder.dns_resolver(Arc::new(GuardedResolver))
    }
}

/// Returns the webhook client: the outbound safety and a time limit per attempt.
pub fn client(timeout: Duration, allow_private: bool) -> reqwest::Result<reqwest::Client> {
    builder(allow_private)
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("Signpost-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Returns whether a request failed because its host resolved only to internal addresses.
pub fn refused_private(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if cause.downcast_ref::<PrivateAddress>().is_some() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// Refuses a URL whose host is an internal IP literal (literals skip the resolver).
pub fn check_literal(url: &url::Url, allow_private: bool) -> Result<(), PrivateAddress> {
    if allow_private {
        return Ok(());
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
        _ => return Ok(()),
    };
    if is_internal(ip) {
        return Err(PrivateAddress(ip.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_ranges_are_recognised() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_internal(internal.parse().expect("ip")), "{internal}");
        }
        for public in ["81.2.69.142", "2a00:1450:4009:81f::200e", "100.128.0.1"] {
            assert!(!is_internal(public.parse().expect("ip")), "{public}");
        }
    }

    #[test]
    fn ipv6_forms_that_embed_an_internal_ipv4_address_are_internal() {
        for internal in [
            "::127.0.0.1",
            "::10.0.0.1",
            "::169.254.169.254",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "64:ff9b::127.0.0.1",
            "64:ff9b::10.0.0.1",
            "64:ff9b::192.168.0.1",
            "64:ff9b::a9fe:a9fe",
            // 64:ff9b:1::/48 with 10.0.0.1 in octets 6, 7, 9, 10.
            "64:ff9b:1:a00:0:100::",
            "64:ff9b:1:7f00:0:100::",
            "2002:7f00:1::",
            "2002:a00:1::1",
            "2002:c0a8:101::1",
            "2002:a9fe:a9fe::",
        ] {
            assert!(is_internal(internal.parse().expect("ip")), "{internal}");
        }
        for public in [
            "::81.2.69.142",
            "::ffff:81.2.69.142",
            "64:ff9b::5102:458e",
            "64:ff9b:1:5102:45:8e00::",
            "2002:5102:458e::1",
        ] {
            assert!(!is_internal(public.parse().expect("ip")), "{public}");
        }
        assert!(check_literal(&url::Url::parse("http://[::127.0.0.1]:9/hook").expect("url"), false).is_err());
        assert!(check_literal(&url::Url::parse("http://[64:ff9b::7f00:1]:9/hook").expect("url"), false).is_err());
    }

    #[test]
    fn literal_internal_hosts_are_refused_unless_allowed() {
        let url = url::Url::parse("http://127.0.0.1:9/hook").expect("url");
        assert!(check_literal(&url, false).is_err());
        assert!(check_literal(&url, true).is_ok());
        assert!(check_literal(&url::Url::parse("https://care.example.org/hook").expect("url"), false).is_ok());
    }

    #[tokio::test]
    async fn names_that_resolve_inside_are_refused_at_connect_time() {
        let client = client(Duration::from_secs(2), false).expect("client");
        let error = client.post("http://localhost:9/hook").send().await.expect_err("refused");
        let refused = refused_private(&error);
        assert!(refused, "{error:?}");
    }
}
