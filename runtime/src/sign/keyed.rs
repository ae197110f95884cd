//! HMAC key state kept per thread: the hashes of the key's inner and outer pad blocks, computed
//! once for a key and reused while the same key signs.
//!
//! HMAC over a short message (V3's string to sign is 81 bytes: two SHA-256 blocks) spends about
//! two of its five compressions on the key alone. A client signs every request with the same
//! secret (until its credentials rotate), so each thread remembers the state of the last key it
//! saw for each hash, and a request signed with that key starts from a copy of it.
//!
//! The entry holds the key itself to recognise it (compared in constant time) and is overwritten
//! when another key comes; keys longer than a hash block (64 bytes), which HMAC hashes first, are
//! not kept. Nothing here is ever printed: the types implement neither `Debug` nor `Display`.

use std::cell::RefCell;
use std::thread::LocalKey;

use hmac::{KeyInit, Mac};

/// The longest key kept: one SHA-1 / SHA-256 block.
const MAX_KEY: usize = 64;

/// The last key a thread signed with and its HMAC state before any message.
pub(crate) struct Entry<M> {
    key: [u8; MAX_KEY],
    len: usize,
    mac: M,
}

impl<M> Drop for Entry<M> {
    fn drop(&mut self) {
        // Best effort: the key's bytes do not outlive the entry in this buffer.
        self.key.fill(0);
        std::hint::black_box(&mut self.key);
    }
}

/// One thread's entry for one kind of HMAC.
pub(crate) type Slot<M> = RefCell<Option<Entry<M>>>;

/// Whether two keys are equal, in time that depends only on their lengths.
fn same_key(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// A MAC keyed with `key`, ready for the message: a copy of the state this thread keeps in
/// `slot` when `key` is the last key it saw, else computed (and kept, for a key of at most one
/// block).
pub(crate) fn mac<M: Mac + KeyInit + Clone + 'static>(
    slot: &'static LocalKey<Slot<M>>,
    key: &[u8],
) -> M {
    let fresh = || {
        // HMAC accepts keys of any length, so this cannot fail.
        <M as KeyInit>::new_from_slice(key)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
    };
    if key.len() > MAX_KEY {
        return fresh();
    }
    // `try_with` and `try_borrow_mut`: while the thread's locals are being destroyed, or if
    // this were ever reached re-entrantly, the MAC is simply computed.
    slot.try_with(|cell| {
        let Ok(mut entry) = cell.try_borrow_mut() else {
            return fresh();
        };
        if let Some(kept) = entry.as_ref() {
            if same_key(&kept.key[..kept.len], key) {
                return kept.mac.clone();
            }
        }
        let mac = fresh();
        let mut stored = [0u8; MAX_KEY];
        stored[..key.len()].copy_from_slice(key);
        *entry = Some(Entry {
            key: stored,
            len: key.len(),
            mac: mac.clone(),
        });
        mac
    })
    .unwrap_or_else(|_| fresh())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::Hmac;
    use sha2::Sha256;

    thread_local! {
        static SLOT: Slot<Hmac<Sha256>> = const { RefCell::new(None) };
    }

    fn tag(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut m = mac(&SLOT, key);
        m.update(message);
        m.finalize().into_bytes().to_vec()
    }

    fn reference(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        m.update(message);
        m.finalize().into_bytes().to_vec()
    }

    // Keys that share a prefix, differ in length, are empty, fill a block or exceed one, in
    // an order that alternates them: the kept state is always that of the key given.
    #[test]
    fn kept_state_matches_a_fresh_mac_for_every_key() {
        let long = [7u8; 100];
        let block = [9u8; 64];
        let keys: [&[u8]; 8] = [
            b"secret", b"secret", b"secret&", b"", b"secreT", &block, &long, b"secret",
        ];
        for key in keys.iter().chain(keys.iter().rev()) {
            for message in [&b""[..], b"abc", &[1u8; 200]] {
                assert_eq!(tag(key, message), reference(key, message));
            }
        }
    }

    #[test]
    fn same_key_compares_whole_keys() {
        assert!(same_key(b"abc", b"abc"));
        assert!(same_key(b"", b""));
        assert!(!same_key(b"abc", b"abd"));
        assert!(!same_key(b"abc", b"abcd"));
        assert!(!same_key(b"abc", b""));
    }
}
