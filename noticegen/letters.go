package noticegen

import (
	"fmt"
	"strings"
)

// Layouts outside the I-797 family: online confirmations, access notices,
// law-firm letters, card copies, NVC letters, free-form case sheets and
// bundles of several notices.

// buildOnline draws an online-filing confirmation whose account number sits
// beside, under or boxed below its label.
func buildOnline(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	oan := d.use(newOAN(r))
	prefix := pick(r, []string{"IOE", "IOE", "IOE", "NBC", "MSC"})
	rc := d.use(receiptWith(r, prefix, receiptDigits(r, prefix)))
	who := newPerson(r)
	form := pick(r, []string{"Online Filing Receipt", "ELIS Confirmation 03/21", "Online Submission Notice"})
	y := d.agencyHeader(p, pick(r, []string{"Filing Confirmation", "Receipt of Online Submission", "Thank You for Filing Online"}), form)
	y = d.address(p, d.margin, y, who) + 10
	x := d.margin + r.between(0, 60)
	fields := []func(y float64) float64{
		func(y float64) float64 { return d.oanBlock(p, x, y, oan) },
		func(y float64) float64 {
			return d.field(p, x, y, pick(r, receiptLabels), rc.printed, d.placement(), true)
		},
		func(y float64) float64 {
			return d.field(p, x, y, "Form", formNumber(pick(r, caseTypes)), d.placement(), false)
		},
		func(y float64) float64 {
			return d.field(p, x, y, "Submitted", d.date(randomDate(r)), d.placement(), false)
		},
	}
	if r.chance(0.6) {
		fields = append(fields, func(y float64) float64 {
			l := pick(r, []string{"Pay.gov Tracking ID", "Payment Confirmation", "Transaction ID"})
			return d.field(p, x, y, l, d.distract(distDocID, r.digits(2)+r.letters(4)+r.digits(2)), d.placement(), false)
		})
	}
	if r.chance(0.4) {
		fields = append(fields, func(y float64) float64 {
			return d.field(p, x, y, "Document ID", d.distract(distDocID, documentID(r)), d.placement(), false)
		})
	}
	r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	for _, f := range fields {
		y = f(y) + 4
	}
	d.paragraphs(p, y+8, "online", r.intIn(3, 5))
	d.footer(p, prefix, form, 1, pages)
	d.finishPages("online", prefix, form, 2, pages, &rc)
}

// buildAccess draws an Account Access Notice: a paper-filed receipt, the
// one-time Online Access Code (never truth) and sometimes the account
// number already on file.
func buildAccess(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	rc := d.use(newReceipt(r))
	who := newPerson(r)
	form := "Form I-797C " + pick(r, []string{"06/01/23", "10/15/24"})
	y := d.agencyHeader(p, pick(r, []string{"Account Access Notice", "ACCOUNT ACCESS NOTICE"}), "I-797C, Notice of Action")
	y = d.address(p, d.margin, y, who) + 8
	y = d.field(p, d.margin, y, pick(r, receiptLabels), rc.printed, d.placement(), true) + 4
	code := d.distract(distAccessCode, accessCode(r))
	y = d.field(p, d.margin, y, pick(r, []string{"Online Access Code", "Your Online Access Code", "Access Code"}), code, pick(r, []placement{placeInline, placeBox, placeBelow}), false)
	y = d.field(p, d.margin, y, "Code Expiration Date", d.date(randomDate(r)), placeInline, false) + 6
	if r.chance(0.45) {
		oan := d.use(newOAN(r))
		y = p.para(d.margin, y, d.right()-d.margin, d.base, fontRegular, "Our records show you already have an online account. Sign in with it rather than creating a new one.")
		y = d.oanBlock(p, d.margin, y+4, oan)
	}
	d.paragraphs(p, y, "access", r.intIn(3, 5))
	d.footer(p, rc.value[:3], form, 1, pages)
	d.finishPages("access", rc.value[:3], form, 2, pages, &rc)
}

// buildCover draws a law firm's letter whose "Re:" block carries the
// identifiers, with the firm's bank account and courier numbers as traps.
func buildCover(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	firm := pick(r, firms)
	office := newPerson(r)
	m := d.margin
	if r.chance(0.5) {
		p.textAligned(pageW/2, m+16, 15, fontBold, alignCenter, firm)
		p.textAligned(pageW/2, m+30, 8.5, fontRegular, alignCenter, fmt.Sprintf("%s  |  %s, %s %s", office.street, office.city, office.state, office.zip))
		p.textAligned(pageW/2, m+41, 8.5, fontRegular, alignCenter, "Tel. "+d.phone("(%d) 555-%04d")+"   Fax "+d.phone("(%d) 555-%04d"))
	} else {
		p.text(m, m+16, 14, fontBold, firm)
		p.text(m, m+29, 8.5, fontRegular, office.street)
		p.text(m, m+40, 8.5, fontRegular, fmt.Sprintf("%s, %s %s", office.city, office.state, office.zip))
		p.textAligned(d.right(), m+29, 8.5, fontRegular, alignRight, "T "+d.phone("%d.555.%04d"))
	}
	p.line(m, m+48, d.right(), m+48, 0.8)
	y := m + 72
	p.text(m, y, d.base, fontRegular, d.date(randomDate(r)))
	y += d.base * 2
	if r.chance(0.6) {
		p.text(m, y, d.base, fontBold, pick(r, []string{"VIA FEDEX", "Via Overnight Courier", "BY UPS NEXT DAY AIR"}))
		p.text(m+150, y, d.base, fontRegular, pick(r, []string{"Tracking No. ", "Tracking #: ", "Airbill "})+d.distract(distTracking, trackingNumber(r)))
		y += d.base * 2
	}
	for _, ln := range []string{"U.S. Citizenship and Immigration Services", "Attn: " + pick(r, []string{"I-130", "I-485", "I-765", "N-400"}), "P.O. Box " + r.digits(5), pick(r, []string{"Chicago, IL 60680", "Dallas, TX 75185", "Phoenix, AZ 85038"})} {
		p.text(m, y, d.base, fontRegular, ln)
		y += d.base * 1.3
	}
	y += d.base
	client := newPerson(r)
	p.text(m, y, d.base, fontBold, "Re:")
	rx := m + 40
	rl := []func(y float64) float64{
		func(y float64) float64 {
			return d.field(p, rx, y, pick(r, []string{"Beneficiary", "Client", "Applicant"}), client.name(true), placeTab, false)
		},
	}
	if r.chance(0.7) {
		a := d.use(newANumber(r))
		l := pick(r, aLabels)
		rl = append(rl, func(y float64) float64 { return d.field(p, rx, y, l, d.aText(a, l), placeTab, true) })
	}
	if r.chance(0.7) {
		rc := d.use(newReceipt(r))
		rl = append(rl, func(y float64) float64 { return d.field(p, rx, y, pick(r, receiptLabels), rc.printed, placeTab, true) })
	}
	if r.chance(0.5) {
		o := d.use(newOAN(r))
		rl = append(rl, func(y float64) float64 { return d.field(p, rx, y, pick(r, oanLabels), o.printed, placeTab, true) })
	}
	if r.chance(0.3) {
		rl = append(rl, func(y float64) float64 {
			return d.field(p, rx, y, pick(r, []string{"SSN", "Social Security No."}), d.distract(distSSN, ssn(r)), placeTab, false)
		})
	}
	for _, f := range rl {
		y = f(y)
	}
	y += d.base
	p.text(m, y, d.base, fontRegular, "Dear Sir or Madam:")
	y = d.paragraphs(p, y+d.base*1.8, "cover", r.intIn(3, 5))
	p.text(m, y, d.base, fontRegular, "Sincerely,")
	p.text(m, y+d.base*3.5, d.base, fontRegular, newPerson(r).name(false)+", Esq.")
	y += d.base * 6
	if r.chance(0.6) {
		// Fee payment details: the "Account Number" label is the trap.
		p.rect(m, y, 300, d.base*4.4, 0.6)
		p.text(m+6, y+d.base*1.3, d.base, fontBold, "Fee payment")
		p.text(m+6, y+d.base*2.5, d.base, fontRegular, "Account Number: "+d.distract(distBank, groupDigits(r, r.digits(pick(r, []int{10, 12, 12})), 4, 4, 4)))
		p.text(m+6, y+d.base*3.7, d.base, fontRegular, "Routing Number: "+d.distract(distRouting, "0"+r.digits(8)))
	}
	for n := 2; n <= pages; n++ {
		p, y := d.newPage(), d.margin+24
		p.text(d.margin, y, d.base, fontRegular, client.name(false)+", page "+fmt.Sprint(n))
		y = d.paragraphs(p, y+20, "cover", r.intIn(2, 4))
		p.text(d.margin, y+10, d.base, fontBold, "Enclosures:")
		for i, e := range []string{"Form G-28", "Filing fee", "Copy of prior notice", "Passport biographic page", "Civil documents"}[:r.intIn(2, 5)] {
			p.text(d.margin+20, y+10+d.base*1.4*float64(i+1), d.base, fontRegular, fmt.Sprintf("%d. %s", i+1, e))
		}
	}
}

// buildCard draws a photocopy of an EAD or green card: "Card #" carries a
// receipt-shaped number that is not a receipt, "USCIS#" the A-Number.
func buildCard(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	who := newPerson(r)
	a := d.use(newANumber(r))
	cardPrefix := pick(r, []string{"SRC", "IOE", "MSC", "EAC", "LIN", "WAC", "NBC"})
	card := d.distract(distCard, cardPrefix+receiptDigits(r, cardPrefix))
	ead := r.chance(0.5)
	x, y := d.margin+r.between(0, 60), d.margin+r.between(20, 80)
	w, h := 290.0, 184.0
	p.rect(x, y, w, h, 1.2)
	p.text(x+10, y+16, 9, fontBold, "UNITED STATES OF AMERICA")
	title := "PERMANENT RESIDENT"
	if ead {
		title = "EMPLOYMENT AUTHORIZATION CARD"
	}
	p.text(x+10, y+28, 8, fontBold, title)
	p.fill(x+10, y+40, 70, 90, 170)
	fx, fy := x+92, y+46
	kv := func(l, v string, id bool) {
		p.text(fx, fy, 5.5, fontRegular, l)
		if id {
			p.identText(fx, fy+9, 8, fontBold, v)
		} else {
			p.text(fx, fy+9, 8, fontBold, v)
		}
		fy += 20
	}
	kv("Surname", strings.ToUpper(who.last), false)
	kv("Given Name", strings.ToUpper(who.first), false)
	// Cards print the A-Number without its letter after "USCIS#".
	al := pick(r, []string{"USCIS#", "USCIS#", "A#"})
	av := a.printed
	if al == "USCIS#" || r.chance(0.5) {
		av = bareA(r, a)
	}
	kv(al, av, true)
	if ead {
		kv("Category", pick(r, []string{"C09", "C08", "A05", "C33"}), false)
	} else {
		kv("Country of Birth", pick(r, []string{"Mexico", "India", "Philippines", "Nigeria", "Ukraine"}), false)
	}
	kv("Card#", card, false)
	p.text(x+10, y+h-26, 5.5, fontRegular, "Date of Birth")
	p.text(x+10, y+h-17, 8, fontBold, who.dob.Format("02 Jan 2006"))
	p.text(x+110, y+h-26, 5.5, fontRegular, "Card Expires")
	p.text(x+110, y+h-17, 8, fontBold, randomDate(r).AddDate(2, 0, 0).Format("01/02/06"))
	if r.chance(0.6) {
		// The back of the card, with its machine-readable zone.
		by := y + h + 30
		p.rect(x, by, w, h*0.6, 1.2)
		mrz := []string{
			fmt.Sprintf("C1USA%s%d<%s<<<<<<", card[:9], r.IntN(10), card[9:]),
			fmt.Sprintf("%s%dM%s%dUSA<<<<<<<<<<<%d", who.dob.Format("060102"), r.IntN(10), r.digits(6), r.IntN(10), r.IntN(10)),
			strings.ToUpper(who.last + "<<" + who.first + "<<<<<<<<<<<<<<<<"),
		}
		for i, ln := range mrz {
			p.text(x+10, by+h*0.6-40+11*float64(i), 8, fontMono, ln)
		}
	}
	p.text(d.margin, pageH-d.margin-40, 8, fontRegular, pick(r, []string{"Copy of card enclosed for reference.", "Photocopy - not valid for travel.", ""}))
	for n := 2; n <= pages; n++ {
		d.continuation("card", cardPrefix, "", n, pages, nil)
	}
}

// buildNVC draws a National Visa Center letter. Its case number looks like
// a receipt (and a few post codes are office codes); the petition's USCIS
// receipt, when printed, is truth.
func buildNVC(d *doc, pages int) {
	r := d.r
	p := d.newPage()
	m := d.margin
	p.textAligned(pageW/2, m+14, 10, fontRegular, alignCenter, "U.S. Department of State")
	p.textAligned(pageW/2, m+28, 13, fontBold, alignCenter, "National Visa Center")
	p.textAligned(pageW/2, m+40, 8, fontRegular, alignCenter, "Portsmouth, NH")
	y := m + 70
	p.text(m, y, d.base, fontRegular, d.date(randomDate(r)))
	y = d.address(p, m, y+d.base*2, newPerson(r)) + 10
	pl := d.placement()
	fields := [][2]string{
		{pick(r, []string{"NVC Case Number", "Case Number", "NVC Case No."}), d.distract(distNVC, nvcCase(r))},
		{"Preference Category", pick(r, []string{"IR1", "CR1", "F2A", "IR5", "EB2"})},
		{"Foreign Service Post", pick(r, []string{"MANILA", "CIUDAD JUAREZ", "GUANGZHOU", "MONTREAL", "SANTO DOMINGO"})},
	}
	if r.chance(0.5) {
		fields = append(fields, [2]string{"Invoice ID Number", d.distract(distInvoice, r.nzDigits(pick(r, []int{9, 10, 12})))})
	}
	for _, f := range fields {
		y = d.field(p, m, y, f[0], f[1], pl, false)
	}
	if r.chance(0.55) {
		rc := d.use(newReceipt(r))
		y = d.field(p, m, y, pick(r, []string{"USCIS Receipt Number", "Petition Receipt Number", "Receipt Number"}), rc.printed, pl, true)
	}
	d.paragraphs(p, y+10, "nvc", r.intIn(3, 5))
	for n := 2; n <= pages; n++ {
		d.continuation("nvc", "", "DS-3032 instructions", n, pages, nil)
	}
}
