//! The client's address: the socket peer, or, when the peer is a configured trusted proxy,
//! the right-most `X-Forwarded-For` hop that is not itself a trusted proxy (hops to its
//! left were written by the client and prove nothing).

use std::{
    convert::Infallible,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    str::FromStr,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{request::Parts, HeaderMap},
};
use ipnet::IpNet;

use crate::state::AppState;

/// A bad trusted-proxy list.
#[derive(Debug, thiserror::Error)]
#[error("the trusted proxy {0:?} is not an IP address or CIDR block (such as 10.0.0.0/8)")]
pub struct BadProxy(String);

/// The proxies whose `X-Forwarded-For` is believed (empty: none, the peer is the client).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = BadProxy;
    /// Parses comma-separated addresses and CIDR blocks.
    fn from_str(text: &str) -> Result<Self, BadProxy> {
        let mut nets = Vec::new();
        for item in text.split(',').map(str::trim).filter(|item| !item.is_empty()) {
            let net = match item.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => item.parse::<IpAddr>().map(IpNet::from).map_err(|_| BadProxy(item.to_owned()))?,
            };
            nets.push(net);
        }
        Ok(Self(nets))
    }
}

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Returns the client's address for a request from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        // Every X-Forwarded-For header, in order, as one list of hops, right-most last.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A hop that is not an address ends the trusted chain: the last trusted
            // proxy is the nearest address known.
            let Ok(ip) = hop.parse::<IpAddr>().or_else(|_| hop.parse::<SocketAddr>().map(|addr| addr.ip())) else {
                return client;
            };
            let ip = ip.to_canonical();
            if !self.trusts(ip) {
                return ip;
            }
            client = ip;
        }
        client
    }
}

/// The client's address, for rate limits and sign-in throttling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        // Served without connection info (never in `serve`): one shared "unknown" client.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(addr)| addr.ip());
        Ok(Self(state.trusted_proxies.client(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("x-forwarded-for", value.parse().expect("header"));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies: TrustedProxies = "10.0.0.0/8, 192.168.1.5".parse().expect("proxies");
        let from_proxy = ip("10.1.1.1");
        assert_eq!(proxies.client(from_proxy, &headers(&["81.2.69.142"])), ip("81.2.69.142"));
        // The client may write anything to the left; only the hop our proxy added counts.
        assert_eq!(proxies.client(from_proxy, &headers(&["1.2.3.4, 81.2.69.142"])), ip("81.2.69.142"));
        // Proxies in a chain are skipped, across several headers.
        assert_eq!(proxies.client(from_proxy, &headers(&["81.2.69.142, 192.168.1.5", "10.2.2.2"])), ip("81.2.69.142"));
        // Nothing but proxies: the left-most of them.
        assert_eq!(proxies.client(from_proxy, &headers(&["10.9.9.9"])), ip("10.9.9.9"));
        assert_eq!(proxies.client(from_proxy, &HeaderMap::new()), from_proxy);
        // Garbage ends the chain at the nearest known proxy.
        assert_eq!(proxies.client(from_proxy, &headers(&["81.2.69.142, not-an-ip"])), from_proxy);
        // IPv4-mapped peers count as their IPv4 address.
        assert_eq!(proxies.client(ip("::ffff:10.1.1.1"), &headers(&["81.2.69.142"])), ip("81.2.69.142"));
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().expect("proxies");
        assert_eq!(proxies.client(ip("81.2.69.142"), &headers(&["10.0.0.1", "1.2.3.4"])), ip("81.2.69.142"));
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("127.0.0.1"), &headers(&["1.2.3.4"])), ip("127.0.0.1"));
    }

    #[test]
    fn a_bad_proxy_list_is_refused() {
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.example.org".parse::<TrustedProxies>().is_err());
        assert_eq!("".parse::<TrustedProxies>().expect("empty"), TrustedProxies::default());
    }
}
