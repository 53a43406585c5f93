package archive_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/noticescan/noticescan/archive"
)

// fuzzLimits are small so that a fuzzer's input can reach every limit.
var fuzzLimits = archive.Limits{MaxEntryBytes: 64 << 10, MaxArchiveBytes: 1 << 20, MaxRatio: 50}

// readEvery reads each entry and checks the limits held.
func readEvery(t *testing.T) archive.WalkFunc {
	return func(e *archive.Entry) error {
		data, err := e.ReadAll()
		if err == nil && int64(len(data)) > fuzzLimits.MaxEntryBytes {
			t.Fatalf("%s: read %d bytes, over the limit", e.Name, len(data))
		}
		if e.Err != nil && !archive.Permanent(e.Err) {
			t.Fatalf("%s: refusal %v is not Permanent", e.Name, e.Err)
		}
		return nil
	}
}

// FuzzZip: no input makes WalkZip panic, hang or read past the limits.
func FuzzZip(f *testing.F) {
	f.Add(zipBytes(f, member{name: "a.pdf", data: []byte("%PDF-1.7")}, member{name: "../b.pdf", data: []byte("b")}))
	f.Add(overlapZip(f, deflated(f, make([]byte, 1<<16)), 1<<16, 4))
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := archive.WalkZip(context.Background(), bytes.NewReader(data), int64(len(data)), "f.zip", fuzzLimits, readEvery(t))
		if err != nil {
			t.Fatalf("walk failed instead of reporting an entry: %v", err)
		}
	})
}

// FuzzTar: no input makes WalkTar panic, hang or read past the limits,
// compressed or not.
func FuzzTar(f *testing.F) {
	ms := []member{{name: "a.pdf", data: []byte("%PDF-1.7")}, {name: "l", typeflag: '2', linkname: "/etc/passwd"}}
	f.Add(tarBytes(f, false, ms...), false)
	f.Add(tarBytes(f, true, ms...), true)
	f.Add(tarBytes(f, true, member{name: "z.pdf", data: make([]byte, 1<<18)}), true)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		err := archive.WalkTar(context.Background(), bytes.NewReader(data), "f.tar", gz, fuzzLimits, readEvery(t))
		if err != nil {
			t.Fatalf("walk failed instead of reporting an entry: %v", err)
		}
	})
}
