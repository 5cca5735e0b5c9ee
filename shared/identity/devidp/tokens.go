package devidp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// initKey loads the signing key from the state, or makes one.
func (p *IdP) initKey() error {
	if p.st.Key != "" {
		block, _ := pem.Decode([]byte(p.st.Key))
		if block == nil {
			return errors.New("devidp: the state file's key is not PEM")
		}
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return fmt.Errorf("devidp: the state file's key: %w", err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return errors.New("devidp: the state file's key is not an RSA key")
		}
		p.key = rk
	} else {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return fmt.Errorf("devidp: generating the signing key: %w", err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return err
		}
		p.key = k
		p.st.Key = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	der, err := x509.MarshalPKIXPublicKey(&p.key.PublicKey)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(der)
	p.kid = base64.RawURLEncoding.EncodeToString(sum[:12])
	return nil
}

// jwks is the public key set, in the shape Cognito publishes.
func (p *IdP) jwks() []byte {
	pub := p.key.PublicKey
	b, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"alg": "RS256",
		"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"kid": p.kid,
		"kty": "RSA",
		"n":   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"use": "sig",
	}}})
	return b
}

func (p *IdP) sign(claims jwt.MapClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = p.kid
	return t.SignedString(p.key)
}

// issue mints access and ID tokens for u, with the claims Cognito puts in them; with
// newRefresh, also a refresh token (a new origin). Caller holds p.mu.
func (p *IdP) issue(base string, u *user, origin string, newRefresh bool) (map[string]any, error) {
	now := p.now()
	if newRefresh {
		origin = randomID()
	}
	event := randomID()
	common := jwt.MapClaims{
		"sub":        u.Username,
		"iss":        p.Issuer(base),
		"origin_jti": origin,
		"event_id":   event,
		"auth_time":  now.Unix(),
		"iat":        now.Unix(),
		"exp":        now.Add(AccessTokenTTL).Unix(),
	}
	if len(u.Groups) > 0 {
		common["cognito:groups"] = u.Groups
	}
	access := jwt.MapClaims{
		"client_id": p.clientID,
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"jti":       randomID(),
		"username":  u.Username,
	}
	id := jwt.MapClaims{
		"aud":              p.clientID,
		"token_use":        "id",
		"jti":              randomID(),
		"cognito:username": u.Username,
		"email":            u.Email,
		"email_verified":   true,
	}
	for k, v := range common {
		access[k], id[k] = v, v
	}
	at, err := p.sign(access)
	if err != nil {
		return nil, err
	}
	it, err := p.sign(id)
	if err != nil {
		return nil, err
	}
	res := map[string]any{
		"AccessToken": at,
		"IdToken":     it,
		"ExpiresIn":   int(AccessTokenTTL / time.Second),
		"TokenType":   "Bearer",
	}
	if newRefresh {
		rt := randomToken(64)
		p.st.RefreshTokens[hashToken(rt)] = &refreshToken{Username: u.Username, Origin: origin, Expires: now.Add(RefreshTokenTTL)}
		res["RefreshToken"] = rt
	}
	return res, nil
}

// authenticate checks an access token given to an operation that takes one, as Cognito
// does: signature, expiry, token_use, client, and that its sign-in has not been revoked
// (RevokeToken, GlobalSignOut, AdminDisableUser remove the refresh token of its origin).
// Caller holds p.mu.
func (p *IdP) authenticate(token string) (*user, error) {
	var c struct {
		jwt.RegisteredClaims
		TokenUse string `json:"token_use"`
		ClientID string `json:"client_id"`
		Origin   string `json:"origin_jti"`
	}
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return &p.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(p.now), jwt.WithExpirationRequired())
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, apiErr("NotAuthorizedException", "Access Token has expired")
	case err != nil, c.TokenUse != "access", c.ClientID != p.clientID:
		return nil, apiErr("NotAuthorizedException", "Invalid Access Token")
	}
	live := false
	for _, rt := range p.st.RefreshTokens {
		if rt.Origin == c.Origin && rt.Username == c.Subject {
			live = true
			break
		}
	}
	u := p.st.Users[c.Subject]
	if !live || u == nil {
		return nil, apiErr("NotAuthorizedException", "Access Token has been revoked")
	}
	if !u.Enabled {
		return nil, apiErr("NotAuthorizedException", "User is disabled.")
	}
	return u, nil
}

// revokeAll ends every sign-in of a user. Caller holds p.mu.
func (p *IdP) revokeAll(username string) {
	for h, rt := range p.st.RefreshTokens {
		if rt.Username == username {
			delete(p.st.RefreshTokens, h)
		}
	}
}

// randomID is a UUID-shaped random id (version 4), like Cognito's subs and jtis.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}
