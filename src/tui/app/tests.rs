//! Unit tests of `App`: the busy count against the requests outstanding.
