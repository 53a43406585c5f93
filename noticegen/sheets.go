package noticegen

import (
	"fmt"
)

// buildSummary draws a free-form case sheet in one of several table styles
// no real notice uses, so an extractor is tested on layouts it has not seen.
func buildSummary(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	m := d.margin
	title := pick(r, []string{"Case Reference Summary", "Client Intake Sheet", "Case Tracking Record", "Immigration File Index"})
	p.text(m, m+18, 14, fontBold, d.label(title))
	p.textAligned(d.right(), m+18, 8, fontRegular, alignRight, "Prepared "+d.date(randomDate(r)))
	p.line(m, m+26, d.right(), m+26, 1)
	y := d.paragraphs(p, m+48, "generic", r.intIn(1, 2)) + 6

	who := newPerson(r)
	type kv struct {
		label, value string
		id           bool
	}
	rows := []kv{{"Name", who.name(d.upper), false}, {"Date of Birth", d.date(who.dob), false}}
	add := func(l, v string, id bool) { rows = append(rows, kv{l, v, id}) }
	if r.chance(0.8) {
		a := d.use(newANumber(r))
		l := pick(r, aLabels)
		add(l, d.aText(a, l), true)
	}
	for n := r.intIn(0, 2); n >= 0; n-- {
		add(pick(r, receiptLabels), d.use(newReceipt(r)).printed, true)
	}
	if r.chance(0.7) {
		add(pick(r, oanLabels), d.use(newOAN(r)).printed, true)
	}
	traps := []func(){
		func() { add("I-94 Number", d.distract(distI94, i94Number(r)), false) },
		func() { add("SEVIS ID", d.distract(distSEVIS, sevisID(r)), false) },
		func() { add("SSN", d.distract(distSSN, ssn(r)), false) },
		func() { add("Online Access Code", d.distract(distAccessCode, accessCode(r)), false) },
		func() { add("Bank Account Number", d.distract(distBank, r.digits(12)), false) },
		func() { add("Courier Tracking", d.distract(distTracking, trackingNumber(r)), false) },
		func() { add("NVC Case Number", d.distract(distNVC, nvcCase(r)), false) },
		func() { add("File Reference", d.distract(distFakeReceipt, fakeReceipt(r)), false) },
		func() { add("Passport Number", d.distract(distDocID, r.letters(1)+r.digits(8)), false) },
	}
	for _, i := range r.Perm(len(traps))[:r.intIn(2, 5)] {
		traps[i]()
	}
	r.Shuffle(len(rows)-2, func(i, j int) { rows[i+2], rows[j+2] = rows[j+2], rows[i+2] })

	switch r.IntN(4) {
	case 0: // Ruled two-column table.
		lw := 190.0
		rh := d.base * 2
		for _, row := range rows {
			p.rect(m, y, lw, rh, 0.5)
			p.rect(m+lw, y, d.right()-m-lw, rh, 0.5)
			p.text(m+5, y+rh*0.68, d.base, d.labelFont(), d.label(row.label))
			put(p, m+lw+6, y+rh*0.68, d.base, row.value, row.id)
			y += rh
		}
	case 1: // Cells with the label on top.
		cells := make([]cell, len(rows))
		for i, row := range rows {
			cells[i] = cell{label: row.label, value: row.value, id: row.id}
		}
		d.grid(p, y, r.intIn(2, 3), cells)
	case 2: // Free list, each field placed its own way.
		for _, row := range rows {
			y = d.field(p, m+r.between(0, 30), y, row.label, row.value, d.placement(), row.id) + 2
		}
	default: // Value first, label after it in parentheses.
		for _, row := range rows {
			put(p, m, y, d.base+0.5, row.value, row.id)
			p.text(m+210, y, d.base-1, fontRegular, "("+d.label(row.label)+")")
			y += d.base * 1.9
		}
	}
	for n := 2; n <= pages; n++ {
		d.continuation("generic", "", title, n, pages, nil)
	}
}

// buildFaxCover draws a fax cover sheet: phone numbers and page counts, no
// identifiers, so the first page of a bundle gives nothing away.
func buildFaxCover(d *doc, total int) {
	r := d.r
	p := d.newPage()
	m := d.margin
	p.text(m, m+40, 36, fontBold, "FAX")
	p.text(m, m+62, 10, fontRegular, pick(r, firms))
	y := m + 100
	phone := func() string { return d.phone("(%d) 555-%04d") }
	for _, row := range [][2]string{
		{"To", newPerson(r).name(false)}, {"From", newPerson(r).name(false)},
		{"Fax", phone()}, {"Phone", phone()}, {"Date", d.date(randomDate(r))},
		{"Pages", fmt.Sprintf("%d (including cover)", total)},
		{"Re", pick(r, []string{"Notices received", "Copies of USCIS notices", "Documents for your file"})},
	} {
		p.text(m, y, 11, fontBold, row[0]+":")
		p.text(m+80, y, 11, fontRegular, row[1])
		p.line(m+76, y+4, d.right(), y+4, 0.4)
		y += 24
	}
	p.para(m, y+20, d.right()-m, 8, fontRegular, "CONFIDENTIALITY NOTICE: The pages that follow are intended only for the named recipient. If you received them in error, notify the sender and destroy all copies.")
}

// buildBundle puts notices after a cover page so every identifier sits on
// page 2 or later.
func buildBundle(d *doc, pages int) {
	r := d.r
	if r.chance(0.5) {
		buildFaxCover(d, pages)
	} else {
		d.continuation(pick(r, []string{"cover", "generic"}), "", "", 1, 1, nil)
	}
	parts := []func(*doc, int){buildReceipt, buildApproval, buildAccess, buildCard, buildOnline, buildBiometrics, buildSummary}
	for left := pages - 1; left > 0; {
		n := 1
		if left > 1 && r.chance(0.3) {
			n = 2
		}
		pick(r, parts)(d, n)
		left -= n
	}
}

// layouts maps each document type to the function that draws it and the
// fewest pages it needs.
var layouts = map[DocType]struct {
	build    func(*doc, int)
	minPages int
}{
	DocReceipt:      {buildReceipt, 1},
	DocApproval:     {buildApproval, 1},
	DocBiometrics:   {buildBiometrics, 1},
	DocRFE:          {buildRFE, 1},
	DocMultiReceipt: {buildMultiReceipt, 1},
	DocOnline:       {buildOnline, 1},
	DocAccess:       {buildAccess, 1},
	DocCover:        {buildCover, 1},
	DocCard:         {buildCard, 1},
	DocNVC:          {buildNVC, 1},
	DocSummary:      {buildSummary, 1},
	DocBundle:       {buildBundle, 2},
}
