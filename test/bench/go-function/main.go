// Command go-function is the benchmark's composition function written with function-sdk-go, the
// way function-template-go writes one: request getters, composed.Unstructured, response setters,
// function.Serve. It does the same work as test/bench/functions/kxp.ts and ts-sdk.ts: read the
// observed XR's spec.count and spec.region, desire that many S3-like Buckets, set the XR's status
// and a condition, and pass through desired state from earlier steps.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/crossplane/function-sdk-go"
	"github.com/crossplane/function-sdk-go/errors"
	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/request"
	"github.com/crossplane/function-sdk-go/resource"
	"github.com/crossplane/function-sdk-go/resource/composed"
	"github.com/crossplane/function-sdk-go/response"
)

// Function composes a set of Buckets.
type Function struct {
	fnv1.UnimplementedFunctionRunnerServiceServer

	log logging.Logger
}

// RunFunction desires spec.count Buckets in spec.region.
func (f *Function) RunFunction(_ context.Context, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionResponse, error) {
	f.log.Debug("Running function", "tag", req.GetMeta().GetTag())
	rsp := response.To(req, response.DefaultTTL)

	oxr, err := request.GetObservedCompositeResource(req)
	if err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot get observed composite resource"))
		return rsp, nil
	}
	count, err := oxr.Resource.GetInteger("spec.count")
	if err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot read spec.count"))
		return rsp, nil
	}
	region, err := oxr.Resource.GetString("spec.region")
	if err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot read spec.region"))
		return rsp, nil
	}

	// Start from what earlier steps desired, so it passes through.
	desired, err := request.GetDesiredComposedResources(req)
	if err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot get desired composed resources"))
		return rsp, nil
	}
	xrName := oxr.Resource.GetName()
	for i := range int(count) {
		cd := composed.New()
		cd.Object = bucket(xrName, region, i)
		desired[resource.Name(fmt.Sprintf("bucket-%d", i))] = &resource.DesiredComposed{Resource: cd}
	}
	if err := response.SetDesiredComposedResources(rsp, desired); err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot set desired composed resources"))
		return rsp, nil
	}

	dxr, err := request.GetDesiredCompositeResource(req)
	if err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot get desired composite resource"))
		return rsp, nil
	}
	_ = dxr.Resource.SetValue("status.bucketCount", count)
	_ = dxr.Resource.SetString("status.region", region)
	if err := response.SetDesiredCompositeResource(rsp, dxr); err != nil {
		response.Fatal(rsp, errors.Wrap(err, "cannot set desired composite resource"))
		return rsp, nil
	}
	response.ConditionTrue(rsp, "BucketsComposed", "Composed").
		TargetCompositeAndClaim().
		WithMessage(fmt.Sprintf("%d buckets in %s", count, region))
	return rsp, nil
}

// bucket returns the i-th Bucket of XR xr: the same fields, in the same shapes, as
// test/bench/functions/bucket.ts (the benchmark checks that the implementations agree).
// Values are map[string]any, not map[string]string: structpb only converts the former.
func bucket(xr, region string, i int) map[string]any {
	name := fmt.Sprintf("%s-bucket-%d", xr, i)
	return map[string]any{
		"apiVersion": "s3.aws.m.upbound.io/v1beta1",
		"kind":       "Bucket",
		"metadata": map[string]any{
			"name": name,
			"labels": map[string]any{
				"app.kubernetes.io/part-of":    xr,
				"app.kubernetes.io/managed-by": "crossplane",
				"bench.kxp.dev/set":            xr,
				"bench.kxp.dev/index":          fmt.Sprint(i),
				"bench.kxp.dev/region":         region,
				"team":                         "storage",
			},
			"annotations": map[string]any{
				"crossplane.io/external-name": name,
				"bench.kxp.dev/description":   fmt.Sprintf("bucket %d of %s", i, xr),
				"bench.kxp.dev/owner":         "storage@example.com",
			},
		},
		"spec": map[string]any{
			"forProvider": map[string]any{
				"region":            region,
				"forceDestroy":      false,
				"objectLockEnabled": i%2 == 0,
				"tags": map[string]any{
					"Name":        name,
					"Environment": "production",
					"CostCenter":  "cc-1234",
					"Owner":       "storage",
					"ManagedBy":   "crossplane",
					"Index":       fmt.Sprint(i),
					"Region":      region,
				},
			},
			"providerConfigRef":          map[string]any{"kind": "ProviderConfig", "name": "default"},
			"managementPolicies":         []any{"*"},
			"writeConnectionSecretToRef": map[string]any{"name": name + "-conn"},
		},
	}
}

func main() {
	address := flag.String("address", ":9443", "gRPC address to listen on")
	metrics := flag.String("metrics-address", ":8080", "Prometheus metrics address")
	insecure := flag.Bool("insecure", false, "serve without mTLS (the benchmark dials plain TCP)")
	debug := flag.Bool("debug", false, "debug logs")
	flag.Parse()

	log, err := function.NewLogger(*debug)
	if err == nil {
		err = function.Serve(&Function{log: log},
			function.Listen("tcp", *address),
			function.Insecure(*insecure),
			function.WithMetricsServer(*metrics),
		)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
