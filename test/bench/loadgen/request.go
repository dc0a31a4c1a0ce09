package main

import (
	"fmt"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// requestBytes returns the encoded RunFunctionRequest of a reconcile of a BucketSet XR asking for
// size Buckets: the observed XR as Crossplane sends it (metadata, spec, status), the desired XR, and
// one composed resource an earlier pipeline step desired, which the function must pass through.
func requestBytes(size int) ([]byte, error) {
	xr, err := structpb.NewStruct(map[string]any{
		"apiVersion": "bench.kxp.dev/v1alpha1",
		"kind":       "BucketSet",
		"metadata": map[string]any{
			"name":            "assets",
			"namespace":       "team-a",
			"uid":             "6f1c2b9e-3c44-4e0a-9a52-0b1f4d3c2a10",
			"generation":      3,
			"resourceVersion": "48211",
			"labels":          map[string]any{"team": "storage", "env": "production"},
			"annotations":     map[string]any{"bench.kxp.dev/owner": "storage@example.com"},
		},
		"spec": map[string]any{
			"count":  size,
			"region": "eu-central-1",
			"crossplane": map[string]any{
				"compositionRef": map[string]any{"name": "bucketsets"},
			},
		},
		"status": map[string]any{
			"conditions": []any{map[string]any{
				"type": "Ready", "status": "True", "reason": "Available",
				"lastTransitionTime": "2026-01-01T00:00:00Z",
			}},
		},
	})
	if err != nil {
		return nil, err
	}
	dxr, err := structpb.NewStruct(map[string]any{
		"apiVersion": "bench.kxp.dev/v1alpha1",
		"kind":       "BucketSet",
		"metadata":   map[string]any{"name": "assets", "namespace": "team-a"},
	})
	if err != nil {
		return nil, err
	}
	vpc, err := structpb.NewStruct(map[string]any{
		"apiVersion": "ec2.aws.m.upbound.io/v1beta1",
		"kind":       "VPC",
		"metadata":   map[string]any{"name": "assets-network"},
		"spec": map[string]any{"forProvider": map[string]any{
			"region": "eu-central-1", "cidrBlock": "10.0.0.0/16", "enableDnsSupport": true,
		}},
	})
	if err != nil {
		return nil, err
	}
	req := &fnv1.RunFunctionRequest{
		Meta:     &fnv1.RequestMeta{Tag: fmt.Sprintf("bench-%d", size)},
		Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: xr}},
		Desired: &fnv1.State{
			Composite: &fnv1.Resource{Resource: dxr},
			Resources: map[string]*fnv1.Resource{passedThrough: {Resource: vpc}},
		},
	}
	return proto.Marshal(req)
}

// passedThrough is the name of the resource an earlier step desired.
const passedThrough = "network"

// checkSummary is what -check prints: enough for the driver to tell that a function did the work,
// and to compare the implementations' output with each other.
type checkSummary struct {
	Desired       int              `json:"desired"`
	PassedThrough bool             `json:"passedThrough"`
	Fatal         []string         `json:"fatal"`
	Bucket0       map[string]any   `json:"bucket0"`
	Status        any              `json:"status"`
	Conditions    []map[string]any `json:"conditions"`
}

// summarize returns the checkSummary of an encoded RunFunctionResponse.
func summarize(b []byte) (*checkSummary, error) {
	rsp := &fnv1.RunFunctionResponse{}
	if err := proto.Unmarshal(b, rsp); err != nil {
		return nil, fmt.Errorf("cannot decode RunFunctionResponse: %w", err)
	}
	resources := rsp.GetDesired().GetResources()
	s := &checkSummary{Desired: len(resources), Fatal: []string{}, Conditions: []map[string]any{}}
	_, s.PassedThrough = resources[passedThrough]
	if b0, ok := resources["bucket-0"]; ok {
		s.Bucket0 = b0.GetResource().AsMap()
	}
	s.Status = rsp.GetDesired().GetComposite().GetResource().AsMap()["status"]
	for _, r := range rsp.GetResults() {
		if r.GetSeverity() == fnv1.Severity_SEVERITY_FATAL {
			s.Fatal = append(s.Fatal, r.GetMessage())
		}
	}
	for _, c := range rsp.GetConditions() {
		s.Conditions = append(s.Conditions, map[string]any{
			"type": c.GetType(), "status": c.GetStatus().String(), "reason": c.GetReason(),
			"message": c.GetMessage(), "target": c.GetTarget().String(),
		})
	}
	return s, nil
}
