package clerk

// Version is the version of this SDK. It is sent in the User-Agent header of
// every request as "gobapi-clerk/<Version>".
const Version = "0.1.0"

// DefaultAPIVersion is the Clerk Backend API version that this SDK's OpenAPI
// description (openapi/bapi.yaml) and generated client describe. It is sent
// as the Clerk-API-Version header unless [WithAPIVersion] overrides it.
const DefaultAPIVersion = "2026-05-12"

// DefaultBaseURL is the Clerk Backend API endpoint used unless [WithBaseURL]
// overrides it.
const DefaultBaseURL = "https://api.clerk.com/v1"
