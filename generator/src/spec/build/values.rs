//! Documented values on the member tree. The reader records a set from each row's description
//! and its type cell; the type a member ends up with can differ (an untyped row typed from its
//! members or the example, a `└` row's parent turned into a struct), so only members whose final
//! type can carry their set keep it.

use crate::spec::model::Member;

/// Drops the value sets of members whose type cannot carry them, at every depth.
pub fn settle(members: &mut [Member]) {
    for member in members {
        if !member.ty.takes_values(&member.values) {
            member.values.clear();
        }
        settle(&mut member.members);
    }
}
