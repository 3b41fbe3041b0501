//! The header links that take a signed-in person to their own areas, chosen by the same
//! policies that guard those areas, so a link is shown exactly when it would open.

use signpost_web::Viewer;

use super::{
    accounts::CONSOLE, commissioning::COMMISSIONING, console_accounts::ACCOUNTS, helpline::HELPLINE, referrals,
};
use crate::auth::{Policy, Role, SignedIn};

/// Each area's start page, its link text and the policy guarding it, in header order.
const AREAS: [(&str, &str, Policy); 6] = [
    ("/helpline", "Helpline", HELPLINE),
    ("/referrals", "Referrals", referrals::STAFF),
    ("/console", "Console", CONSOLE),
    ("/referrals/dead-letters", "Undelivered referrals", referrals::DEAD_LETTERS),
    ("/commissioning", "Unmet needs reports", COMMISSIONING),
    ("/console/accounts", "Accounts", ACCOUNTS),
];

/// Returns the links (and the sign-out form's CSRF token) for `signed_in`'s header.
pub(super) fn viewer(signed_in: &SignedIn) -> Viewer {
    Viewer { links: links(&signed_in.user.roles), csrf_token: signed_in.session.csrf_token.clone() }
}

/// The areas `roles` may open. Staff reach undelivered referrals from their referrals list,
/// so the header links it only for those who have no referrals list (a lead who is not staff) and admins.
fn links(roles: &[Role]) -> Vec<(&'static str, &'static str)> {
    let has_list = referrals::STAFF.allows(roles) && !roles.contains(&Role::Admin);
    AREAS
        .iter()
        .filter(|(href, _, policy)| policy.allows(roles) && !(*href == "/referrals/dead-letters" && has_list))
        .map(|(href, text, _)| (*href, *text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(role: Role) -> Vec<&'static str> {
        links(&[role]).into_iter().map(|(href, _)| href).collect()
    }

    #[test]
    fn each_role_gets_links_to_its_own_areas() {
        assert_eq!(paths(Role::Staff), ["/helpline", "/referrals"]);
        assert_eq!(paths(Role::Curator), ["/console"], "undelivered referrals are their referrers' and leads'");
        assert_eq!(paths(Role::Commissioner), ["/commissioning"]);
        let both: Vec<&str> = links(&[Role::Curator, Role::Staff]).into_iter().map(|(href, _)| href).collect();
        assert_eq!(both, ["/helpline", "/referrals", "/console"], "a curator who is also staff reaches the helpline");
        assert_eq!(
            paths(Role::Admin),
            ["/helpline", "/referrals", "/console", "/referrals/dead-letters", "/commissioning", "/console/accounts"]
        );
    }
}
