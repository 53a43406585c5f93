package noticegen

import (
	"fmt"
	"slices"
)

// Format is how a notice is stored on disk.
type Format string

// Formats the generator writes.
const (
	// FormatPDFDigital is a born-digital PDF with a real text layer.
	FormatPDFDigital Format = "pdf_digital"
	// FormatPDFScan is one grayscale JPEG per page and no text.
	FormatPDFScan Format = "pdf_scan"
	// FormatPDFScanText is a scan with an invisible text layer that, like a
	// copier's, misreads or drops the identifiers.
	FormatPDFScanText Format = "pdf_scan_textlayer"
	// FormatPDFMixed has a born-digital first page and scanned pages after
	// it, so it always has at least two pages.
	FormatPDFMixed Format = "pdf_mixed"
	// FormatPNG is 8-bit gray with its resolution in pHYs.
	FormatPNG Format = "png"
	// FormatJPEG is a grayscale JPEG; some are stored turned with an EXIF
	// Orientation tag that says how to show them upright.
	FormatJPEG Format = "jpeg"
	// FormatTIFF is multi-page: 8-bit gray with Deflate, or bilevel with
	// CCITT Group 4 like a fax.
	FormatTIFF Format = "tiff"
	// FormatGIF is posterized to 16 grays, as scan-to-GIF tools do.
	FormatGIF Format = "gif"
	// FormatBMP is 8-bit paletted gray.
	FormatBMP Format = "bmp"
)

// AllFormats lists every format, the default mix.
func AllFormats() []Format {
	return []Format{FormatPDFDigital, FormatPDFScan, FormatPDFScanText, FormatPDFMixed, FormatPNG, FormatJPEG, FormatTIFF, FormatGIF, FormatBMP}
}

func (f Format) ext() string {
	switch f {
	case FormatPNG:
		return ".png"
	case FormatJPEG, FormatPhotoJPEG:
		return ".jpg"
	case FormatTIFF:
		return ".tif"
	case FormatGIF:
		return ".gif"
	case FormatBMP:
		return ".bmp"
	default:
		return ".pdf"
	}
}

// multiPage reports whether the format holds more than one page.
func (f Format) multiPage() bool {
	switch f {
	case FormatPNG, FormatJPEG, FormatGIF, FormatBMP, FormatPhotoJPEG:
		return false
	}
	return true
}

// Level is how hard a scanned page is to read.
type Level string

// Degradation levels. Heavy pages are hard for OCR but a person can still
// read every identifier on them.
const (
	LevelNone   Level = "none"
	LevelLight  Level = "light"
	LevelMedium Level = "medium"
	LevelHeavy  Level = "heavy"
)

// AllLevels lists every degradation level.
func AllLevels() []Level { return []Level{LevelNone, LevelLight, LevelMedium, LevelHeavy} }

// FaxNoise is how noisy fax pages are.
type FaxNoise string

// Fax noise settings.
const (
	// FaxNoiseNormal leaves fax pages with their usual light speckle.
	FaxNoiseNormal FaxNoise = ""
	// FaxNoiseDense strews thousands of isolated 1-3 pixel dots over every
	// fax page and makes every TIFF a fax: dots far smaller than strokes,
	// so a person still reads the text easily.
	FaxNoiseDense FaxNoise = "dense"
)

// DocType is the kind of notice laid out.
type DocType string

// Document types.
const (
	DocReceipt      DocType = "receipt"       // I-797C receipt, values under labels in a grid
	DocApproval     DocType = "approval"      // I-797 approval, I-94 tear-off
	DocBiometrics   DocType = "biometrics"    // appointment notice
	DocRFE          DocType = "rfe"           // request for evidence with cover sheet
	DocMultiReceipt DocType = "receipt_multi" // several receipts in a table
	DocOnline       DocType = "online"        // online-filing confirmation
	DocAccess       DocType = "access_notice" // Account Access Notice with access code
	DocCover        DocType = "cover_letter"  // law firm letter, bank account trap
	DocCard         DocType = "card"          // EAD / green card copy, Card # trap
	DocNVC          DocType = "nvc_letter"    // NVC case number trap
	DocSummary      DocType = "case_summary"  // free-form tables, unseen layouts
	DocBundle       DocType = "bundle"        // cover page, then notices on page 2+
)

// AllDocTypes lists every document type.
func AllDocTypes() []DocType {
	return []DocType{DocReceipt, DocApproval, DocBiometrics, DocRFE, DocMultiReceipt, DocOnline, DocAccess, DocCover, DocCard, DocNVC, DocSummary, DocBundle}
}

// Options controls what Generate writes. The zero value is usable: every
// field has a default.
type Options struct {
	// Seed makes the output reproducible: the same Options give
	// byte-identical files (built with the same Go and x/image versions,
	// whose encoders write the bytes).
	Seed int64
	// Count is the number of notices; default 10.
	Count int
	// Formats to draw from, spread evenly; default AllFormats(). The
	// PhotoFormats are written only when listed here.
	Formats []Format
	// Degradations to draw from for scanned pages, spread evenly; default
	// AllLevels(). Born-digital PDFs are always LevelNone, photos always
	// LevelPhoto.
	Degradations []Level
	// DocTypes to draw from; default AllDocTypes(). A single-image file
	// never holds a bundle: it gets the next type that fits, or a receipt.
	DocTypes []DocType
	// MinPages and MaxPages bound pages per document in multi-page
	// formats; default 1..3. Single-image formats always hold one page;
	// pdf_mixed files and bundles always have at least two.
	MinPages, MaxPages int
	// DPIs, when set, are the scan resolutions to draw from instead of the
	// 150, 200 and 300 DPI each level suggests (fax pages keep 200 when it
	// is allowed). Tests can ask for 100 to run faster, notably under -race.
	DPIs []int
	// Turned lets some scanned pages be turned by 90, 180 or 270 degrees.
	Turned bool
	// AbbreviatedLabels prints most identifier labels abbreviated
	// ("Online Acct #", "Rcpt No.", "Alien Reg. No."). They come from a
	// random stream of their own: documents, values and placements stay
	// those the same seed draws without it.
	AbbreviatedLabels bool
	// FaxNoise sets the noise of fax pages; default FaxNoiseNormal.
	FaxNoise FaxNoise
	// FontFiles, when set, are the TrueType or OpenType files (regular,
	// bold, monospaced) scans and photos are printed in instead of the
	// embedded Go fonts, whose slashed zero OCR reads as 8 or 9 far more
	// often than the plain zero of most notices' faces.
	FontFiles []string
	// Workers is how many notices are built at once; default GOMAXPROCS.
	// It does not change the output.
	Workers int
}

func (o Options) withDefaults() (Options, error) {
	if o.Count == 0 {
		o.Count = 10
	}
	if len(o.Formats) == 0 {
		o.Formats = AllFormats()
	}
	if len(o.Degradations) == 0 {
		o.Degradations = AllLevels()
	}
	if len(o.DocTypes) == 0 {
		o.DocTypes = AllDocTypes()
	}
	if o.MinPages == 0 {
		o.MinPages = 1
	}
	if o.MaxPages == 0 {
		o.MaxPages = max(3, o.MinPages)
	}
	switch {
	case o.Count < 0:
		return o, fmt.Errorf("count %d is negative", o.Count)
	case o.MinPages < 1 || o.MaxPages < o.MinPages:
		return o, fmt.Errorf("page range %d..%d is empty", o.MinPages, o.MaxPages)
	case o.MaxPages > 50:
		return o, fmt.Errorf("max pages %d is over 50", o.MaxPages)
	}
	for _, dpi := range o.DPIs {
		if dpi < 50 || dpi > 600 {
			return o, fmt.Errorf("resolution %d DPI is outside 50..600", dpi)
		}
	}
	for _, f := range o.Formats {
		if !slices.Contains(AllFormats(), f) && !f.photo() {
			return o, fmt.Errorf("unknown format %q", f)
		}
	}
	if o.FaxNoise != FaxNoiseNormal && o.FaxNoise != FaxNoiseDense {
		return o, fmt.Errorf("unknown fax noise %q", o.FaxNoise)
	}
	for _, l := range o.Degradations {
		if !slices.Contains(AllLevels(), l) {
			return o, fmt.Errorf("unknown degradation %q", l)
		}
	}
	for _, t := range o.DocTypes {
		if !slices.Contains(AllDocTypes(), t) {
			return o, fmt.Errorf("unknown document type %q", t)
		}
	}
	return o, nil
}
