package zigned

import (
	"context"
	"iter"
	"net/http"
)

// RecipientMessagesService manages the custom messages sent to an
// agreement's recipients: /agreements/{id}/recipient_messages, with its
// message templates (one per locale) and template variables.
type RecipientMessagesService service

// RecipientMessage is an agreement's recipient message.
type RecipientMessage struct {
	ID                       string                                `json:"id"`
	ResourceType             string                                `json:"resource_type"`
	MessageTemplates         RelationList[MessageTemplate]         `json:"message_templates"`
	MessageTemplateVariables RelationList[MessageTemplateVariable] `json:"message_template_variables"`
	CreatedAt                Time                                  `json:"created_at"`
	UpdatedAt                Time                                  `json:"updated_at"`
}

// MessageTemplate is a message text for one locale; it may reference
// template variables.
type MessageTemplate struct {
	ID             string `json:"id"`
	ResourceType   string `json:"resource_type"`
	TemplateString string `json:"template_string"`
	Locale         Locale `json:"locale"`
	CreatedAt      Time   `json:"created_at"`
	UpdatedAt      Time   `json:"updated_at"`
}

// MessageTemplateVariable is a named value substituted into templates.
type MessageTemplateVariable struct {
	ID            string `json:"id"`
	ResourceType  string `json:"resource_type"`
	VariableName  string `json:"variable_name"`
	VariableValue string `json:"variable_value"`
	CreatedAt     Time   `json:"created_at"`
	UpdatedAt     Time   `json:"updated_at"`
}

// MessageTemplateRequest is one template of a RecipientMessageRequest, and
// the body of POST .../message_templates.
type MessageTemplateRequest struct {
	Locale         Locale `json:"locale"`
	TemplateString string `json:"template_string"`
}

// MessageTemplateVariableRequest is one variable of a
// RecipientMessageRequest, and the body of POST and PUT
// .../message_template_variables. Creating sends both fields, as the API
// requires (an empty value is a value); UpdateVariable sends only the
// non-empty ones.
type MessageTemplateVariableRequest struct {
	VariableName  string `json:"variable_name"`
	VariableValue string `json:"variable_value"`
}

// RecipientMessageRequest is the body of POST and PUT
// /agreements/{id}/recipient_messages (both upsert).
type RecipientMessageRequest struct {
	MessageTemplates         []MessageTemplateRequest         `json:"message_templates"`
	MessageTemplateVariables []MessageTemplateVariableRequest `json:"message_template_variables,omitempty"`
}

func (r *RecipientMessageRequest) validate() error {
	if r == nil || len(r.MessageTemplates) == 0 {
		return invalidArg("message_templates", "needs at least one template")
	}
	for _, t := range r.MessageTemplates {
		if t.Locale == "" {
			return invalidArg("message_templates.locale", "must not be empty")
		}
	}
	for _, v := range r.MessageTemplateVariables {
		if err := requireID("message_template_variables.variable_name", v.VariableName); err != nil {
			return err
		}
	}
	return nil
}

var (
	templateIDs = []string{"agreement ID", "message template ID"}
	variableIDs = []string{"agreement ID", "message template variable ID"}
)

// Create upserts the agreement's recipient message (POST).
func (s *RecipientMessagesService) Create(ctx context.Context, agreementID string, req *RecipientMessageRequest) (*RecipientMessage, *Response, error) {
	return s.upsert(ctx, http.MethodPost, agreementID, req)
}

// Update upserts the agreement's recipient message (PUT).
func (s *RecipientMessagesService) Update(ctx context.Context, agreementID string, req *RecipientMessageRequest) (*RecipientMessage, *Response, error) {
	return s.upsert(ctx, http.MethodPut, agreementID, req)
}

func (s *RecipientMessagesService) upsert(ctx context.Context, method, agreementID string, req *RecipientMessageRequest) (*RecipientMessage, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages")
	if err != nil {
		return nil, nil, err
	}
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	return do[*RecipientMessage](ctx, s.client, method, p, nil, req)
}

// Get returns the agreement's recipient message.
func (s *RecipientMessagesService) Get(ctx context.Context, agreementID string) (*RecipientMessage, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages")
	if err != nil {
		return nil, nil, err
	}
	return do[*RecipientMessage](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Delete removes the agreement's recipient messages (templates saved in
// your archive stay there).
func (s *RecipientMessagesService) Delete(ctx context.Context, agreementID string) (*RecipientMessage, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages")
	if err != nil {
		return nil, nil, err
	}
	return do[*RecipientMessage](ctx, s.client, http.MethodDelete, p, nil, nil)
}

// ListTemplates lists the agreement's message templates.
func (s *RecipientMessagesService) ListTemplates(ctx context.Context, agreementID string) ([]*MessageTemplate, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages/message_templates")
	if err != nil {
		return nil, nil, err
	}
	return do[items[MessageTemplate]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// AllTemplates iterates over an agreement's message templates (one request:
// the API answers the list whole).
func (s *RecipientMessagesService) AllTemplates(ctx context.Context, agreementID string) iter.Seq2[*MessageTemplate, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*MessageTemplate, *Response, error) {
		return s.ListTemplates(ctx, agreementID)
	})
}

// CreateTemplate adds a message template.
func (s *RecipientMessagesService) CreateTemplate(ctx context.Context, agreementID string, req MessageTemplateRequest) (*MessageTemplate, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages/message_templates")
	if err != nil {
		return nil, nil, err
	}
	if req.Locale == "" {
		return nil, nil, invalidArg("locale", "must not be empty")
	}
	return do[*MessageTemplate](ctx, s.client, http.MethodPost, p, nil, req)
}

// GetTemplate returns one message template.
func (s *RecipientMessagesService) GetTemplate(ctx context.Context, agreementID, templateID string) (*MessageTemplate, *Response, error) {
	p, err := pathOf("agreements/%s/recipient_messages/message_templates/%s", templateIDs, agreementID, templateID)
	if err != nil {
		return nil, nil, err
	}
	return do[*MessageTemplate](ctx, s.client, http.MethodGet, p, nil, nil)
}

// UpdateTemplate replaces a message template's text.
func (s *RecipientMessagesService) UpdateTemplate(ctx context.Context, agreementID, templateID, templateString string) (*MessageTemplate, *Response, error) {
	p, err := pathOf("agreements/%s/recipient_messages/message_templates/%s", templateIDs, agreementID, templateID)
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		TemplateString string `json:"template_string"`
	}{templateString}
	return do[*MessageTemplate](ctx, s.client, http.MethodPut, p, nil, body)
}

// DeleteTemplate deletes a message template and returns it as it was.
func (s *RecipientMessagesService) DeleteTemplate(ctx context.Context, agreementID, templateID string) (*MessageTemplate, *Response, error) {
	p, err := pathOf("agreements/%s/recipient_messages/message_templates/%s", templateIDs, agreementID, templateID)
	if err != nil {
		return nil, nil, err
	}
	return do[*MessageTemplate](ctx, s.client, http.MethodDelete, p, nil, nil)
}

// ListVariables lists the recipient message's template variables.
func (s *RecipientMessagesService) ListVariables(ctx context.Context, agreementID string) ([]*MessageTemplateVariable, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages/message_template_variables")
	if err != nil {
		return nil, nil, err
	}
	return do[items[MessageTemplateVariable]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// AllVariables iterates over an agreement's message template variables (one
// request: the API answers the list whole).
func (s *RecipientMessagesService) AllVariables(ctx context.Context, agreementID string) iter.Seq2[*MessageTemplateVariable, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*MessageTemplateVariable, *Response, error) {
		return s.ListVariables(ctx, agreementID)
	})
}

// CreateVariable adds a template variable.
func (s *RecipientMessagesService) CreateVariable(ctx context.Context, agreementID string, req MessageTemplateVariableRequest) (*MessageTemplateVariable, *Response, error) {
	p, err := agreementPath(agreementID, "/recipient_messages/message_template_variables")
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("variable_name", req.VariableName); err != nil {
		return nil, nil, err
	}
	return do[*MessageTemplateVariable](ctx, s.client, http.MethodPost, p, nil, req)
}

// GetVariable returns one template variable.
func (s *RecipientMessagesService) GetVariable(ctx context.Context, agreementID, variableID string) (*MessageTemplateVariable, *Response, error) {
	p, err := pathOf("agreements/%s/recipient_messages/message_template_variables/%s", variableIDs, agreementID, variableID)
	if err != nil {
		return nil, nil, err
	}
	return do[*MessageTemplateVariable](ctx, s.client, http.MethodGet, p, nil, nil)
}

// UpdateVariable changes a template variable's name and/or value; empty
// fields are left unchanged.
func (s *RecipientMessagesService) UpdateVariable(ctx context.Context, agreementID, variableID string, req MessageTemplateVariableRequest) (*MessageTemplateVariable, *Response, error) {
	p, err := pathOf("agreements/%s/recipient_messages/message_template_variables/%s", variableIDs, agreementID, variableID)
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		VariableName  string `json:"variable_name,omitempty"`
		VariableValue string `json:"variable_value,omitempty"`
	}{req.VariableName, req.VariableValue}
	return do[*MessageTemplateVariable](ctx, s.client, http.MethodPut, p, nil, body)
}

// DeleteVariable deletes a template variable and returns it as it was.
func (s *RecipientMessagesService) DeleteVariable(ctx context.Context, agreementID, variableID string) (*MessageTemplateVariable, *Response, error) {
	p, err := pathOf("agreements/%s/recipient_messages/message_template_variables/%s", variableIDs, agreementID, variableID)
	if err != nil {
		return nil, nil, err
	}
	return do[*MessageTemplateVariable](ctx, s.client, http.MethodDelete, p, nil, nil)
}
