// Package storagetest holds what every storage backend is tested with: Run,
// the conformance suite that pins down the storage.Store contract, and
// StartS3, which runs a real S3-compatible server (versitygw) on 127.0.0.1.
//
// A backend passes when Run passes against it; backend packages add tests
// only for behaviour the interface does not describe. The package is for
// tests only and must not be imported by product code; it imports storage,
// testing and the standard library, never a backend or a vendor SDK.
package storagetest
