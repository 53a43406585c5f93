package ocr

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/otiai10/gosseract/v2"
	"golang.org/x/image/tiff"
)

// Config tunes an Engine. The zero value is usable.
type Config struct {
	// Languages are Tesseract language codes; default ["eng"].
	Languages []string
	// TessdataPrefix is the directory holding <lang>.traineddata and
	// osd.traineddata; "" uses TESSDATA_PREFIX or Tesseract's built-in path.
	TessdataPrefix string
	// PageTimeout bounds one Recognize or ReadLine call; default 60s.
	// A call that takes longer returns ErrTimeout.
	PageTimeout time.Duration
	// RecycleAfter replaces the Tesseract handle after this many pages, so
	// whatever a handle accumulates over its life stays bounded; default
	// 200. A new handle costs ~0.2 s to load its models.
	RecycleAfter int
	// Fast reads pages scanned at 150 DPI or more at their own resolution
	// instead of resampling them to 300 DPI. Tesseract's time grows with
	// the pixels: 150- and 200-DPI pages read ~1.3–1.6× faster, but poor
	// scans (fax, noise, blur) lose values that the finer page keeps.
	// Re-reads of identifier lines are upscaled either way.
	Fast bool
	// RereadTessdata is the directory holding eng_best.traineddata
	// (Tesseract's best_int English model), with which ReadLine re-reads
	// identifier lines. "" looks where scripts/bestmodel.sh installs it,
	// ${XDG_CACHE_HOME:-~/.cache}/noticescan/tessdata, then in the
	// tessdata directories the page model is searched in. Without the
	// model, re-reads use the page's model.
	RereadTessdata string
}

// rereadLang is the language name of the re-read model.
const rereadLang = "eng_best"

func (c Config) withDefaults() Config {
	if len(c.Languages) == 0 {
		c.Languages = []string{"eng"}
	}
	if c.PageTimeout <= 0 {
		c.PageTimeout = 60 * time.Second
	}
	if c.RecycleAfter <= 0 {
		c.RecycleAfter = 200
	}
	return c
}

// initMu serializes Tesseract initialization across the process. gosseract's
// Init swaps the process-wide stderr (file descriptor 2 and its C stdio
// buffer, pointed at a stack array) while Tesseract loads its models; two
// handles doing that at once can leave fd 2 on /dev/null for good or stdio
// writing into a dead stack frame. That state is per process, so the lock
// must be too: it is the package's only global.
var initMu sync.Mutex

// Engine reads page images with one Tesseract handle. It is not safe for
// concurrent use: give each worker goroutine its own Engine. Two goroutines
// in one handle corrupt Tesseract's heap (double free).
type Engine struct {
	cfg    Config
	client *gosseract.Client // nil until needed, and after a handle was abandoned
	pages  int               // pages read by client
	// line is a second handle with the re-read model, loaded on the first
	// re-read (most pages have none); nil until then, after it was
	// abandoned, and for good when the model is absent (lineDir "").
	line      *gosseract.Client
	lineCalls int    // ReadLine calls served by line
	lineDir   string // directory of the re-read model; set by lineClient
	lineFound bool   // lineDir was looked for
	lineErr   error  // why the model found in lineDir could not be loaded
	closed    bool
	// hold, set only by tests, runs on a Tesseract call's goroutine before
	// the call, with its context: it keeps a page in Tesseract for as long
	// as a test needs, whatever the machine's speed.
	hold func(ctx context.Context)
}

// NewEngine starts a Tesseract handle and loads its models, so a missing
// installation shows up here (ErrNoEngine) rather than on the first page.
func NewEngine(cfg Config) (*Engine, error) {
	cfg = cfg.withDefaults()
	if dir := findTessdata(cfg.TessdataPrefix, cfg.Languages[0]); dir != "" {
		for _, lang := range append([]string{"osd"}, cfg.Languages...) {
			if _, err := os.Stat(filepath.Join(dir, lang+".traineddata")); err != nil {
				return nil, fmt.Errorf("%w (%s.traineddata missing in %s)", ErrNoEngine, lang, dir)
			}
		}
	}
	quietLeptonica()
	e := &Engine{cfg: cfg}
	c, err := e.newClient()
	if err != nil {
		return nil, err
	}
	e.client = c
	return e, nil
}

// Close frees the Tesseract handles. A handle abandoned by a timeout is
// freed by itself once Tesseract returns.
func (e *Engine) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.client != nil {
		e.client.Close()
		e.client = nil
	}
	if e.line != nil {
		e.line.Close()
		e.line = nil
	}
	return nil
}

// findTessdata locates the language data directory, if it can: the
// configured prefix, TESSDATA_PREFIX, or a usual system location holding
// lang. "" means unknown; Tesseract may still find its compiled-in path.
func findTessdata(prefix, lang string) string {
	if prefix != "" {
		return prefix
	}
	if env := os.Getenv("TESSDATA_PREFIX"); env != "" {
		return env
	}
	for _, pattern := range []string{
		"/usr/share/tesseract-ocr/*/tessdata",
		"/usr/share/tessdata",
		"/usr/local/share/tessdata",
		"/opt/homebrew/share/tessdata",
	} {
		dirs, _ := filepath.Glob(pattern)
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(d, lang+".traineddata")); err == nil {
				return d
			}
		}
	}
	return ""
}

// findRereadModel returns the directory holding the re-read model, or ""
// when there is none: the configured directory alone when set, else the
// user cache scripts/bestmodel.sh installs to, then the page model's
// directories.
func findRereadModel(cfg Config) string {
	has := func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, rereadLang+".traineddata"))
		return dir != "" && err == nil
	}
	if cfg.RereadTessdata != "" {
		if has(cfg.RereadTessdata) {
			return cfg.RereadTessdata
		}
		return ""
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if home, err := os.UserHomeDir(); cache == "" && err == nil {
		cache = filepath.Join(home, ".cache")
	}
	if cache != "" && has(filepath.Join(cache, "noticescan", "tessdata")) {
		return filepath.Join(cache, "noticescan", "tessdata")
	}
	if dir := findTessdata(cfg.TessdataPrefix, rereadLang); has(dir) {
		return dir
	}
	return ""
}

// newClient creates a handle for the page model.
func (e *Engine) newClient() (*gosseract.Client, error) {
	return newClient(e.cfg.TessdataPrefix, e.cfg.Languages...)
}

// newClient creates a handle for langs, found in prefix ("" for
// Tesseract's own search), and initializes it on a blank image, which
// loads the models at a time of our choosing and under initMu.
func newClient(prefix string, langs ...string) (*gosseract.Client, error) {
	c := gosseract.NewClient()
	if err := c.SetLanguage(langs...); err != nil {
		c.Close()
		return nil, fmt.Errorf("%w (%v)", ErrNoEngine, err)
	}
	if prefix != "" {
		if err := c.SetTessdataPrefix(prefix); err != nil {
			c.Close()
			return nil, fmt.Errorf("%w (%v)", ErrNoEngine, err)
		}
	}
	// Tesseract chats on stderr for every page ("Empty page!!", resolution
	// estimates); a server's log has no use for it.
	if err := c.DisableOutput(); err != nil {
		c.Close()
		return nil, fmt.Errorf("start tesseract: %v", err)
	}
	if err := c.SetImageFromBytes(encodeTIFF(blank(32, 32))); err != nil {
		c.Close()
		return nil, fmt.Errorf("start tesseract: %v", err)
	}
	initMu.Lock()
	_, err := c.GetBoundingBoxesVerbose()
	initMu.Unlock()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("%w (%v)", ErrNoEngine, err)
	}
	return c, nil
}

// acquire returns the handle for the next call, replacing it when it is
// due for recycling or was abandoned. Callers start their time limit after
// it: loading the models is not the page's fault.
func (e *Engine) acquire() (*gosseract.Client, error) {
	if e.closed {
		return nil, ErrClosed
	}
	if e.client != nil && e.pages >= e.cfg.RecycleAfter {
		e.client.Close()
		e.client = nil
	}
	if e.client == nil {
		c, err := e.newClient()
		if err != nil {
			return nil, err
		}
		e.client, e.pages = c, 0
	}
	return e.client, nil
}

// RereadModel loads the re-read model, if not loaded yet, and returns its
// directory, "" when there is none. A model that is there but that
// Tesseract cannot load (a truncated download) is an error: re-reads then
// use the page model, which reads identifier lines on poor scans less
// well, and the operator should hear of it rather than find out from the
// results. Like every Engine method, it must not run concurrently.
func (e *Engine) RereadModel() (string, error) {
	if e.lineClient() == nil {
		return "", e.lineErr
	}
	return e.lineDir, nil
}

// lineClient returns the re-read model's handle, loading it on first use
// and replacing it when due for recycling or abandoned, or nil when the
// model is absent or fails to load: the caller then re-reads with the page
// handle, as without the model.
func (e *Engine) lineClient() *gosseract.Client {
	if !e.lineFound {
		e.lineDir, e.lineFound = findRereadModel(e.cfg), true
	}
	if e.lineDir == "" {
		return nil
	}
	if e.line != nil && e.lineCalls >= e.cfg.RecycleAfter {
		e.line.Close()
		e.line = nil
	}
	if e.line == nil {
		c, err := newClient(e.lineDir, rereadLang)
		if err != nil {
			// A model Tesseract cannot load will not load next time either.
			e.lineErr = fmt.Errorf("re-read model %s: Tesseract cannot load it; reinstall it (scripts/bestmodel.sh) or remove it",
				filepath.Join(e.lineDir, rereadLang+".traineddata"))
			e.lineDir = ""
			return nil
		}
		e.line, e.lineCalls = c, 0
	}
	return e.line
}

// run calls fn with c in a goroutine of its own, because gosseract calls
// take no context and cannot be interrupted. When ctx ends first, c is
// abandoned to that goroutine, which frees it once Tesseract returns; the
// next call starts a fresh handle. fn must not touch the Engine, and should
// check ctx between Tesseract calls so an abandoned page stops early.
func (e *Engine) run(ctx context.Context, c *gosseract.Client, fn func(c *gosseract.Client) error) error {
	done := make(chan error, 1)
	hold := e.hold
	go func() {
		if hold != nil {
			hold(ctx)
		}
		done <- fn(c)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		if c == e.line {
			e.line, e.lineCalls = nil, 0
		} else {
			e.client, e.pages = nil, 0
		}
		go func() {
			<-done
			c.Close()
		}()
		return context.Cause(ctx)
	}
}

// setDPI tells Tesseract the image resolution. The TIFF we hand over has
// no resolution tag, and without one gosseract declares 70 DPI, which skews
// Tesseract's size-based layout decisions on a 300-DPI page.
func setDPI(c *gosseract.Client, dpi float64) error {
	v := min(2400, max(70, int(dpi+0.5)))
	return c.SetVariable("user_defined_dpi", strconv.Itoa(v))
}

// encodeTIFF wraps the pixels in an uncompressed TIFF. Leptonica decodes it
// in ~3 ms for a 300-DPI Letter page, against ~300 ms for PGM (read byte by
// byte) and ~40 ms to decode plus 110–150 ms to encode for PNG.
func encodeTIFF(g *image.Gray) []byte {
	var buf bytes.Buffer
	buf.Grow(len(g.Pix) + 1024)
	// Writing to a bytes.Buffer cannot fail and the image type is supported.
	_ = tiff.Encode(&buf, g, nil)
	return buf.Bytes()
}

// blank returns a white w×h image.
func blank(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return g
}
