package noticegen

import (
	"fmt"
	"strings"
)

// Form I-797 family layouts: receipt, approval, appointment, evidence
// request and multi-receipt notices. Each draws exactly the number of
// pages it is given.

// aText prints an A-Number; after an "A#"-style label notices often drop
// the letter.
func (d *doc) aText(id ident, label string) string {
	if strings.Contains(label, "#") && d.r.chance(0.35) {
		return bareA(d.r, id)
	}
	return id.printed
}

// formNumber returns "I-130" from "I-130 - PETITION FOR ...".
func formNumber(caseType string) string { return strings.Fields(caseType)[0] }

// continuation starts a follow-on page, sometimes repeating the receipt at
// the top as multi-page notices do, and returns it with the next baseline.
func (d *doc) continuation(kind, prefix, form string, n, total int, rc *ident) (*page, float64) {
	p := d.newPage()
	y := d.margin + 20
	if rc != nil && d.r.chance(0.6) {
		y = d.field(p, d.margin, y, pick(d.r, receiptLabels), rc.printed, placeInline, true) + 8
	}
	y = d.paragraphs(p, y, kind, d.r.intIn(2, 4))
	y = d.paragraphs(p, y, "instructions", d.r.intIn(1, 3))
	d.footer(p, prefix, form, n, total)
	return p, y + 10
}

// finishPages pads the notice with continuation pages up to total.
func (d *doc) finishPages(kind, prefix, form string, from, total int, rc *ident) {
	for n := from; n <= total; n++ {
		d.continuation(kind, prefix, form, n, total, rc)
	}
}

// oanBlock draws the account number with a random label and placement.
func (d *doc) oanBlock(p *page, x, y float64, oan ident) float64 {
	pl := d.placement()
	if x > pageW/2 && pl == placeTab {
		pl = placeBelow
	}
	return d.field(p, x, y, pick(d.r, oanLabels), oan.printed, pl, true)
}

// buildReceipt draws an I-797C receipt notice: the boxed grid with each
// value under its label, the mailing block with the account number beside
// or below it, body text and footer.
func buildReceipt(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	rc := d.use(newReceipt(r))
	who, ben := newPerson(r), newPerson(r)
	form := pick(r, []string{"Form I-797C 07/15/24", "Form I-797C 04/01/19", "I-797C (Rev. 01/01/23)"})
	y := d.agencyHeader(p, pick(r, []string{"", "Notice of Action", "RECEIPT NOTICE"}), "Form I-797C, Notice of Action")
	received := randomDate(r)
	cells := []cell{
		{label: pick(r, receiptLabels), value: rc.printed, id: true},
		{label: "Case Type", value: pick(r, caseTypes), span: 2},
		{label: "Received Date", value: d.date(received)},
		{label: "Priority Date", value: pick(r, []string{"", d.date(received.AddDate(0, 0, -r.intIn(0, 30)))})},
		{label: "Notice Date", value: d.date(received.AddDate(0, 0, r.intIn(2, 40)))},
		{label: "Page", value: fmt.Sprintf("1 of %d", pages)},
		{label: pick(r, []string{"Applicant/Petitioner", "Applicant", "Petitioner"}), value: who.name(true), span: 2},
	}
	if r.chance(0.6) {
		cells = append(cells, cell{label: "Beneficiary", value: ben.name(true)})
	}
	if r.chance(0.45) {
		a := d.use(newANumber(r))
		l := pick(r, []string{"USCIS A#", "A#", "Alien Number", "A-Number"})
		cells = append(cells, cell{label: l, value: d.aText(a, l), id: true})
	}
	if r.chance(0.5) {
		r.Shuffle(len(cells)-1, func(i, j int) { cells[i+1], cells[j+1] = cells[j+1], cells[i+1] })
	}
	y = d.grid(p, y, r.intIn(3, 4), cells)

	var oan *ident
	if r.chance(0.7) {
		o := d.use(newOAN(r))
		oan = &o
	}
	ay := y + 8
	end := d.address(p, d.margin+r.between(0, 24), ay, who)
	if oan != nil && (pages == 1 || r.chance(0.6)) {
		x := pageW/2 + r.between(-10, 40)
		if r.chance(0.3) {
			end = d.oanBlock(p, d.margin, end+4, *oan)
		} else {
			end = max(end, d.oanBlock(p, x, ay, *oan))
		}
		oan = nil
	}
	y = end + 8
	p.text(d.margin, y, d.base+0.5, fontBold, d.label("Notice Type: ")+pick(r, []string{"Receipt", "Receipt Notice"}))
	if r.chance(0.5) {
		p.textAligned(d.right(), y, d.base, fontRegular, alignRight, fmt.Sprintf("Amount received: $%d.00 U.S.", pick(r, []int{85, 410, 470, 535, 625, 675, 715, 1140})))
	}
	y += d.base * 2.2
	if r.chance(0.35) {
		// Some receipts list a second, related case in the body.
		rc2 := d.use(newReceipt(r))
		y = d.field(p, d.margin+12, y, pick(r, receiptLabels), rc2.printed, placeInline, true)
		if r.chance(0.5) {
			y = d.field(p, d.margin+12, y, pick(r, receiptLabels), rc.printed, placeInline, true)
		}
		y += 6
	}
	y = d.paragraphs(p, y, "receipt", r.intIn(3, 6))
	if r.chance(0.5) {
		text := ""
		if r.chance(0.5) {
			text = rc.value
		}
		d.barcode(p, d.margin, y+4, 26, text)
	}
	d.footer(p, rc.value[:3], form, 1, pages)
	if pages > 1 {
		p2, y2 := d.continuation("receipt", rc.value[:3], form, 2, pages, &rc)
		if oan != nil {
			p2.text(d.margin, y2, d.base, fontBold, d.label("Additional Information"))
			d.oanBlock(p2, d.margin, y2+d.base*2, *oan)
		}
		d.finishPages("receipt", rc.value[:3], form, 3, pages, &rc)
	}
}

// buildApproval draws an I-797 approval with validity dates and, often, an
// arrival/departure tear-off whose I-94 number must not be reported.
func buildApproval(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	rc := d.use(newReceipt(r))
	pet, ben := newPerson(r), newPerson(r)
	form := pick(r, []string{"Form I-797 (Rev. 01/31/05) N", "Form I-797A 08/01/22", "Form I-797 09/14/23"})
	y := d.agencyHeader(p, pick(r, []string{"APPROVAL NOTICE", "Notice of Action", ""}), "I-797, Notice of Action")
	received := randomDate(r)
	cells := []cell{
		{label: pick(r, receiptLabels), value: rc.printed, id: true},
		{label: "Case Type", value: pick(r, caseTypes), span: 2},
		{label: "Received Date", value: d.date(received)},
		{label: "Notice Date", value: d.date(received.AddDate(0, 0, r.intIn(20, 200)))},
		{label: "Page", value: fmt.Sprintf("1 of %d", pages)},
		{label: "Petitioner", value: strings.ToUpper(pick(r, []string{"Acme Robotics Inc", "Blue River Foods LLC", "Cardinal Health Partners", pet.name(false)})), span: 2},
		{label: "Beneficiary", value: ben.name(true)},
	}
	if r.chance(0.5) {
		cells = append(cells, cell{label: "Valid from", value: d.date(received.AddDate(0, 2, 0))},
			cell{label: "to", value: d.date(received.AddDate(3, 2, 0))})
	}
	y = d.grid(p, y, r.intIn(3, 4), cells)
	y = d.address(p, d.margin+10, y+6, pet) + 6
	p.text(d.margin, y, d.base+0.5, fontBold, d.label("Notice Type: Approval Notice"))
	p.text(pageW/2, y, d.base, fontRegular, pick(r, []string{"Class: H1B", "Class: L1A", "Section: IR1", "Class: F2A", "Section: 201(b) INA"}))
	y += d.base * 2
	if r.chance(0.5) {
		a := d.use(newANumber(r))
		l := pick(r, aLabels)
		y = d.field(p, d.margin, y, l, d.aText(a, l), d.placement(), true) + 4
	}
	if r.chance(0.3) {
		e := d.distract(distFEIN, fein(r))
		p.text(d.margin, y, d.base, fontRegular, "Employer FEIN: "+e)
		y += d.base * 1.8
	}
	y = d.paragraphs(p, y, "approval", r.intIn(3, 5))
	if r.chance(0.6) && y < pageH-260 {
		// Tear-off arrival/departure record.
		ty := pageH - d.margin - 175
		for x := d.margin; x < d.right(); x += 8 {
			p.line(x, ty, x+4, ty, 0.6)
		}
		p.text(d.margin, ty+16, 8, fontRegular, "Please tear off the section below and keep it with your passport.")
		p.text(d.margin, ty+34, 9, fontBold, "Departure Record")
		i94 := d.distract(distI94, i94Number(r))
		p.text(d.margin, ty+50, 9, fontRegular, pick(r, []string{"I-94 Number: ", "Admission Record No. ", "Arrival/Departure Number: "})+i94)
		p.text(pageW/2, ty+50, 9, fontRegular, ben.name(true))
		d.barcode(p, pageW/2, ty+56, 18, "")
	}
	d.footer(p, rc.value[:3], form, 1, pages)
	d.finishPages("approval", rc.value[:3], form, 2, pages, &rc)
}

// buildBiometrics draws an appointment notice: receipt and A-Number in the
// grid, an appointment block, and a barcode that repeats the receipt.
func buildBiometrics(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	rc := d.use(newReceipt(r))
	a := d.use(newANumber(r))
	who := newPerson(r)
	form := "Form I-797C " + pick(r, []string{"07/15/24", "01/01/21", "03/02/22"})
	y := d.agencyHeader(p, pick(r, []string{"ASC Appointment Notice", "Biometrics Appointment"}), "I-797C, Notice of Action")
	al := pick(r, []string{"USCIS A#", "A#", "A-Number", "Alien Registration Number"})
	cells := []cell{
		{label: pick(r, receiptLabels), value: rc.printed, id: true},
		{label: "Case Type", value: pick(r, caseTypes[:4]), span: 2},
		{label: al, value: d.aText(a, al), id: true},
		{label: "Notice Date", value: d.date(randomDate(r))},
		{label: "Page", value: fmt.Sprintf("1 of %d", pages)},
		{label: "Applicant", value: who.name(true), span: 2},
	}
	y = d.grid(p, y, 3, cells)
	y = d.address(p, d.margin+8, y+4, who) + 4
	p.text(d.margin, y, d.base, fontBold, d.label("Application Support Center"))
	p.text(pageW/2+20, y, d.base, fontBold, d.label("Date and Time"))
	y += d.base * 1.4
	asc := newPerson(r)
	p.text(d.margin, y, d.base, fontRegular, "USCIS "+strings.ToUpper(asc.city))
	p.text(pageW/2+20, y, d.base, fontRegular, d.date(randomDate(r)))
	y += d.base * 1.3
	p.text(d.margin, y, d.base, fontRegular, strings.ToUpper(asc.street))
	p.text(pageW/2+20, y, d.base, fontRegular, fmt.Sprintf("%02d:%02d %s", r.intIn(8, 11), 15*r.IntN(4), "AM"))
	y += d.base * 1.3
	p.text(d.margin, y, d.base, fontRegular, fmt.Sprintf("%s %s %s", strings.ToUpper(asc.city), asc.state, d.distract(distZIP, asc.zip)))
	y += d.base * 2.5
	y = d.paragraphs(p, y, "biometrics", r.intIn(3, 5))
	d.barcode(p, d.right()-170, y+6, 28, pick(r, []string{rc.value, ""}))
	d.footer(p, rc.value[:3], form, 1, pages)
	d.finishPages("biometrics", rc.value[:3], form, 2, pages, &rc)
}

// buildRFE draws an evidence request: references as a label list at the
// top, then a response cover sheet page that repeats the receipt.
func buildRFE(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	rc := d.use(newReceipt(r))
	who := newPerson(r)
	form := "Form I-797E " + pick(r, []string{"09/01/23", "12/09/19"})
	y := d.agencyHeader(p, "Request for Evidence", "I-797E, Notice of Action")
	y = d.address(p, d.margin, y, who) + 6
	x := d.margin + r.between(0, 200)
	pl := d.placement()
	y = d.field(p, x, y, pick(r, receiptLabels), rc.printed, pl, true)
	y = d.field(p, x, y, "Form", formNumber(pick(r, caseTypes)), pl, false)
	if r.chance(0.6) {
		a := d.use(newANumber(r))
		l := pick(r, aLabels)
		y = d.field(p, x, y, l, d.aText(a, l), pl, true)
	}
	if r.chance(0.3) {
		y = d.field(p, x, y, "SEVIS ID", d.distract(distSEVIS, sevisID(r)), pl, false)
	}
	y = d.field(p, x, y, "Response Due", d.date(randomDate(r)), pl, false) + 8
	d.paragraphs(p, y, "rfe", r.intIn(3, 6))
	d.footer(p, rc.value[:3], form, 1, pages)
	if pages > 1 {
		p2 := d.newPage()
		y := d.margin + 30
		p2.textAligned(pageW/2, y, 13, fontBold, alignCenter, d.label("Response Cover Sheet"))
		y += 30
		y = d.field(p2, d.margin, y, pick(r, receiptLabels), rc.printed, placeBox, true) + 10
		d.barcode(p2, d.margin, y, 34, rc.value)
		d.footer(p2, rc.value[:3], form, 2, pages)
		d.finishPages("rfe", rc.value[:3], form, 3, pages, &rc)
	}
}

// buildMultiReceipt draws one notice listing several family members' cases
// in a table; the first receipt is sometimes repeated in the header.
func buildMultiReceipt(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	form := pick(r, []string{"Form I-797C 07/15/24", "Form I-797C 02/01/20"})
	y := d.agencyHeader(p, "Receipt Notice - Multiple Cases", "I-797C, Notice of Action")
	who := newPerson(r)
	y = d.address(p, d.margin, y, who) + 8
	rows := r.intIn(2, 4)
	rcs := make([]ident, rows)
	for i := range rcs {
		rcs[i] = d.use(newReceipt(r))
	}
	if r.chance(0.4) {
		y = d.field(p, d.margin, y, pick(r, receiptLabels), rcs[0].printed, d.placement(), true) + 6
	}
	withA := r.chance(0.5)
	cols := []string{"Name", "Form", pick(r, receiptLabels)}
	xs := []float64{d.margin, d.margin + 170, d.margin + 240}
	if withA {
		cols = append(cols, pick(r, []string{"A-Number", "A#", "Alien Number"}))
		xs = append(xs, d.margin+380)
	}
	for i, c := range cols {
		p.text(xs[i], y, d.base, fontBold, d.label(c))
	}
	p.line(d.margin, y+4, d.right(), y+4, 0.8)
	y += d.base * 1.9
	for i := range rcs {
		m := newPerson(r)
		p.text(xs[0], y, d.base, fontRegular, m.name(d.upper))
		p.text(xs[1], y, d.base, fontRegular, formNumber(pick(r, caseTypes)))
		p.identText(xs[2], y, d.base, fontRegular, rcs[i].printed)
		if withA {
			a := d.use(newANumber(r))
			p.identText(xs[3], y, d.base, fontRegular, a.printed)
		}
		y += d.base * 1.7
	}
	y += 10
	y = d.paragraphs(p, y, "receipt", r.intIn(3, 5))
	if r.chance(0.5) {
		o := d.use(newOAN(r))
		d.oanBlock(p, d.margin, y+4, o)
	}
	d.footer(p, rcs[0].value[:3], form, 1, pages)
	d.finishPages("receipt", rcs[0].value[:3], form, 2, pages, &rcs[0])
}
