package clerk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/gobapi/clerk"
)

func ExampleWebhookVerifier_Handler() {
	// The endpoint's signing secret, from the Clerk Dashboard
	// (CLERK_WEBHOOK_SIGNING_SECRET).
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	wv, err := clerk.NewWebhookVerifier(secret)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := wv.Handler(map[string]clerk.WebhookHandlerFunc{
		clerk.WebhookUserCreated: func(ctx context.Context, ev *clerk.WebhookEvent) error {
			u, err := ev.User()
			if err != nil {
				return err
			}
			fmt.Println("new user", u.ID, "from", ev.EventAttributes.HTTPRequest.ClientIP)
			return nil
		},
		clerk.WebhookUserDeleted: func(ctx context.Context, ev *clerk.WebhookEvent) error {
			d, err := ev.DeletedObject()
			if err != nil {
				return err
			}
			fmt.Println("deleted user", *d.ID)
			return nil
		},
	})

	// What Svix would deliver (Sign stands in for Svix here).
	deliver := func(id, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/webhooks/clerk", strings.NewReader(body))
		r.Header.Set("svix-id", id)
		r.Header.Set("svix-timestamp", fmt.Sprint(time.Now().Unix()))
		r.Header.Set("svix-signature", wv.Sign(id, time.Now(), []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	fmt.Println(deliver("msg_1", `{"type":"user.created","object":"event","instance_id":"ins_1","timestamp":1716883200000,`+
		`"event_attributes":{"http_request":{"client_ip":"203.0.113.7","user_agent":"curl"}},"data":{"id":"user_1","object":"user"}}`))
	fmt.Println(deliver("msg_2", `{"type":"user.deleted","object":"event","data":{"id":"user_1","object":"user","deleted":true}}`))

	// A forged request never reaches the handlers.
	r := httptest.NewRequest(http.MethodPost, "/webhooks/clerk", strings.NewReader(`{"type":"user.created"}`))
	r.Header.Set("svix-id", "msg_3")
	r.Header.Set("svix-timestamp", fmt.Sprint(time.Now().Unix()))
	r.Header.Set("svix-signature", "v1,bm90IGEgc2lnbmF0dXJlIGF0IGFsbCwgc29ycnkhIQ==")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code)
	// Output:
	// new user user_1 from 203.0.113.7
	// 204
	// deleted user user_1
	// 204
	// 400
}

func ExampleVerifyWebhook() {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhooks/clerk", func(w http.ResponseWriter, r *http.Request) {
		ev, err := clerk.VerifyWebhook(r, secret)
		if err != nil {
			http.Error(w, "bad webhook", http.StatusBadRequest)
			return
		}
		// r.Body still holds the raw body, if it is needed.
		fmt.Println(ev.Type, ev.MessageID)
	})
	_ = http.ListenAndServe // serve mux
}
