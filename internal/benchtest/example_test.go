package benchtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/esignkit/esign/internal/benchtest"
)

// A StaticTransport answers every request with the same JSON body, so a
// benchmark times the client and the decoding, not the network.
func ExampleStaticTransport() {
	tr := &benchtest.StaticTransport{
		Body:   []byte(`{"items":[{"id":"a"},{"id":"b"}]}`),
		Header: http.Header{"X-Total": {"2"}},
	}
	hc := &http.Client{Transport: tr}
	resp, err := hc.Get("https://api.example.com/items?limit=2")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var page struct {
		Items []struct{ ID string } `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("X-Total"), resp.ContentLength)
	fmt.Println(len(page.Items), page.Items[1].ID)
	// Output:
	// 200 application/json 2 33
	// 2 b
}
