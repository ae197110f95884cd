//! Documented values and formats on the member tree. The reader records a set and a format from
//! each row's description and its type cell; the type a member ends up with can differ (an
//! untyped row typed from its members or the example, a `└` row's parent turned into a struct),
//! so only members whose final type can carry them keep them.

use crate::spec::model::Member;

/// Drops the value sets and formats of members whose type cannot carry them, at every depth. A
/// member with a value set keeps no format: its values are the contract.
pub fn settle(members: &mut [Member]) {
    for member in members {
        if !member.ty.takes_values(&member.values) {
            member.values.clear();
        }
        if !member.values.is_empty() || member.format.is_some_and(|f| !f.fits(&member.ty)) {
            member.format = None;
        }
        settle(&mut member.members);
    }
}
