// Package hashers checks passwords against the digests of password hashers
// that Clerk's user import accepts and that the standard library cannot
// check alone: bcrypt (with Blowfish, whose constants it computes from the
// hexadecimal digits of pi) and Django's bcrypt_sha256 built on it;
// scrypt (RFC 7914, with its own Salsa20/8) in Werkzeug's format and in
// Firebase's modified form (scrypt then AES-256-CTR); Argon2i and Argon2id
// (RFC 9106, with its own BLAKE2b of RFC 7693) in the PHC string format;
// and, in Clerk's layout, Symfony's legacy iterated SHA-512 encoder.
//
// Every check returns (false, nil) for a wrong password and a non-nil error
// only for a digest it cannot parse. Errors never carry the password.
package hashers
