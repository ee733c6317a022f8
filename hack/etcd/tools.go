//go:build tools

// Package tools pins the etcd release that tskube's tests and the etcd
// storage backend are exercised against. Nothing here is compiled into a
// program of ours: build.sh runs `go build` on the two main packages below,
// resolved through this module's go.mod/go.sum so every machine builds the
// same bits.
package tools

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/server/v3"
)
