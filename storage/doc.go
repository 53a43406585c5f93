// Package storage defines where uploaded documents live: a small blob Store
// interface, the rules every key must follow, and the sentinel errors that
// every backend returns.
//
// Backends live in subpackages, one per technology (storage/disk,
// storage/s3), and each exports the same names: a Store type and a New
// constructor. Vendor SDK types and errors never cross a backend's boundary;
// a backend translates them into the sentinels in errors.go, so callers branch
// with errors.Is and never import a vendor package.
//
// Documents are content addressed: a tenant's document is stored once, under
// the SHA-256 of its bytes (see DocumentKey), so re-uploading the same scan is
// idempotent and never duplicates data.
//
// This package imports only the standard library, so it can be imported by
// anything without pulling in an SDK. The conformance suite every backend must
// pass is in storage/storagetest.
package storage
