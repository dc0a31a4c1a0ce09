// Command loadgen drives a composition function with RunFunction calls and prints what it measured
// as JSON. It encodes the request once and sends those bytes through a pass-through codec, never
// decoding a response while timing, so its own cost per call stays small beside the server's.
//
//	loadgen -address 127.0.0.1:9443 -size 100 -check      one call; prints a summary of the response
//	loadgen -address 127.0.0.1:9443 -size 100 -duration 15s  load; prints requests/s, p50, p99
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
)

const method = "/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction"

// rawCodec sends []byte as they are and, while timing, keeps only a response's length.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(*v.(*[]byte))}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	switch out := v.(type) {
	case *[]byte:
		*out = data.Materialize()
	case *int:
		*out = data.Len()
	default:
		return fmt.Errorf("rawCodec cannot decode into %T", v)
	}
	return nil
}

// result is what a load run prints.
type result struct {
	Requests      int     `json:"requests"`
	Errors        int     `json:"errors"`
	FirstError    string  `json:"firstError,omitempty"`
	Seconds       float64 `json:"seconds"`
	RPS           float64 `json:"rps"`
	P50Ms         float64 `json:"p50Ms"`
	P99Ms         float64 `json:"p99Ms"`
	RequestBytes  int     `json:"requestBytes"`
	ResponseBytes int     `json:"responseBytes"`
}

func main() {
	address := flag.String("address", "127.0.0.1:9443", "function address")
	size := flag.Int("size", 1, "composed resources the XR asks for")
	check := flag.Bool("check", false, "make one call, wait for the server if need be, and print a summary")
	warmup := flag.Duration("warmup", 3*time.Second, "load before measuring, not counted")
	duration := flag.Duration("duration", 15*time.Second, "measured load")
	workers := flag.Int("workers", 8, "concurrent calls")
	conns := flag.Int("conns", 2, "connections the workers share")
	flag.Parse()

	req, err := requestBytes(*size)
	if err == nil {
		var out any
		if *check {
			out, err = checkOnce(*address, req)
		} else {
			out, err = load(*address, req, *warmup, *duration, *workers, *conns)
		}
		if err == nil {
			err = json.NewEncoder(os.Stdout).Encode(out)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		os.Exit(1)
	}
}

func dial(address string) (*grpc.ClientConn, error) {
	return grpc.NewClient(address,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodecV2(rawCodec{}), grpc.MaxCallRecvMsgSize(64<<20)))
}

// checkOnce makes one call, waiting up to a minute for the server to listen (Node servers load
// TypeScript first), and returns the summary of the response.
func checkOnce(address string, req []byte) (*checkSummary, error) {
	conn, err := dial(address)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var rsp []byte
	if err := conn.Invoke(ctx, method, &req, &rsp, grpc.WaitForReady(true)); err != nil {
		return nil, fmt.Errorf("cannot call RunFunction: %w", err)
	}
	return summarize(rsp)
}

// load runs workers calling back to back over conns connections: warmup first, then duration
// measured. A call counts when it ends inside the measured window.
func load(address string, req []byte, warmup, duration time.Duration, workers, conns int) (*result, error) {
	cc := make([]*grpc.ClientConn, conns)
	for i := range cc {
		c, err := dial(address)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		cc[i] = c
	}
	var measuring, stopped atomic.Bool
	latencies := make([][]time.Duration, workers)
	errs := make([]error, workers)
	var errCount atomic.Int64
	var rspBytes atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			conn := cc[w%conns]
			for !stopped.Load() {
				var n int
				start := time.Now()
				err := conn.Invoke(context.Background(), method, &req, &n)
				took := time.Since(start)
				if !measuring.Load() || stopped.Load() {
					continue
				}
				if err != nil {
					errCount.Add(1)
					errs[w] = err
					continue
				}
				rspBytes.Store(int64(n))
				latencies[w] = append(latencies[w], took)
			}
		})
	}
	time.Sleep(warmup)
	measuring.Store(true)
	began := time.Now()
	time.Sleep(duration)
	stopped.Store(true)
	seconds := time.Since(began).Seconds()
	wg.Wait()

	all := slices.Concat(latencies...)
	slices.Sort(all)
	r := &result{Requests: len(all), Errors: int(errCount.Load()), Seconds: seconds,
		RPS: float64(len(all)) / seconds, RequestBytes: len(req), ResponseBytes: int(rspBytes.Load()),
		P50Ms: percentileMs(all, 0.50), P99Ms: percentileMs(all, 0.99)}
	for _, err := range errs {
		if err != nil {
			r.FirstError = err.Error()
			break
		}
	}
	return r, nil
}

// percentileMs returns the p-th percentile of sorted, in milliseconds (0 when empty).
func percentileMs(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(int(p*float64(len(sorted))), len(sorted)-1)
	return float64(sorted[i].Microseconds()) / 1000
}
