package zigned_test

import (
	"encoding/json"
	"errors"
)

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
