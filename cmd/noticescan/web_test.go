package main_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/xuri/excelize/v2"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/results"
)

// mustChromium finds Chromium. A missing browser fails the test: `make
// test` installs it (scripts/setup.sh test), so its absence is a broken
// set-up, not a reason to pass.
func mustChromium(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	tb.Fatal("no Chromium on the PATH: run scripts/setup.sh test (Debian package chromium)")
	return ""
}

// artifactsDir is where screenshots go: $NOTICESCAN_ARTIFACTS, or a new
// temporary directory that outlives the test so a person can look.
func artifactsDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("NOTICESCAN_ARTIFACTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "noticescan-web-"); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("screenshots in %s", dir)
	return dir
}

// browserSession is one headless Chromium tab that records every request
// the page makes.
type browserSession struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	choosers int // file chooser dialogs opened
	dir      string
}

func mustBrowser(t *testing.T, timeout time.Duration) *browserSession {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(mustChromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	b := &browserSession{ctx: ctx, dir: t.TempDir()}
	if err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, e.Request.URL)
		case *cdppage.EventFileChooserOpened:
			b.choosers++
		}
	}); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return b
}

// do runs steps, failing the test with what was being done.
func (b *browserSession) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval runs a script and decodes its JSON result into T.
func eval[T any](t *testing.T, b *browserSession, what, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// waitFor polls a script until it returns true.
func (b *browserSession) waitFor(t *testing.T, what, js string, timeout time.Duration) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		page, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
		t.Fatalf("wait for %s: %v\npage text:\n%s", what, err, page)
	}
}

// screenshot saves the viewport as name.png in dir.
func (b *browserSession) screenshot(t *testing.T, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitForGo waits until cond, read under the session's lock, holds.
func (b *browserSession) waitForGo(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		b.mu.Lock()
		ok := cond()
		b.mu.Unlock()
		if ok {
			return
		}
	}
	t.Fatalf("wait for %s: timed out", what)
}

// accessibleJS lists what keeps the visible page from being used by
// keyboard, screen reader or weak eyes: controls without a name, images
// without a text, and text below the WCAG AA contrast with its background
// (4.5:1, or 3:1 for large text).
const accessibleJS = `(() => {
	const problems = [];
	const visible = (e) => !e.closest('[hidden]') && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
	const short = (e) => e.outerHTML.slice(0, 90);
	for (const e of document.querySelectorAll('input, select, textarea')) {
		if (e.type === 'hidden' || e.closest('[hidden]')) continue;
		if (!((e.labels && e.labels.length) || e.getAttribute('aria-label'))) problems.push('no label: ' + short(e));
	}
	for (const e of document.querySelectorAll('button, [role=button], a[href]')) {
		if (visible(e) && !(e.getAttribute('aria-label') || e.innerText.trim())) problems.push('no name: ' + short(e));
	}
	for (const e of document.querySelectorAll('img, canvas[role=img]')) {
		if (visible(e) && !(e.alt || e.getAttribute('aria-label'))) problems.push('no text: ' + short(e));
	}
	const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
	const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
		.reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
	const background = (e) => {
		if (!e || e.nodeType !== 1) return [255, 255, 255];
		const c = rgba(getComputedStyle(e).backgroundColor);
		if (c[3] >= 1) return c;
		const under = background(e.parentElement);
		return [0, 1, 2].map((i) => c[i] * c[3] + under[i] * (1 - c[3]));
	};
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const e = n.parentElement;
		if (!n.textContent.trim() || !visible(e) || e.closest('.toast, .visually-hidden, option')) continue;
		const s = getComputedStyle(e);
		const fg = rgba(s.color), bg = background(e);
		const ratio = (Math.max(lum(fg), lum(bg)) + 0.05) / (Math.min(lum(fg), lum(bg)) + 0.05);
		const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		if (ratio < need) problems.push('contrast ' + ratio.toFixed(2) + ' < ' + need + ': ' + JSON.stringify(n.textContent.trim().slice(0, 30)));
	}
	return [...new Set(problems)];
})()`

// checkAccessible fails the test with what accessibleJS finds.
func (b *browserSession) checkAccessible(t *testing.T, where string) {
	t.Helper()
	if problems := eval[[]string](t, b, "check accessibility", accessibleJS); len(problems) > 0 {
		t.Errorf("%s is not accessible:\n%s", where, strings.Join(problems, "\n"))
	}
}

// pageFinding is a finding as the page shows it.
type pageFinding struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Badge  string `json:"badge"`
	Box    bool   `json:"box"`
	OnPage bool   `json:"onPage"`
	Active bool   `json:"active"`
	Audit  string `json:"audit"`
}

// findingsJS lists the findings of the first result card, and whether
// each one's box is drawn inside a loaded page image.
const findingsJS = `(() => {
	const card = document.querySelector('#uploads .upload');
	return [...card.querySelectorAll('.finding')].map((li) => {
		const i = li.dataset.finding;
		const box = card.querySelector('.box[data-finding="' + i + '"]');
		const img = box && box.parentElement.querySelector('img');
		let onPage = false;
		if (box && img && img.naturalWidth > 0) {
			const b = box.getBoundingClientRect(), r = img.getBoundingClientRect();
			onPage = b.width > 10 && b.height > 5 && b.left >= r.left - 5 && b.right <= r.right + 5 && b.top >= r.top - 5 && b.bottom <= r.bottom + 5;
		}
		const audit = li.querySelector('.audit');
		return {kind: li.querySelector('.kind').innerText.replace(/^\d+\s*/, ''), value: li.querySelector('.value').innerText,
			badge: li.querySelector('.badge').innerText, box: !!box, onPage, active: !!(box && box.classList.contains('active')),
			audit: audit ? audit.innerText : ''};
	});
})()`

// TestWeb_Browser drives the web page in headless Chromium against the
// real binary with real OCR: sign in, upload generated notices, read and
// copy the account number, correct a finding, find the document again and
// download the CSV. Every request the page makes must go to the server.
func TestWeb_Browser(t *testing.T) {
	t.Parallel()
	shots := artifactsDir(t)
	notices := mustGenerate(t, noticegen.Options{
		Seed: 31, Count: 2, MaxPages: 1, DPIs: []int{150},
		Formats:      []noticegen.Format{noticegen.FormatPNG},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{noticegen.DocOnline, noticegen.DocReceipt},
	})
	var main notice
	var oan, receipt string
	for _, n := range notices {
		oan, receipt = "", ""
		for _, f := range n.Truth.Findings {
			switch f.Kind {
			case extractor.KindOnlineAccountNumber:
				oan = f.Value
			case extractor.KindReceiptNumber:
				receipt = f.Value
			}
		}
		if oan != "" && receipt != "" {
			main = n
			break
		}
	}
	if main.Path == "" {
		t.Fatal("no generated notice carries both an account number and a receipt number; change the seed")
	}
	// The gate holds the notices until the page has shown their progress,
	// which a fast machine would otherwise finish before it is seen.
	g := mustGate(t, 0)
	s := MustStartServer(t, ServerOptions{Workers: 1, Env: []string{g.env()}})
	key := s.MustCreateKey(t, "acme")
	b := mustBrowser(t, 150*time.Second)

	// Sign in.
	b.do(t, "open the page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#key")))
	b.screenshot(t, shots, "1-sign-in")
	if text := eval[string](t, b, "read the sign-in page", `document.querySelector('#signin').innerText`); !strings.Contains(text, "keys create") || !strings.Contains(text, "start-up output") {
		t.Errorf("the sign-in page does not say where a first key comes from:\n%s", text)
	}
	b.checkAccessible(t, "the sign-in screen")
	b.do(t, "sign in with a wrong key", chromedp.SendKeys(chromedp.CSS("#key"), "nsk_wrong"), submit("#signin-form"))
	b.waitFor(t, "the refusal", `document.querySelector('#signin-error').innerText.includes('not accepted')`, 10*time.Second)
	b.do(t, "sign in", setValue("#key", ""), chromedp.SendKeys(chromedp.CSS("#key"), key), submit("#signin-form"),
		chromedp.WaitVisible(chromedp.CSS("#drop")))
	if stored := eval[string](t, b, "read the key store", `sessionStorage.getItem('noticescan.key') || ''`); stored != key {
		t.Errorf("key in sessionStorage = %q; want the key just entered", stored)
	}
	if local := eval[int](t, b, "read local storage", `localStorage.length`); local != 0 {
		t.Errorf("localStorage holds %d items; the key must stay in the session", local)
	}

	b.checkAccessible(t, "the upload screen")
	// The drop zone opens the file chooser from the keyboard.
	b.do(t, "open the file chooser with Enter", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdppage.SetInterceptFileChooserDialog, cdppage.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	}), chromedp.Focus(chromedp.CSS("#drop")), chromedp.KeyEvent(kb.Enter))
	b.waitForGo(t, "the file chooser", func() bool { return b.choosers > 0 })
	b.do(t, "stop intercepting", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdppage.SetInterceptFileChooserDialog, cdppage.SetInterceptFileChooserDialogParams{Enabled: false})
		return err
	}))

	// Upload both notices and a file that is no notice at once; the main
	// notice is first in the list.
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("call back on Monday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{notes, main.Path}
	for _, n := range notices {
		if n.Path != main.Path {
			files = append(files, n.Path)
		}
	}
	b.do(t, "choose files", chromedp.SetUploadFiles(chromedp.CSS("#files"), files))
	b.waitFor(t, "progress", `document.querySelectorAll('#uploads .upload').length === 3 &&
		[...document.querySelectorAll('#uploads .state')].some((s) => /Waiting|Reading/.test(s.innerText))`, 20*time.Second)
	b.screenshot(t, shots, "2-upload-in-progress")
	g.open(t)
	b.waitFor(t, "both notices read",
		`[...document.querySelectorAll('#uploads .state')].every((s) => s.classList.contains('done') || s.classList.contains('failed'))`, 70*time.Second)
	b.waitFor(t, "the page images", `[...document.querySelectorAll('#uploads img')].every((i) => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	failed := eval[[]string](t, b, "read states", `[...document.querySelectorAll('#uploads .state.failed')].map((s) => s.innerText)`)
	if len(failed) != 1 || !strings.HasPrefix(failed[0], "Failed: unsupported file type") {
		t.Fatalf("failed uploads %q; want only the text file, with the reason", failed)
	}
	// Out of the way, so that the results are what the screenshots show.
	eval[bool](t, b, "drop the failed card", `(document.querySelector('#uploads .state.failed').closest('li').remove(), true)`)
	// The list is newest first: the main notice was sent first, so it is last.
	b.do(t, "put the main notice first", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const ul = document.querySelector('#uploads');
			const main = [...ul.children].find((li) => li.querySelector('.upload-name').innerText === `+jsString(filepath.Base(main.Path))+`);
			ul.prepend(main);
			return true;
		})()`))
		return err
	}))

	found := eval[[]pageFinding](t, b, "read the findings", findingsJS)
	i := slices.IndexFunc(found, func(f pageFinding) bool { return f.Kind == "USCIS Online Account Number" })
	if i < 0 {
		t.Fatalf("no USCIS Online Account Number shown; findings %+v", found)
	}
	if got := strings.ReplaceAll(found[i].Value, " ", ""); got != oan {
		t.Errorf("account number shown as %q; the notice says %s", found[i].Value, extractor.Mask(extractor.KindOnlineAccountNumber, oan))
	}
	if !found[i].OnPage || (found[i].Badge != "Sure" && found[i].Badge != "Check this") {
		t.Errorf("account number: box drawn %v, on the page image %v, badge %q", found[i].Box, found[i].OnPage, found[i].Badge)
	}
	// Hovering the finding highlights its box.
	b.do(t, "hover the account number", chromedp.Focus(chromedp.CSS(fmt.Sprintf(`#uploads .upload .finding[data-finding="%d"] .copy`, i))))
	if f := eval[[]pageFinding](t, b, "read the highlight", findingsJS)[i]; !f.Active {
		t.Error("the account number's box is not highlighted while its finding has focus")
	}
	b.do(t, "scroll to the result", chromedp.ScrollIntoView(chromedp.CSS("#uploads .upload .result")))
	b.screenshot(t, shots, "3-result")
	b.checkAccessible(t, "the result screen")

	// Copy: the page writes the value without spaces to the clipboard.
	eval[bool](t, b, "watch the clipboard", `(() => {
		window.copied = [];
		const write = navigator.clipboard.writeText.bind(navigator.clipboard);
		navigator.clipboard.writeText = (v) => { window.copied.push(v); return write(v).catch(() => {}); };
		return true;
	})()`)
	b.do(t, "copy", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#uploads .upload .finding[data-finding="%d"] .copy`, i))))
	b.waitFor(t, "the copy", `window.copied.length === 1`, 5*time.Second)
	if got := eval[string](t, b, "read the copy", `window.copied[0]`); got != oan {
		t.Errorf("copied %q; want the account number without spaces", extractor.Mask(extractor.KindOnlineAccountNumber, got))
	}

	// Correct the receipt number: a wrong value is refused, a right one kept
	// with who and when.
	r := slices.IndexFunc(found, func(f pageFinding) bool { return f.Kind == "Receipt Number" })
	if r < 0 {
		t.Fatalf("no receipt number shown; findings %+v", found)
	}
	corrected := "IOE0912345678"
	if receipt == corrected {
		corrected = "IOE0912345679"
	}
	item := fmt.Sprintf(`#uploads .upload .finding[data-finding="%d"]`, r)
	b.do(t, "open the fix form", chromedp.Click(chromedp.CSS(item+` button[aria-expanded]`)),
		chromedp.WaitVisible(chromedp.CSS(item+` .fix input`)),
		setValue(item+` .fix input`, "XYZ123"),
		submit(item+` .fix`))
	b.waitFor(t, "the refusal", `document.querySelector('`+item+` .fix .error').innerText.includes('not a valid')`, 10*time.Second)
	b.do(t, "correct", setValue(item+` .fix input`, strings.ToLower(corrected[:3])+"-"+corrected[3:]),
		submit(item+` .fix`))
	b.waitFor(t, "the correction", `!!document.querySelector('`+item+` .audit')`, 10*time.Second)
	b.screenshot(t, shots, "4-review")
	f := eval[[]pageFinding](t, b, "read the correction", findingsJS)[r]
	if f.Value != corrected || f.Badge != "Corrected" || !strings.Contains(f.Audit, key[:12]) || !strings.Contains(f.Audit, receipt) {
		t.Errorf("after correcting: %+v; want the new value, the reviewer and the value as read", f)
	}

	// Find the document by its receipt number, as read, in the list.
	b.do(t, "search the list", chromedp.Click(chromedp.CSS("#tab-list")), chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), receipt), submit("#search"))
	b.waitFor(t, "one match", `document.querySelector('#list-status').innerText === '1 document shown.'`, 10*time.Second)
	if name := eval[string](t, b, "read the match", `document.querySelector('#docs tbody td').innerText`); name != filepath.Base(main.Path) {
		t.Errorf("searching the receipt number found %q; want %s", name, filepath.Base(main.Path))
	}
	b.do(t, "search by the corrected value", setValue("#q", corrected), submit("#search"))
	b.waitFor(t, "one match", `document.querySelector('#list-status').innerText === '1 document shown.'`, 10*time.Second)
	b.do(t, "search by the receipt number again", setValue("#q", receipt), submit("#search"))
	b.waitFor(t, "one match", `document.querySelector('#list-status').innerText === '1 document shown.'`, 10*time.Second)
	b.do(t, "open it", chromedp.Click(chromedp.CSS("#docs tbody button")), chromedp.WaitVisible(chromedp.CSS("#detail .finding")))
	b.checkAccessible(t, "the list screen")
	eval[bool](t, b, "back to the top", `window.scrollTo(0, 0), true`)
	b.screenshot(t, shots, "5-list")

	// Download the CSV of the list.
	b.do(t, "download the CSV", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: b.dir,
		})
		return err
	}), chromedp.Click(chromedp.CSS("#csv")))
	rows := mustDownloadedCSV(t, b.dir)
	// The search is still in the form: the CSV holds the one document,
	// with the corrected receipt number and the review that made it.
	receipts, review := slices.Index(batchResultColumns, "receipt_number"), slices.Index(batchResultColumns, "review")
	if len(rows) != 2 || len(rows[1]) != len(batchResultColumns) ||
		!slices.Contains(strings.Split(rows[1][receipts], ";"), corrected) || !strings.Contains(rows[1][review], "receipt_number corrected") {
		t.Errorf("CSV has %d rows (%q); want a header and the document's row with the corrected receipt number", len(rows), rows)
	}

	// And as an Excel workbook, fetched the same way: the same filter,
	// the same columns.
	b.do(t, "download the workbook", chromedp.Click(chromedp.CSS("#xlsx")))
	sheet := mustDownloadedXLSX(t, b.dir)
	if len(sheet) != 2 || !slices.Equal(sheet[0], results.Columns()) ||
		!slices.Contains(strings.Split(sheet[1][receipts], ";"), corrected) {
		t.Errorf("workbook has %d rows (%q); want the header %q and the document's row with the corrected receipt number", len(sheet), sheet, results.Columns())
	}

	// Tablet width: the same result, one column.
	b.do(t, "tablet", chromedp.EmulateViewport(800, 1100), chromedp.Click(chromedp.CSS("#tab-read")))
	b.screenshot(t, shots, "6-tablet")

	// Phone width: nothing wider than the screen, no identifier over two
	// lines, the boxes' numbers beside them.
	b.do(t, "phone", chromedp.EmulateViewport(390, 844), chromedp.Click(chromedp.CSS("#tab-read")))
	b.checkPhone(t, "the results at 390 px")
	b.screenshot(t, shots, "7-phone-result")
	b.do(t, "phone list", chromedp.Click(chromedp.CSS("#tab-list")))
	b.waitFor(t, "the list", `document.querySelector('#list-status').innerText === '1 document shown.'`, 10*time.Second)
	b.do(t, "open it", chromedp.Click(chromedp.CSS("#docs tbody button")), chromedp.WaitVisible(chromedp.CSS("#detail .finding")))
	b.checkPhone(t, "the list at 390 px")
	eval[bool](t, b, "back to the top", `window.scrollTo(0, 0), true`)
	b.screenshot(t, shots, "8-phone-list")

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) < 5 {
		t.Errorf("only %d requests recorded; the recorder is not working", len(b.requests))
	}
	for _, u := range b.requests {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "blob" && p.Host != s.Addr) {
			t.Errorf("the page requested %s, which is not the server", u)
		}
	}
}

// phoneJS lists what is wrong with the page's layout at a narrow width:
// anything reaching past the viewport, an identifier whose text lies on
// more than one line (its text's client rects at more than one height), a
// box's number covering the box's left side, where the label is printed.
const phoneJS = `(() => {
	const W = document.documentElement.clientWidth;
	const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
	const out = [];
	if (document.documentElement.scrollWidth > W) out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + W);
	for (const e of document.querySelectorAll('body *')) {
		if (e.closest('.skip')) continue; // off-screen until focused, by design
		const r = e.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (r.right > W + 0.5 || r.left < -0.5) out.push(name(e) + ' reaches ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + W);
	}
	let values = 0;
	for (const e of document.querySelectorAll('.value, td.ids div')) {
		if (e.getClientRects().length === 0) continue; // not displayed
		values++;
		const range = document.createRange();
		range.selectNodeContents(e);
		const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
		if (tops.size !== 1) out.push(name(e) + ' lies on ' + tops.size + ' lines');
	}
	if (values === 0) out.push('no identifier shown to check');
	for (const s of document.querySelectorAll('.box span')) {
		const box = s.parentElement.getBoundingClientRect(), r = s.getBoundingClientRect();
		if (box.width === 0) continue;
		if (!(r.left >= box.right - 1 || r.bottom <= box.top + 1)) out.push('marker ' + s.textContent + ' is neither right of its box nor above it (left is where labels are printed)');
	}
	return out;
})()`

// checkPhone fails the test on every layout fault phoneJS finds.
func (b *browserSession) checkPhone(t *testing.T, where string) {
	t.Helper()
	for _, p := range eval[[]string](t, b, "check the layout of "+where, phoneJS) {
		t.Errorf("%s: %s", where, p)
	}
}

// mustDownloadedCSV waits for a CSV file in dir and parses it.
func mustDownloadedCSV(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(mustDownloaded(t, dir, ".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("downloaded CSV: %v", err)
	}
	return rows
}

// mustDownloadedXLSX waits for a workbook in dir and reads the rows of its
// results sheet.
func mustDownloadedXLSX(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(mustDownloaded(t, dir, ".xlsx"))
	if err != nil {
		t.Fatalf("downloaded workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(results.Sheet)
	if err != nil {
		t.Fatalf("downloaded workbook: %v", err)
	}
	return rows
}

// mustDownloaded waits for the one file named *ext in dir (the browser
// renames a download to its final name only once it is complete).
func mustDownloaded(t *testing.T, dir, ext string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(names) == 1 {
			return names[0]
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no %s downloaded", ext)
	return ""
}

// submit submits a form as pressing Enter in it would, firing its submit
// event (chromedp.Submit calls form.submit(), which skips it).
func submit(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector(`+jsString(sel)+`).requestSubmit(), true)`))
		return err
	})
}

// setValue sets an input's value as typing would, input event included.
func setValue(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const e = document.querySelector(`+jsString(sel)+`);
			e.value = `+jsString(v)+`;
			e.dispatchEvent(new Event('input', {bubbles: true}));
			return true;
		})()`))
		return err
	})
}

// jsString quotes s for a script.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestWeb_OpenAccess checks that a server run without authentication on
// loopback opens the page without asking for a key, that a notice of
// several pages shows which page is being read, and that reviews there
// are signed "local".
func TestWeb_OpenAccess(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{
		Seed: 32, Count: 1, MinPages: 3, MaxPages: 3, DPIs: []int{150},
		Formats:      []noticegen.Format{noticegen.FormatPDFScan},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{noticegen.DocReceipt},
	})
	s := MustStartServer(t, ServerOptions{Workers: 1, Args: []string{"--auth=false"}})
	b := mustBrowser(t, 60*time.Second)
	b.do(t, "open the page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#drop")))
	hidden := eval[[]bool](t, b, "read the screen", `['#signin', '#signout'].map((s) => document.querySelector(s).hidden)`)
	if !hidden[0] || !hidden[1] {
		t.Errorf("sign-in hidden %v, sign-out hidden %v; want neither shown without authentication", hidden[0], hidden[1])
	}
	eval[bool](t, b, "record the states", `(() => {
		window.states = [];
		new MutationObserver(() => document.querySelectorAll('#uploads .state').forEach((e) => window.states.push(e.innerText)))
			.observe(document.querySelector('#uploads'), {subtree: true, childList: true, characterData: true});
		return true;
	})()`)
	b.do(t, "upload", chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{notices[0].Path}))
	b.waitFor(t, "the result", `!!document.querySelector('#uploads .finding')`, 50*time.Second)
	states := eval[[]string](t, b, "read the states", `window.states`)
	if !slices.ContainsFunc(states, func(s string) bool { return s == "Reading page 2 of 3" || s == "Reading page 3 of 3" }) {
		t.Errorf("states shown %q; want the page being read of 3", slices.Compact(states))
	}
	b.do(t, "confirm", chromedp.Click(chromedp.CSS("#uploads .finding .review-row button")))
	b.waitFor(t, "the audit", `!!document.querySelector('#uploads .finding .audit')`, 10*time.Second)
	f := eval[[]pageFinding](t, b, "read the review", findingsJS)[0]
	if f.Badge != "Confirmed" || !strings.HasPrefix(f.Audit, "Confirmed by local on ") {
		t.Errorf("after confirming: badge %q, audit %q; want it confirmed by local", f.Badge, f.Audit)
	}

	// A page whose text could not be read is not "Done": the card names
	// the page to check, says what could not be read, and shows the page.
	b.do(t, "upload a redacted page", chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{mustRedactedPage(t, t.TempDir())}))
	b.waitFor(t, "the partial result", `[...document.querySelectorAll('#uploads .state')].some((s) => s.classList.contains('check'))`, 50*time.Second)
	check := eval[[]string](t, b, "read the check", `(() => {
		const card = document.querySelector('#uploads .state.check').closest('li');
		return [card.querySelector('.state').innerText, card.querySelector('.warnings.unread')?.innerText || '',
			String(card.querySelectorAll('.pages img').length)];
	})()`)
	if check[0] != "Check this page: page 1" || check[1] != "Check: Page 1: text could not be read." || check[2] != "1" {
		t.Errorf("partial card: state %q, warning %q, %s page image(s); want the page named, the warning, and the page shown", check[0], check[1], check[2])
	}
}
