// Command kstatus prints the status that kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status), the
// library behind Flux's and kpt's health checks, computes for one Kubernetes object read as JSON on
// stdin: {"status":"Current|InProgress|Failed|Terminating","message":"..."} on stdout. It exits 2
// when the input is not an object.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

// result is what the command prints.
type result struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

// run computes the status of the object in in and writes it to out.
func run(in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return fmt.Errorf("cannot read stdin: %w", err)
	}
	// UnmarshalJSON keeps integers as int64, as kstatus's field accessors expect.
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(data); err != nil {
		return fmt.Errorf("cannot parse the object: %w", err)
	}
	res, err := status.Compute(u)
	if err != nil {
		return fmt.Errorf("cannot compute the status: %w", err)
	}
	return json.NewEncoder(out).Encode(result{Status: string(res.Status), Message: res.Message})
}
