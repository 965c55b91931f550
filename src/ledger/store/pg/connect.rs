//! Reaching the server: the address, the password, TLS.
