module github.com/gobapi/clerk/bench

go 1.26.0

replace github.com/gobapi/clerk => ../

require (
	github.com/clerk/clerk-sdk-go/v2 v2.4.2
	github.com/gobapi/clerk v0.0.0-00010101000000-000000000000
	github.com/golang-jwt/jwt/v5 v5.3.1
)

require (
	github.com/go-jose/go-jose/v3 v3.0.4 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	github.com/oapi-codegen/nullable v1.2.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/crypto v0.46.0 // indirect
	golang.org/x/time v0.16.0 // indirect
)
