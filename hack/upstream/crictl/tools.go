//go:build tools

// Package tools pins crictl (the CRI command-line client) used to inspect the
// container runtime behind an upstream kubelet. It lives in a module of its
// own, separate from ../go.mod, because cri-tools needs newer gRPC and
// OpenTelemetry modules than Kubernetes v1.35.4 pins; in one module those
// would raise the versions the kubelet and e2e.test are built with.
package tools

import (
	_ "sigs.k8s.io/cri-tools/cmd/crictl"
)
