package clerk_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gobapi/clerk"
)

// exampleToken mints an RS256 session token with a freshly generated key,
// standing in for one Clerk issued.
func exampleToken(now time.Time) (token, publicPEM string) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	publicPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"ins_example"}`))
	payload := enc.EncodeToString([]byte(fmt.Sprintf(
		`{"sub":"user_123","sid":"sess_123","azp":"https://example.com","iss":"https://clerk.example.com","iat":%d,"nbf":%d,"exp":%d,"v":2,"o":{"id":"org_1","rol":"admin","per":"read","fpm":"1"},"fea":"o:billing"}`,
		now.Unix(), now.Unix()-10, now.Unix()+60)))
	digest := sha256.Sum256([]byte(header + "." + payload))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	return header + "." + payload + "." + enc.EncodeToString(sig), publicPEM
}

func ExampleVerifier_Verify() {
	token, publicPEM := exampleToken(time.Now())
	v, err := clerk.NewVerifier(
		clerk.WithJWTKey(publicPEM), // CLERK_JWT_KEY: no network needed
		clerk.WithAuthorizedParties("https://example.com"),
		clerk.WithIssuer("https://clerk.example.com"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	claims, err := v.Verify(context.Background(), token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(claims.UserID, claims.Org.Role, claims.Org.Permissions())
	fmt.Println(claims.Has(clerk.Check{Role: "admin", Permission: "billing:read"}))

	_, err = v.Verify(context.Background(), token[:len(token)-4]+"AAAA")
	fmt.Println(clerk.ReasonOf(err))
	// Output:
	// user_123 org:admin [org:billing:read]
	// true
	// token-invalid-signature
}

func ExampleVerifier_RequireSession() {
	token, publicPEM := exampleToken(time.Now())
	v, _ := clerk.NewVerifier(clerk.WithJWTKey(publicPEM), clerk.WithAuthorizedParties("https://example.com"))

	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, _ := clerk.SessionFromContext(r.Context())
		fmt.Fprintf(w, "hello %s", claims.UserID)
	})
	srv := httptest.NewServer(v.RequireSession(hello))
	defer srv.Close()

	for _, auth := range []string{"Bearer " + token, ""} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("WWW-Authenticate") != "")
	}
	// Output:
	// 200 false
	// 401 true
}
