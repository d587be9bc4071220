package clerktest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// signingKey is one RSA-2048 key of the server with its key ID.
type signingKey struct {
	kid string
	key *rsa.PrivateKey
}

// keyring holds the server's signing keys, oldest first. The last one signs.
type keyring struct {
	mu   sync.Mutex
	keys []signingKey
}

func (k *keyring) rotate() error {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return fmt.Errorf("clerktest: generate RSA key: %w", err)
	}
	k.mu.Lock()
	k.keys = append(k.keys, signingKey{kid: newID("ins"), key: priv})
	k.mu.Unlock()
	return nil
}

func (k *keyring) current() signingKey {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[len(k.keys)-1]
}

func (k *keyring) all() []signingKey {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]signingKey(nil), k.keys...)
}

// RotateKey creates a new signing key with a new key ID and returns the ID.
// Tokens minted afterwards are signed with the new key. The JWKS keeps
// serving every earlier key too (Clerk's overlap during a rotation), so
// tokens minted before the rotation still verify until they expire; call
// RetireOldKeys to end the overlap.
func (s *Server) RotateKey() (string, error) {
	if err := s.keys.rotate(); err != nil {
		return "", err
	}
	return s.keys.current().kid, nil
}

// RetireOldKeys removes every key but the current one from the JWKS, so that
// tokens signed with an earlier key no longer verify.
func (s *Server) RetireOldKeys() {
	s.keys.mu.Lock()
	s.keys.keys = s.keys.keys[len(s.keys.keys)-1:]
	s.keys.mu.Unlock()
}

// KeyID returns the key ID (`kid`) of the current signing key.
func (s *Server) KeyID() string { return s.keys.current().kid }

// JWTPublicKeyPEM returns the public half of the current signing key as a
// PKIX "PUBLIC KEY" PEM block, the form of Clerk's "JWT public key" for
// networkless verification (clerk.WithJWTKey).
func (s *Server) JWTPublicKeyPEM() string {
	der, err := x509.MarshalPKIXPublicKey(&s.keys.current().key.PublicKey)
	if err != nil {
		// An RSA public key always marshals.
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// jwks is the JSON Web Key Set of every key in the ring.
func (s *Server) jwks() (gen.JWKS, error) {
	var set gen.JWKS
	for _, k := range s.keys.all() {
		pub := k.key.PublicKey
		jwk := gen.JWKSRSAPublicKey{
			Alg: "RS256",
			Use: "sig",
			Kid: k.kid,
			Kty: "RSA",
			N:   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		}
		b, err := json.Marshal(jwk)
		if err != nil {
			return set, fmt.Errorf("clerktest: encode JWK: %w", err)
		}
		var item gen.JWKS_Keys_Item
		if err := item.UnmarshalJSON(b); err != nil {
			return set, fmt.Errorf("clerktest: encode JWK: %w", err)
		}
		set.Keys = append(set.Keys, item)
	}
	return set, nil
}

func (a *api) GetJWKS(context.Context, bapiserver.GetJWKSRequestObject) (bapiserver.GetJWKSResponseObject, error) {
	set, err := a.s.jwks()
	if err != nil {
		return nil, err
	}
	return bapiserver.GetJWKS200JSONResponse(set), nil
}
