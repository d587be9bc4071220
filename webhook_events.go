package clerk

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gobapi/clerk/gen"
)

// Clerk webhook event types with a typed accessor on WebhookEvent. Other
// events (billing, roles, permissions, waitlist, domains, …) are delivered
// too; read their WebhookEvent.Data as JSON.
const (
	WebhookUserCreated = "user.created" // data: User (WebhookEvent.User)
	WebhookUserUpdated = "user.updated" // data: User (WebhookEvent.User)
	WebhookUserDeleted = "user.deleted" // data: DeletedObject (WebhookEvent.DeletedObject)

	WebhookSessionCreated = "session.created" // data: WebhookSession (WebhookEvent.Session)
	WebhookSessionPending = "session.pending" // data: WebhookSession
	WebhookSessionEnded   = "session.ended"   // data: WebhookSession
	WebhookSessionRemoved = "session.removed" // data: WebhookSession
	WebhookSessionRevoked = "session.revoked" // data: WebhookSession

	WebhookOrganizationCreated = "organization.created" // data: Organization (WebhookEvent.Organization)
	WebhookOrganizationUpdated = "organization.updated" // data: Organization
	WebhookOrganizationDeleted = "organization.deleted" // data: DeletedObject

	WebhookOrganizationMembershipCreated = "organizationMembership.created" // data: OrganizationMembership
	WebhookOrganizationMembershipUpdated = "organizationMembership.updated" // data: OrganizationMembership
	WebhookOrganizationMembershipDeleted = "organizationMembership.deleted" // data: OrganizationMembership

	WebhookOrganizationInvitationCreated  = "organizationInvitation.created"  // data: WebhookOrganizationInvitation
	WebhookOrganizationInvitationAccepted = "organizationInvitation.accepted" // data: WebhookOrganizationInvitation
	WebhookOrganizationInvitationRevoked  = "organizationInvitation.revoked"  // data: WebhookOrganizationInvitation

	WebhookEmailCreated = "email.created" // data: WebhookEmail (WebhookEvent.Email)
	WebhookSMSCreated   = "sms.created"   // data: WebhookSMS (WebhookEvent.SMS)
)

// WebhookEvent is a verified Clerk webhook event: the envelope decoded, the
// payload kept as raw JSON in Data. Use the typed accessors (User, Session,
// Organization, …) or decode Data yourself.
type WebhookEvent struct {
	// MessageID is the svix-id header: the same for every retry of one
	// delivery, so use it to make handlers idempotent.
	MessageID string
	// Type is the event type, such as "user.created".
	Type string
	// Object is the envelope's object type, "event".
	Object string
	// Data is the event's payload, the raw JSON of the body's "data"
	// member (nil when absent). It shares memory with the verified body.
	Data json.RawMessage
	// Timestamp is when Clerk created the event (the body's "timestamp",
	// in Unix milliseconds); zero when absent.
	Timestamp time.Time
	// InstanceID is the Clerk instance that sent the event ("ins_…").
	InstanceID string
	// EventAttributes describe the request that caused the event, when
	// Clerk sends them.
	EventAttributes WebhookEventAttributes
}

// WebhookEventAttributes are the "event_attributes" of an event.
type WebhookEventAttributes struct {
	// HTTPRequest describes the HTTP request that caused the event.
	HTTPRequest WebhookHTTPRequest
}

// WebhookHTTPRequest is the "http_request" of WebhookEventAttributes.
type WebhookHTTPRequest struct {
	// ClientIP is the client's IP address as Clerk saw it.
	ClientIP string
	// UserAgent is the client's User-Agent.
	UserAgent string
}

// WebhookSession is the data of the session.* events: the session and its
// user.
type WebhookSession struct {
	Session
	// User is the session's user, as of the event.
	User *User `json:"user"`
}

// WebhookOrganizationInvitation is the data of the organizationInvitation.*
// events: the invitation, and for organizationInvitation.accepted the user
// who accepted it.
type WebhookOrganizationInvitation struct {
	OrganizationInvitation
	// UserID is the user who accepted the invitation
	// (organizationInvitation.accepted only).
	UserID string `json:"user_id,omitempty"`
	// Data holds the public data of the invitation's organization, when
	// sent.
	Data *WebhookInvitationData `json:"data,omitempty"`
}

// WebhookInvitationData is the "data" member of an invitation event.
type WebhookInvitationData struct {
	// PublicOrganizationData describes the organization, when sent.
	PublicOrganizationData *WebhookPublicOrganizationData `json:"public_organization_data,omitempty"`
}

// WebhookPublicOrganizationData is an organization's public data in an
// invitation event: the same shape the Backend API embeds in invitations.
type WebhookPublicOrganizationData = gen.OrganizationInvitationPublicOrganizationData

// WebhookEmail is the data of email.created: an email Clerk sent, or asks
// you to send when delivered_by_clerk is false.
type WebhookEmail struct {
	ID               string         `json:"id"`
	Object           string         `json:"object"`
	Slug             *string        `json:"slug"`
	FromEmailName    string         `json:"from_email_name"`
	ReplyToEmailName *string        `json:"reply_to_email_name,omitempty"`
	ToEmailAddress   string         `json:"to_email_address"`
	EmailAddressID   *string        `json:"email_address_id,omitempty"`
	UserID           *string        `json:"user_id,omitempty"`
	Subject          string         `json:"subject"`
	Body             string         `json:"body"`
	BodyPlain        *string        `json:"body_plain,omitempty"`
	Status           string         `json:"status"`
	Data             map[string]any `json:"data"`
	DeliveredByClerk bool           `json:"delivered_by_clerk"`
}

// WebhookSMS is the data of sms.created: a text message Clerk sent, or
// asks you to send when delivered_by_clerk is false.
type WebhookSMS struct {
	ID               string         `json:"id"`
	Object           string         `json:"object"`
	Slug             *string        `json:"slug,omitempty"`
	FromPhoneNumber  string         `json:"from_phone_number"`
	ToPhoneNumber    string         `json:"to_phone_number"`
	PhoneNumberID    *string        `json:"phone_number_id,omitempty"`
	UserID           *string        `json:"user_id,omitempty"`
	Message          string         `json:"message"`
	Status           string         `json:"status"`
	Data             map[string]any `json:"data"`
	DeliveredByClerk bool           `json:"delivered_by_clerk"`
	// CreatedAtMS is the creation time in Unix milliseconds
	// ("created_at_ms"; older payloads send "created_at").
	CreatedAtMS int64 `json:"created_at_ms,omitempty"`
	CreatedAt   int64 `json:"created_at,omitempty"`
}

// User returns the data of a user.created or user.updated event.
func (e *WebhookEvent) User() (*User, error) {
	return webhookData[User](e, WebhookUserCreated, WebhookUserUpdated)
}

// DeletedObject returns the data of an event about a deletion whose
// payload is a deleted object: user.deleted, organization.deleted,
// organizationDomain.deleted, role.deleted and permission.deleted.
func (e *WebhookEvent) DeletedObject() (*DeletedObject, error) {
	return webhookData[DeletedObject](e, WebhookUserDeleted, WebhookOrganizationDeleted,
		"organizationDomain.deleted", "role.deleted", "permission.deleted")
}

// Session returns the data of a session.* event.
func (e *WebhookEvent) Session() (*WebhookSession, error) {
	return webhookData[WebhookSession](e, WebhookSessionCreated, WebhookSessionPending, WebhookSessionEnded,
		WebhookSessionRemoved, WebhookSessionRevoked)
}

// Organization returns the data of an organization.created or
// organization.updated event.
func (e *WebhookEvent) Organization() (*Organization, error) {
	return webhookData[Organization](e, WebhookOrganizationCreated, WebhookOrganizationUpdated)
}

// OrganizationMembership returns the data of an organizationMembership.*
// event (created, updated or deleted).
func (e *WebhookEvent) OrganizationMembership() (*OrganizationMembership, error) {
	return webhookData[OrganizationMembership](e, WebhookOrganizationMembershipCreated,
		WebhookOrganizationMembershipUpdated, WebhookOrganizationMembershipDeleted)
}

// OrganizationInvitation returns the data of an organizationInvitation.*
// event (created, accepted or revoked).
func (e *WebhookEvent) OrganizationInvitation() (*WebhookOrganizationInvitation, error) {
	return webhookData[WebhookOrganizationInvitation](e, WebhookOrganizationInvitationCreated,
		WebhookOrganizationInvitationAccepted, WebhookOrganizationInvitationRevoked)
}

// Email returns the data of an email.created event.
func (e *WebhookEvent) Email() (*WebhookEmail, error) {
	return webhookData[WebhookEmail](e, WebhookEmailCreated)
}

// SMS returns the data of an sms.created event.
func (e *WebhookEvent) SMS() (*WebhookSMS, error) {
	return webhookData[WebhookSMS](e, WebhookSMSCreated)
}

// webhookData decodes e.Data as T when e.Type is one of types.
func webhookData[T any](e *WebhookEvent, types ...string) (*T, error) {
	if !slices.Contains(types, e.Type) {
		return nil, fmt.Errorf("%w: event is %q, want %s", ErrWebhookEventType, e.Type, strings.Join(types, " or "))
	}
	if len(e.Data) == 0 {
		return nil, fmt.Errorf("%w: %s event without data", ErrWebhookMalformed, e.Type)
	}
	v := new(T)
	if err := json.Unmarshal(e.Data, v); err != nil {
		return nil, fmt.Errorf("%w: %s data: %w", ErrWebhookMalformed, e.Type, err)
	}
	return v, nil
}

// decodeWebhookEvent decodes the envelope with the verifier's JSON scanner
// (strict RFC 8259, nesting bounded), which does not allocate per member;
// Data is a sub-slice of body.
func decodeWebhookEvent(body []byte) (*WebhookEvent, error) {
	s := jsonScanner{d: string(body)}
	ev := new(WebhookEvent)
	bad := func(what string) (*WebhookEvent, error) {
		return nil, fmt.Errorf("%w: %s", ErrWebhookMalformed, what)
	}
	if !utf8.ValidString(s.d) {
		return bad("body is not UTF-8")
	}
	if !s.objectStart() {
		return bad("body is not a JSON object")
	}
	hasType := false
	for more := s.first(); more; more = s.more() {
		key, ok := s.key()
		if !ok {
			return bad("body is not valid JSON")
		}
		switch key {
		case "type":
			ok = s.peek() == '"'
			if ok {
				ev.Type, ok = s.str()
				hasType = ok
			}
		case "object":
			ev.Object, ok = s.stringOrNull()
		case "instance_id":
			ev.InstanceID, ok = s.stringOrNull()
		case "timestamp":
			ev.Timestamp, ok = scanMillis(&s)
		case "data":
			s.ws()
			start := s.i
			if ok = s.skip(0); ok {
				ev.Data = json.RawMessage(body[start:s.i:s.i])
			}
		case "event_attributes":
			ok = scanEventAttributes(&s, &ev.EventAttributes)
		default:
			ok = s.skip(0)
		}
		if !ok {
			return bad("member " + strconv.Quote(key) + " is not valid")
		}
	}
	if !s.end() {
		return bad("body is not valid JSON")
	}
	if !hasType || ev.Type == "" {
		return bad("no event type")
	}
	return ev, nil
}

// scanMillis reads a Unix-millisecond number (or null).
func scanMillis(s *jsonScanner) (time.Time, bool) {
	if s.peek() == 'n' {
		return time.Time{}, s.lit("null")
	}
	n, ok := s.number()
	if !ok {
		return time.Time{}, false
	}
	if ms, err := strconv.ParseInt(n, 10, 64); err == nil {
		return time.UnixMilli(ms), true
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || f < -1e15 || f > 1e15 {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(f)), true
}

// scanEventAttributes reads {"http_request":{"client_ip":…,"user_agent":…}}
// (or null), skipping other members.
func scanEventAttributes(s *jsonScanner, a *WebhookEventAttributes) bool {
	if s.peek() == 'n' {
		return s.lit("null")
	}
	if !s.objectStart() {
		return false
	}
	for more := s.first(); more; more = s.more() {
		key, ok := s.key()
		if !ok {
			return false
		}
		if key != "http_request" {
			if !s.skip(1) {
				return false
			}
			continue
		}
		if s.peek() == 'n' {
			if !s.lit("null") {
				return false
			}
			continue
		}
		if !s.objectStart() {
			return false
		}
		for more := s.first(); more; more = s.more() {
			k, ok := s.key()
			if !ok {
				return false
			}
			switch k {
			case "client_ip":
				a.HTTPRequest.ClientIP, ok = s.stringOrNull()
			case "user_agent":
				a.HTTPRequest.UserAgent, ok = s.stringOrNull()
			default:
				ok = s.skip(2)
			}
			if !ok {
				return false
			}
		}
		if !s.closed() {
			return false
		}
	}
	return s.closed()
}
