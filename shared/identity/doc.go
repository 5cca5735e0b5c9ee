// Package identity signs HR users in through an Amazon Cognito user pool and verifies the
// access tokens it issues.
//
// Two halves, used by different code (and in different packages, so that a function that
// only verifies tokens does not link the AWS SDK's Cognito client):
//
//   - cognito.Provider (package cognito) is a small client for the part of the Cognito user-pool API the HR console
//     needs, on the AWS SDK v2: sign-in with USER_PASSWORD_AUTH and its challenges (a new
//     password for an invited user, TOTP codes, TOTP enrolment), refresh, sign-out,
//     forgotten passwords, and the admin operations the function's role may call (invite,
//     disable, enable, delete, look up). Cognito's exceptions come back as a few sentinel
//     errors (ErrInvalidCredentials, ErrCodeMismatch, ...); a wrong password and an
//     unknown email give the same ErrInvalidCredentials, so a caller cannot tell whether
//     an address has an account.
//   - Verifier checks an access token (an RS256 JWT) against the pool's JSON Web Key Set:
//     signature, issuer, expiry and not-before with a small leeway, token_use "access" and
//     client_id, and returns its Claims.
//
// Tokens are verified in the function, not by an API Gateway JWT authorizer: the function
// looks the user's role up in its own store on every HR request anyway, so an authorizer
// would only add a second place where the same rules live; and verification in-process
// costs nothing while nobody signs in. The key set is fetched lazily, on the first token
// to verify, and cached: a cold start that serves a candidate never pays for it, and a
// token signed with a key the cache does not know yet refreshes it (rate-limited), which
// follows Cognito's key rotation.
//
// Config names the pool: region, user-pool id, app-client id, and an optional endpoint
// override. With the override the same code talks to a local emulator (cognito-local in
// the tests, started by scripts/services/cognito-local) or to the dev identity provider in
// package devidp, which implements the same JSON protocol for `go run ./scripts/dev`; the
// token issuer is then the endpoint followed by "/<pool id>", as both emulators name it.
package identity
